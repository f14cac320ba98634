/**
 * The coordinator's domain, assembled: database → event log and bus → services → background sweeper.
 * Transports (tRPC, MCP, CLI) receive `Services` and nothing else.
 */
import { systemActor } from './common/actor.ts';
import { startMaintenance } from './db/maintenance.ts';
import { openDatabase, type Database, type DatabaseTarget } from './db/database.ts';
import type { EventBus } from './events/event-bus.ts';
import { createEventBus } from './events/create-event-bus.ts';
import { EventLog } from './events/event-log.ts';
import { Transactor } from './common/transactor.ts';
import { AgentService } from './modules/agent/agent.service.ts';
import { TaskService } from './modules/task/task.service.ts';
import { LockService } from './modules/lock/lock.service.ts';
import { ReleaseRequestService } from './modules/lock/release-request.service.ts';
import { ClaimService } from './modules/claim/claim.service.ts';
import { BoardService } from './modules/board/board.service.ts';
import { EventService } from './modules/event/event.service.ts';
import { stateSnapshotReader } from './modules/event/state-snapshot.ts';
import { GuardService } from './modules/guard/guard.service.ts';
import { requireTaskLease } from './modules/guard/fencing.ts';
import { LivenessSweeper } from './modules/liveness/liveness.sweeper.ts';
import { MissionService } from './modules/mission/mission.service.ts';
import { SprintService } from './modules/sprint/sprint.service.ts';
import { PlanningService } from './modules/planning/planning.service.ts';
import { createPolicies } from './modules/policy/policy-setup.ts';
import type { PolicyService } from './modules/policy/policy.service.ts';
import { ApprovalService } from './modules/approval/approval.service.ts';
import { approvalAppliers } from './approval-appliers.ts';
import { createKnowledge } from './modules/knowledge/knowledge-setup.ts';
import type { KnowledgeService } from './modules/knowledge/knowledge.service.ts';
import { AuthService } from './modules/auth/auth.service.ts';
import { AdapterManager } from './modules/adapter/adapter.manager.ts';
import { adaptersFilePaths, readAdaptersFiles } from './modules/adapter/adapters-file.ts';
import { RunService } from './modules/adapter/run.service.ts';
import { InboxService } from './modules/inbox/inbox.service.ts';
import { MessageService } from './modules/inbox/message.service.ts';
import { inboxReactions } from './modules/inbox/inbox-reactions.ts';
import { defaultDataDir, type Config } from './config.ts';
import { PrometheusMetrics } from './ops/prometheus-metrics.ts';

export interface Services {
  readonly agents: AgentService;
  readonly tasks: TaskService;
  readonly locks: LockService;
  readonly releaseRequests: ReleaseRequestService;
  readonly claims: ClaimService;
  readonly board: BoardService;
  readonly events: EventService;
  readonly missions: MissionService;
  readonly sprints: SprintService;
  readonly planning: PlanningService;
  readonly policies: PolicyService;
  readonly approvals: ApprovalService;
  readonly guard: GuardService;
  readonly knowledge: KnowledgeService;
  readonly auth: AuthService;
  readonly runs: RunService;
  readonly inbox: InboxService;
  readonly messages: MessageService;
}

export interface Coordinator {
  readonly services: Services;
  readonly database: Database;
  readonly eventLog: EventLog;
  /** In-process by default; NATS JetStream with `natsUrl` (several replicas). */
  readonly bus: EventBus;
  readonly sweeper: LivenessSweeper;
  /** What this replica's parts count, rendered at /metrics (ops/ops.ts adds the scrape-time gauges). */
  readonly metrics: PrometheusMetrics;
  /** Tells runs where agents reach this server, once HTTP listens. */
  setServerUrl(url: string): void;
  close(): Promise<void>;
}

export const databaseTarget = (config: Config): DatabaseTarget =>
  config.databaseUrl ? { engine: 'postgresql', url: config.databaseUrl } : { engine: 'pglite', dataDir: config.dataDir ?? defaultDataDir() };

