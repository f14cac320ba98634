/**
 * Knowledge: what agents and humans learned and decided, kept where every agent can find it —
 * decisions, conventions, notes and gotchas, each with tags and optional links to tasks and files.
 * Found again by keyword (PostgreSQL full text) and, where the database has pgvector, by embedding
 * similarity; both are mixed into one ranking. Also the two MCP tools of the `knowledge` toolset and
 * the events of the domain.
 */
import * as z from 'zod';
import { freeText, nameText } from './text.ts';
import { LIMITS } from './limits.ts';
import { AgentRefSchema, TaskRefSchema, TimestampSchema, UuidSchema } from './common.ts';
import { RepoPathListSchema } from './path.ts';
import { WarningsSchema } from './policy-outcome.ts';
import type { ToolDefinition } from './tools.ts';

export const KNOWLEDGE_KINDS = ['decision', 'convention', 'note', 'gotcha'] as const;
export const KnowledgeKindSchema = z.enum(KNOWLEDGE_KINDS, { error: `expected one of ${KNOWLEDGE_KINDS.join(', ')}` });
export type KnowledgeKind = z.infer<typeof KnowledgeKindSchema>;

/** An entry is referred to by its id or its short key (`K-7`). */
export const KnowledgeRefSchema = z.union([UuidSchema, z.string().regex(/^K-[1-9][0-9]{0,9}$/)], {
  error: 'expected a knowledge id (UUID) or key such as K-7',
}).meta({ description: 'key (K-7) or id' });
export type KnowledgeRef = z.infer<typeof KnowledgeRefSchema>;

export const KNOWLEDGE_LIMITS = { bodyLength: 20_000, tags: 20, tagLength: 50, tasks: 50, queryLength: 1_000, searchResults: 50 } as const;

export const KnowledgeTagSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(1)
  .max(KNOWLEDGE_LIMITS.tagLength)
  .regex(/^[\p{L}\p{N}][\p{L}\p{N}_.:/-]*$/u, { error: 'tags are words such as database or ci:flaky (no spaces)' });
const TagsSchema = z
  .array(KnowledgeTagSchema)
  .max(KNOWLEDGE_LIMITS.tags)
  .transform((tags) => [...new Set(tags)]);

const TitleSchema = freeText().trim().min(1, { error: 'must not be empty: give the entry a short title' }).max(LIMITS.titleLength);
const BodySchema = freeText().trim().min(1, { error: 'must not be empty: say what was decided or learned' }).max(KNOWLEDGE_LIMITS.bodyLength);
const TaskLinksSchema = z.array(TaskRefSchema).max(KNOWLEDGE_LIMITS.tasks);

export const AddKnowledgeInputSchema = z.strictObject({
  kind: KnowledgeKindSchema.default('note'),
  title: TitleSchema,
  body: BodySchema,
  tags: TagsSchema.default([]),
  /** Repository paths or globs the entry is about. */
  files: RepoPathListSchema.default([]),
  /** Tasks the entry came from or applies to (ids or keys). */
  tasks: TaskLinksSchema.default([]),
  /** The author, when an agent adds it (MCP fills in the session's agent). */
  agent_id: AgentRefSchema.optional(),
});
export type AddKnowledgeInput = z.input<typeof AddKnowledgeInputSchema>;

export const UpdateKnowledgeInputSchema = z.strictObject({
  knowledge_id: KnowledgeRefSchema,
  kind: KnowledgeKindSchema.optional(),
  title: TitleSchema.optional(),
  body: BodySchema.optional(),
  tags: TagsSchema.optional(),
  files: RepoPathListSchema.optional(),
  tasks: TaskLinksSchema.optional(),
});
export type UpdateKnowledgeInput = z.input<typeof UpdateKnowledgeInputSchema>;

export const KnowledgeIdInputSchema = z.strictObject({ knowledge_id: KnowledgeRefSchema });
export type KnowledgeIdInput = z.input<typeof KnowledgeIdInputSchema>;

export const ListKnowledgeInputSchema = z.strictObject({
  kind: KnowledgeKindSchema.optional(),
  tag: KnowledgeTagSchema.optional(),
  /** Entries that name exactly this path or glob. */
  file: nameText().max(LIMITS.pathLength).optional(),
  /** Entries linked to this task. */
  task: TaskRefSchema.optional(),
  limit: z.number().int().min(1).max(LIMITS.listPageSize).default(100),
});
export type ListKnowledgeInput = z.input<typeof ListKnowledgeInputSchema>;

export const SEARCH_MODES = ['hybrid', 'semantic', 'keyword'] as const;
export const SearchModeSchema = z.enum(SEARCH_MODES, { error: `expected one of ${SEARCH_MODES.join(', ')}` });
export type SearchMode = z.infer<typeof SearchModeSchema>;

