/**
 * The shell: who is viewing (local mode, or signed in to one project), the live link, navigation, the
 * theme toggle, and the page for the current path. Nothing of the project is asked for before
 * `whoami` succeeds: with accounts on, that needs a signed-in session.
 */
import { useEffect, useMemo, useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { WhoAmI } from '@agent-coordinator/shared';
import { ClientContext } from './client-context.ts';
import { loadCredentials, saveCredentials, type Credentials } from './credentials.ts';
import { connect, errorText } from './trpc-client.ts';
import { subscribeLive, type LiveStatus } from './live/live-events.ts';
import { KEYS } from './live/query-keys.ts';
import { follow, usePath } from './router.ts';
import { SignInPage } from './pages/sign-in-page.tsx';
import { BoardPage } from './pages/board-page.tsx';
import { AgentsPage } from './pages/agents-page.tsx';
import { LocksPage } from './pages/locks-page.tsx';
import { ApprovalsPage } from './pages/approvals-page.tsx';
import { TaskPage } from './pages/task-page.tsx';
import { ActivityPage } from './pages/activity-page.tsx';
import { PlanPage } from './pages/plan-page.tsx';
import { PoliciesPage } from './pages/policies-page.tsx';
import { ThemeToggle } from './theme-toggle.tsx';

const NAV = [
  { href: '/', label: 'Board' },
  { href: '/agents', label: 'Agents' },
  { href: '/locks', label: 'Locks' },
  { href: '/approvals', label: 'Needs you' },
  { href: '/plan', label: 'Plan' },
  { href: '/policies', label: 'Policies' },
  { href: '/activity', label: 'Activity' },
] as const;

export function App() {
  const queries = useQueryClient();
  const [credentials, setCredentials] = useState<Credentials>(loadCredentials);
  const connection = useMemo(() => connect(credentials), [credentials]);
  useEffect(() => () => connection.close(), [connection]);
  const whoami = useQuery({ queryKey: [...KEYS.whoami, credentials.token], queryFn: () => connection.client.whoami.query() });
  const [live, setLive] = useState<{ status: LiveStatus; error?: string }>({ status: 'connecting' });
  const signedIn = whoami.isSuccess;
  useEffect(() => {
    if (!signedIn) return;
    return subscribeLive(connection.client, queries, (status, error) => setLive(error === undefined ? { status } : { status, error }));
  }, [signedIn, connection, queries]);
  const path = usePath();

  const signIn = (next: Credentials): void => {
    saveCredentials(next);
    queries.clear();
    setCredentials(next);
  };

  if (whoami.isPending) return <p className="loading">Connecting…</p>;
  if (whoami.isError) {
    return (
      <SignInPage
        client={connection.client}
        problem={credentials.token ? errorText(whoami.error) : null}
        onSignedIn={signIn}
      />
    );
  }
  const me = whoami.data;
  const page = path.startsWith('/tasks/') ? <TaskPage taskKey={decodeURIComponent(path.slice('/tasks/'.length))} /> : pageFor(path, me);
  return (
    <ClientContext.Provider value={connection.client}>
      <header className="top">
        <a className="brand" href="/" onClick={follow}>
          Agent Coordinator
        </a>
        <nav aria-label="Pages">
          <ul>
            {NAV.map((item) => (
              <li key={item.href}>
                <a href={item.href} onClick={follow} aria-current={path === item.href ? 'page' : undefined}>
                  {item.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <div className="who">
          <span className={`live live-${live.status}`} role="status" title={live.error}>
            {live.status}
          </span>
          <span>{me.mode === 'local' ? 'local mode' : `${me.account ?? me.agent_name ?? '?'} · ${me.project ?? 'no project'}`}</span>
          {me.mode === 'accounts' && (
            <button type="button" onClick={() => signIn({ token: null, project: null })}>
              Sign out
            </button>
          )}
          <ThemeToggle />
        </div>
      </header>
      <main>{page}</main>
    </ClientContext.Provider>
  );
}

function pageFor(path: string, me: WhoAmI) {
  switch (path) {
    case '/agents':
      return <AgentsPage />;
    case '/locks':
      return <LocksPage me={me} />;
    case '/approvals':
      return <ApprovalsPage />;
    case '/plan':
      return <PlanPage />;
    case '/policies':
      return <PoliciesPage />;
    case '/activity':
      return <ActivityPage />;
    default:
      return <BoardPage />;
  }
}
