/**
 * Knowledge entries with their full-text vector (m005, m006) and the background re-embedding jobs. The
 * embeddings table is not an entity: it exists only where pgvector does, created at startup (vector-store.ts).
 */
import { defineEntity, p } from '@mikro-orm/core';
import type { KnowledgeKind, ReembedJob } from '@agent-coordinator/shared';
import { safeBigint, textList, time } from '../../db/column-types.ts';

export const KnowledgeEntry = defineEntity({
  name: 'KnowledgeEntry',
  tableName: 'knowledge_entries',
  properties: {
    id: p.uuid().primary(),
    project: p.text(),
    // Defaults to nextval('knowledge_key_seq'): the comparator reads a sequence default as autoincrement.
    keyNumber: safeBigint().autoincrement().unique('knowledge_entries_key_number_key'),
    kind: p.text().$type<KnowledgeKind>(),
    title: p.text(),
    body: p.text(),
    tags: textList(),
    files: textList(),
    taskIds: textList().columnType('uuid[]'),
    author: p.text().nullable(),
    // Written by the repository on every change (title and tags weigh more than the body).
    search: p.text().columnType('tsvector'),
    createdAt: time().defaultRaw('now()'),
    updatedAt: time().defaultRaw('now()'),
  },
  indexes: [
    { name: 'knowledge_entries_search', properties: ['search'], type: 'gin' },
    { name: 'knowledge_entries_tags', properties: ['tags'], type: 'gin' },
    { name: 'knowledge_entries_kind', properties: ['kind', 'keyNumber'] },
    { name: 'knowledge_entries_project', properties: ['project', 'keyNumber'] },
  ],
});

export const KnowledgeReembedJob = defineEntity({
  name: 'KnowledgeReembedJob',
  tableName: 'knowledge_reembed_jobs',
  properties: {
    id: p.uuid().primary(),
    fromSpace: p.text().nullable(),
    toSpace: p.text(),
    status: p.text().$type<ReembedJob['status']>(),
    total: p.integer(),
    done: p.integer().default(0),
    error: p.text().nullable(),
    startedAt: time().defaultRaw('now()'),
    updatedAt: time().defaultRaw('now()'),
    finishedAt: time().nullable(),
  },
});
