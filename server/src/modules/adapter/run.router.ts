/** tRPC procedures for runs and adapters: the same RunService and AdapterManager the CLI and MCP use. */
import type { CancelRunInput, GetRunInput, GetRunOutputInput, ListRunsInput, StartRunInput } from '@agent-coordinator/shared';
import { procedure, router, typed } from '../../trpc/trpc.ts';

export const runRouter = router({
  start: procedure.input(typed<StartRunInput>()).mutation(({ ctx, input }) => ctx.services.runs.start(ctx.actor, input)),
  cancel: procedure.input(typed<CancelRunInput>()).mutation(({ ctx, input }) => ctx.services.runs.cancel(ctx.actor, input)),
  get: procedure.input(typed<GetRunInput>()).query(({ ctx, input }) => ctx.services.runs.get(ctx.actor, input)),
  /** The end of the run's log so far; the dashboard then follows run.output events. */
  output: procedure.input(typed<GetRunOutputInput>()).query(({ ctx, input }) => ctx.services.runs.output(ctx.actor, input)),
  list: procedure.input(typed<ListRunsInput | undefined>()).query(({ ctx, input }) => ctx.services.runs.list(ctx.actor, input ?? {})),
});

export const adapterRouter = router({
  /** The adapters with their last health (null before the first check). */
  list: procedure.query(({ ctx }) => ctx.services.runs.adapters.list()),
  /** Checks every adapter's health now. */
  check: procedure.mutation(({ ctx }) => ctx.services.runs.adapters.check()),
});
