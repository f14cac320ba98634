/**
 * What `activate` returns: for other extensions and for the integration tests in a real VS Code, which
 * read the activation time, the live session and the timings of the lock → badge path from here.
 */
import type { Run } from '@agent-coordinator/shared';
import type { CoordinatorSession } from './common/coordinator-session.ts';
import type { LocalStartOutcome } from './common/local-server.ts';

/** Wall time, and the CPU time the extension host's main thread spent (activation-timing.ts). */
export interface ActivationTiming {
  /** Evaluating the bundle (first to last line; null when not run from the bundle). */
  readonly moduleEvaluationMs: number | null;
  readonly moduleEvaluationCpuMs: number | null;
  /** The time spent inside `activate` (connecting happens after it returns). */
  readonly activateMs: number;
  readonly activateCpuMs: number;
}

export interface EventTiming {
  readonly id: number;
  readonly type: string;
  /** Wall-clock time with sub-millisecond precision (performance.timeOrigin + performance.now()). */
  readonly receivedAt: number;
}

export interface AgentCoordinatorApi {
  readonly activation: ActivationTiming;
  readonly session: CoordinatorSession;
  readonly mcpServerProviderRegistered: boolean;
  /** The MCP server definitions the provider currently offers (label and URI). */
  mcpServerDefinitions(): readonly { readonly label: string; readonly uri: string }[];
  /** The `.mcp.json` server name the provider stepped back for (VS Code lists that one), or null. */
  mcpSteppedBackFor(): string | null;
  readonly languageModelTools: readonly string[];
  /** The most recent events the extension applied, with when they arrived (before anything reacted). */
  recentEvents(): readonly EventTiming[];
  /** What the last start of a local coordinator did (null: none was started by this window). */
  lastLocalServerStart(): LocalStartOutcome | null;
  /** The keys of the tasks open in task panels. */
  openTaskPanels(): readonly string[];
  /** Whether the board panel (Open Board) is open. */
  boardPanelOpen(): boolean;
  /** The files this window holds read-only because another principal holds them (repository paths). */
  heldFiles(): { readonly readOnly: readonly string[] };
  /** The lines of the inbox toasts shown so far (notifications and freed locks), newest last. */
  inboxToasts(): readonly string[];
  /** The runs the Agents view shows (live and recent), newest first. */
  runs(): readonly Run[];
  /** The adapter names the Agents view shows. */
  adapters(): readonly string[];
  /** When file decorations were last pushed to VS Code (same clock as EventTiming). */
  lastDecorationChangeAt(): number;
}