export const SearchKnowledgeInputSchema = z.strictObject({
  query: freeText().trim().min(1, { error: 'must not be empty: say what you are looking for' }).max(KNOWLEDGE_LIMITS.queryLength),
  k: z.number().int().min(1).max(KNOWLEDGE_LIMITS.searchResults).default(5),
  kind: KnowledgeKindSchema.optional(),
  /** Only entries carrying every one of these tags. */
  tags: z.array(KnowledgeTagSchema).max(10).optional(),
  /** hybrid (default): embedding similarity and keywords mixed; semantic or keyword: one of them alone. */
  mode: SearchModeSchema.default('hybrid'),
});
export type SearchKnowledgeInput = z.input<typeof SearchKnowledgeInputSchema>;

export const KnowledgeEntrySchema = z.object({
  knowledge_id: UuidSchema,
  key: z.string(),
  kind: KnowledgeKindSchema,
  title: z.string(),
  body: z.string(),
  tags: z.array(z.string()),
  files: z.array(z.string()),
  /** Keys of the linked tasks (`T-12`). */
  tasks: z.array(z.string()),
  /** Name of the agent that added it, when one did. */
  author: z.string().nullable(),
  created_at: TimestampSchema,
  updated_at: TimestampSchema,
});
export type KnowledgeEntry = z.infer<typeof KnowledgeEntrySchema>;

/** What add and update answer: the entry, plus warnings (e.g. it could not be embedded yet). */
export const KnowledgeChangeResultSchema = KnowledgeEntrySchema.extend({ warnings: WarningsSchema.optional() });
export type KnowledgeChangeResult = z.infer<typeof KnowledgeChangeResultSchema>;

export const KnowledgeHitSchema = z.object({
  entry: KnowledgeEntrySchema,
  /** The fused rank score in (0, 1]: 1 is first in every ranking that was used. */
  score: z.number(),
  /** Cosine similarity of the embeddings, when the entry was among the semantic candidates. */
  semantic_score: z.number().nullable(),
  /** Full-text rank in [0, 1), when the entry matched the keywords. */
  keyword_score: z.number().nullable(),
});
export type KnowledgeHit = z.infer<typeof KnowledgeHitSchema>;

export const KnowledgeSearchResultSchema = z.object({
  results: z.array(KnowledgeHitSchema),
  /** The rankings actually used (hybrid degrades to keyword when semantic search is unavailable). */
  mode: SearchModeSchema,
  semantic_available: z.boolean(),
  /** Why the answer may be partial: semantic search unavailable, re-embedding in progress, … */
  notice: z.string().nullable(),
});
export type KnowledgeSearchResult = z.infer<typeof KnowledgeSearchResultSchema>;

export const REEMBED_STATUSES = ['running', 'done', 'failed'] as const;
export const ReembedJobSchema = z.object({
  job_id: UuidSchema,
  status: z.enum(REEMBED_STATUSES),
  /** The embedding space being replaced (null on a first indexing), and the one being filled. */
  from_space: z.string().nullable(),
  to_space: z.string(),
  total: z.number().int(),
  done: z.number().int(),
  error: z.string().nullable(),
  started_at: TimestampSchema,
  finished_at: TimestampSchema.nullable(),
});
export type ReembedJob = z.infer<typeof ReembedJobSchema>;

/** Whether semantic search works here and why not; the embedder; the background re-embedding. */
export const KnowledgeStatusSchema = z.object({
  semantic: z.boolean(),
  reason: z.string().nullable(),
  how_to_enable: z.string().nullable(),
  provider: z.string(),
  space: z.string(),
  dimensions: z.number().int(),
  reembed: ReembedJobSchema.nullable(),
});
export type KnowledgeStatus = z.infer<typeof KnowledgeStatusSchema>;

export const KNOWLEDGE_EVENT_SCHEMAS = [
  z.object({ type: z.literal('knowledge.created'), entry: KnowledgeEntrySchema }),
  z.object({ type: z.literal('knowledge.updated'), entry: KnowledgeEntrySchema }),
  z.object({ type: z.literal('knowledge.deleted'), knowledge_id: UuidSchema, key: z.string(), title: z.string() }),
  /** The background re-embedding moved on (about every batch) or finished. */
  z.object({ type: z.literal('knowledge.reembed_progress'), job: ReembedJobSchema }),
] as const;

const define = <I extends z.ZodType, O extends z.ZodType>(tool: ToolDefinition<I, O>): ToolDefinition<I, O> => tool;

/** The `knowledge` toolset (`/mcp?toolsets=knowledge`); get, update, delete and list are on tRPC and the CLI. */
export const KNOWLEDGE_TOOLS = {
  add_knowledge: define({
    name: 'add_knowledge',
    title: 'Add knowledge',
    description:
      'Record a decision, convention, note or gotcha for every agent: title, body, tags, related files and tasks. Search first to avoid duplicates.',
    input: AddKnowledgeInputSchema,
    output: KnowledgeChangeResultSchema,
    mutates: true,
  }),
  search_knowledge: define({
    name: 'search_knowledge',
    title: 'Search knowledge',
    description: 'Find recorded decisions, conventions, notes and gotchas relevant to a question or task: top k with scores (semantic + keyword).',
    input: SearchKnowledgeInputSchema,
    output: KnowledgeSearchResultSchema,
    mutates: false,
  }),
} as const;
