/** The tRPC app router: every module's procedures under its domain name. Clients import only its type. */
import { router } from './trpc.ts';
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

export const appRouter = router({
  auth: authRouter,
  agents: agentRouter,
  tasks: taskRouter,
  locks: lockRouter,
  board: boardRouter,
  events: eventRouter,
  missions: missionRouter,
  sprints: sprintRouter,
  planning: planningRouter,
  policies: policyRouter,
  approvals: approvalRouter,
  guard: guardRouter,
  knowledge: knowledgeRouter,
  runs: runRouter,
  adapters: adapterRouter,
  inbox: inboxRouter,
});

export type AppRouter = typeof appRouter;
