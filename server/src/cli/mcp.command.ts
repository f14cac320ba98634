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
import { readFlags } from '../common/command-line.ts';

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
  const flags = readFlags(args, { values: ['url', 'toolsets', 'token', 'project'], booleans: ['output-schemas'] }, (message) => new Error(`${message}; usage: ${USAGE}`));
  const [extra] = flags.positionals;
  if (extra !== undefined) throw new Error(`unexpected argument "${extra}"; usage: ${USAGE}`);
  const value = (flag: string, example = ''): string | undefined => {
    const given = flags.values.get(flag);
    if (given === '') throw new Error(`--${flag} needs a value${example}`);
    return given;
  };
  const url = value('url', ', such as http://127.0.0.1:7421') ?? (env['AGENT_COORDINATOR_URL'] || DEFAULT_URL);
  const toolsets = value('toolsets', ', such as planning,policy or all');
  const token = value('token');
  const project = value('project');
  const given = {
    ...(toolsets === undefined ? {} : { toolsets }),
    ...(token === undefined ? {} : { token }),
    ...(project === undefined ? {} : { project }),
    ...(flags.booleans.has('output-schemas') ? { outputSchemas: true } : {}),
  };
  if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) {
    throw new Error(`not an http(s) URL: ${url} (expected something like ${DEFAULT_URL})`);
  }
  return { url: url.replace(/\/+$/, ''), ...given };
}


export async function mcpCommand(args: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const { url, toolsets, outputSchemas, token, project } = parseMcpArgs(args, env);
  const credentials = await resolveCredentials(normalizeUrl(url), { token, project }, env, statePath(env));
  await runStdioBridge({ url, toolsets, outputSchemas, headers: credentialHeaders(credentials) });
}