export async function createCoordinator(config: Config, onBackgroundError: (error: unknown) => void): Promise<Coordinator> {
  const repoRoot = config.repoRoot ?? process.cwd();
  const dataDir = config.dataDir ?? defaultDataDir();
  // Read before anything opens: a broken adapters file stops the start with the file and field named.
  const adaptersFile = readAdaptersFiles(adaptersFilePaths(repoRoot, dataDir));
  const database = await openDatabase(databaseTarget(config));
  const metrics = new PrometheusMetrics();
  const bus = await createEventBus(config, database, onBackgroundError, metrics).catch(async (error: unknown) => {
    await database.close();
    throw error;
  });
  const eventLog = new EventLog(database, bus, onBackgroundError, metrics);
  const transactor = new Transactor(database, eventLog);
  const inbox = new InboxService(database, transactor);
  transactor.react(inboxReactions(inbox));
  const timeout = config.livenessTimeoutSeconds;
  const policies = createPolicies(database, transactor, {
    policiesFile: config.policiesFile,
    approvalTtlSeconds: config.approvalTtlSeconds,
    onError: onBackgroundError,
  });
  // Decided before any request: whether this database holds vectors (pgvector), and which embedder.
  const knowledge = await createKnowledge(database, transactor, config, onBackgroundError).catch(async (error: unknown) => {
    await bus.close();
    await database.close();
    throw error;
  });
  const tasks = new TaskService(database, transactor, requireTaskLease, policies.gate, knowledge.duplicates);
  const locks = new LockService(database, transactor, policies.gate, metrics);
  const board = new BoardService(database);
  const agents = new AgentService(database, transactor, { livenessTimeoutSeconds: timeout });
  const claims = new ClaimService(transactor, policies.gate);
  let serverUrl = `http://${config.host}:${config.port}`;
  const adapters = new AdapterManager({
    context: { repoRoot, dataDir },
    file: adaptersFile,
    healthIntervalMs: config.adapterHealthSeconds * 1000,
    onHealthChanged: (adapter, health, previous) => transactor.run(null, async (tx) => tx.emit({ type: 'adapter.health_changed', adapter, health, previous })),
    onError: onBackgroundError,
  });
  const approvals = new ApprovalService(database, transactor, approvalAppliers(tasks, locks, policies.gate));
  const auth = new AuthService(database, transactor, agents, { credentialRecheckMs: config.credentialRecheckSeconds * 1000 });
  const runs = new RunService(database, transactor, { agents, claims, tasks, adapters }, {
    repoRoot,
    dataDir,
    maxConcurrentRuns: config.maxConcurrentRuns,
    defaultTimeLimitMs: config.runTimeLimitSeconds * 1000,
    heartbeatMs: Math.max(200, (timeout * 1000) / 3),
    connection: () => ({ baseUrl: serverUrl, mcpUrl: `${serverUrl}/mcp` }),
    onError: onBackgroundError,
    approval: (project, approvalId) => approvals.getApproval(systemActor(project), { approval_id: approvalId }),
    // With accounts on, a run's agent gets a token of its own for the run's length (docs/adapters.md).
    runToken: async (project, agentId) => {
      if (!(await auth.accountsMode())) return null;
      const system = systemActor(project);
      const issued = await auth.rotateAgentToken(system, { agent_id: agentId });
      return { token: issued.token, revoke: async () => void (await auth.revokeAgentToken(system, { agent_id: agentId })) };
    },
  });
  const services: Services = {
    agents,
    tasks,
    locks,
    releaseRequests: new ReleaseRequestService(transactor),
    claims,
    missions: new MissionService(database, transactor),
    sprints: new SprintService(database, transactor),
    planning: new PlanningService(database, transactor),
    policies: policies.service,
    approvals,
    board,
    events: new EventService(eventLog, bus, stateSnapshotReader(database, board)),
    guard: new GuardService(transactor, { livenessTimeoutSeconds: timeout }),
    knowledge: knowledge.service,
    auth,
    runs,
    inbox,
    messages: new MessageService(database, transactor, inbox),
  };
  const sweeper = new LivenessSweeper(transactor, database, eventLog, {
    livenessTimeoutSeconds: timeout,
    intervalMs: Math.min(1000, Math.max(100, (timeout * 1000) / 4)),
    retention: { maxAgeSeconds: config.eventRetentionMaxAgeSeconds, maxCount: config.eventRetentionMaxCount },
    pruneWithEvents: (sql, maxAgeSeconds) => inbox.prune(sql, maxAgeSeconds),
  });
  await eventLog.flush(); // publish anything a previous run committed but did not number
  try {
    await policies.start(); // a broken policy file stops the start: never run with policies silently missing
  } catch (error) {
    await eventLog.flush().catch(onBackgroundError);
    await bus.close();
    await database.close();
    throw error;
  }
  // Waiters for locks wake, and agents waiting to hear a path is free are told, on any replica's release;
  // runs a policy held start (or end) on any replica's approval decision. One listener of the server's own.
  const stopWaking = bus.subscribe((event) => {
    if (event.type === 'lock.released') locks.locksReleased(event.project ?? null).catch(onBackgroundError);
    if (event.type === 'approval.decided') runs.approvalDecided(event.approval).catch(onBackgroundError);
  });
  sweeper.start(onBackgroundError);
  const stopMaintenance = startMaintenance(database, onBackgroundError);
  knowledge.start();
  await runs.recover().catch(onBackgroundError); // runs a stopped server left live: lost, tasks released
  adapters.start();
  return {
    services,
    database,
    eventLog,
    bus,
    sweeper,
    metrics,
    setServerUrl: (url) => {
      serverUrl = url.replace(/\/+$/, '');
      runs.resumeDecided().catch(onBackgroundError); // held runs whose approval was decided while no server listened
    },
    close: async () => {
      await runs.close();
      await adapters.close();
      stopWaking();
      policies.close();
      await knowledge.close();
      stopMaintenance();
      await sweeper.stop();
      await eventLog.flush().catch(onBackgroundError);
      await bus.close();
      await database.close();
    },
  };
}
