/**
 * A child process in its own process group, and the one way to stop it: SIGINT to the whole group, a
 * bounded wait, SIGTERM, a bounded wait, SIGKILL — until no process of the group is left. Agents spawn
 * shells, language servers and test runners; signalling only the leader would orphan them.
 *
 * The child is started `detached` (a new session, so its group id is its pid). "The group is gone" is
 * read from /proc on Linux (members by process group id, zombies not counted: in a container PID 1 may
 * never reap orphans) and from `kill(-pgid, 0)` elsewhere. When the leader exits by itself, whatever it
 * left in its group is stopped the same way, so a finished run never leaves a process behind.
 *
 * Output is split into lines (long lines cut at `maxLineLength`) and handed to `onLine` as it arrives.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import type { RunLogStream } from '@agent-coordinator/shared';

export interface ProcessExit {
  /** The leader's exit code, or null when a signal ended it. */
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export interface StopTimings {
  /** How long the group has after SIGINT before SIGTERM. */
  readonly interruptMs: number;
  /** How long the group has after SIGTERM before SIGKILL. */
  readonly terminateMs: number;
  /** How long to wait for the group to vanish after SIGKILL (the kernel needs a moment). */
  readonly killMs: number;
}

export const DEFAULT_STOP_TIMINGS: StopTimings = { interruptMs: 2_000, terminateMs: 2_000, killMs: 5_000 };

export interface ProcessGroupOptions {
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  readonly onLine?: (stream: RunLogStream, line: string) => void;
  /** Text written to the child's stdin, which is then closed; without it stdin is closed at once. */
  readonly stdin?: string;
  readonly maxLineLength?: number;
  readonly stopTimings?: StopTimings;
}

const POLL_MS = 50;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Pids of the live (not zombie) members of a process group; read from /proc on Linux. */
export const groupMembers = (pgid: number): readonly number[] => {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return isGroupSignalable(pgid) ? [pgid] : [];
  }
  const members: number[] = [];
  for (const entry of entries) {
    if (!/^[0-9]+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // gone meanwhile
    }
    // pid (comm) state ppid pgrp ...: comm may hold spaces and parentheses, so read after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (fields[0] === 'Z' || fields[0] === 'X') continue;
    if (Number(fields[2]) === pgid) members.push(Number(entry));
  }
  return members;
};

const isGroupSignalable = (pgid: number): boolean => {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
};

const signalGroup = (pgid: number, signal: NodeJS.Signals): void => {
  try {
    process.kill(-pgid, signal);
  } catch {
    // ESRCH: nobody left in the group.
  }
};

/** Cuts a byte stream into lines, none longer than `max` characters. */
class LineSplitter {
  #partial = '';
  readonly #max: number;
  readonly #emit: (line: string) => void;
  constructor(max: number, emit: (line: string) => void) {
    this.#max = max;
    this.#emit = emit;
  }
  write(chunk: string): void {
    const parts = (this.#partial + chunk).split('\n');
    this.#partial = parts.pop() ?? '';
    for (const part of parts) this.#emitBounded(part.endsWith('\r') ? part.slice(0, -1) : part);
    while (this.#partial.length > this.#max) {
      this.#emit(this.#partial.slice(0, this.#max));
      this.#partial = this.#partial.slice(this.#max);
    }
  }
  flush(): void {
    if (this.#partial !== '') this.#emitBounded(this.#partial);
    this.#partial = '';
  }
  #emitBounded(line: string): void {
    for (let start = 0; start < line.length || start === 0; start += this.#max) {
      this.#emit(line.slice(start, start + this.#max));
      if (line.length === 0) break;
    }
  }
}

/**
 * Stops a group this process did not spawn (a run left by a server that stopped): the same escalation,
 * judged by the group's members only.
 */
export const stopForeignGroup = async (pgid: number, timings: StopTimings = DEFAULT_STOP_TIMINGS): Promise<boolean> => {
  const steps: readonly [NodeJS.Signals, number][] = [
    ['SIGINT', timings.interruptMs],
    ['SIGTERM', timings.terminateMs],
    ['SIGKILL', timings.killMs],
  ];
  for (const [signal, waitMs] of steps) {
    if (groupMembers(pgid).length === 0) return true;
    signalGroup(pgid, signal);
    const deadline = Date.now() + waitMs;
    while (Date.now() < deadline) {
      if (groupMembers(pgid).length === 0) return true;
      await sleep(POLL_MS);
    }
  }
  return groupMembers(pgid).length === 0;
};

export class ProcessGroup {
  readonly pid: number;
  /** Settles when the leader has exited and no process of its group is left. */
  readonly exited: Promise<ProcessExit>;
  readonly #child: ChildProcess;
  readonly #timings: StopTimings;
  #escalation: Promise<void> | undefined;
  #leaderExit: ProcessExit | undefined;

