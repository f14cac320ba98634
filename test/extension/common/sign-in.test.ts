/**
 * Accounts in the extension, without VS Code: the headers and WebSocket params every call presents, a
 * token kept per server, refusals that stop the reconnect loop (and what the status bar and views say
 * then), a project change reconnecting, what Sign In and Sign Out tell the user, and Connect Claude
 * Code writing the header references (never the token).
 */
import assert from 'node:assert/strict';
import { TRPCClientError } from '@trpc/client';
import type { Account, LoginInput, LoginResult } from '@agent-coordinator/shared';
import { authHeaders, connectionParams, type CoordinatorApi } from '../../../extension/src/common/coordinator-api.ts';
import { CoordinatorSession } from '../../../extension/src/common/coordinator-session.ts';
import { CoordinatorState } from '../../../extension/src/common/coordinator-state.ts';
import { LiveConnection, type ConnectionStatus } from '../../../extension/src/common/live-connection.ts';
import { isTokenSecretKey, refusalOf, signIn, signOut, signOutMessage, tokenSecretKey } from '../../../extension/src/common/sign-in.ts';
import { connectionMessage } from '../../../extension/src/common/view-message.ts';
import { planClaudeConnect } from '../../../extension/src/common/claude-connect.ts';
import { describeStatus } from '../../../extension/src/features/status-bar/status-text.ts';
import { flush, ManualClock, ScriptedTransport } from '../support/fake-transport.ts';

const url = 'http://127.0.0.1:7421';

const refusedWith = (code: string, message = `${code.toLowerCase()} by the server`): TRPCClientError<never> =>
  TRPCClientError.from({ error: { message, code: -32001, data: { coordinator: { code, issues: [] } } } });

const account = (projects: string[]): Account => ({
  account_id: '00000000-0000-4000-8000-000000000001',
  name: 'mia',
  role: 'member',
  projects,
  disabled: false,
  created_at: '2030-01-01T00:00:00.000Z',
});

function loginAnswering(projects: string[]): { login: (input: LoginInput) => Promise<LoginResult>; inputs: LoginInput[] } {
  const inputs: LoginInput[] = [];
  return {
    inputs,
    login: async (input) => {
      inputs.push(input);
      return { token: 'act_session', expires_at: '2030-01-08T00:00:00.000Z', account: account(projects) };
    },
  };
}

