/**
 * A run's output: the end of its log (get_run_output) and then, live, each `run.output` event the
 * subscription brings (live/cache-patches.ts appends it to this query's data), scrolled to the newest.
 */
import { useEffect, useRef } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { Run } from '@agent-coordinator/shared';
import { useClient } from '../client-context.ts';
import { KEYS } from '../live/query-keys.ts';
import { QueryState } from './query-state.tsx';

export function RunOutput(props: { readonly run: Run; readonly id: string }) {
  const client = useClient();
  const output = useQuery({ queryKey: [...KEYS.runOutput, props.run.id], queryFn: () => client.get_run_output.query({ run_id: props.run.id }) });
  const pre = useRef<HTMLPreElement>(null);
  const text = output.data?.text;
  useEffect(() => {
    if (pre.current) pre.current.scrollTop = pre.current.scrollHeight;
  }, [text]);
  return (
    <div id={props.id} className="run-output" data-run-output={props.run.id}>
      <QueryState query={output} empty="No output yet." isEmpty={(data) => data.text === ''}>
        {(data) => (
          <>
            {data.truncated && <p className="muted">Earlier output is in {props.run.log_file}.</p>}
            <pre ref={pre} tabIndex={0} aria-label={`Output of ${props.run.task_key} (${props.run.adapter})`}>
              {data.text}
            </pre>
          </>
        )}
      </QueryState>
    </div>
  );
}
