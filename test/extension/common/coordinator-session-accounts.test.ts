/**
 * The extension's session against a real coordinator with accounts (embedded PGlite, in this process):
 * without a token the connection is refused once and not retried; Sign In's login gives a token that
 * connects (HTTP headers and WebSocket connection params) and registers the human in the project set;
 * Sign Out revokes it, so the next connection is refused again.
 */
import assert from 'node:assert/strict';
import { CoordinatorSession } from '../../../extension/src/common/coordinator-session.ts';
import { createApi } from '../../../extension/src/common/coordinator-api.ts';
import { signIn, signOut } from '../../../extension/src/common/sign-in.ts';
import { useCoordinator } from '../../support/coordinator.ts';
import { until } from '../../support/until.ts';

const ADMIN = { name: 'root', password: 'correct horse battery staple' };

describe('extension session against a coordinator with accounts', function () {
  const env = useCoordinator('pglite', { adminName: ADMIN.name, adminPassword: ADMIN.password });
  let session: CoordinatorSession | undefined;
  const live = (): CoordinatorSession => {
    if (!session) throw new Error('no session');
    return session;
  };
  after(() => session?.dispose());

  it('without a token the connection is refused (UNAUTHENTICATED) and not retried', async () => {
    session = new CoordinatorSession({ endpoint: { url: env.url }, userName: 'ada' });
    const kinds: string[] = [];
    live().connection.onDidChangeStatus((s) => kinds.push(s.kind));
    live().start();
    const refused = await until('refused', () => (live().connection.status.kind === 'refused' ? live().connection.status : null));
    assert.equal(refused.kind === 'refused' && refused.code, 'UNAUTHENTICATED');
    await new Promise((r) => setTimeout(r, 600)); // a window in which no reconnect may start: that none does is the point
    assert.deepEqual(kinds, ['connecting', 'refused'], 'no reconnect attempts');
  });

  it('Sign In connects with the session token and registers the human in the project', async () => {
    const api = createApi({ url: env.url });
    const signedIn = await signIn((input) => api.login.mutate(input), env.url, 'local', ADMIN.name, ADMIN.password);
    assert.match(signedIn.message, /as root \(admin\).*project local$/);
    live().configure({ endpoint: { url: env.url, token: signedIn.token, project: 'local' }, userName: 'ada' });
    await until('connected', () => live().connection.status.kind === 'connected');
    const me = await until('registered', () => live().me);
    assert.equal(me.kind, 'human');
    const other = env.client({ token: signedIn.token, project: 'local' });
    const bob = await other.register_agent.mutate({ name: 'bob' });
    await other.lock_files.mutate({ paths: ['src/auth.ts'], agent_id: bob.agent_id });
    await until('the lock over the authenticated subscription', () => live().state.locks.find((l) => l.path === 'src/auth.ts'));
  });

  it('a project the account is not a member of is refused (FORBIDDEN)', async () => {
    const token = live().settings.endpoint.token;
    live().configure({ endpoint: { url: env.url, token, project: 'elsewhere' }, userName: 'ada' });
    const refused = await until('refused', () => (live().connection.status.kind === 'refused' ? live().connection.status : null));
    assert.equal(refused.kind === 'refused' && refused.code, 'FORBIDDEN');
    live().configure({ endpoint: { url: env.url, token, project: 'local' }, userName: 'ada' });
    await until('connected again', () => live().connection.status.kind === 'connected');
  });

  it('Sign Out revokes the session: the next connection is refused', async () => {
    const token = live().settings.endpoint.token;
    const api = createApi({ url: env.url, token });
    assert.deepEqual(await signOut(() => api.logout.mutate()), { kind: 'revoked' });
    assert.deepEqual(await signOut(() => api.logout.mutate()), { kind: 'already-ended' });
    live().connection.reconnect();
    const refused = await until('refused', () => (live().connection.status.kind === 'refused' ? live().connection.status : null));
    assert.equal(refused.kind === 'refused' && refused.code, 'UNAUTHENTICATED');
  });
});
