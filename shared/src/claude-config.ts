/**
 * Connecting Claude Code to the coordinator, as pure text-to-text merges the CLI (`agent-coordinator
 * install claude`) and the VS Code extension ("Connect Claude Code") share: the MCP server in `.mcp.json`
 * (`mcpServers`) and the guard hooks in `.claude/settings.json` (`hooks.PreToolUse` / `hooks.PostToolUse`).
 * Everything already in either file is kept; running again changes nothing (`changed: false`).
 */
import { TOKEN_ENV } from './credential-names.ts';

export const CLAUDE_MCP_SERVER_NAME = 'agent-coordinator';
/**
 * The tools whose calls the hooks run after: every built-in that writes files, and Bash (its writes are
 * parsed). Not every tool, though the PostToolUse hook also delivers the inbox: each run is a fresh CLI
 * process (~1.5 s measured, docs/notifications.md), too dear after every Read; readers hear through the
 * UserPromptSubmit hook and the unread line on MCP results.
 */
export const CLAUDE_HOOK_MATCHER = 'Edit|Write|MultiEdit|NotebookEdit|Bash';
/** Recognises our handlers in a settings file, whatever path or flags the command was written with. */
export const CLAUDE_HOOK_MARKERS = { PreToolUse: 'hook claude-pre-tool', PostToolUse: 'hook claude-post-tool' } as const;
export type ClaudeHookEvent = keyof typeof CLAUDE_HOOK_MARKERS;
/** The inbox hook before each prompt (UserPromptSubmit takes no matcher): unread notifications join the agent's context. */
export const CLAUDE_PROMPT_HOOK_MARKER = 'hook claude-prompt';

export class ClaudeConfigError extends Error {
  override readonly name = 'ClaudeConfigError';
}

export interface JsonMerge {
  /** The file's new text (the old text when nothing changed). */
  readonly text: string;
  readonly changed: boolean;
  /** One line per change or per thing kept, for the message that says what happened. */
  readonly summary: readonly string[];
}

type JsonObject = Record<string, unknown>;
const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);
const sameJson = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

function parseObject(existing: string | null, file: string): JsonObject {
  if (existing === null || existing.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(existing);
  } catch (error) {
    throw new ClaudeConfigError(`${file} is not valid JSON (${error instanceof Error ? error.message : String(error)}); fix it or move it away, then run again`);
  }
  if (!isObject(parsed)) throw new ClaudeConfigError(`${file} must contain a JSON object; fix it, then run again`);
  return parsed;
}

