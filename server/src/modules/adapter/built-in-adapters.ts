/**
 * The built-in adapters, one line each: a factory given what adapters may need from the server. Configured
 * `command:<name>` adapters come from the adapters file (adapters-file.ts) and are added beside these.
 * Both read their settings from the server's environment (`AC_CLAUDE_*`, `AC_OPENAI_*`); both are always
 * listed, and one that cannot run says why in its health (claude not on PATH, openai not configured).
 */
import type { AgentAdapter } from './agent-adapter.ts';
import { createClaudeCodeAdapter } from './claude-code/claude-code.adapter.ts';
import { createOpenAiAdapter } from './openai/openai.adapter.ts';

export interface AdapterContext {
  /** The repository root (relative executables, the default workspace). */
  readonly repoRoot: string;
  /** The server's data folder (adapters may keep per-run files under `runs/`). */
  readonly dataDir: string;
}

export type AdapterFactory = (context: AdapterContext) => AgentAdapter;

export const BUILT_IN_ADAPTERS: readonly AdapterFactory[] = [
  (context) => createClaudeCodeAdapter(context),
  () => createOpenAiAdapter(),
];
