/**
 * The adapter interface: how the coordinator launches one kind of headless agent on a task, watches it
 * and stops it. An adapter knows its agent's command line and protocol and nothing of claims, locks or
 * the database: the run service (which claims, heartbeats, records and completes) drives it through
 * `start`, and reads back normalised events and an outcome.
 */
import type { AdapterHealth, AgentKind, RunEvent, RunOutcome } from '@agent-coordinator/shared';

export type { AdapterHealth, RunEvent, RunOutcome } from '@agent-coordinator/shared';

/** The task a run works on, as the agent is told about it. */
export interface RunTask {
  readonly key: string;
  readonly title: string;
  readonly description: string;
  readonly files: readonly string[];
}

/** How the agent reaches the coordinator itself (to heartbeat, lock more files, complete or fail). */
export interface CoordinatorConnection {
  /** The server's base URL, e.g. `http://127.0.0.1:3100`. */
  readonly baseUrl: string;
  /** The MCP endpoint (streamable HTTP), e.g. `http://127.0.0.1:3100/mcp`. */
  readonly mcpUrl: string;
  /** A bearer token that acts as the run's agent; empty when the server runs without auth. */
  readonly token: string;
  readonly project: string;
  /** The agent name the run registered (the agent should use it, so its own calls resume that agent). */
  readonly agentName: string;
}

export interface RunLimits {
  /** The run is cancelled when this runs out (the run service enforces it; an adapter may also pass it on). */
  readonly timeLimitMs: number;
  /** Turns for adapters that loop over a model themselves or can tell their CLI. */
  readonly maxTurns?: number;
}

export interface RunSpec {
  readonly runId: string;
  readonly task: RunTask;
  /** The full prompt text: the task and how to report back to the coordinator. */
  readonly prompt: string;
  /** Absolute working directory (the run's worktree, or the repository root). */
  readonly workspace: string;
  readonly coordinator: CoordinatorConnection;
  /** Extra environment for the agent's process, on top of the server's own. */
  readonly env: Readonly<Record<string, string>>;
  readonly limits: RunLimits;
  /** Absolute path of the file that keeps the run's whole output (the run service writes it from `log` events). */
  readonly logFile: string;
  /** Aborted when the run is cancelled from outside; an adapter may watch it instead of waiting for `cancel`. */
  readonly signal?: AbortSignal;
}

/** A started run. `events` ends when the agent's output ends; `outcome` settles once, never rejects. */
export interface RunHandle {
  /** The process (group leader) id for adapters that spawn one; absent for in-process agent loops. */
  readonly pid?: number;
  readonly events: AsyncIterable<RunEvent>;
  readonly outcome: Promise<RunOutcome>;
  /**
   * Interrupts gracefully, then by force (a process group gets SIGINT → SIGTERM → SIGKILL with bounded
   * waits), and resolves once nothing of the run is left; `outcome` then settles as `cancelled`.
   */
  cancel(reason: string): Promise<void>;
}

export interface AgentAdapter {
  /** Unique among adapters: `claude-code`, `openai`, `command:<name>`. */
  readonly name: string;
  /** The kind the run's agent registers as. */
  readonly kind: AgentKind;
  /** Cheap probes only (executable on PATH, `--version`, a credentials file, a model list): no model call. */
  health(): Promise<AdapterHealth>;
  /** Starts the agent. Throws (a CoordinatorError) only when nothing was started. */
  start(spec: RunSpec): RunHandle;
}
