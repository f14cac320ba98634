/**
 * The coordinator's domain, assembled: database → event log and bus → services → background sweeper.
 * Transports (tRPC, MCP, CLI) receive `Services` and nothing else.
 */
import { openDatabase, type Database, type DatabaseTarget } from './db/database.ts';
import { InProcessEventBus, type EventBus } from './events/event-bus.ts';
import { EventLog } from './events/event-log.ts';
import { Transactor } from './common/transactor.ts';
import { AgentService } from './modules/agent/agent.service.ts';
import { TaskService } from './modules/task/task.service.ts';
import { LockService } from './modules/lock/lock.service.ts';
import { ClaimService } from './modules/claim/claim.service.ts';
import { BoardService } from './modules/board/board.service.ts';
import { EventService } from './modules/event/event.service.ts';
import { LivenessSweeper } from './modules/liveness/liveness.sweeper.ts';
import { defaultDataDir, type Config } from './config.ts';

export interface Services {
  readonly agents: AgentService;
  readonly tasks: TaskService;
  readonly locks: LockService;
  readonly claims: ClaimService;
  readonly board: BoardService;
  readonly events: EventService;
}

export interface Coordinator {
  readonly services: Services;
  readonly database: Database;
  readonly eventLog: EventLog;
  readonly sweeper: LivenessSweeper;
  close(): Promise<void>;
}

export const databaseTarget = (config: Config): DatabaseTarget =>
  config.databaseUrl ? { engine: 'postgresql', url: config.databaseUrl } : { engine: 'pglite', dataDir: config.dataDir ?? defaultDataDir() };

export async function createCoordinator(config: Config, onBackgroundError: (error: unknown) => void): Promise<Coordinator> {
  const database = await openDatabase(databaseTarget(config));
  const bus: EventBus = new InProcessEventBus();
  const eventLog = new EventLog(database, bus, onBackgroundError);
  const transactor = new Transactor(database, eventLog);
  const timeout = config.livenessTimeoutSeconds;
  const services: Services = {
    agents: new AgentService(database, transactor, { livenessTimeoutSeconds: timeout }),
    tasks: new TaskService(database, transactor),
    locks: new LockService(database, transactor),
    claims: new ClaimService(transactor),
    board: new BoardService(database, timeout),
    events: new EventService(eventLog, bus),
  };
  const sweeper = new LivenessSweeper(transactor, eventLog, {
    livenessTimeoutSeconds: timeout,
    intervalMs: Math.min(1000, Math.max(100, (timeout * 1000) / 4)),
    retention: { maxAgeSeconds: config.eventRetentionMaxAgeSeconds, maxCount: config.eventRetentionMaxCount },
  });
  await eventLog.flush(); // publish anything a previous run committed but did not number
  sweeper.start(onBackgroundError);
  return {
    services,
    database,
    eventLog,
    sweeper,
    close: async () => {
      await sweeper.stop();
      await eventLog.flush().catch(onBackgroundError);
      await bus.close();
      await database.close();
    },
  };
}
