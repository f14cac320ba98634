/**
 * What every client command shares: the server URL (`--url`, `AGENT_COORDINATOR_URL`, else the local
 * default), the token and project every request presents (`--token`, `--project`: credentials.ts), a
 * tRPC client over plain HTTP, the agent it acts as (`--agent`, `AGENT_COORDINATOR_AGENT`, else the
 * agent an agent token stands for, else the agent the last `register-agent` saved for that URL in the state
 * file), and the translation of transport failures into the domain's CoordinatorError so the exit code
 * follows its code.
 */
import { createTRPCClient, httpLink, TRPCClientError, type TRPCClient } from '@trpc/client';
import { CoordinatorError, isErrorCode } from '@agent-coordinator/shared';
import type { AppRouter } from '../trpc/app-router.ts';
import { DEFAULT_HOST, DEFAULT_PORT } from '../config.ts';
import { parseArgs, UsageError, type OptionSpec, type ParsedArgs } from './args.ts';
import { credentialHeaders, resolveCredentials, tokenOrigin, type Credentials } from './credentials.ts';
import { readState, statePath, updateState, type SavedAgent, type SavedSession } from './state.ts';

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
  /**
   * The id of the agent a `--token` / COORDINATOR_TOKEN agent token stands for (asked of the server
   * once); null for no such token, a human's token, or local mode.
   */
  tokenAgent(options?: { readonly signal?: AbortSignal }): Promise<string | null>;
  /** The token and project this session presents. */
  credentials(): Promise<Credentials>;
  /** Saves the agent as this URL's default identity (what `register-agent` does). */
  remember(agent: SavedAgent): Promise<void>;
  /** Saves (or, with null, forgets) the login later commands to this URL present. */
  rememberLogin(login: SavedSession | null): Promise<void>;
  /** The same session presenting other credentials (logout ends the saved login whatever --token says). */
  presenting(credentials: Credentials): Session;
  /** The state file the agent and the login are saved in. */
  readonly stateFile: string;
}

export interface CommandSpec extends OptionSpec {
  /** The command acts as an agent, so it takes `--agent`. */
  readonly asAgent?: boolean;
}

/** The options every client command takes: where the server is, and what to present to it. */
export const GLOBAL_OPTIONS = ['url', 'token', 'project'] as const;

/** Parses a command's arguments together with the shared `--url`, `--token`, `--project`, `--json` (and `--agent`) options. */
export function parseCommand(argv: readonly string[], spec: CommandSpec = {}, env: NodeJS.ProcessEnv = process.env): { args: ParsedArgs; session: Session } {
  const values = [...GLOBAL_OPTIONS, ...(spec.asAgent ? ['agent'] : []), ...(spec.values ?? [])];
  const args = parseArgs(argv, { values, booleans: ['json', ...(spec.booleans ?? [])] });
  return { args, session: openSession(args, env) };
}

