/**
 * Agents: kind, online or offline, a heartbeat age that ticks, the current task and the locks held
 * (get_task_board); then the adapters that launch agents, with their health, and the runs they made.
 */
import { useQuery } from '@tanstack/react-query';
import { useClient } from '../client-context.ts';
import { KEYS } from '../live/query-keys.ts';
import { follow } from '../router.ts';
import { span, useNow } from '../use-now.ts';
import { QueryState } from './query-state.tsx';
import { AdaptersSection } from './adapters-section.tsx';
import { RunsSection } from './runs-section.tsx';
import { DataTable } from '../data-table.tsx';

export function AgentsPage() {
  const client = useClient();
  const board = useQuery({ queryKey: KEYS.board, queryFn: () => client.get_task_board.query() });
  const now = useNow();
  return (
    <>
      <h1>Agents</h1>
      <QueryState query={board} empty="No agent has registered yet." isEmpty={(data) => data.agents.length === 0}>
        {({ agents }) => (
          <DataTable columns={['Agent', 'Kind', 'Status', 'Heartbeat', 'Current task', 'Locks']}>
            {agents.map((agent) => (
              <tr key={agent.agent_id}>
                <th scope="row">{agent.name}</th>
                <td>{agent.kind}</td>
                <td>
                  <span className={`badge status-${agent.status}`}>{agent.status}</span>
                </td>
                <td>{span(agent.last_heartbeat_at, now)} ago</td>
                <td>
                  {agent.current_task ? (
                    <a href={`/tasks/${agent.current_task.key}`} onClick={follow}>
                      {agent.current_task.key} {agent.current_task.title}
                    </a>
                  ) : (
                    '—'
                  )}
                </td>
                <td>{agent.locks.length === 0 ? '—' : agent.locks.join(', ')}</td>
              </tr>
            ))}
          </DataTable>
        )}
      </QueryState>
      <AdaptersSection now={now} />
      <RunsSection now={now} />
    </>
  );
}
