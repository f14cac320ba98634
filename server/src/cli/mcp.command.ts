/**
 * `agent-coordinator mcp [--url URL] [--toolsets planning,policy]`: a stdio MCP server for clients that only spawn commands,
 * bridged to a running coordinator's /mcp endpoint. The URL comes from --url, else
 * AGENT_COORDINATOR_URL, else the local default. Runs until the client closes stdin.
 */
import { DEFAULT_HOST, DEFAULT_PORT } from '../config.ts';
import { runStdioBridge } from '../mcp/stdio-bridge.ts';

export const DEFAULT_URL = `http://${DEFAULT_HOST}:${DEFAULT_PORT}`;

/** The coordinator URL from `--url URL` / `--url=URL`, the environment, or the default. */
export function parseMcpArgs(args: readonly string[], env: NodeJS.ProcessEnv = process.env): { readonly url: string; readonly toolsets?: string } {
  let url = env['AGENT_COORDINATOR_URL'] || DEFAULT_URL;
  let toolsets: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    const [flag, inline] = arg.split(/=(.*)/s, 2);
    if (flag !== '--url' && flag !== '--toolsets') throw new Error(`unknown option ${arg}; usage: agent-coordinator mcp [--url URL] [--toolsets planning,policy]`);
    const value = inline ?? args[++i];
    if (flag === '--toolsets') {
      if (value === undefined || value === '') throw new Error('--toolsets needs a value, such as planning,policy or all');
      toolsets = value;
      continue;
    }
    if (value === undefined || value === '') throw new Error('--url needs a value, such as http://127.0.0.1:7421');
    url = value;
  }
  if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) {
    throw new Error(`not an http(s) URL: ${url} (expected something like ${DEFAULT_URL})`);
  }
  return { url: url.replace(/\/+$/, ''), ...(toolsets !== undefined ? { toolsets } : {}) };
}

export async function mcpCommand(args: readonly string[]): Promise<void> {
  const { url, toolsets } = parseMcpArgs(args);
  await runStdioBridge({ url, toolsets });
}
