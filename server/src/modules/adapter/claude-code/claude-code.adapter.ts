/**
 * The `claude-code` adapter: the Claude Code CLI headless (`claude -p <prompt> --output-format
 * stream-json --verbose`), in the run's workspace, with the coordinator as its only MCP server
 * (`--mcp-config` inline JSON + `--strict-mcp-config`; the token stays in the environment as
 * `${COORDINATOR_TOKEN}`, which Claude Code expands, never on the command line), the permission mode and
 * allowed tools from the configuration. The agent itself locks, heartbeats and completes over MCP; this
 * adapter turns the stream into RunEvents (stream-json.parser.ts) and the final `result` into the outcome.
 * Health: `claude --version` and `claude auth status` (JSON with `loggedIn`).
 */
import { execFile } from 'node:child_process';
import { claudeMcpEntry, CLAUDE_MCP_SERVER_NAME, CoordinatorError, type AdapterHealth, type RunOutcome } from '@agent-coordinator/shared';
import type { AgentAdapter, RunHandle, RunSpec } from '../agent-adapter.ts';
import { findExecutable } from '../find-executable.ts';
import { startProcessRun } from '../process-run.ts';
import type { StopTimings } from '../process-group.ts';
import { runEnvironment } from '../run-env.ts';
import { COORDINATOR_TOOLS_RULE, ClaudeCodeConfigSchema, claudeCodeConfigFromEnv, type ClaudeCodeConfig, type ClaudeCodeConfigInput } from './claude-code.config.ts';
import { StreamJsonParser } from './stream-json.parser.ts';

const PROBE_TIMEOUT_MS = 15_000;
const MAX_LINE_LENGTH = 4 * 1024 * 1024;

interface Probe {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly error?: string;
}

const probe = (path: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv): Promise<Probe> =>
  new Promise((resolve) => {
    execFile(path, [...args], { timeout: PROBE_TIMEOUT_MS, cwd, env }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
      resolve({ code, stdout, stderr, ...(error && code === null ? { error: error.message } : {}) });
    });
  });

const firstLine = (text: string): string => text.trim().split('\n')[0]?.trim() ?? '';

/** `claude auth status` prints JSON with `loggedIn` (exit 1 when not logged in); anything else is unknown. */
export const parseAuthStatus = (stdout: string): { loggedIn: boolean; method?: string } | undefined => {
  try {
    const parsed: unknown = JSON.parse(stdout);
    if (typeof parsed !== 'object' || parsed === null || !('loggedIn' in parsed) || typeof parsed.loggedIn !== 'boolean') return undefined;
    const method = 'authMethod' in parsed && typeof parsed.authMethod === 'string' ? parsed.authMethod : undefined;
    return { loggedIn: parsed.loggedIn, ...(method ? { method } : {}) };
  } catch {
    return undefined;
  }
};

/** The argument vector after the executable, for one run. */
export const claudeArguments = (spec: RunSpec, config: ClaudeCodeConfig): string[] => {
  const mcp = { mcpServers: { [CLAUDE_MCP_SERVER_NAME]: claudeMcpEntry(spec.coordinator.baseUrl, { token: spec.coordinator.token !== '', project: spec.coordinator.project }) } };
  const allowed = [...new Set([COORDINATOR_TOOLS_RULE, ...config.allowed_tools])];
  // Variadic options take their value with `=`, so the prompt (a positional) can never be read as one.
  return [
    '-p',
    spec.prompt,
    '--output-format',
    'stream-json',
    '--verbose',
    `--mcp-config=${JSON.stringify(mcp)}`,
    '--strict-mcp-config',
    '--permission-mode',
    config.permission_mode,
    `--allowedTools=${allowed.join(',')}`,
    ...(config.model ? ['--model', config.model] : []),
    ...(config.max_budget_usd !== undefined ? ['--max-budget-usd', String(config.max_budget_usd)] : []),
    ...config.extra_args,
  ];
};

export interface ClaudeCodeAdapterOptions {
  /** Resolves a relative executable; the probes run there. Default: the server's working directory. */
  readonly cwd?: string;
  /** The environment the probes and runs start from (default: the server's), e.g. its HOME and ANTHROPIC_API_KEY. */
  readonly env?: NodeJS.ProcessEnv;
  readonly stopTimings?: StopTimings;
}

