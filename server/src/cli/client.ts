/**
 * What every client command shares: the server URL (`--url`, `AGENT_COORDINATOR_URL`, else the local
 * default), a tRPC client over plain HTTP, the agent it acts as (`--agent`, `AGENT_COORDINATOR_AGENT`,
 * else the agent the last `register` saved for that URL in the state file), and the translation of
 * transport failures into the domain's CoordinatorError so the exit code follows its code.
 */
import { createTRPCClient, httpLink, TRPCClientError, type TRPCClient } from '@trpc/client';
import { CoordinatorError, isErrorCode } from '@agent-coordinator/shared';
import type { AppRouter } from '../trpc/app-router.ts';
import { DEFAULT_HOST, DEFAULT_PORT } from '../config.ts';
import { parseArgs, UsageError, type OptionSpec, type ParsedArgs } from './args.ts';
import { readState, statePath, writeState, type SavedAgent } from './state.ts';

export type Client = TRPCClient<AppRouter>;

export const DEFAULT_URL = `http://${DEFAULT_HOST}:${DEFAULT_PORT}`;

export interface Session {
  readonly url: string;
  /** `--json`: print the raw result instead of human text. */
  readonly json: boolean;
  /** One remote call; failures come back as CoordinatorError (connection problems as UNAVAILABLE). */
  call<T>(run: (client: Client) => Promise<T>): Promise<T>;
  /**
   * The agent this command acts as: `ref` (a name or id) to send and a `name` to print; a UsageError
   * telling how to get one if there is none.
   */
  agent(): Promise<{ readonly ref: string; readonly name: string }>;
  /** Saves the agent as this URL's default identity (what `register` does). */
  remember(agent: SavedAgent): Promise<void>;
}

export interface CommandSpec extends OptionSpec {
  /** The command acts as an agent, so it takes `--agent`. */
  readonly asAgent?: boolean;
}

/** Parses a command's arguments together with the shared `--url`, `--json` (and `--agent`) options. */
export function parseCommand(argv: readonly string[], spec: CommandSpec = {}, env: NodeJS.ProcessEnv = process.env): { args: ParsedArgs; session: Session } {
  const values = ['url', ...(spec.asAgent ? ['agent'] : []), ...(spec.values ?? [])];
  const args = parseArgs(argv, { values, booleans: ['json', ...(spec.booleans ?? [])] });
  return { args, session: openSession(args, env) };
}

function openSession(args: ParsedArgs, env: NodeJS.ProcessEnv): Session {
  const url = normalizeUrl(args.values.get('url') ?? nonEmpty(env['AGENT_COORDINATOR_URL']) ?? DEFAULT_URL);
  const explicitAgent = args.values.get('agent') ?? nonEmpty(env['AGENT_COORDINATOR_AGENT']);
  const file = statePath(env);
  let client: Client | undefined;
  return {
    url,
    json: args.booleans.has('json'),
    async call(run) {
      client ??= createTRPCClient<AppRouter>({ links: [httpLink({ url: `${url}/trpc` })] });
      try {
        return await run(client);
      } catch (error) {
        throw explainFailure(error, url);
      }
    },
    async agent() {
      if (explicitAgent !== undefined) return { ref: explicitAgent, name: explicitAgent };
      const saved = (await readState(file)).agents[url];
      if (saved) return { ref: saved.agent_id, name: saved.name };
      throw new UsageError(`no agent identity for ${url}: run \`agent-coordinator register NAME\` first or pass --agent NAME`);
    },
    async remember(agent) {
      const state = await readState(file).catch(() => ({ agents: {} }));
      await writeState(file, { ...state, agents: { ...state.agents, [url]: agent } });
    },
  };
}

const nonEmpty = (value: string | undefined): string | undefined => (value === undefined || value === '' ? undefined : value);

/** One spelling per server, so the state file finds the same entry for `http://h:1` and `http://h:1/`. */
function normalizeUrl(raw: string): string {
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new UsageError(`--url "${raw}" is not a URL; expected something like ${DEFAULT_URL}`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new UsageError(`--url "${raw}" must be http:// or https://`);
  return `${parsed.origin}${parsed.pathname.replace(/\/+$/, '')}`;
}

function explainFailure(error: unknown, url: string): unknown {
  if (!(error instanceof TRPCClientError)) return error;
  const network = networkFailure(error.cause);
  if (network === 'ECONNREFUSED') {
    return new CoordinatorError('UNAVAILABLE', `no coordinator at ${url} — start one with \`agent-coordinator serve\` or pass --url`);
  }
  if (network !== undefined) return new CoordinatorError('UNAVAILABLE', `cannot reach the coordinator at ${url} (${network}) — check --url`);
  const data: unknown = error.data;
  const coordinator = isRecord(data) && isRecord(data['coordinator']) ? data['coordinator'] : undefined;
  const code = coordinator?.['code'];
  if (isErrorCode(code)) return new CoordinatorError(code, error.message);
  if (data === undefined || data === null) return new CoordinatorError('UNAVAILABLE', `${url} did not answer as a coordinator (${error.message}) — check --url`);
  return new Error(error.message);
}

/**
 * Why a fetch failed: the system error code somewhere in its cause chain (`ECONNREFUSED`, `ENOTFOUND`),
 * else the innermost message (`bad port`); undefined when the request reached a server.
 */
function networkFailure(cause: unknown): string | undefined {
  if (!(cause instanceof TypeError)) return undefined;
  let reason: string = cause.message;
  for (let current: unknown = cause, depth = 0; isRecord(current) && depth < 5; current = current['cause'], depth++) {
    const code = current['code'];
    if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) return code;
    if (typeof current['message'] === 'string') reason = current['message'];
  }
  return reason;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;
