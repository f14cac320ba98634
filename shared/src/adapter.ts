/**
 * Agent adapters and runs on the wire: an adapter's health, the normalised events a running agent
 * produces, and how a run ends. Run events are recorded as coordinator events and shown by the CLI and
 * the dashboard, so their shapes live here once.
 */
import * as z from 'zod';
import { AgentKindSchema } from './agent.ts';
import { AgentNameSchema, TaskRefSchema } from './common.ts';

/** Bytes of text one recorded run event may carry; the whole output stays in the run's log file. */
export const RUN_EVENT_TEXT_LIMIT = 2_048;

/** An adapter name: a built-in (`claude-code`, `openai`) or `command:<name>` for a configured command. */
export const AdapterNameSchema = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[a-z0-9][a-z0-9_-]*(:[a-z0-9][a-z0-9_.-]*)?$/, { error: 'expected an adapter name such as claude-code or command:aider' });
export type AdapterName = z.infer<typeof AdapterNameSchema>;

/**
 * What an adapter can tell about itself without running an agent. `authenticated` is `'unknown'` when the
 * adapter has no cheap probe for it; `reason` is one sentence a human reads ("claude 2.1.3, not logged in").
 */
export const AdapterHealthSchema = z.object({
  installed: z.boolean(),
  version: z.string().optional(),
  authenticated: z.union([z.boolean(), z.literal('unknown')]),
  reachable: z.boolean().optional(),
  reason: z.string(),
});
export type AdapterHealth = z.infer<typeof AdapterHealthSchema>;

export const RUN_LOG_STREAMS = ['stdout', 'stderr'] as const;
export const RunLogStreamSchema = z.enum(RUN_LOG_STREAMS);
export type RunLogStream = z.infer<typeof RunLogStreamSchema>;

/** One normalised thing a running agent did or said, whatever its own protocol. */
export const RunEventSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('progress'), text: z.string() }),
  z.object({ kind: z.literal('tool_use'), name: z.string() }),
  z.object({ kind: z.literal('files_touched'), paths: z.array(z.string()) }),
  z.object({
    kind: z.literal('usage'),
    input_tokens: z.number().int().nonnegative(),
    output_tokens: z.number().int().nonnegative(),
    cost_usd: z.number().nonnegative().optional(),
  }),
  z.object({ kind: z.literal('log'), stream: RunLogStreamSchema, text: z.string() }),
]);
export type RunEvent = z.infer<typeof RunEventSchema>;

/** How the agent's process ended, as the adapter saw it (the run service then decides the task's fate). */
export const RunOutcomeSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('succeeded') }),
  z.object({ status: z.literal('failed'), reason: z.string(), log_tail: z.string() }),
  z.object({ status: z.literal('cancelled'), reason: z.string() }),
]);
export type RunOutcome = z.infer<typeof RunOutcomeSchema>;

/** Cuts a text to the recorded-event limit, saying how much was left out. */
export const boundRunText = (text: string, limit: number = RUN_EVENT_TEXT_LIMIT): string =>
  text.length <= limit ? text : `${text.slice(0, limit)}… (${text.length - limit} more characters in the run's log)`;

/** Placeholders a command line may use; each is replaced inside any argument. */
export const COMMAND_PLACEHOLDERS = ['{prompt}', '{task}', '{workspace}', '{prompt_file}'] as const;

/**
 * One configured `command` adapter: any agent CLI (Codex, Gemini CLI, aider, a script). `command` is the
 * argument vector, never run through a shell, with placeholders: `{prompt}` the prompt text, `{task}` the
 * task key, `{workspace}` the run's directory, `{prompt_file}` a file holding the prompt.
 */
export const CommandAdapterConfigSchema = z.strictObject({
  command: z
    .array(z.string().min(1, { error: 'an argument must not be empty' }))
    .min(1, { error: 'give at least the executable, e.g. ["aider", "--message", "{prompt}"]' }),
  /** Arguments that print the version (e.g. ["--version"]); health then reports it. */
  version_args: z.array(z.string()).optional(),
  /** The agent kind runs register as; `other` when left out. */
  kind: AgentKindSchema.optional(),
  env: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, { error: 'expected an environment variable name' }), z.string()).optional(),
  description: z.string().max(500).optional(),
});
export type CommandAdapterConfig = z.infer<typeof CommandAdapterConfigSchema>;

const CommandNameSchema = z.string().regex(/^[a-z0-9][a-z0-9_.-]*$/, { error: 'command adapter names are lower-case words such as aider or codex' });

/**
 * The adapters file (`.agent-coordinator/adapters.json` in the repository, or `adapters.json` in the data
 * folder): command adapters by name, and per-adapter limits. Run as `command:<name>`.
 */
