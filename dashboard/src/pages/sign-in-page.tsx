/** With accounts on: the same accounts, sessions and projects as the CLI (login). Shows no project data. */
import { useState, type FormEvent } from 'react';
import type { Client } from '../trpc-client.ts';
import { errorText } from '../trpc-client.ts';
import type { Credentials } from '../credentials.ts';

export function SignInPage(props: { readonly client: Client; readonly problem: string | null; readonly onSignedIn: (credentials: Credentials) => void }) {
  const [error, setError] = useState<string | null>(props.problem);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const name = String(form.get('name') ?? '');
    const password = String(form.get('password') ?? '');
    const project = String(form.get('project') ?? '').trim();
    setBusy(true);
    try {
      const session = await props.client.login.mutate({ name, password });
      const chosen = project || (session.account.projects.length === 1 ? (session.account.projects[0] ?? null) : null);
      props.onSignedIn({ token: session.token, project: chosen });
    } catch (failure) {
      setError(errorText(failure));
    } finally {
      setBusy(false);
    }
  };
  return (
    <main className="sign-in">
      <h1>Sign in to Agent Coordinator</h1>
      <form onSubmit={(event) => void submit(event)}>
        <label>
          Account <input name="name" autoComplete="username" required />
        </label>
        <label>
          Password <input name="password" type="password" autoComplete="current-password" required />
        </label>
        <label>
          Project (if you belong to several) <input name="project" />
        </label>
        <button type="submit" disabled={busy}>
          Sign in
        </button>
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
      </form>
    </main>
  );
}
