/**
 * Plan: the coverage tree (objectives → key results → requirements → tasks, get_coverage), optionally
 * for one mission, then the missions and the sprints with their tasks by status. Mission and sprint
 * counts are counted here from the task list the board shares (live-patched by task events), so a task
 * moving costs no request; the lists themselves come from list_missions / list_sprints.
 */
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { Task } from '@agent-coordinator/shared';
import { useClient } from '../client-context.ts';
import { KEYS } from '../live/query-keys.ts';
import { errorText } from '../trpc-client.ts';
import { CoverageTree, Stats } from './coverage-tree.tsx';
import { MutationError } from './mutation-error.tsx';
import { QueryState } from './query-state.tsx';
import { DataTable } from '../data-table.tsx';

interface Counts {
  open: number;
  active: number;
  done: number;
  other: number;
}

function countBy(tasks: readonly Task[], field: 'mission_id' | 'sprint_id'): Map<string, Counts> {
  const counts = new Map<string, Counts>();
  for (const task of tasks) {
    const id = task[field];
    if (id === null) continue;
    const entry = counts.get(id) ?? { open: 0, active: 0, done: 0, other: 0 };
    if (task.status === 'open') entry.open++;
    else if (task.status === 'claimed' || task.status === 'in_progress') entry.active++;
    else if (task.status === 'done') entry.done++;
    else entry.other++;
    counts.set(id, entry);
  }
  return counts;
}

function CountsCell(props: { readonly counts: Counts | undefined }) {
  const c = props.counts ?? { open: 0, active: 0, done: 0, other: 0 };
  const total = c.open + c.active + c.done + c.other;
  return <td>{total === 0 ? 'no task' : `${c.open} open · ${c.active} active · ${c.done} done${c.other > 0 ? ` · ${c.other} failed or cancelled` : ''}`}</td>;
}

const day = (iso: string | null): string => (iso ? iso.slice(0, 10) : '—');

export function PlanPage() {
  const client = useClient();
  const [mission, setMission] = useState('');
  const coverage = useQuery({
    queryKey: [...KEYS.coverage, mission],
    queryFn: () => client.get_coverage.query(mission ? { mission_id: mission } : {}),
  });
  const missions = useQuery({ queryKey: KEYS.missions, queryFn: () => client.list_missions.query() });
  const sprints = useQuery({ queryKey: KEYS.sprints, queryFn: () => client.list_sprints.query() });
  const tasks = useQuery({ queryKey: KEYS.tasks, queryFn: () => client.list_tasks.query({ limit: 1000 }) });
  const byMission = countBy(tasks.data ?? [], 'mission_id');
  const bySprint = countBy(tasks.data ?? [], 'sprint_id');
  return (
    <>
      <h1>Plan</h1>
      <MutationError error={tasks.isError ? errorText(tasks.error) : null} />
      <div className="filters" role="group" aria-label="Filters">
        <label>
          Mission{' '}
          <select value={mission} onChange={(event) => setMission(event.target.value)}>
            <option value="">all</option>
            {(missions.data ?? []).map((m) => (
              <option key={m.mission_id} value={m.mission_id}>
                {m.name}
              </option>
            ))}
          </select>
        </label>
      </div>
      <section aria-labelledby="objectives-heading">
        <h2 id="objectives-heading">Objectives and coverage</h2>
        <QueryState query={coverage}>
          {(report) => (
            <>
              <p className="summary">
                {report.totals.objective_count} objectives · {report.totals.key_result_count} key results · {report.totals.requirement_count} requirements ·{' '}
                <Stats stats={report.totals} label="All objectives" />
              </p>
              <CoverageTree report={report} />
            </>
          )}
        </QueryState>
      </section>
      <section aria-labelledby="missions-heading">
        <h2 id="missions-heading">Missions</h2>
        <QueryState query={missions} empty="No mission yet.">
          {(list) => (
            <DataTable columns={['Mission', 'Status', 'Tasks', 'Principals']}>
              {list.map((m) => (
                <tr key={m.mission_id} data-mission={m.name}>
                  <th scope="row">
                    {m.name}
                    {m.description && <span className="muted"> — {m.description}</span>}
                  </th>
                  <td>{m.status}</td>
                  <CountsCell counts={byMission.get(m.mission_id)} />
                  <td>{m.principals.length === 0 ? '—' : m.principals.map((p) => p.name).join(', ')}</td>
                </tr>
              ))}
            </DataTable>
          )}
        </QueryState>
      </section>
      <section aria-labelledby="sprints-heading">
        <h2 id="sprints-heading">Sprints</h2>
        <QueryState query={sprints} empty="No sprint yet.">
          {(list) => (
            <DataTable columns={['Sprint', 'Status', 'Dates', 'Tasks']}>
              {list.map((s) => (
                <tr key={s.sprint_id} data-sprint={s.name}>
                  <th scope="row">
                    {s.name}
                    {s.goal && <span className="muted"> — {s.goal}</span>}
                  </th>
                  <td>{s.status}</td>
                  <td>
                    {day(s.starts_at)} → {day(s.ends_at)}
                  </td>
                  <CountsCell counts={bySprint.get(s.sprint_id)} />
                </tr>
              ))}
            </DataTable>
          )}
        </QueryState>
      </section>
    </>
  );
}
