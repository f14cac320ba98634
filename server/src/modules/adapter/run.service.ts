/**
 * Runs: an adapter's agent launched on one task. A run registers (or resumes) an agent of the adapter's
 * kind, claims the task with its file locks through ClaimService — the same rules as claim_task and
 * get_next_task, so it never starts on a task whose files another agent holds, and a policy escalation
 * holds it until a human approves (below) — optionally makes a git worktree on `ac/<key>`, starts
 * the adapter, heartbeats for the agent while the process lives, records the agent's output as
 * `run.output` events (each cut to RUN_EVENT_TEXT_LIMIT, flushed in batches) and the whole output in the
 * run's log file, and when the process ends settles the task: done on success, failed with the log's
 * tail, released back to the queue when cancelled — unless the agent already finished it by its own calls.
 *
 * Limits: concurrent runs per server and per adapter (slots taken synchronously, so of two requests
 * racing for the last slot exactly one gets it) and a time limit per run (then it is cancelled).
 *
 * A policy's escalation holds a run (`waiting_approval`) until a human decides (`approvalDecided`). With
 * accounts on, the run's agent gets a token of its own for the run's length (`runToken`).
 *
 * A server restart (docs/adapters.md): output pipes cannot be re-attached to a new process, so at start
 * every run still marked live by a server of this host that is no longer running is marked `lost`, its
 * process group stopped if it still lives (recognised by AGENT_COORDINATOR_RUN in its environment, never
 * a reused pid), and its task released to the queue.
 */
import { randomUUID } from 'node:crypto';
import { appendFile, mkdir } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import {
  CoordinatorError,
  RUN_AGENTS_CAPABILITY,
  boundRunText,
  type Approval,
  type CancelRunInputSchema,
  type GetRunInputSchema,
  type GetRunOutputInputSchema,
  type ListRunsInputSchema,
  type Parsed,
  type Run,
  type RunEvent,
  type RunOutcome,
  type RunOutput,
  type StartRunInputSchema,
  type Task,
} from '@agent-coordinator/shared';
import { systemActor, type Actor } from '../../common/actor.ts';
import type { Transactor } from '../../common/transactor.ts';
import type { Database } from '../../db/database.ts';
import type { AgentService } from '../agent/agent.service.ts';
import type { ClaimService } from '../claim/claim.service.ts';
import type { TaskService } from '../task/task.service.ts';
import type { AdapterManager } from './adapter.manager.ts';
import type { RunHandle } from './agent-adapter.ts';
import { addWorktree, commitAll, removeWorktree } from './git-worktree.ts';
import { groupMembers, stopForeignGroup } from './process-group.ts';
import { runPrompt } from './run-prompt.ts';
import { readLogTail } from './run-log-tail.ts';
import { OPEN_SERVERS, isRunProcess, isServerAlive } from './run-liveness.ts';
import { RunRepository } from './run.repository.ts';

export interface RunServiceOptions {
  readonly repoRoot: string;
  readonly dataDir: string;
  readonly maxConcurrentRuns: number;
  readonly defaultTimeLimitMs: number;
  readonly heartbeatMs: number;
  /** Where agents reach this server; known once HTTP listens. */
  readonly connection: () => { readonly baseUrl: string; readonly mcpUrl: string };
  readonly onError: (error: unknown) => void;
  /** Batches of output events are recorded at most this often. */
  readonly outputFlushMs?: number;
  /**
   * A credential for the run's agent, for its own calls to the coordinator (MCP, REST, the CLI) when the
   * server runs with accounts: null in local mode (no auth). Revoked when the run ends, so a token never
   * outlives its run.
   */
  readonly runToken?: (project: string, agentId: string) => Promise<RunToken | null>;
  /** Looks up an approval held runs wait for (the start-up sweep of decisions nobody heard). */
  readonly approval?: (project: string, approvalId: string) => Promise<Approval | null>;
}

/** An agent token minted for one run (see RunServiceOptions.runToken). */
export interface RunToken {
  readonly token: string;
  revoke(): Promise<void>;
}

/** The registered agent an MCP or REST session acts as when it launches a run (see `start`). */
export interface Launcher {
  readonly agentId: string | undefined;
}

interface LiveRun {
  readonly run: Run;
  readonly project: string;
  readonly handle: RunHandle | null;
  readonly abort: AbortController;
  readonly done: Promise<void>;
}

const ACTIVE = new Set(['claimed', 'in_progress']);

