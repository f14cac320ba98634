/**
 * The knowledge base from a shell: `add-knowledge`, `search-knowledge`, `list-knowledge`,
 * `get-knowledge`, `update-knowledge`, `delete-knowledge` (aliases: `knowledge add|search|list|show|
 * update|delete`) and `knowledge status`. Fields of add and update are `key=value` pairs like
 * `create-task`'s; a BODY of `-` is read from stdin. Adding records the agent this shell acts as (if
 * any) as the author.
 */
import {
  AddKnowledgeInputSchema,
  ListKnowledgeInputSchema,
  SearchKnowledgeInputSchema,
  UpdateKnowledgeInputSchema,
  parseInput,
  type KnowledgeEntry,
  type KnowledgeSearchResult,
  type KnowledgeStatus,
} from '@agent-coordinator/shared';
import { noExtra, parsePairs, splitList, UsageError } from './args.ts';
import { parseCommand } from './client.ts';
import { list, show, table, truncate } from './output.ts';
import { printWarnings } from './policy-output.ts';

const FIELD_KEYS = ['kind', 'tags', 'files', 'tasks'] as const;
const UPDATE_KEYS = ['title', 'body', 'kind', 'tags', 'files', 'tasks'] as const;

export async function addKnowledgeCommand(argv: readonly string[]): Promise<void> {
  const { args, session } = parseCommand(argv, { asAgent: true });
  const [title, bodyArg, ...pairArgs] = args.positionals;
  if (title === undefined || bodyArg === undefined) throw new UsageError('give a title and a body: agent-coordinator add-knowledge TITLE BODY [kind=decision] [tags=a,b] ...');
  const pairs = parsePairs(pairArgs, FIELD_KEYS);
  const author = await session.agent().catch((error: unknown) => {
    if (error instanceof UsageError) return null; // no identity: the entry has no author
    throw error;
  });
  const input = parseInput('add_knowledge', AddKnowledgeInputSchema, {
    title,
    body: bodyArg === '-' ? await readStdin() : bodyArg,
    tags: splitList(pairs.tags),
    files: splitList(pairs.files),
    tasks: splitList(pairs.tasks),
    ...(pairs.kind !== undefined ? { kind: pairs.kind } : {}),
    ...(author ? { agent_id: author.ref } : {}),
  });
  const entry = await session.call((c) => c.add_knowledge.mutate(input));
  printWarnings(entry);
  show(session, entry, () => `added ${label(entry)}${entry.tags.length > 0 ? ` — tags: ${list(entry.tags)}` : ''}`);
}

export async function searchKnowledgeCommand(argv: readonly string[]): Promise<void> {
  const { args, session } = parseCommand(argv, { values: ['k', 'mode', 'kind', 'tag'] });
  const query = args.positionals.join(' ').trim();
  if (query === '') throw new UsageError('give what to look for: agent-coordinator search-knowledge QUERY [--k 5]');
  const k = args.values.get('k');
  const tag = args.values.get('tag');
  const input = parseInput('search_knowledge', SearchKnowledgeInputSchema, {
    query,
    ...(k !== undefined ? { k: Number(k) } : {}),
    ...(args.values.has('mode') ? { mode: args.values.get('mode') } : {}),
    ...(args.values.has('kind') ? { kind: args.values.get('kind') } : {}),
    ...(tag !== undefined ? { tags: [tag] } : {}),
  });
  const result = await session.call((c) => c.search_knowledge.query(input));
  if (result.notice) process.stderr.write(`agent-coordinator: note: ${result.notice}\n`);
  show(session, result, () => formatSearch(result));
}

export async function listKnowledgeCommand(argv: readonly string[]): Promise<void> {
  const { args, session } = parseCommand(argv, { values: ['kind', 'tag', 'file', 'task', 'limit'] });
  noExtra(args.positionals);
  const limit = args.values.get('limit');
  const input = parseInput('list_knowledge', ListKnowledgeInputSchema, {
    ...Object.fromEntries(['kind', 'tag', 'file', 'task'].flatMap((name) => (args.values.has(name) ? [[name, args.values.get(name)]] : []))),
    ...(limit !== undefined ? { limit: Number(limit) } : {}),
  });
  const entries = await session.call((c) => c.list_knowledge.query(input));
  show(session, entries, () =>
    entries.length === 0 ? 'no knowledge entries' : table(['key', 'kind', 'title', 'tags', 'author'], entries.map((e) => [e.key, e.kind, truncate(e.title, 60), truncate(list(e.tags), 30), e.author ?? '-'])),
  );
}

