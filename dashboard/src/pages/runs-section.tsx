/**
 * Agent runs the coordinator launched through an adapter (list_runs: the project's latest 100), newest
 * first, with how each ended. run.held, run.started and run.finished carry the whole run and patch this
 * list live. Each run's output opens beneath its row (run-output.tsx), following the run live.
 */
import { Fragment, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { Run } from '@agent-coordinator/shared';
import { useClient } from '../client-context.ts';
import { KEYS } from '../live/query-keys.ts';
import { follow } from '../router.ts';
import { span } from '../use-now.ts';
import { QueryState } from './query-state.tsx';
import { RunOutput } from './run-output.tsx';
import { DataTable } from '../data-table.tsx';

const newestFirst = (a: Run, b: Run): number => b.started_at.localeCompare(a.started_at);

export function RunsSection(props: { readonly now: number }) {
  const client = useClient();
  const runs = useQuery({ queryKey: KEYS.runs, queryFn: () => client.list_runs.query() });
  const [shown, setShown] = useState<ReadonlySet<string>>(new Set());
  const toggle = (id: string): void =>
    setShown((before) => {
      const after = new Set(before);
      if (!after.delete(id)) after.add(id);
      return after;
    });
  return (
    <section aria-labelledby="runs-heading">
      <h2 id="runs-heading">Runs</h2>
      <QueryState query={runs} empty="No agent has been launched through an adapter yet.">
        {(list) => (
          <DataTable columns={['Task', 'Adapter', 'Agent', 'Status', 'Started', 'Took', 'Output']}>
            {[...list].sort(newestFirst).map((run) => (
              <Fragment key={run.id}>
                <tr data-run-id={run.id}>
                  <th scope="row">
                    <a href={`/tasks/${run.task_key}`} onClick={follow}>
                      {run.task_key}
                    </a>
                  </th>
                  <td>{run.adapter}</td>
                  <td>{run.agent_name}</td>
                  <td>
                    <span className={`badge run-${run.status}`}>{run.status}</span>
                    {run.reason && <span className="reason"> {run.reason}</span>}
                  </td>
                  <td>{span(run.started_at, props.now)} ago</td>
                  <td>{run.ended_at ? span(run.started_at, Date.parse(run.ended_at)) : `${span(run.started_at, props.now)} so far`}</td>
                  <td>
                    <button type="button" aria-expanded={shown.has(run.id)} aria-controls={`run-output-${run.id}`} aria-label={`${shown.has(run.id) ? 'Hide' : 'Show'} output of ${run.task_key} (${run.adapter})`} onClick={() => toggle(run.id)}>
                      {shown.has(run.id) ? 'Hide' : 'Show'}
                    </button>
                  </td>
                </tr>
                {shown.has(run.id) && (
                  <tr className="run-output-row">
                    <td colSpan={7}>
                      <RunOutput run={run} id={`run-output-${run.id}`} />
                    </td>
                  </tr>
                )}
              </Fragment>
            ))}
          </DataTable>
        )}
      </QueryState>
    </section>
  );
}
