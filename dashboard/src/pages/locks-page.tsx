/**
 * Locks: live locks sorted by path, with holder, mode, task and an expiry that counts down. Release asks
 * the server to release the path for its holder; whether this viewer may (its own, or force as an admin)
 * is the server's decision, and its refusal is shown.
 */
import { useMutation, useQuery } from '@tanstack/react-query';
import type { Lock } from '@agent-coordinator/shared';
import { useClient } from '../client-context.ts';
import { KEYS } from '../live/query-keys.ts';
import { follow } from '../router.ts';
import { errorText } from '../trpc-client.ts';
import { span, useNow } from '../use-now.ts';
import { MutationError } from './mutation-error.tsx';

export function LocksPage() {
  const client = useClient();
  const locks = useQuery({ queryKey: KEYS.locks, queryFn: () => client.locks.list.query() });
  const now = useNow();
  if (locks.isError) return <MutationError error={errorText(locks.error)} />;
  const sorted = [...(locks.data ?? [])].sort((a, b) => a.path.localeCompare(b.path));
  return (
    <>
      <h1>Locks</h1>
      {sorted.length === 0 ? (
        <p>{locks.isPending ? 'Loading…' : 'No file is locked.'}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Path</th>
                <th scope="col">Holder</th>
                <th scope="col">Mode</th>
                <th scope="col">Task</th>
                <th scope="col">Expires in</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {sorted.map((lock) => (
                <LockRow key={lock.lock_id} lock={lock} now={now} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

function LockRow(props: { readonly lock: Lock; readonly now: number }) {
  const { lock } = props;
  const client = useClient();
  const release = useMutation({ mutationFn: () => client.locks.release.mutate({ paths: [lock.path], agent_id: lock.held_by_id }) });
  const left = Date.parse(lock.expires_at) - props.now;
  return (
    <tr data-lock-path={lock.path}>
      <th scope="row">
        <code>{lock.path}</code>
      </th>
      <td>{lock.held_by}</td>
      <td>{lock.mode}</td>
      <td>
        {lock.task_key ? (
          <a href={`/tasks/${lock.task_key}`} onClick={follow}>
            {lock.task_key}
          </a>
        ) : (
          '—'
        )}
      </td>
      <td>{left > 0 ? span(lock.expires_at, props.now) : 'expiring'}</td>
      <td>
        <button type="button" disabled={release.isPending} onClick={() => release.mutate()} aria-label={`Release ${lock.path}`}>
          Release
        </button>
        <MutationError error={release.isError ? errorText(release.error) : null} />
      </td>
    </tr>
  );
}
