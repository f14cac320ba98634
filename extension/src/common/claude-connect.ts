/**
 * "Connect Claude Code" as a plan: the same merges `agent-coordinator install claude` makes (shared
 * claude-config: the MCP server into `.mcp.json`, the guard hooks into `.claude/settings.json`), plus how
 * the hooks run the CLI from this editor. Without a CLI to run, only `.mcp.json` is written and the plan
 * says how to get the hooks. For a server with accounts the `.mcp.json` entry gets the project header and,
 * when this editor uses a token, `Authorization: Bearer ${COORDINATOR_TOKEN}` — a reference Claude Code
 * expands from its environment, never the editor's own token.
 */
import { CLAUDE_HOOK_MARKERS, CLAUDE_PROMPT_HOOK_MARKER, TOKEN_ENV, mergeClaudeHooks, mergeMcpServers, type JsonMerge } from '@agent-coordinator/shared';
import { join } from 'node:path';
import { CLI_NAME, findCoordinatorRepo, findOnPath } from './local-server.ts';

/** The server URL the CLI assumes without `--url`. */
export const CLI_DEFAULT_URL = 'http://127.0.0.1:7421';
/** Seconds Claude Code waits for a hook (as `install claude` writes it). */
export const HOOK_TIMEOUT_SECONDS = 15;

export const CLAUDE_FILES = { mcp: '.mcp.json', settings: '.claude/settings.json' } as const;
export type ClaudeFile = (typeof CLAUDE_FILES)[keyof typeof CLAUDE_FILES];

export interface ClaudeFileChange {
  /** Relative to the repository root. */
  readonly path: ClaudeFile;
  readonly before: string | null;
  readonly merge: JsonMerge;
}

export interface ClaudeConnectPlan {
  readonly files: readonly ClaudeFileChange[];
  /** What changed, what was kept, and what the user may still need to do. */
  readonly summary: readonly string[];
  readonly changed: boolean;
}

const shellQuote = (text: string): string => (/^[A-Za-z0-9_@%+=:,./-]+$/.test(text) ? text : `'${text.replaceAll("'", `'\\''`)}'`);

/**
 * How a hook runs the CLI: the setting; else `agent-coordinator` on PATH; else this repository's sources
 * when the workspace is the coordinator itself; else none.
 */
export function hookCliInvocation(setting: string, roots: readonly string[], exists?: (path: string) => boolean, path?: string): string | null {
  if (setting.trim() !== '') return setting.trim();
  if (findOnPath(CLI_NAME, path, exists)) return CLI_NAME;
  const repo = findCoordinatorRepo(roots, exists);
  if (repo) return `node ${shellQuote(join(repo, 'server', 'src', 'cli', 'main.ts'))}`;
  return null;
}

export interface ClaudeConnectInput {
  readonly mcpJson: string | null;
  readonly settingsJson: string | null;
  /** Without a trailing slash or /mcp. */
  readonly serverUrl: string;
  /** From hookCliInvocation; null writes no hooks. */
  readonly cli: string | null;
  /** The server needs a token: Claude Code must send one too (its own, from COORDINATOR_TOKEN). */
  readonly withToken?: boolean;
  /** The project (`agentCoordinator.project`), sent by Claude Code's MCP connection and its hooks. */
  readonly project?: string | undefined;
}

/** Throws ClaudeConfigError (shared) on a file it cannot safely edit. */
export function planClaudeConnect(input: ClaudeConnectInput): ClaudeConnectPlan {
  const auth = { token: input.withToken === true, project: input.project };
  const files: ClaudeFileChange[] = [{ path: CLAUDE_FILES.mcp, before: input.mcpJson, merge: mergeMcpServers(input.mcpJson, input.serverUrl, { auth }) }];
  const summary = [...(files[0]?.merge.summary ?? [])];
  if (input.cli !== null) {
    const flags = `${input.serverUrl === CLI_DEFAULT_URL ? '' : ` --url ${shellQuote(input.serverUrl)}`}${input.project ? ` --project ${shellQuote(input.project)}` : ''}`;
    const merge = mergeClaudeHooks(input.settingsJson, {
      preToolUse: `${input.cli} ${CLAUDE_HOOK_MARKERS.PreToolUse}${flags}`,
      postToolUse: `${input.cli} ${CLAUDE_HOOK_MARKERS.PostToolUse}${flags}`,
      userPromptSubmit: `${input.cli} ${CLAUDE_PROMPT_HOOK_MARKER}${flags}`,
      timeoutSeconds: HOOK_TIMEOUT_SECONDS,
    });
    files.push({ path: CLAUDE_FILES.settings, before: input.settingsJson, merge });
    summary.push(...merge.summary);
  } else {
    summary.push(
      `.claude/settings.json: no guard hooks — they run the ${CLI_NAME} CLI, which is not on PATH (install it, or set agentCoordinator.cliCommand, and run this again)`,
    );
  }
  if (input.withToken) {
    summary.push(
      `the server needs a token: Claude Code sends the one in ${TOKEN_ENV} (its MCP connection and its hooks) — set it where you start claude to an agent token (\`agent-coordinator issue-agent-token NAME kind=claude-code\`)`,
    );
  }
  return { files, summary, changed: files.some((f) => f.merge.changed) };
}
