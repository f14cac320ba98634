/** How knowledge entries are read from the database and shaped for the wire. */
import type { KnowledgeEntry, KnowledgeKind } from '@agent-coordinator/shared';
import type { Row } from '../../db/database.ts';
import { int, isoTime, text, textArray, textOrNull } from '../../db/row-values.ts';

/** Selects an entry `k` with the keys of its linked tasks: `select ${KNOWLEDGE_COLUMNS} from knowledge_entries k`. */
export const KNOWLEDGE_COLUMNS = `k.id, k.key_number, k.kind, k.title, k.body, k.tags, k.files, k.author, k.created_at, k.updated_at,
  array(select 'T-' || t.key_number from tasks t where t.id = any(k.task_ids) order by t.key_number) as task_keys`;

export const knowledgeKey = (keyNumber: unknown): string => `K-${int(keyNumber)}`;

export function entryFromRow(row: Row): KnowledgeEntry {
  return {
    knowledge_id: text(row['id']),
    key: knowledgeKey(row['key_number']),
    kind: text(row['kind']) as KnowledgeKind,
    title: text(row['title']),
    body: text(row['body']),
    tags: textArray(row['tags']),
    files: textArray(row['files']),
    tasks: textArray(row['task_keys']),
    author: textOrNull(row['author']),
    created_at: isoTime(row['created_at']),
    updated_at: isoTime(row['updated_at']),
  };
}

/** The text an entry is embedded from. */
export const embeddingText = (entry: { readonly title: string; readonly body: string; readonly tags: readonly string[] }): string =>
  `${entry.title}\n${entry.tags.join(' ')}\n${entry.body}`;
