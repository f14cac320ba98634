/**
 * The runs toolset (`/mcp?toolsets=runs`): launching an agent through an adapter on a task, listing runs,
 * reading one's output and cancelling one. Not in the core catalogue: an agent working a task never needs it, and the
 * definitions are context every session would pay for. Who may launch is the run service's rule
 * (docs/adapters.md): a person, or over MCP a session registered as a human or as an agent holding the
 * RUN_AGENTS_CAPABILITY.
 */
import * as z from 'zod';
import type { ToolDefinition } from './tools.ts';
import { CancelRunInputSchema, GetRunOutputInputSchema, ListRunsInputSchema, RunOutputSchema, RunSchema, StartRunInputSchema } from './adapter.ts';

const define = <I extends z.ZodType, O extends z.ZodType>(tool: ToolDefinition<I, O>): ToolDefinition<I, O> => tool;

export const RUN_TOOLS = {
  run_task: define({
    name: 'run_task',
    title: 'Run task',
    description: 'Launch a headless agent (adapter: claude-code, openai, command:<name>) on a task: claimed with its files, worked, completed or failed.',
    input: StartRunInputSchema,
    output: RunSchema,
    mutates: true,
  }),
  list_runs: define({
    name: 'list_runs',
    title: 'List runs',
    description: 'Agent runs, newest first: adapter, task, agent, status (running, waiting_approval, succeeded, failed, ...) and reason.',
    input: ListRunsInputSchema,
    output: z.object({ runs: z.array(RunSchema) }),
    mutates: false,
  }),
  get_run_output: define({
    name: 'get_run_output',
    title: 'Get run output',
    description: "The end of a run's output log (whole lines, at most max_bytes).",
    input: GetRunOutputInputSchema,
    output: RunOutputSchema,
    mutates: false,
  }),
  cancel_run: define({
    name: 'cancel_run',
    title: 'Cancel run',
    description: 'Stop a run (its whole process group) and release its task to the queue; a run waiting for approval just ends.',
    input: CancelRunInputSchema,
    output: RunSchema,
    mutates: true,
  }),
} as const;