function openSession(args: ParsedArgs, env: NodeJS.ProcessEnv, fixed?: Credentials): Session {
  const url = normalizeUrl(args.values.get('url') ?? nonEmpty(env['AGENT_COORDINATOR_URL']) ?? DEFAULT_URL);
  const explicitAgent = args.values.get('agent') ?? nonEmpty(env['AGENT_COORDINATOR_AGENT']);
  const file = statePath(env);
  const flags = { token: args.values.get('token'), project: args.values.get('project') };
  let credentials: Promise<Credentials> | undefined = fixed ? Promise.resolve(fixed) : undefined;
  let client: Client | undefined;
  let tokenAgent: Promise<string | null> | undefined;
  const session: Session = {
    url,
    json: args.booleans.has('json'),
    stateFile: file,
    credentials: () => (credentials ??= resolveCredentials(url, flags, env, file)),
    async call(run) {
      // Resolved before the request, so a damaged state file is a usage error rather than a transport one.
      const presented = await session.credentials();
      client ??= createTRPCClient<AppRouter>({ links: [httpLink({ url: `${url}/trpc`, headers: () => credentialHeaders(presented) })] });
      try {
        return await run(client);
      } catch (error) {
        throw explainFailure(error, url, presented);
      }
    },
    tokenAgent(options = {}) {
      tokenAgent ??= (async () => {
        const presented = await session.credentials();
        // A saved login is always a human's; only a token handed over from outside may be an agent's.
        if (presented.tokenFrom !== 'flag' && presented.tokenFrom !== 'env') return null;
        return (await session.call((c) => c.whoami.query(undefined, options))).agent_id;
      })();
      return tokenAgent;
    },
    async agent() {
      if (explicitAgent !== undefined) return { ref: explicitAgent, name: explicitAgent };
      const id = await session.tokenAgent();
      if (id !== null) {
        const agent = await session.call((c) => c.get_agent.query({ agent_id: id })).catch(() => null);
        return { ref: id, name: agent?.name ?? id };
      }
      const saved = (await readState(file)).agents[url];
      if (saved) return { ref: saved.agent_id, name: saved.name };
      throw new UsageError(`no agent identity for ${url}: run \`agent-coordinator register-agent NAME\` first or pass --agent NAME (or present the agent's own token: --token / COORDINATOR_TOKEN)`);
    },
    async remember(agent) {
      await updateState(file, (state) => ({ ...state, agents: { ...state.agents, [url]: agent } }));
    },
    async rememberLogin(login) {
      await updateState(file, (state) => {
        const { [url]: _previous, ...others } = state.sessions;
        return { ...state, sessions: login === null ? others : { ...others, [url]: login } };
      });
      if (!fixed) {
        credentials = undefined;
        client = undefined;
        tokenAgent = undefined;
      }
    },
    presenting: (other) => openSession(args, env, other),
  };
  return session;
}

const nonEmpty = (value: string | undefined): string | undefined => (value === undefined || value === '' ? undefined : value);

/** One spelling per server, so the state file finds the same entry for `http://h:1` and `http://h:1/`. */
export function normalizeUrl(raw: string): string {
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new UsageError(`--url "${raw}" is not a URL; expected something like ${DEFAULT_URL}`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new UsageError(`--url "${raw}" must be http:// or https://`);
  return `${parsed.origin}${parsed.pathname.replace(/\/+$/, '')}`;
}

function explainFailure(error: unknown, url: string, presented: Credentials): unknown {
  if (!(error instanceof TRPCClientError)) return error;
  const network = networkFailure(error.cause);
  if (network === 'ECONNREFUSED') {
    return new CoordinatorError('UNAVAILABLE', `no coordinator at ${url} — start one with \`agent-coordinator serve\` or pass --url`);
  }
  if (network !== undefined) return new CoordinatorError('UNAVAILABLE', `cannot reach the coordinator at ${url} (${network}) — check --url`);
  const data: unknown = error.data;
  const coordinator = isRecord(data) && isRecord(data['coordinator']) ? data['coordinator'] : undefined;
  const code = coordinator?.['code'];
  if (code === 'UNAUTHENTICATED') return new CoordinatorError(code, unauthenticatedMessage(error.message, url, presented));
  if (isErrorCode(code)) return new CoordinatorError(code, error.message);
  if (data === undefined || data === null) return new CoordinatorError('UNAVAILABLE', `${url} did not answer as a coordinator (${error.message}) — check --url`);
  return new Error(error.message);
}

/** The server's refusal, told in terms of what this command presented and how to fix it. */
function unauthenticatedMessage(message: string, url: string, presented: Credentials): string {
  const login = presented.login;
  if (login && presented.tokenFrom === undefined) {
    return `your login as ${login.account} at ${url} ended at ${login.expires_at} — run \`agent-coordinator login ${login.account}\` again`;
  }
  if (login && presented.tokenFrom === 'login') {
    return `your login as ${login.account} at ${url} no longer works (revoked, or the account was disabled) — run \`agent-coordinator login ${login.account}\` again`;
  }
  const origin = tokenOrigin(presented);
  return origin === undefined ? message : `${origin} was refused: ${message}`;
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