export class ClaudeCodeAdapter implements AgentAdapter {
  readonly name = 'claude-code';
  readonly kind = 'claude-code' as const;
  readonly #config: ClaudeCodeConfig;
  readonly #cwd: string;
  readonly #env: NodeJS.ProcessEnv;
  readonly #stopTimings: StopTimings | undefined;

  constructor(config: ClaudeCodeConfigInput = {}, options: ClaudeCodeAdapterOptions = {}) {
    this.#config = ClaudeCodeConfigSchema.parse(config);
    this.#cwd = options.cwd ?? process.cwd();
    this.#env = options.env ?? process.env;
    this.#stopTimings = options.stopTimings;
  }

  async health(): Promise<AdapterHealth> {
    const executable = this.#config.executable;
    const path = findExecutable(executable, this.#env, this.#cwd);
    if (!path) {
      return { installed: false, authenticated: 'unknown', reason: `${executable} was not found on PATH: install Claude Code (npm install -g @anthropic-ai/claude-code) or set AC_CLAUDE_EXECUTABLE` };
    }
    const version = await probe(path, ['--version'], this.#cwd, this.#env);
    if (version.code !== 0) {
      return { installed: true, authenticated: 'unknown', reason: `${path} found, but \`${executable} --version\` failed: ${firstLine(version.stderr) || version.error || `exit ${version.code}`}` };
    }
    const text = firstLine(version.stdout);
    const auth = parseAuthStatus((await probe(path, ['auth', 'status'], this.#cwd, this.#env)).stdout);
    const label = `claude ${text}`;
    if (auth === undefined) {
      const key = (this.#env['ANTHROPIC_API_KEY'] ?? '') !== '';
      return { installed: true, version: text, authenticated: key ? true : 'unknown', reason: `${label}; \`claude auth status\` gave no answer${key ? ', ANTHROPIC_API_KEY is set' : ''}` };
    }
    return auth.loggedIn
      ? { installed: true, version: text, authenticated: true, reason: `${label}, logged in${auth.method ? ` (${auth.method})` : ''}` }
      : { installed: true, version: text, authenticated: false, reason: `${label}, not logged in: run \`claude auth login\` or set ANTHROPIC_API_KEY for the server` };
  }

  start(spec: RunSpec): RunHandle {
    const executable = findExecutable(this.#config.executable, this.#env, this.#cwd);
    if (!executable) throw new CoordinatorError('UNAVAILABLE', `run ${spec.runId}: adapter claude-code cannot start: ${this.#config.executable} not found; check it with \`agent-coordinator adapters\``);
    const parser = new StreamJsonParser(spec.workspace);
    return startProcessRun({
      command: executable,
      args: claudeArguments(spec, this.#config),
      cwd: spec.workspace,
      env: runEnvironment(spec, this.#env),
      ...(spec.signal ? { signal: spec.signal } : {}),
      ...(this.#stopTimings ? { stopTimings: this.#stopTimings } : {}),
      // A result or tool_use line can be long; a cut line would not parse.
      maxLineLength: MAX_LINE_LENGTH,
      parseLine: (stream, line) => (stream === 'stdout' ? parser.parse(line) : []),
      judge: (exit, tail): RunOutcome => {
        const result = parser.result;
        if (result?.isError) return { status: 'failed', reason: `claude-code reported ${result.subtype}${result.text ? `: ${result.text}` : ''}`, log_tail: tail };
        if (exit.code !== 0) {
          const how = exit.signal ? `was ended by ${exit.signal}` : `exited with code ${exit.code}`;
          return { status: 'failed', reason: `claude ${how}${result ? '' : ' before its result line'}`, log_tail: tail };
        }
        if (!result) return { status: 'failed', reason: 'claude exited without a result line: was it run with --output-format stream-json?', log_tail: tail };
        return { status: 'succeeded' };
      },
    });
  }
}

/** The built-in factory: configuration from the server's environment (`AC_CLAUDE_*`), probes from the repository root. */
export const createClaudeCodeAdapter = (context: { readonly repoRoot: string }): ClaudeCodeAdapter =>
  new ClaudeCodeAdapter(claudeCodeConfigFromEnv(process.env), { cwd: context.repoRoot });
