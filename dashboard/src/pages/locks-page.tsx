/**
 * Locks: a tree of the locked paths (folders collapsible, native <details> so the keyboard works without
 * help) with holder, mode, task and an expiry that counts down.
 *
 * Who may release what is the server's rule (acting-as.ts): a caller acts as the agents it registered —
 * in local mode that is every agent — and an admin may act as any agent of the project, which is then
 * recorded as an `audit.admin_override` event. So the page offers "Release" on the viewer's own locks (held
 * by the viewer's agent, or by the human they chose on the Needs-you page), "Force release" on anyone
 * else's when the viewer is an admin (local mode included: there is no one else), behind a second click;
 * and "Release" to members on other locks too, since they may hold them through an agent they registered.
 * A refusal is shown as the server worded it.
 */
import { useState } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import type { Lock, WhoAmI } from '@agent-coordinator/shared';
import { useClient } from '../client-context.ts';
import { KEYS } from '../live/query-keys.ts';
import { follow } from '../router.ts';
import { errorText } from '../trpc-client.ts';
import { span, useNow } from '../use-now.ts';
import { leafName, lockTree, type LockFolder } from './lock-tree.ts';
import { MutationError } from './mutation-error.tsx';
import { QueryState } from './query-state.tsx';

interface Viewer {
  readonly role: WhoAmI['role'];
  readonly mode: WhoAmI['mode'];
  /** The agents that are the viewer's own. */
  readonly own: ReadonlySet<string>;
}

export function LocksPage(props: { readonly me: WhoAmI }) {
  const client = useClient();
  const locks = useQuery({ queryKey: KEYS.locks, queryFn: () => client.list_locks.query() });
  const now = useNow();
  const own = new Set([props.me.agent_id, localStorage.getItem('ac.human')].filter((id): id is string => Boolean(id)));
  const viewer: Viewer = { role: props.me.role, mode: props.me.mode, own };
  return (
    <>
      <h1>Locks</h1>
      <QueryState query={locks} empty="No file is locked.">
        {(all) => (
          <>
            <p className="summary">
              {all.length} {all.length === 1 ? 'lock' : 'locks'} held by {new Set(all.map((l) => l.held_by_id)).size}{' '}
              {new Set(all.map((l) => l.held_by_id)).size === 1 ? 'agent' : 'agents'}
            </p>
            <div className="lock-tree">
              <FolderBody folder={lockTree(all)} now={now} viewer={viewer} />
            </div>
          </>
        )}
      </QueryState>
    </>
  );
}

function FolderBody(props: { readonly folder: LockFolder; readonly now: number; readonly viewer: Viewer }) {
  const { folder } = props;
  return (
    <ul className="tree">
      {folder.folders.map((child) => (
        <li key={child.path} className="tree-folder" data-lock-folder={child.path}>
          <details open>
            <summary>
              <span className="folder-name">{child.name}/</span> <span className="count">{child.count}</span>
            </summary>
            <FolderBody folder={child} now={props.now} viewer={props.viewer} />
          </details>
        </li>
      ))}
      {folder.locks.map((lock) => (
        <LockItem key={lock.lock_id} lock={lock} now={props.now} viewer={props.viewer} />
      ))}
    </ul>
  );
}

function LockItem(props: { readonly lock: Lock; readonly now: number; readonly viewer: Viewer }) {
  const { lock, viewer } = props;
  const client = useClient();
  const [confirming, setConfirming] = useState(false);
  const release = useMutation({ mutationFn: () => client.release_files.mutate({ paths: [lock.path], agent_id: lock.held_by_id }) });
  const left = Date.parse(lock.expires_at) - props.now;
  const mine = viewer.own.has(lock.held_by_id);
  const force = !mine && viewer.role === 'admin';
  const label = force ? (confirming ? 'Confirm force release' : 'Force release') : 'Release';
  const onClick = (): void => {
    if (force && !confirming) {
      setConfirming(true);
      return;
    }
    setConfirming(false);
    release.mutate();
  };
  return (
    <li className={`tree-lock${mine ? ' mine' : ''}`} data-lock-path={lock.path}>
      <code title={lock.path}>{leafName(lock.path)}</code>
      <span className="holder">{lock.held_by}</span>
      <span className={`badge mode-${lock.mode}`}>{lock.mode}</span>
      <span>
        {lock.task_key ? (
          <a href={`/tasks/${lock.task_key}`} onClick={follow}>
            {lock.task_key}
          </a>
        ) : (
          'no task'
        )}
      </span>
      <span className="expiry">{left > 0 ? `expires in ${span(lock.expires_at, props.now)}` : 'expiring'}</span>
      <span className="lock-actions">
        <button
          type="button"
          className={force ? 'danger' : undefined}
          disabled={release.isPending}
          onClick={onClick}
          onBlur={() => setConfirming(false)}
          aria-label={`${label} ${lock.path}`}
          title={force && viewer.mode === 'accounts' ? 'recorded as an admin override' : undefined}
        >
          {label}
        </button>
      </span>
      <MutationError error={release.isError ? errorText(release.error) : null} />
    </li>
  );
}