describe('extension accounts', () => {
  it('presents the token and project as headers (HTTP, MCP) and connection params (WebSocket), nothing in local mode', () => {
    assert.deepEqual(authHeaders({ url }), {});
    assert.equal(connectionParams({ url }), null);
    assert.deepEqual(authHeaders({ url, token: 'act_x', project: 'web' }), { authorization: 'Bearer act_x', 'x-coordinator-project': 'web' });
    assert.deepEqual(connectionParams({ url, token: 'act_x', project: 'web' }), { token: 'act_x', project: 'web' });
    assert.deepEqual(authHeaders({ url, project: 'web' }), { 'x-coordinator-project': 'web' });
  });

  it('keeps one token per server URL and recognises its keys', () => {
    assert.equal(tokenSecretKey(url), `agentCoordinator.token:${url}`);
    assert.notEqual(tokenSecretKey(url), tokenSecretKey('https://coordinator.example'));
    assert.ok(isTokenSecretKey(tokenSecretKey(url)));
    assert.ok(isTokenSecretKey('agentCoordinator.token'), 'the single entry of older versions');
    assert.ok(!isTokenSecretKey('agentCoordinator.tokenish'));
  });

  it('treats a refused token or a refused project as refusals, and nothing else', () => {
    assert.equal(refusalOf(refusedWith('UNAUTHENTICATED')), 'UNAUTHENTICATED');
    assert.equal(refusalOf(refusedWith('FORBIDDEN')), 'FORBIDDEN');
    assert.equal(refusalOf(refusedWith('NOT_FOUND')), null);
    assert.equal(refusalOf(new Error('connection closed')), null);
  });

  it('stops reconnecting when the server refuses the token, and starts again when told to', async () => {
    const transport = new ScriptedTransport();
    const clock = new ManualClock();
    const connection = new LiveConnection(transport, new CoordinatorState(), { clock, random: () => 0.5, refusal: refusalOf });
    const statuses: ConnectionStatus[] = [];
    connection.onDidChangeStatus((s) => statuses.push(s));
    connection.start();
    transport.last.drop(refusedWith('UNAUTHENTICATED', 'this server needs a token'));
    const refused = statuses.at(-1);
    assert.equal(refused?.kind, 'refused');
    assert.equal(refused?.kind === 'refused' ? refused.code : null, 'UNAUTHENTICATED');
    assert.match(refused?.kind === 'refused' ? refused.error : '', /needs a token/);
    assert.equal(clock.pending, 0, 'no retry is scheduled');
    clock.advance(120_000);
    assert.equal(transport.subscriptions.length, 1);
    // A new token (Sign In) replaces the transport: it connects again at once.
    const next = new ScriptedTransport();
    next.autoSnapshot = { agents: [], tasks: [], locks: [] };
    connection.replaceTransport(next);
    next.last.started();
    await flush();
    assert.equal(connection.status.kind, 'connected');
    connection.dispose();
  });

  it('says "sign in" or "no access" in the status bar and above the views', () => {
    const unauthenticated: ConnectionStatus = { kind: 'refused', code: 'UNAUTHENTICATED', error: 'this server needs a token' };
    const forbidden: ConnectionStatus = { kind: 'refused', code: 'FORBIDDEN', error: 'mia is not a member of project "api"' };
    const bar = describeStatus(unauthenticated, null, url, null, 0);
    assert.equal(bar.text, '$(account) Coordinator: sign in');
    assert.equal(bar.warning, true);
    assert.match(bar.tooltip, /needs a token[\s\S]*Sign In/);
    assert.equal(describeStatus(forbidden, null, url, null, 0).text, '$(circle-slash) Coordinator: no access');
    assert.equal(connectionMessage(unauthenticated, false, url), 'Not signed in: this server needs a token');
    assert.equal(connectionMessage(forbidden, true, url), 'No access: mia is not a member of project "api" — showing the last known state');
  });

  it('reconnects from scratch when the project changes', () => {
    const transports: ScriptedTransport[] = [];
    const endpoints: (string | undefined)[] = [];
    const session = new CoordinatorSession(
      { endpoint: { url, token: 'act_x', project: 'web' }, userName: 'mia' },
      {
        createApi: () => ({}) as CoordinatorApi,
        createTransport: (endpoint) => {
          endpoints.push(endpoint.project);
          const transport = new ScriptedTransport();
          transports.push(transport);
          return transport;
        },
        clock: new ManualClock(),
      },
    );
    session.start();
    session.configure({ endpoint: { url, token: 'act_x', project: 'web' }, userName: 'mia' });
    assert.deepEqual(endpoints, ['web'], 'the same settings change nothing');
    session.configure({ endpoint: { url, token: 'act_x', project: 'api' }, userName: 'mia' });
    assert.deepEqual(endpoints, ['web', 'api']);
    assert.equal(transports[1]?.subscriptions.length, 1, 'the new transport is subscribed');
    session.dispose();
  });

  it('signs in with the name trimmed and the password passed on, and says what the session gives access to', async () => {
    const one = loginAnswering(['web']);
    const single = await signIn(one.login, url, undefined, ' mia ', 'a long password!');
    assert.deepEqual(one.inputs, [{ name: 'mia', password: 'a long password!' }]);
    assert.equal(single.token, 'act_session');
    assert.match(single.message, /^signed in to http:\/\/127\.0\.0\.1:7421 as mia \(member\) until .+, project web$/);
    assert.equal(single.chooseProject, null);
    assert.doesNotMatch(single.message, /a long password|act_session/, 'neither secret is ever shown');

    const several = await signIn(loginAnswering(['web', 'api']).login, url, undefined, 'mia', 'pw');
    assert.deepEqual(several.chooseProject, ['web', 'api']);
    assert.match(several.message, /choose the project/);

    const chosen = await signIn(loginAnswering(['web', 'api']).login, url, 'api', 'mia', 'pw');
    assert.equal(chosen.chooseProject, null);
    assert.match(chosen.message, /project api$/);

    const elsewhere = await signIn(loginAnswering(['web']).login, url, 'ops', 'mia', 'pw');
    assert.match(elsewhere.message, /not a member of project "ops".*your projects: web/);
    assert.deepEqual(elsewhere.chooseProject, ['web']);

    const none = await signIn(loginAnswering([]).login, url, undefined, 'mia', 'pw');
    assert.match(none.message, /belongs to no project yet — ask an admin/);
    assert.equal(none.chooseProject, null);
  });

  it('a wrong password rejects with the server error (the command shows it and offers Sign In again)', async () => {
    await assert.rejects(
      signIn(() => Promise.reject(refusedWith('UNAUTHENTICATED', 'login: wrong account name or password')), url, undefined, 'mia', 'nope'),
      (error: unknown) => refusalOf(error) === 'UNAUTHENTICATED',
    );
  });

  it('signs out: revoked, already ended, not a session, or not told — the token is forgotten in every case', async () => {
    const revoked = await signOut(async () => ({ revoked: true }));
    assert.deepEqual(revoked, { kind: 'revoked' });
    assert.match(signOutMessage(revoked, url), /revoked and its token forgotten/);
    assert.deepEqual(await signOut(async () => ({ revoked: false })), { kind: 'not-a-session' });
    assert.deepEqual(await signOut(() => Promise.reject(refusedWith('UNAUTHENTICATED'))), { kind: 'already-ended' });
    const offline = await signOut(() => Promise.reject(new Error('fetch failed')));
    assert.deepEqual(offline, { kind: 'not-told', error: 'fetch failed' });
    assert.match(signOutMessage(offline, url), /could not be told \(fetch failed\): the session stays valid until it expires/);
  });

  it('Connect Claude Code writes the token reference and the project, never the token, and passes the project to the hooks', () => {
    const plan = planClaudeConnect({ mcpJson: null, settingsJson: null, serverUrl: url, cli: 'agent-coordinator', withToken: true, project: 'web' });
    const mcp = JSON.parse(plan.files[0]?.merge.text ?? '') as { mcpServers: Record<string, { headers?: Record<string, string> }> };
    assert.deepEqual(mcp.mcpServers['agent-coordinator']?.headers, { Authorization: 'Bearer ${COORDINATOR_TOKEN}', 'X-Coordinator-Project': 'web' });
    const settings = JSON.parse(plan.files[1]?.merge.text ?? '') as { hooks: Record<string, { hooks: { command: string }[] }[]> };
    assert.equal(settings.hooks['PreToolUse']?.[0]?.hooks[0]?.command, 'agent-coordinator hook claude-pre-tool --project web');
    assert.ok(plan.summary.some((l) => /COORDINATOR_TOKEN/.test(l) && /issue-agent-token/.test(l)));
    const local = planClaudeConnect({ mcpJson: null, settingsJson: null, serverUrl: url, cli: 'agent-coordinator' });
    assert.deepEqual(JSON.parse(local.files[0]?.merge.text ?? ''), { mcpServers: { 'agent-coordinator': { type: 'http', url: `${url}/mcp` } } }, 'local mode: no headers');
  });
});
