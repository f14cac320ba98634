/**
 * The agent adapters the server can launch (list_adapters) with their last health check, and a button
 * to check them all now (check_adapters). A change of health arrives live as adapter.health_changed.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
// A zod-free module of shared: a value imported from its index would bundle the schemas.
import { isAdapterUsable } from '@agent-coordinator/shared/adapter-usable';
import { useClient } from '../client-context.ts';
import { KEYS } from '../live/query-keys.ts';
import { errorText } from '../trpc-client.ts';
import { span } from '../use-now.ts';
import { MutationError } from './mutation-error.tsx';
import { QueryState } from './query-state.tsx';
import { DataTable } from '../data-table.tsx';

export function AdaptersSection(props: { readonly now: number }) {
  const client = useClient();
  const queries = useQueryClient();
  const adapters = useQuery({ queryKey: KEYS.adapters, queryFn: () => client.list_adapters.query() });
  const check = useMutation({
    mutationFn: () => client.check_adapters.mutate(),
    onSuccess: (list) => queries.setQueryData(KEYS.adapters, list),
  });
  return (
    <section aria-labelledby="adapters-heading">
      <h2 id="adapters-heading">Adapters</h2>
      <MutationError error={check.isError ? errorText(check.error) : null} />
      <QueryState query={adapters} empty="No adapter is configured.">
        {(list) => (
          <DataTable columns={['Adapter', 'Kind', 'Health', 'Version', 'Signed in', 'Checked']}>
            {list.map((adapter) => {
              const health = adapter.health;
              const usable = health !== null && isAdapterUsable(health);
              return (
                <tr key={adapter.name} data-adapter={adapter.name}>
                  <th scope="row">{adapter.name}</th>
                  <td>{adapter.kind}</td>
                  <td>
                    <span className={`badge ${health === null ? 'status-unknown' : usable ? 'status-ok' : 'status-bad'}`}>
                      {health === null ? 'not checked' : usable ? 'usable' : 'unusable'}
                    </span>
                    {health && <span className="reason"> {health.reason}</span>}
                  </td>
                  <td>{health?.version ?? '—'}</td>
                  <td>{health === null ? '—' : health.authenticated === 'unknown' ? 'unknown' : health.authenticated ? 'yes' : 'no'}</td>
                  <td>{adapter.checked_at ? `${span(adapter.checked_at, props.now)} ago` : 'never'}</td>
                </tr>
              );
            })}
          </DataTable>
        )}
      </QueryState>
      <button type="button" disabled={check.isPending} onClick={() => check.mutate()}>
        {check.isPending ? 'Checking…' : 'Check adapters now'}
      </button>
    </section>
  );
}