export const AdaptersFileSchema = z.strictObject({
  commands: z.record(CommandNameSchema, CommandAdapterConfigSchema).optional(),
  /** Concurrent runs allowed per adapter name (others: the server-wide limit). */
  max_concurrent: z.record(AdapterNameSchema, z.number().int().min(0).max(1000)).optional(),
});
export type AdaptersFile = z.infer<typeof AdaptersFileSchema>;

/**
 * `waiting_approval`: the task's claim was escalated by a policy; the run starts when a human approves
 * (`rejected` when one rejects, or nobody decides before the approval expires). `starting`/`running` are
 * live; the rest are ended.
 */
export const RUN_STATUSES = ['waiting_approval', 'starting', 'running', 'succeeded', 'failed', 'cancelled', 'rejected', 'lost'] as const;
export const RunStatusSchema = z.enum(RUN_STATUSES);
export type RunStatus = z.infer<typeof RunStatusSchema>;

/** A run as stored and shown: which adapter ran which task as which agent, where, and how it ended. */
export const RunSchema = z.object({
  id: z.string(),
  adapter: z.string(),
  task_id: z.string(),
  task_key: z.string(),
  agent_id: z.string(),
  agent_name: z.string(),
  status: RunStatusSchema,
  pid: z.number().int().nullable(),
  workspace: z.string(),
  branch: z.string().nullable(),
  log_file: z.string(),
  reason: z.string().nullable(),
  /** The approval a held run waits for (status `waiting_approval`), kept once decided. */
  approval_id: z.string().nullable(),
  started_at: z.string(),
  ended_at: z.string().nullable(),
});
export type Run = z.infer<typeof RunSchema>;

/** Adapter and run events, spread into the one EventPayloadSchema union (event.ts). */
export const ADAPTER_EVENT_SCHEMAS = [
  /** Server-wide: an adapter's health changed (found, lost, logged in or out) since its previous reading; the first reading is no event. */
  z.object({ type: z.literal('adapter.health_changed'), adapter: z.string(), health: AdapterHealthSchema, previous: AdapterHealthSchema.nullable() }),
  /** A policy escalated the run's claim: it waits for a human (run.approval_id); it starts (run.started) once approved. */
  z.object({ type: z.literal('run.held'), run: RunSchema }),
  z.object({ type: z.literal('run.started'), run: RunSchema }),
  /** One normalised event of a running agent, its text cut to RUN_EVENT_TEXT_LIMIT. */
  z.object({ type: z.literal('run.output'), run_id: z.string(), task_key: z.string(), event: RunEventSchema }),
  z.object({ type: z.literal('run.finished'), run: RunSchema, outcome: RunOutcomeSchema.nullable() }),
] as const;

/** run_task: launch an agent through an adapter on one task (claimed with its files, as claim_task does). */
export const StartRunInputSchema = z.strictObject({
  task_id: TaskRefSchema,
  adapter: AdapterNameSchema,
  /** Work in a fresh git worktree on branch `ac/<task key>` instead of the repository itself. */
  worktree: z.boolean().optional(),
  /** The agent to register or resume (default `<adapter>-<task key>`, `:` as `-`). */
  agent_name: AgentNameSchema.optional(),
  time_limit_seconds: z.number().int().min(1).max(86_400).optional(),
});
export type StartRunInput = z.input<typeof StartRunInputSchema>;

/** The capability an AI agent needs to launch runs over MCP (humans need none): see docs/adapters.md. */
export const RUN_AGENTS_CAPABILITY = 'run_agents';

/** list_runs: newest first, optionally one task's or one status's. */
export const ListRunsInputSchema = z.strictObject({
  task_id: TaskRefSchema.optional(),
  status: RunStatusSchema.optional(),
  limit: z.number().int().min(1).max(100).optional(),
});
export type ListRunsInput = z.input<typeof ListRunsInputSchema>;

export const CancelRunInputSchema = z.strictObject({ run_id: z.string().min(1), reason: z.string().max(500).optional() });
export type CancelRunInput = z.input<typeof CancelRunInputSchema>;

export const GetRunInputSchema = z.strictObject({ run_id: z.string().min(1) });
export type GetRunInput = z.input<typeof GetRunInputSchema>;

/** The end of a run's log file (what the dashboard shows before live `run.output` events add to it). */
export const GetRunOutputInputSchema = z.strictObject({
  run_id: z.string().min(1),
  max_bytes: z.number().int().min(1).max(65_536).default(16_384),
});
export type GetRunOutputInput = z.input<typeof GetRunOutputInputSchema>;

export const RunOutputSchema = z.object({
  run_id: z.string(),
  /** Whole lines from the end of the log, `[stdout] …` / `[stderr] …`; empty before any output. */
  text: z.string(),
  /** Earlier output was left out (the whole log is the run's log_file). */
  truncated: z.boolean(),
});
export type RunOutput = z.infer<typeof RunOutputSchema>;
