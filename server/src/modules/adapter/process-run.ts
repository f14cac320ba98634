/**
 * A RunHandle over a process group: the building block of CLI adapters. Each output line becomes a `log`
 * event (an adapter that understands its agent's output passes `parseLine` to turn lines into richer
 * events too); the outcome is `succeeded` on exit 0, `failed` with the last lines otherwise, `cancelled`
 * once `cancel` (or the spec's AbortSignal) stopped the group.
 */
import type { RunLogStream } from '@agent-coordinator/shared';
import type { RunEvent, RunHandle, RunOutcome } from './agent-adapter.ts';
import { EventChannel } from './event-channel.ts';
import { ProcessGroup, type ProcessGroupOptions } from './process-group.ts';

/** Lines of output a failed outcome quotes. */
export const LOG_TAIL_LINES = 40;

export interface ProcessRunOptions extends Omit<ProcessGroupOptions, 'onLine'> {
  readonly signal?: AbortSignal;
  /** Extra events for one line of output; the line is always also a `log` event. */
  readonly parseLine?: (stream: RunLogStream, line: string) => readonly RunEvent[];
  /** Decides the outcome from the exit and the tail (default: exit 0 succeeds). */
  readonly judge?: (exit: { code: number | null; signal: NodeJS.Signals | null }, tail: string) => RunOutcome;
}

const describeExit = (exit: { code: number | null; signal: NodeJS.Signals | null }): string =>
  exit.signal ? `the agent was ended by ${exit.signal}` : `the agent exited with code ${exit.code}`;

export const startProcessRun = (options: ProcessRunOptions): RunHandle => {
  const events = new EventChannel<RunEvent>();
  const tail: string[] = [];
  const group = ProcessGroup.spawn({
    ...options,
    onLine: (stream, line) => {
      tail.push(line);
      if (tail.length > LOG_TAIL_LINES) tail.shift();
      events.push({ kind: 'log', stream, text: line });
      for (const event of options.parseLine?.(stream, line) ?? []) events.push(event);
    },
  });
  let cancelReason: string | undefined;
  const cancel = async (reason: string): Promise<void> => {
    cancelReason ??= reason;
    await group.stop();
  };
  const onAbort = (): void => void cancel(String(options.signal?.reason ?? 'aborted')).catch(() => undefined);
  options.signal?.addEventListener('abort', onAbort, { once: true });
  if (options.signal?.aborted) onAbort();
  const outcome = group.exited.then((exit): RunOutcome => {
    options.signal?.removeEventListener('abort', onAbort);
    events.end();
    const tailText = tail.join('\n');
    if (cancelReason !== undefined) return { status: 'cancelled', reason: cancelReason };
    if (options.judge) return options.judge(exit, tailText);
    return exit.code === 0 ? { status: 'succeeded' } : { status: 'failed', reason: describeExit(exit), log_tail: tailText };
  });
  return { pid: group.pid, events, outcome, cancel };
};
