/**
 * The `command` adapter: runs any agent CLI from a configured argument vector (no shell), with the
 * placeholders `{prompt}`, `{task}`, `{workspace}` and `{prompt_file}` filled in, in the run's workspace,
 * with the coordinator's connection in its environment (run-env.ts) so the agent or its script can call
 * the `agent-coordinator` CLI as the run's agent. Its health is the executable found (and its version when
 * `version_args` is configured); whether it is logged in to anything is not knowable, so `'unknown'`.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { CoordinatorError, type AdapterHealth, type AgentKind, type CommandAdapterConfig } from '@agent-coordinator/shared';
import type { AgentAdapter, RunHandle, RunSpec } from './agent-adapter.ts';
import { findExecutable } from './find-executable.ts';
import { startProcessRun } from './process-run.ts';
import { runEnvironment } from './run-env.ts';
import type { StopTimings } from './process-group.ts';

const VERSION_TIMEOUT_MS = 10_000;

/** Replaces every placeholder in one argument. */
export const fillPlaceholders = (arg: string, values: Readonly<Record<string, string>>): string =>
  arg.replace(/\{(prompt|task|workspace|prompt_file)\}/g, (whole, key: string) => values[key] ?? whole);

const firstLine = (text: string): string => text.trim().split('\n')[0]?.trim() ?? '';

export class CommandAdapter implements AgentAdapter {
  readonly name: string;
  readonly kind: AgentKind;
  readonly #config: CommandAdapterConfig;
  readonly #cwd: string;
  readonly #stopTimings: StopTimings | undefined;

  /** `cwd` resolves a relative executable (`./scripts/agent.sh`): the repository root. */
  constructor(name: string, config: CommandAdapterConfig, cwd: string, stopTimings?: StopTimings) {
    this.name = `command:${name}`;
    this.kind = config.kind ?? 'other';
    this.#config = config;
    this.#cwd = cwd;
    this.#stopTimings = stopTimings;
  }

  get executable(): string {
    return this.#config.command[0] ?? '';
  }

  async health(): Promise<AdapterHealth> {
    const path = findExecutable(this.executable, process.env, this.#cwd);
    if (!path) {
      return { installed: false, authenticated: 'unknown', reason: `${this.executable} was not found on PATH (nor as a path from ${this.#cwd}): install it or fix "command" in the adapters file` };
    }
    if (!this.#config.version_args) return { installed: true, authenticated: 'unknown', reason: `${path} found` };
    const version = await new Promise<{ ok: true; text: string } | { ok: false; text: string }>((resolve) => {
      execFile(path, this.#config.version_args ?? [], { timeout: VERSION_TIMEOUT_MS, cwd: this.#cwd }, (error, stdout, stderr) =>
        resolve(error ? { ok: false, text: firstLine(stderr) || error.message } : { ok: true, text: firstLine(stdout) || firstLine(stderr) }),
      );
    });
    return version.ok
      ? { installed: true, version: version.text, authenticated: 'unknown', reason: `${path} found, version ${version.text}` }
      : { installed: true, authenticated: 'unknown', reason: `${path} found, but ${this.executable} ${(this.#config.version_args ?? []).join(' ')} failed: ${version.text}` };
  }

  start(spec: RunSpec): RunHandle {
    const promptFile = join(dirname(spec.logFile), `${spec.runId}.prompt.md`);
    mkdirSync(dirname(promptFile), { recursive: true });
    writeFileSync(promptFile, spec.prompt);
    const values = { prompt: spec.prompt, task: spec.task.key, workspace: spec.workspace, prompt_file: promptFile };
    const [command, ...args] = this.#config.command.map((arg) => fillPlaceholders(arg, values));
    const executable = command === undefined ? undefined : findExecutable(command, process.env, this.#cwd);
    if (!executable) throw new CoordinatorError('UNAVAILABLE', `run ${spec.runId}: adapter ${this.name} cannot start: ${command ?? '(no command)'} not found; check it with \`agent-coordinator adapters\``);
    return startProcessRun({
      command: executable,
      args,
      cwd: spec.workspace,
      env: runEnvironment(spec, { ...process.env, ...this.#config.env }),
      ...(spec.signal ? { signal: spec.signal } : {}),
      ...(this.#stopTimings ? { stopTimings: this.#stopTimings } : {}),
    });
  }
}