export class RunService {
  readonly #db: Database;
  readonly #transactor: Transactor;
  readonly #agents: AgentService;
  readonly #claims: ClaimService;
  readonly #tasks: TaskService;
  readonly #adapters: AdapterManager;
  readonly #options: RunServiceOptions;
  readonly #runs = new RunRepository();
  readonly #live = new Map<string, LiveRun>();
  /** Slots taken synchronously at the start of `start`, so racing requests cannot both pass the limit. */
  readonly #slots = new Map<string, number>();
  #slotsTotal = 0;
  #closed = false;
  readonly #serverId = `${hostname()}/${process.pid}/${randomUUID().slice(0, 8)}`;

  constructor(db: Database, transactor: Transactor, services: { agents: AgentService; claims: ClaimService; tasks: TaskService; adapters: AdapterManager }, options: RunServiceOptions) {
    this.#db = db;
    this.#transactor = transactor;
    this.#agents = services.agents;
    this.#claims = services.claims;
    this.#tasks = services.tasks;
    this.#adapters = services.adapters;
    this.#options = options;
    OPEN_SERVERS.add(this.#serverId);
  }

  get adapters(): AdapterManager {
    return this.#adapters;
  }

  /**
   * Launches a run, or holds it when a policy escalates its claim. `launcher` is given by transports
   * whose callers are agents' sessions (MCP, REST): the registered agent the session acts as, which must
   * be a human or hold RUN_AGENTS_CAPABILITY. tRPC and the CLI act for the person who is signed in.
   */
  async runTask(actor: Actor, input: Parsed<typeof StartRunInputSchema>, launcher?: Launcher): Promise<Run> {
    if (actor.agentId !== null) {
      throw new CoordinatorError('FORBIDDEN', 'run_task: an agent token cannot launch agents; a person (member or admin) starts runs', [{ field: 'adapter', message: 'not for agent tokens' }]);
    }
    if (launcher) await this.#checkLauncher(actor, launcher);
    if (this.#closed) throw new CoordinatorError('UNAVAILABLE', 'run_task: the server is shutting down; start the run again once it is back');
    const adapter = this.#adapters.get(input.adapter);
    const release = this.#takeSlot(adapter.name);
    try {
      const run = await this.#launch(actor, input, release);
      if (run.status === 'waiting_approval') release(); // a held run takes a slot only once it starts
      return run;
    } catch (error) {
      release();
      throw error;
    }
  }

  async #checkLauncher(actor: Actor, launcher: Launcher): Promise<void> {
    if (launcher.agentId === undefined) {
      throw new CoordinatorError('FORBIDDEN', `run_task: call register_agent first — as kind human, or as an agent an admin gave the ${RUN_AGENTS_CAPABILITY} capability`, [
        { field: 'agent_id', message: 'register first' },
      ]);
    }
    const agent = await this.#agents.getAgent(actor, { agent_id: launcher.agentId });
    if (agent.kind !== 'human' && !agent.capabilities.includes(RUN_AGENTS_CAPABILITY)) {
      throw new CoordinatorError('FORBIDDEN', `run_task: ${agent.name} is an agent (${agent.kind}) without the ${RUN_AGENTS_CAPABILITY} capability; a human launches runs, or an admin grants it with \`agent-coordinator agent set ${agent.name} --capabilities ${RUN_AGENTS_CAPABILITY}\``, [
        { field: 'agent_id', message: `needs kind human or capability ${RUN_AGENTS_CAPABILITY}` },
      ]);
    }
  }

  #takeSlot(adapter: string): () => void {
    if (this.#slotsTotal >= this.#options.maxConcurrentRuns) {
      throw new CoordinatorError('CONFLICT', `run_task: ${this.#slotsTotal} runs are going, the most this server allows (max concurrent runs ${this.#options.maxConcurrentRuns}); wait for one to finish or cancel one`, [
        { field: 'adapter', message: 'server run limit reached' },
      ]);
    }
    const limit = this.#adapters.limitOf(adapter);
    const used = this.#slots.get(adapter) ?? 0;
    if (limit !== undefined && used >= limit) {
      throw new CoordinatorError('CONFLICT', `run_task: ${used} runs of ${adapter} are going, the most the adapters file allows (max_concurrent.${adapter} = ${limit}); wait for one to finish`, [
        { field: 'adapter', message: 'adapter run limit reached' },
      ]);
    }
    this.#slots.set(adapter, used + 1);
    this.#slotsTotal++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#slots.set(adapter, (this.#slots.get(adapter) ?? 1) - 1);
      this.#slotsTotal--;
    };
  }

  async #launch(actor: Actor, input: ReturnType<typeof StartRunInputSchema.parse>, releaseSlot: () => void): Promise<Run> {
    const adapter = this.#adapters.get(input.adapter);
    const task = await this.#tasks.getTask(actor, { task_id: input.task_id });
    const agentName = input.agent_name ?? `${adapter.name.replace(':', '-')}-${task.key}`;
    const agent = await this.#agents.registerAgent(actor, { name: agentName, kind: adapter.kind });
    let approvalId: string | undefined;
    if (!(task.claimed_by === agent.agent_id && ACTIVE.has(task.status))) {
      const claimed = await this.#claims.claimTask(actor, { task_id: task.task_id, agent_id: agent.agent_id });
      if (!claimed.task) {
        approvalId = claimed.pending_approvals?.[0]?.approval_id;
        if (approvalId === undefined) {
          throw new CoordinatorError('LOCK_HELD', `run_task: ${task.key} cannot be claimed for ${agentName}: ${claimed.reason ?? 'refused'}; wait until its files are released or run another task`, [
            { field: 'task_id', message: claimed.reason ?? 'not claimable' },
          ]);
        }
      }
    }
    const runId = randomUUID();
    const runsDir = join(this.#options.dataDir, 'runs');
    await mkdir(runsDir, { recursive: true });
    const branch = input.worktree ? `ac/${task.key}` : null;
    const workspace = branch ? join(this.#options.dataDir, 'worktrees', `${task.key}-${runId.slice(0, 8)}`) : this.#options.repoRoot;
    const record = {
      id: runId, project: actor.project, adapter: adapter.name, taskId: task.task_id, taskKey: task.key, agentId: agent.agent_id, agentName, serverId: this.#serverId,
      workspace, branch, logFile: join(runsDir, `${runId}.log`),
      ...(approvalId ? { approvalId } : {}),
      ...(input.time_limit_seconds ? { timeLimitSeconds: input.time_limit_seconds } : {}),
    };
    if (approvalId) {
      return this.#transactor.run(actor.project, async (tx) => {
        const run = await this.#runs.insert(tx, record);
        tx.emit({ type: 'run.held', run });
        return run;
      });
    }
    const run = await this.#transactor.run(actor.project, (tx) => this.#runs.insert(tx, record));
    return this.#begin(actor.project, run, task, input.time_limit_seconds, releaseSlot);
  }

  /** Starts a recorded run (`starting`, its task claimed by its agent): worktree, adapter, watching. */
  async #begin(project: string, started: Run, task: Task, timeLimitSeconds: number | undefined, releaseSlot: () => void): Promise<Run> {
    const system = systemActor(project);
    const adapter = this.#adapters.get(started.adapter);
    if (started.branch) {
      try {
        await addWorktree(this.#options.repoRoot, started.workspace, started.branch);
      } catch (error) {
        const reason = `run could not start: ${(error as Error).message}`.slice(0, 1000);
        await this.#tasks.releaseTask(system, { task_id: task.task_id, agent_id: started.agent_id, reason }).catch(this.#options.onError);
        await this.#transactor.run(project, async (tx) => {
          const run = await this.#runs.finish(tx, started.id, 'failed', reason);
          tx.emit({ type: 'run.finished', run, outcome: { status: 'failed', reason, log_tail: '' } });
        });
        throw error;
      }
    }
    const abort = new AbortController();
    const connection = this.#options.connection();
    let credential: RunToken | null = null;
    const revoke = (): void => void credential?.revoke().catch(this.#options.onError);
    let handle: RunHandle;
    try {
      credential = (await this.#options.runToken?.(project, started.agent_id)) ?? null;
      handle = adapter.start({
        runId: started.id,
        task: { key: task.key, title: task.title, description: task.description, files: task.files },
        prompt: runPrompt(task, started.agent_name),
        workspace: started.workspace,
        coordinator: { baseUrl: connection.baseUrl, mcpUrl: connection.mcpUrl, token: credential?.token ?? '', project, agentName: started.agent_name },
        env: {},
        limits: { timeLimitMs: (timeLimitSeconds ?? 0) * 1000 || this.#options.defaultTimeLimitMs },
        logFile: started.log_file,
        signal: abort.signal,
      });
    } catch (error) {
      const reason = `the adapter could not start: ${(error as Error).message}`;
      revoke();
      await this.#settle(system, started, task, { status: 'failed', reason, log_tail: '' });
      releaseSlot();
      throw error;
    }
    const running = await this.#transactor.run(project, async (tx) => {
      const run = await this.#runs.markRunning(tx, started.id, handle.pid ?? null);
      tx.emit({ type: 'run.started', run });
      return run;
    });
    const done = this.#watch(system, running, task, handle, abort, timeLimitSeconds).finally(() => {
      this.#live.delete(started.id);
      releaseSlot();
      revoke();
    });
    this.#live.set(started.id, { run: running, project, handle, abort, done });
    return running;
  }

  /**
   * A human decided an approval (any replica's event, or the start-up sweep): the runs held for it
   * start when it was approved and applied (their task is now claimed by their agent), and end
   * `rejected` when it was rejected or expired, `failed` when it was approved but could no longer be
   * applied. The runs are taken in one statement, so of several replicas exactly one starts each.
   */
  async approvalDecided(approval: Approval): Promise<void> {
    if (approval.status === 'pending' || this.#closed) return;
    if (approval.status !== 'approved') {
      const status = approval.status === 'failed' ? 'failed' : 'rejected';
      const reason = approval.status === 'failed'
        ? `approved, but the claim could no longer be applied: ${approval.result_note ?? 'refused'}`
        : `approval ${approval.approval_id} ${approval.status}${approval.decided_by_name ? ` by ${approval.decided_by_name}` : ''}${approval.decision_note ? `: ${approval.decision_note}` : ''}`;
      await this.#transactor.run(null, async (tx) => {
        for (const held of await this.#runs.takeHeld(tx, approval.approval_id, { status, reason })) tx.within(held.project).emit({ type: 'run.finished', run: held.run, outcome: null });
      });
      return;
    }
    const { taken, abandoned } = await this.#transactor.run(null, async (tx) => ({
      taken: await this.#runs.takeHeld(tx, approval.approval_id, { status: 'starting', serverId: this.#serverId }),
      abandoned: await this.#runs.cancelledWhileHeld(tx, approval.approval_id),
    }));
    for (const held of taken) await this.#startHeld(held.project, held.run, held.timeLimitSeconds ?? undefined).catch(this.#options.onError);
    for (const { run, project } of abandoned) {
      // The approval claimed the task for an agent whose run was cancelled meanwhile: nobody will work it.
      const task = await this.#tasks.getTask(systemActor(project), { task_id: run.task_id }).catch(() => null);
      if (task && task.claimed_by === run.agent_id && ACTIVE.has(task.status)) {
        await this.#tasks.releaseTask(systemActor(project), { task_id: run.task_id, agent_id: run.agent_id, reason: `run ${run.id} was cancelled while waiting for approval` }).catch(this.#options.onError);
      }
    }
  }

  async #startHeld(project: string, run: Run, timeLimitSeconds: number | undefined): Promise<void> {
    const system = systemActor(project);
    const task = await this.#tasks.getTask(system, { task_id: run.task_id });
    const end = async (reason: string): Promise<void> => {
      await this.#transactor.run(project, async (tx) => {
        const ended = await this.#runs.finish(tx, run.id, 'failed', reason);
        tx.emit({ type: 'run.finished', run: ended, outcome: { status: 'failed', reason, log_tail: '' } });
      });
    };
    if (!(task.claimed_by === run.agent_id && ACTIVE.has(task.status))) {
      await end(`approved, but ${task.key} is no longer claimed by ${run.agent_name} (${task.status}); start a new run`);
      return;
    }
    let release: () => void;
    try {
      release = this.#takeSlot(run.adapter);
    } catch (error) {
      await this.#tasks.releaseTask(system, { task_id: task.task_id, agent_id: run.agent_id, reason: `run ${run.id}: no run slot free when approved` }).catch(this.#options.onError);
      await end(`approved, but no run slot was free: ${(error as Error).message}; the task is back in the queue, start the run again`);
      return;
    }
    try {
      await this.#begin(project, run, task, timeLimitSeconds, release);
    } catch (error) {
      release();
      throw error;
    }
  }

  async #watch(system: Actor, run: Run, task: Task, handle: RunHandle, abort: AbortController, timeLimitSeconds: number | undefined): Promise<void> {
    const limitMs = (timeLimitSeconds ?? 0) * 1000 || this.#options.defaultTimeLimitMs;
    const timer = setTimeout(() => void handle.cancel(`time limit of ${Math.round(limitMs / 1000)} s reached`).catch(this.#options.onError), limitMs);
    const heartbeat = setInterval(() => void this.#agents.heartbeat(system, { agent_id: run.agent_id }).catch(this.#options.onError), this.#options.heartbeatMs);
    const pending: RunEvent[] = [];
    let log = '';
    const flush = async (): Promise<void> => {
      const events = pending.splice(0);
      const text = log;
      log = '';
      if (text !== '') await appendFile(run.log_file, text);
      if (events.length === 0) return;
      await this.#transactor.run(system.project, async (tx) => {
        tx.emit(...events.map((event) => ({ type: 'run.output' as const, run_id: run.id, task_key: run.task_key, event: boundEvent(event) })));
      });
    };
    let flushing: Promise<void> = Promise.resolve();
    const flusher = setInterval(() => {
      flushing = flushing.then(flush).catch(this.#options.onError);
    }, this.#options.outputFlushMs ?? 250);
    try {
      for await (const event of handle.events) {
        if (event.kind === 'log') log += `[${event.stream}] ${event.text}\n`;
        pending.push(event);
      }
      const outcome = await handle.outcome;
      clearInterval(flusher);
      flushing = flushing.then(flush).catch(this.#options.onError);
      await flushing;
      await this.#settle(system, run, task, outcome);
    } finally {
      clearTimeout(timer);
      clearInterval(heartbeat);
      clearInterval(flusher);
      abort.abort('run ended');
    }
  }

  /** Ends the run's record and, unless the agent already finished the task itself, the task. */
  async #settle(system: Actor, run: Run, task: Task, outcome: RunOutcome): Promise<void> {
    const current = await this.#tasks.getTask(system, { task_id: task.task_id }).catch(() => null);
    const ours = current !== null && current.claimed_by === run.agent_id && ACTIVE.has(current.status);
    let reason: string | null = outcome.status === 'succeeded' ? null : outcome.reason;
    if (ours) {
      const ref = { task_id: task.task_id, agent_id: run.agent_id };
      if (outcome.status === 'succeeded') {
        if (run.branch) {
          const committed = await commitAll(run.workspace, `${task.key}: ${task.title}\n\nRun ${run.id} (${run.adapter}).`).catch((error: unknown) => {
            reason = `could not commit the worktree: ${(error as Error).message}`;
            return null;
          });
          if (committed !== null) await removeWorktree(this.#options.repoRoot, run.workspace).catch(this.#options.onError);
        }
        if (reason === null) await this.#tasks.completeTask(system, { ...ref, summary: `completed by run ${run.id} (${run.adapter})${run.branch ? ` on branch ${run.branch}` : ''}` });
        else await this.#tasks.updateTask(system, { ...ref, status: 'failed', progress_note: reason.slice(0, 3_900) });
      } else if (outcome.status === 'failed') {
        await this.#tasks.updateTask(system, { ...ref, status: 'failed', progress_note: `${outcome.reason}\n${outcome.log_tail}`.slice(-3_900) });
      } else {
        await this.#tasks.releaseTask(system, { ...ref, reason: `run ${run.id} cancelled: ${outcome.reason}`.slice(0, 3_900) });
      }
    }
    const status = reason !== null && outcome.status === 'succeeded' ? 'failed' : outcome.status;
    await this.#transactor.run(system.project, async (tx) => {
      const finished = await this.#runs.finish(tx, run.id, status, reason);
      tx.emit({ type: 'run.finished', run: finished, outcome });
    });
  }

  async cancelRun(actor: Actor, input: Parsed<typeof CancelRunInputSchema>): Promise<Run> {
    const run = await this.#existing('cancel_run', actor, input.run_id);
    if (run.status === 'waiting_approval') {
      // Nothing runs and nothing is claimed yet; the approval stays pending (only a human decides it), and
      // if it is approved later approvalDecided hands the claimed task back to the queue.
      const ended = await this.#transactor.run(actor.project, async (tx) => {
        const cancelled = await this.#runs.endHeld(tx, run.id, 'cancelled', `cancelled while waiting for approval${input.reason ? `: ${input.reason}` : ''}`);
        if (cancelled) tx.emit({ type: 'run.finished', run: cancelled, outcome: { status: 'cancelled', reason: input.reason ?? 'cancelled by request' } });
        return cancelled;
      });
      return ended ?? this.getRun(actor, { run_id: run.id });
    }
    const live = this.#live.get(run.id);
    if (!live) {
      if (run.status === 'running' || run.status === 'starting') throw new CoordinatorError('CONFLICT', `cancel_run: run ${run.id} is watched by another server (replica); cancel it there`);
      return run;
    }
    await live.handle?.cancel(input.reason ?? 'cancelled by request');
    await live.done;
    return this.getRun(actor, { run_id: run.id });
  }

  async getRun(actor: Actor, input: Parsed<typeof GetRunInputSchema>): Promise<Run> {
    return this.#existing('get_run', actor, input.run_id);
  }

  /** The run, or NOT_FOUND worded for the operation that asked (list_runs names the runs there are). */
  async #existing(operation: string, actor: Actor, runId: string): Promise<Run> {
    const run = await this.#runs.get(this.#db, actor.project, runId);
    if (!run) throw new CoordinatorError('NOT_FOUND', `${operation}: no run ${runId} in this project; list runs with list_runs`, [{ field: 'run_id', message: 'unknown run' }]);
    return run;
  }

  /** The end of a run's log so far (the dashboard's output panel, before live run.output events). */
  async getRunOutput(actor: Actor, input: Parsed<typeof GetRunOutputInputSchema>): Promise<RunOutput> {
    const run = await this.#existing('get_run_output', actor, input.run_id);
    return { run_id: run.id, ...(await readLogTail(run.log_file, input.max_bytes)) };
  }

  listRuns(actor: Actor, input: Parsed<typeof ListRunsInputSchema> = {}): Promise<Run[]> {
    return this.#runs.list(this.#db, actor.project, { ...(input.task_id ? { task: input.task_id } : {}), ...(input.status ? { status: input.status } : {}), limit: input.limit ?? 100 });
  }

  /** Settles runs a server of this host left live when it stopped (see the module comment). */
  async recover(): Promise<Run[]> {
    const lost: { run: Run; project: string }[] = await this.#transactor.run(null, async (tx) => {
      const found = [];
      for (const live of await this.#runs.liveForUpdate(tx)) {
        if (isServerAlive(live.serverId)) continue;
        const run = await this.#runs.finish(tx, live.run.id, 'lost', 'the server watching this run stopped; its output cannot be re-attached');
        tx.within(live.project).emit({ type: 'run.finished', run, outcome: null });
        found.push({ run, project: live.project });
      }
      return found;
    });
    for (const { run, project } of lost) {
      if (run.pid !== null && isRunProcess(run.pid, run.id) && groupMembers(run.pid).length > 0) await stopForeignGroup(run.pid).catch(this.#options.onError);
      const task = await this.#tasks.getTask(systemActor(project), { task_id: run.task_id }).catch(() => null);
      if (task && task.claimed_by === run.agent_id && ACTIVE.has(task.status)) {
        await this.#tasks.releaseTask(systemActor(project), { task_id: run.task_id, agent_id: run.agent_id, reason: `run ${run.id} lost in a server restart` }).catch(this.#options.onError);
      }
    }
    return lost.map((l) => l.run);
  }

  /**
   * Acts on decisions made while no server listened (all were down, or the event was missed): each
   * approval a held run waits for is looked up, and a decided one handled as `approvalDecided` does.
   * Called once the server knows its own URL, since a held run that starts needs it.
   */
  async resumeDecided(): Promise<void> {
    const lookup = this.#options.approval;
    if (!lookup) return;
    for (const { approvalId, project } of await this.#runs.heldApprovals(this.#db)) {
      const approval = await lookup(project, approvalId).catch(() => null);
      if (approval && approval.status !== 'pending') await this.approvalDecided(approval);
    }
  }

  /** On shutdown: every live run is cancelled (its task released), so no task stays claimed by a dead process. */
  async close(): Promise<void> {
    this.#closed = true;
    OPEN_SERVERS.delete(this.#serverId);
    await Promise.all([...this.#live.values()].map(async (live) => {
      await live.handle?.cancel('the server is shutting down').catch(this.#options.onError);
      await live.done.catch(this.#options.onError);
    }));
  }
}

const boundEvent = (event: RunEvent): RunEvent => {
  switch (event.kind) {
    case 'log':
    case 'progress':
      return { ...event, text: boundRunText(event.text) };
    case 'files_touched':
      return { ...event, paths: event.paths.slice(0, 100) };
    case 'tool_use':
      return { ...event, name: boundRunText(event.name, 200) };
    default:
      return event;
  }
};
