/**
 * The tRPC app router: every module's procedures in one flat namespace, each under its operation's name
 * (`get_next_task`, `lock_files`, `subscribe_events`), the name MCP, REST and errors use (docs/operations.md).
 * Each module keeps its own router file; mergeRouters throws at startup if two define the same name.
 * Clients import only its type.
 */
import { mergeRouters } from './trpc.ts';
import { agentRouter } from '../modules/agent/agent.router.ts';
import { taskRouter } from '../modules/task/task.router.ts';
import { lockRouter } from '../modules/lock/lock.router.ts';
import { boardRouter } from '../modules/board/board.router.ts';
import { eventRouter } from '../modules/event/event.router.ts';
import { missionRouter } from '../modules/mission/mission.router.ts';
import { sprintRouter } from '../modules/sprint/sprint.router.ts';
import { planningRouter } from '../modules/planning/planning.router.ts';
import { policyRouter } from '../modules/policy/policy.router.ts';
import { approvalRouter } from '../modules/approval/approval.router.ts';
import { guardRouter } from '../modules/guard/guard.router.ts';
import { knowledgeRouter } from '../modules/knowledge/knowledge.router.ts';
import { authRouter } from '../modules/auth/auth.router.ts';
import { adapterRouter, runRouter } from '../modules/adapter/run.router.ts';
import { inboxRouter } from '../modules/inbox/inbox.router.ts';

/** Every module's router; each procedure's name is the operation it runs (operation-names.test.ts). */
export const MODULE_ROUTERS = [
  authRouter,
  agentRouter,
  taskRouter,
  lockRouter,
  boardRouter,
  eventRouter,
  missionRouter,
  sprintRouter,
  planningRouter,
  policyRouter,
  approvalRouter,
  guardRouter,
  knowledgeRouter,
  runRouter,
  adapterRouter,
  inboxRouter,
] as const;

export const appRouter = mergeRouters(...MODULE_ROUTERS);

export type AppRouter = typeof appRouter;
