/** tRPC procedures for runs and adapters: the same RunService and AdapterManager the CLI and MCP use. */
import { CancelRunInputSchema, GetRunInputSchema, GetRunOutputInputSchema, ListRunsInputSchema, StartRunInputSchema } from '@agent-coordinator/shared';
import { parsed, parsedOrEmpty, procedure, router } from '../../trpc/trpc.ts';

export const runRouter = router({
  run_task: procedure.input(parsed('run_task', StartRunInputSchema)).mutation(({ ctx, input }) => ctx.services.runs.runTask(ctx.actor, input)),
  cancel_run: procedure.input(parsed('cancel_run', CancelRunInputSchema)).mutation(({ ctx, input }) => ctx.services.runs.cancelRun(ctx.actor, input)),
  get_run: procedure.input(parsed('get_run', GetRunInputSchema)).query(({ ctx, input }) => ctx.services.runs.getRun(ctx.actor, input)),
  /** The end of the run's log so far; the dashboard then follows run.output events. */
  get_run_output: procedure.input(parsed('get_run_output', GetRunOutputInputSchema)).query(({ ctx, input }) => ctx.services.runs.getRunOutput(ctx.actor, input)),
  list_runs: procedure.input(parsedOrEmpty('list_runs', ListRunsInputSchema)).query(({ ctx, input }) => ctx.services.runs.listRuns(ctx.actor, input)),
});

export const adapterRouter = router({
  /** The adapters with their last health (null before the first check). */
  list_adapters: procedure.query(({ ctx }) => ctx.services.runs.adapters.listAdapters()),
  /** Checks every adapter's health now. */
  check_adapters: procedure.mutation(({ ctx }) => ctx.services.runs.adapters.checkAdapters()),
});
