/**
 * `agent-coordinator mcp [--url URL] [--token TOKEN] [--project NAME] [--toolsets planning,policy] [--output-schemas]`: a
 * stdio MCP server for clients that only spawn commands, bridged to a running coordinator's /mcp
 * endpoint. The URL comes from --url, else AGENT_COORDINATOR_URL, else the local default; the token and
 * project, sent as `Authorization: Bearer` and `X-Coordinator-Project` on every request, from the flags,
 * else COORDINATOR_TOKEN / COORDINATOR_PROJECT, else the login saved for that URL (credentials.ts).
 * `--output-schemas` asks for output schemas and structuredContent (docs/tool-budget.md). Runs until the
 * client closes stdin.
 */
import { DEFAULT_HOST, DEFAULT_PORT } from '../config.ts';
import { runStdioBridge } from '../mcp/stdio-bridge.ts';
import { normalizeUrl } from './client.ts';
import { credentialHeaders, resolveCredentials } from './credentials.ts';
import { statePath } from './state.ts';

export const DEFAULT_URL = `http://${DEFAULT_HOST}:${DEFAULT_PORT}`;

const USAGE = 'agent-coordinator mcp [--url URL] [--token TOKEN] [--project NAME] [--toolsets planning,policy] [--output-schemas]';

export interface McpArgs {
  readonly url: string;
  readonly toolsets?: string;
  readonly outputSchemas?: boolean;
  readonly token?: string;
  readonly project?: string;
}

/** The coordinator URL from `--url URL` / `--url=URL`, the environment, or the default; the toolsets, token and project given as flags. */
export function parseMcpArgs(args: readonly string[], env: NodeJS.ProcessEnv = process.env): McpArgs {
  let url = env['AGENT_COORDINATOR_URL'] || DEFAULT_URL;
  const given: { toolsets?: string; token?: string; project?: string; outputSchemas?: boolean } = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (arg === '--output-schemas') {
      given.outputSchemas = true;
      continue;
    }
    const [flag, inline] = arg.split(/=(.*)/s, 2);
    const value = inline ?? args[i + 1];
    if (inline === undefined) i++;
    switch (flag) {
      case '--url':
        if (value === undefined || value === '') throw new Error('--url needs a value, such as http://127.0.0.1:7421');
        url = value;
        break;
      case '--toolsets':
        given.toolsets = required('--toolsets', value, ', such as planning,policy or all');
        break;
      case '--token':
        given.token = required('--token', value);
        break;
      case '--project':
        given.project = required('--project', value);
        break;
      default:
        throw new Error(`unknown option ${arg}; usage: ${USAGE}`);
    }
  }
  if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) {
    throw new Error(`not an http(s) URL: ${url} (expected something like ${DEFAULT_URL})`);
  }
  return { url: url.replace(/\/+$/, ''), ...given };
}

function required(flag: string, value: string | undefined, example = ''): string {
  if (value === undefined || value === '') throw new Error(`${flag} needs a value${example}`);
  return value;
}

export async function mcpCommand(args: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const { url, toolsets, outputSchemas, token, project } = parseMcpArgs(args, env);
  const credentials = await resolveCredentials(normalizeUrl(url), { token, project }, env, statePath(env));
  await runStdioBridge({ url, toolsets, outputSchemas, headers: credentialHeaders(credentials) });
}
