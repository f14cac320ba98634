/**
 * Claude Code's project MCP configuration (`.mcp.json` at the repository root, `mcpServers`): add or update
 * the coordinator's entry and keep every other server and setting as it was.
 */

export const MCP_SERVER_NAME = 'agent-coordinator';
/** Claude Code expands `${VAR}` in `.mcp.json`: the token stays in the environment, never in the file. */
export const TOKEN_ENV_VAR = 'AGENT_COORDINATOR_TOKEN';

export class McpJsonError extends Error {
  override readonly name = 'McpJsonError';
}

export interface McpJsonMerge {
  readonly text: string;
  readonly change: 'created' | 'added' | 'updated' | 'unchanged';
  /** The other servers, left as they were. */
  readonly kept: readonly string[];
  /** One line per difference, for the message that says what changed. */
  readonly summary: readonly string[];
}

export interface McpEntryOptions {
  readonly url: string;
  /** Adds an Authorization header that reads the token from TOKEN_ENV_VAR. */
  readonly withToken?: boolean;
  readonly name?: string;
}

type JsonObject = Record<string, unknown>;
const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

const stable = (value: unknown): string => JSON.stringify(value, (_k, v: unknown) => (isObject(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v));

function detectIndent(text: string): string | number {
  const match = /^[{[][^\S\n]*\n([ \t]+)\S/.exec(text);
  return match?.[1] ?? 2;
}

export function coordinatorEntry(options: McpEntryOptions): JsonObject {
  return {
    type: 'http',
    url: options.url,
    ...(options.withToken ? { headers: { Authorization: `Bearer \${${TOKEN_ENV_VAR}}` } } : {}),
  };
}

/** Merges the coordinator into `.mcp.json` text (null or blank: a new file). Throws McpJsonError on a file it cannot safely edit. */
export function mergeMcpJson(existing: string | null, options: McpEntryOptions): McpJsonMerge {
  const name = options.name ?? MCP_SERVER_NAME;
  const entry = coordinatorEntry(options);
  const blank = existing === null || existing.trim() === '';
  let root: JsonObject = {};
  if (!blank) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(existing);
    } catch (error) {
      throw new McpJsonError(`.mcp.json is not valid JSON (${(error as Error).message}); fix it or move it away, then run the command again`);
    }
    if (!isObject(parsed)) throw new McpJsonError('.mcp.json must contain a JSON object with "mcpServers"; fix it, then run the command again');
    root = parsed;
  }
  const servers = root['mcpServers'] ?? {};
  if (!isObject(servers)) throw new McpJsonError('"mcpServers" in .mcp.json is not an object; fix it, then run the command again');
  const kept = Object.keys(servers).filter((k) => k !== name);
  const previous = servers[name];
  // Keep settings the user added to our entry (env, timeouts); ours win on type, url and headers.
  const merged: JsonObject = isObject(previous) ? { ...previous, ...entry } : entry;
  if (isObject(previous) && !options.withToken && isObject(previous['headers'])) {
    const headers = { ...previous['headers'] };
    delete headers['Authorization'];
    if (Object.keys(headers).length > 0) merged['headers'] = headers;
    else delete merged['headers'];
  }
  const summary: string[] = [];
  let change: McpJsonMerge['change'];
  if (blank) {
    change = 'created';
    summary.push(`created .mcp.json with "${name}" → ${options.url}`);
  } else if (previous === undefined) {
    change = 'added';
    summary.push(`added "${name}" → ${options.url}`);
  } else if (stable(previous) === stable(merged)) {
    change = 'unchanged';
    summary.push(`"${name}" already points at ${options.url}`);
  } else {
    change = 'updated';
    const before = isObject(previous) && typeof previous['url'] === 'string' ? previous['url'] : '(no url)';
    summary.push(before === options.url ? `updated "${name}" (${options.url})` : `updated "${name}": ${before} → ${options.url}`);
  }
  if (options.withToken && change !== 'unchanged') summary.push(`the token is read from the environment variable ${TOKEN_ENV_VAR}`);
  if (kept.length > 0) summary.push(`kept ${kept.length === 1 ? 'server' : 'servers'} ${kept.map((k) => `"${k}"`).join(', ')}`);
  if (change === 'unchanged') return { text: existing ?? '', change, kept, summary };
  const next: JsonObject = { ...root, mcpServers: { ...servers, [name]: merged } };
  const indent = blank ? 2 : detectIndent(existing);
  const text = `${JSON.stringify(next, null, indent)}\n`;
  return { text, change, kept, summary };
}