  private constructor(child: ChildProcess, pid: number, options: ProcessGroupOptions) {
    this.#child = child;
    this.pid = pid;
    this.#timings = options.stopTimings ?? DEFAULT_STOP_TIMINGS;
    const max = options.maxLineLength ?? 16_384;
    const onLine = options.onLine ?? (() => undefined);
    const outputs: Promise<void>[] = [];
    for (const stream of ['stdout', 'stderr'] as const) {
      const readable = child[stream];
      if (!readable) continue;
      const splitter = new LineSplitter(max, (line) => onLine(stream, line));
      readable.setEncoding('utf8');
      readable.on('data', (chunk: string) => splitter.write(chunk));
      outputs.push(
        new Promise((resolve) => {
          // A grandchild may keep the pipe open after the leader's exit: the group reap below ends it.
          readable.once('close', () => {
            splitter.flush();
            resolve();
          });
        }),
      );
    }
    const leaderExited = new Promise<ProcessExit>((resolve) => {
      child.once('exit', (code, signal) => {
        this.#leaderExit = { code, signal };
        resolve(this.#leaderExit);
      });
    });
    this.exited = leaderExited.then(async (exit) => {
      // Whatever the leader left behind goes too, by the same escalation.
      if (groupMembers(this.pid).length > 0) await this.#escalate().catch(() => undefined);
      await Promise.race([Promise.all(outputs), sleep(1_000)]);
      return exit;
    });
  }

  static spawn(options: ProcessGroupOptions): ProcessGroup {
    const child = spawn(options.command, [...options.args], {
      cwd: options.cwd,
      env: options.env,
      detached: true,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    if (child.pid === undefined) {
      // spawn reports a missing executable asynchronously; the pid is the synchronous sign.
      child.on('error', () => undefined);
      throw new Error(`could not start ${options.command}: not found or not executable`);
    }
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(options.stdin ?? '');
    return new ProcessGroup(child, child.pid, options);
  }

  /** Whether any process of the group still lives (leader or not). */
  get alive(): boolean {
    return this.#leaderExit === undefined || groupMembers(this.pid).length > 0;
  }

  /** SIGINT → SIGTERM → SIGKILL to the group with bounded waits; resolves with the leader's exit. */
  async stop(): Promise<ProcessExit> {
    await this.#escalate();
    return this.exited;
  }

  /** One escalation per group, shared by `stop` and the reap after the leader's own exit. */
  #escalate(): Promise<void> {
    this.#escalation ??= this.#runEscalation();
    return this.#escalation;
  }

  async #runEscalation(): Promise<void> {
    const steps: readonly [NodeJS.Signals, number][] = [
      ['SIGINT', this.#timings.interruptMs],
      ['SIGTERM', this.#timings.terminateMs],
      ['SIGKILL', this.#timings.killMs],
    ];
    for (const [signal, waitMs] of steps) {
      if (this.#gone()) return;
      signalGroup(this.pid, signal);
      const deadline = Date.now() + waitMs;
      while (Date.now() < deadline) {
        if (this.#gone()) return;
        await sleep(POLL_MS);
      }
    }
    if (!this.#gone()) throw new Error(`process group ${this.pid} survived SIGKILL (members: ${groupMembers(this.pid).join(', ')})`);
  }

  #gone(): boolean {
    return this.#child.exitCode !== null || this.#child.signalCode !== null ? groupMembers(this.pid).length === 0 : false;
  }
}
