/**
 * Agent runs the coordinator launched through an adapter (runs.list: the project's latest 100), newest
 * first, with how each ended. run.started and run.finished carry the whole run and patch this list live.
 */
import { useQuery } from '@tanstack/react-query';
import type { Run } from '@agent-coordinator/shared';
import { useClient } from '../client-context.ts';
import { KEYS } from '../live/query-keys.ts';
import { follow } from '../router.ts';
import { errorText } from '../trpc-client.ts';
import { span } from '../use-now.ts';
import { MutationError } from './mutation-error.tsx';

const newestFirst = (a: Run, b: Run): number => b.started_at.localeCompare(a.started_at);

export function RunsSection(props: { readonly now: number }) {
  const client = useClient();
  const runs = useQuery({ queryKey: KEYS.runs, queryFn: () => client.runs.list.query() });
  const list = [...(runs.data ?? [])].sort(newestFirst);
  return (
    <section aria-labelledby="runs-heading">
      <h2 id="runs-heading">Runs</h2>
      <MutationError error={runs.isError ? errorText(runs.error) : null} />
      {list.length === 0 ? (
        <p>{runs.isPending ? 'Loading…' : 'No agent has been launched through an adapter yet.'}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Task</th>
                <th scope="col">Adapter</th>
                <th scope="col">Agent</th>
                <th scope="col">Status</th>
                <th scope="col">Started</th>
                <th scope="col">Took</th>
              </tr>
            </thead>
            <tbody>
              {list.map((run) => (
                <tr key={run.id} data-run-id={run.id}>
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
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
