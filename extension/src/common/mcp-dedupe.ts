/**
 * One MCP server definition in VS Code, whatever `.mcp.json` says. VS Code reads a workspace folder's
 * `.mcp.json` (Claude Code's project file, which Connect Claude Code writes) besides the servers extensions
 * provide, so the coordinator would be listed twice and Copilot would get every tool twice.
 *
 * Decision: when a workspace `.mcp.json` already names this coordinator in a form VS Code can use as it is
 * — the same MCP URL and no `${VAR}` references (Claude Code expands those from its environment; VS Code
 * does not) — the extension's provider steps back and that entry is the one listed. Otherwise (no such
 * entry, or one that needs Claude Code's token variable) the provider offers its own definition, which
 * carries this window's token. Pure functions over the file text; the provider reads and watches the file.
 */

/** Why the provider steps back: the `.mcp.json` entry that stands for the coordinator. */
export interface EquivalentEntry {
  readonly name: string;
  readonly url: string;
}

const trimUrl = (url: string): string => url.trim().replace(/\/+$/, '');
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const hasVariable = (value: unknown): boolean =>
  typeof value === 'string' ? value.includes('${') : Array.isArray(value) ? value.some(hasVariable) : isObject(value) && Object.values(value).some(hasVariable);

/**
 * The entry of `.mcp.json` text that VS Code would list for the coordinator at `mcpUrl` and can use as it
 * is, or null (no file, not JSON, no such entry, or one with `${...}` references, or one that would send
 * another project's header).
 */
export function equivalentMcpEntry(mcpJson: string | null, mcpUrl: string, project?: string): EquivalentEntry | null {
  if (mcpJson === null) return null;
  let root: unknown;
  try {
    root = JSON.parse(mcpJson);
  } catch {
    return null;
  }
  const servers = isObject(root) && isObject(root['mcpServers']) ? root['mcpServers'] : null;
  if (!servers) return null;
  for (const [name, entry] of Object.entries(servers)) {
    if (!isObject(entry) || typeof entry['url'] !== 'string' || trimUrl(entry['url']) !== trimUrl(mcpUrl)) continue;
    if (hasVariable(entry)) continue;
    const headers = isObject(entry['headers']) ? entry['headers'] : {};
    const projectHeader = Object.entries(headers).find(([k]) => k.toLowerCase() === 'x-coordinator-project')?.[1];
    if ((projectHeader ?? undefined) !== (project || undefined)) continue;
    return { name, url: entry['url'] };
  }
  return null;
}

/** What Connect Claude Code adds to its summary about how VS Code lists the coordinator afterwards. */
export function vscodeListingText(entry: EquivalentEntry | null, providerEnabled: boolean): string {
  if (!providerEnabled) return `VS Code lists the coordinator from .mcp.json only (agentCoordinator.registerMcpServer is off)`;
  if (entry) return `VS Code lists the coordinator once, as "${entry.name}" from .mcp.json: the extension's own MCP entry steps back while it is there`;
  return `VS Code keeps the extension's own MCP entry "Agent Coordinator" for Copilot, which carries your token: the .mcp.json entry uses Claude Code's token variable, which VS Code does not fill in, so pick "Agent Coordinator" there`;
}