export async function getKnowledgeCommand(argv: readonly string[]): Promise<void> {
  const { args, session } = parseCommand(argv);
  const key = requireKey(args.positionals, 'get-knowledge K-1');
  const entry = await session.call((c) => c.get_knowledge.query({ knowledge_id: key }));
  show(session, entry, () => formatEntry(entry));
}

export async function updateKnowledgeCommand(argv: readonly string[]): Promise<void> {
  const { args, session } = parseCommand(argv);
  const [key, ...pairArgs] = args.positionals;
  if (key === undefined) throw new UsageError('give the entry key: agent-coordinator update-knowledge K-1 [title=..] [body=..] ...');
  const pairs = parsePairs(pairArgs, UPDATE_KEYS);
  const input = parseInput('update_knowledge', UpdateKnowledgeInputSchema, {
    knowledge_id: key,
    ...(pairs.title !== undefined ? { title: pairs.title } : {}),
    ...(pairs.body !== undefined ? { body: pairs.body === '-' ? await readStdin() : pairs.body } : {}),
    ...(pairs.kind !== undefined ? { kind: pairs.kind } : {}),
    ...(pairs.tags !== undefined ? { tags: splitList(pairs.tags) } : {}),
    ...(pairs.files !== undefined ? { files: splitList(pairs.files) } : {}),
    ...(pairs.tasks !== undefined ? { tasks: splitList(pairs.tasks) } : {}),
  });
  const entry = await session.call((c) => c.update_knowledge.mutate(input));
  printWarnings(entry);
  show(session, entry, () => `updated ${label(entry)}`);
}

export async function deleteKnowledgeCommand(argv: readonly string[]): Promise<void> {
  const { args, session } = parseCommand(argv);
  const key = requireKey(args.positionals, 'delete-knowledge K-1');
  const entry = await session.call((c) => c.delete_knowledge.mutate({ knowledge_id: key }));
  show(session, entry, () => `deleted ${label(entry)}`);
}

export async function knowledgeStatusCommand(argv: readonly string[]): Promise<void> {
  const { args, session } = parseCommand(argv);
  noExtra(args.positionals);
  const result = await session.call((c) => c.get_knowledge_status.query());
  show(session, result, () => formatStatus(result));
}

function requireKey(positionals: readonly string[], usage: string): string {
  const [key] = positionals;
  if (key === undefined) throw new UsageError(`give the entry key: agent-coordinator ${usage}`);
  noExtra(positionals, 1);
  return key;
}

const label = (entry: KnowledgeEntry): string => `${entry.key} [${entry.kind}] ${entry.title}`;

function formatEntry(entry: KnowledgeEntry): string {
  return [
    label(entry),
    `tags: ${list(entry.tags)}   files: ${list(entry.files)}   tasks: ${list(entry.tasks)}   author: ${entry.author ?? '-'}   updated: ${entry.updated_at}`,
    '',
    entry.body,
  ].join('\n');
}

function formatSearch(result: KnowledgeSearchResult): string {
  if (result.results.length === 0) return `nothing found (${result.mode} search)`;
  return result.results
    .map((hit) => {
      const parts = [hit.semantic_score !== null ? `semantic ${hit.semantic_score.toFixed(2)}` : null, hit.keyword_score !== null ? `keyword ${hit.keyword_score.toFixed(2)}` : null];
      const firstLine = hit.entry.body.split('\n')[0] ?? '';
      return `${hit.score.toFixed(2)}  ${label(hit.entry)}  (${parts.filter((p) => p !== null).join(', ')})\n      ${truncate(firstLine, 100)}`;
    })
    .join('\n');
}

function formatStatus(s: KnowledgeStatus): string {
  const lines = [`semantic search: ${s.semantic ? 'on' : 'UNAVAILABLE'}`, `embedder: ${s.provider} (space ${s.space})`];
  if (!s.semantic) lines.push(`why: ${s.reason ?? '-'}`, `to enable: ${s.how_to_enable ?? '-'}`);
  if (s.reembed) lines.push(`re-embedding: ${s.reembed.status} ${s.reembed.done}/${s.reembed.total}${s.reembed.error ? ` — ${s.reembed.error}` : ''}`);
  return lines.join('\n');
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString('utf8');
}
