/** The tRPC app router: every module's procedures under its domain name. Clients import only its type. */
import { router } from './trpc.ts';
import { agentRouter } from '../modules/agent/agent.router.ts';
import { taskRouter } from '../modules/task/task.router.ts';
import { lockRouter } from '../modules/lock/lock.router.ts';
import { boardRouter } from '../modules/board/board.router.ts';
import { eventRouter } from '../modules/event/event.router.ts';

export const appRouter = router({
  agents: agentRouter,
  tasks: taskRouter,
  locks: lockRouter,
  board: boardRouter,
  events: eventRouter,
});

export type AppRouter = typeof appRouter;