function render(existing: string | null, root: JsonObject): string {
  const indent = existing === null ? 2 : (/^[{[][^\S\n]*\n([ \t]+)\S/.exec(existing)?.[1] ?? 2);
  return `${JSON.stringify(root, null, indent)}\n`;
}

/**
 * How Claude Code authenticates to a coordinator that has accounts, written as `headers` of the
 * `.mcp.json` entry. The token is never written: the header refers to `${COORDINATOR_TOKEN}`, which
 * Claude Code expands from its own environment, so the file can be committed.
 */
export interface ClaudeMcpAuth {
  /** Send `Authorization: Bearer ${COORDINATOR_TOKEN}`. */
  readonly token?: boolean;
  /** Send `X-Coordinator-Project: <project>` (a project name is no secret: written as is). */
  readonly project?: string | undefined;
}

export interface McpServerOptions {
  /** The entry's name in `mcpServers`; `agent-coordinator` unless given. */
  readonly name?: string;
  readonly auth?: ClaudeMcpAuth;
}

/** The environment reference Claude Code expands into the token (never the token itself). */
export const CLAUDE_TOKEN_REFERENCE = `\${${TOKEN_ENV}}`;
/** How the project header is spelt in `.mcp.json` (HTTP header names are case-insensitive). */
const PROJECT_HEADER_NAME = 'X-Coordinator-Project';

function authHeaders(auth: ClaudeMcpAuth | undefined): Record<string, string> {
  return {
    ...(auth?.token ? { Authorization: `Bearer ${CLAUDE_TOKEN_REFERENCE}` } : {}),
    ...(auth?.project ? { [PROJECT_HEADER_NAME]: auth.project } : {}),
  };
}

/** The `.mcp.json` entry: Claude Code talks to the coordinator's MCP endpoint over streamable HTTP. */
export function claudeMcpEntry(serverUrl: string, auth?: ClaudeMcpAuth): JsonObject {
  const headers = authHeaders(auth);
  return { type: 'http', url: `${serverUrl.replace(/\/+$/, '')}/mcp`, ...(Object.keys(headers).length > 0 ? { headers } : {}) };
}

/**
 * Adds or updates the coordinator in `.mcp.json` text (null: no file yet); settings the user added to our
 * entry are kept, headers included (ours are added to them, theirs are never dropped).
 */
export function mergeMcpServers(existing: string | null, serverUrl: string, options: McpServerOptions = {}): JsonMerge {
  const name = options.name ?? CLAUDE_MCP_SERVER_NAME;
  const root = parseObject(existing, '.mcp.json');
  const servers = root['mcpServers'] ?? {};
  if (!isObject(servers)) throw new ClaudeConfigError('"mcpServers" in .mcp.json is not an object; fix it, then run again');
  const previous = servers[name];
  const entry = claudeMcpEntry(serverUrl, options.auth);
  const ours = entry['headers'];
  const theirs = isObject(previous) ? previous['headers'] : undefined;
  if (theirs !== undefined && !isObject(theirs)) throw new ClaudeConfigError(`"mcpServers.${name}.headers" in .mcp.json is not an object; fix it, then run again`);
  const merged = isObject(previous) ? { ...previous, ...entry, ...(isObject(ours) && theirs ? { headers: { ...theirs, ...ours } } : {}) } : entry;
  const others = Object.keys(servers).filter((k) => k !== name);
  const kept = others.length > 0 ? [`kept ${others.map((k) => `"${k}"`).join(', ')}`] : [];
  const sends = isObject(ours) ? ` (sends ${Object.entries(ours).map(([header, value]) => `${header}: ${String(value)}`).join(', ')})` : '';
  if (previous !== undefined && sameJson(previous, merged)) {
    return { text: existing ?? '', changed: false, summary: [`.mcp.json: "${name}" already points at ${String(merged['url'])}${sends}`, ...kept] };
  }
  const text = render(existing, { ...root, mcpServers: { ...servers, [name]: merged } });
  const verb = previous === undefined ? 'added' : 'updated';
  return { text, changed: true, summary: [`.mcp.json: ${verb} "${name}" → ${String(merged['url'])}${sends}`, ...kept] };
}

export interface ClaudeHookCommands {
  /** The command Claude Code runs before a matching tool call (must contain CLAUDE_HOOK_MARKERS.PreToolUse). */
  readonly preToolUse: string;
  /** After it (must contain CLAUDE_HOOK_MARKERS.PostToolUse). */
  readonly postToolUse: string;
  /** Before each user prompt (must contain CLAUDE_PROMPT_HOOK_MARKER); left out, no UserPromptSubmit hook is written. */
  readonly userPromptSubmit?: string;
  /** Seconds Claude Code waits for the hook. */
  readonly timeoutSeconds?: number;
}

/**
 * Adds or updates the guard hooks in `.claude/settings.json` text. Our handler is found by its marker;
 * when it already sits alone or among others under our matcher it is replaced in place, otherwise it is
 * moved to a group of its own. Other hooks, matchers and settings are left as they were.
 */
export function mergeClaudeHooks(existing: string | null, commands: ClaudeHookCommands): JsonMerge {
  const root = parseObject(existing, '.claude/settings.json');
  const hooks = root['hooks'] ?? {};
  if (!isObject(hooks)) throw new ClaudeConfigError('"hooks" in .claude/settings.json is not an object; fix it, then run again');
  const summary: string[] = [];
  const next: JsonObject = { ...hooks };
  const wanted: Record<ClaudeHookEvent, string> = { PreToolUse: commands.preToolUse, PostToolUse: commands.postToolUse };
  for (const event of Object.keys(CLAUDE_HOOK_MARKERS) as ClaudeHookEvent[]) {
    const handler: JsonObject = { type: 'command', command: wanted[event], ...(commands.timeoutSeconds ? { timeout: commands.timeoutSeconds } : {}) };
    const groups = hooks[event] ?? [];
    if (!Array.isArray(groups)) throw new ClaudeConfigError(`"hooks.${event}" in .claude/settings.json is not a list; fix it, then run again`);
    const merged = mergeGroups(groups, CLAUDE_HOOK_MARKERS[event], handler);
    if (!sameJson(merged, groups)) {
      next[event] = merged;
      summary.push(`.claude/settings.json: ${groups.some((g) => findOurs(g, CLAUDE_HOOK_MARKERS[event]) >= 0) ? 'updated' : 'added'} the ${event} hook (${CLAUDE_HOOK_MATCHER}): ${wanted[event]}`);
    }
  }
  if (commands.userPromptSubmit !== undefined) {
    const handler: JsonObject = { type: 'command', command: commands.userPromptSubmit, ...(commands.timeoutSeconds ? { timeout: commands.timeoutSeconds } : {}) };
    const groups = hooks['UserPromptSubmit'] ?? [];
    if (!Array.isArray(groups)) throw new ClaudeConfigError('"hooks.UserPromptSubmit" in .claude/settings.json is not a list; fix it, then run again');
    const merged = mergeGroups(groups, CLAUDE_PROMPT_HOOK_MARKER, handler, null);
    if (!sameJson(merged, groups)) {
      next['UserPromptSubmit'] = merged;
      summary.push(`.claude/settings.json: ${groups.some((g) => findOurs(g, CLAUDE_PROMPT_HOOK_MARKER) >= 0) ? 'updated' : 'added'} the UserPromptSubmit hook: ${commands.userPromptSubmit}`);
    }
  }
  if (summary.length === 0) return { text: existing ?? '', changed: false, summary: ['.claude/settings.json: the hooks are already installed'] };
  return { text: render(existing, { ...root, hooks: next }), changed: true, summary };
}

function findOurs(group: unknown, marker: string): number {
  if (!isObject(group) || !Array.isArray(group['hooks'])) return -1;
  return group['hooks'].findIndex((h) => isObject(h) && typeof h['command'] === 'string' && h['command'].includes(marker));
}

/** `matcher` null: the event takes none (UserPromptSubmit), so our group has no matcher. */
function mergeGroups(groups: readonly unknown[], marker: string, handler: JsonObject, matcher: string | null = CLAUDE_HOOK_MATCHER): unknown[] {
  const home = groups.findIndex((g) => isObject(g) && (matcher === null || g['matcher'] === matcher) && findOurs(g, marker) >= 0);
  const result: unknown[] = [];
  for (const [index, group] of groups.entries()) {
    if (!isObject(group) || !Array.isArray(group['hooks']) || findOurs(group, marker) < 0) {
      result.push(group);
      continue;
    }
    // Ours, possibly twice (an older install): keep one copy, in its home group only.
    const others = group['hooks'].filter((h) => !(isObject(h) && typeof h['command'] === 'string' && h['command'].includes(marker)));
    const at = findOurs(group, marker);
    const hooksOut = index === home ? [...others.slice(0, at), handler, ...others.slice(at)] : others;
    if (hooksOut.length > 0) result.push({ ...group, hooks: hooksOut });
  }
  if (home < 0) result.push(matcher === null ? { hooks: [handler] } : { matcher, hooks: [handler] });
  return result;
}
