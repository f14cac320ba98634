/** What the offline views and the status-bar menu offer for each connection, and the Set Server URL check. */
import assert from 'node:assert/strict';
import { connectionActions, connectionContextKeys, validateServerUrl, type ConnectionFacts } from '../../../extension/src/common/connection-actions.ts';
import { connectionMessage, showsWelcome } from '../../../extension/src/common/view-message.ts';

const offline = { kind: 'offline', attempt: 7, retryAt: 0, error: 'connection failed (ECONNREFUSED)' } as const;
const facts = (over: Partial<ConnectionFacts>): ConnectionFacts => ({ status: offline, serverUrl: 'http://127.0.0.1:7421', hasToken: false, starting: false, ...over });

describe('extension connection actions', () => {
  it('offers Start Local Server only for a loopback URL that does not answer, and not while a start runs', () => {
    assert.deepEqual(connectionActions(facts({})), ['reconnect', 'startLocalServer', 'setServerUrl', 'showLog', 'settings']);
    assert.ok(!connectionActions(facts({ serverUrl: 'https://coordinator.example.com' })).includes('startLocalServer'));
    assert.ok(!connectionActions(facts({ starting: true })).includes('startLocalServer'));
    assert.ok(!connectionActions(facts({ status: { kind: 'connected', since: 0 } })).includes('startLocalServer'));
  });

  it('offers Sign In only when the server refused, Sign Out only with a token, Reconnect only while not connected', () => {
    const refused = connectionActions(facts({ status: { kind: 'refused', code: 'UNAUTHENTICATED', error: 'this server needs a token' }, serverUrl: 'https://c.example.com' }));
    assert.deepEqual(refused, ['reconnect', 'signIn', 'setToken', 'setServerUrl', 'showLog', 'settings']);
    const connected = connectionActions(facts({ status: { kind: 'connected', since: 0 }, hasToken: true }));
    assert.deepEqual(connected, ['createTask', 'connectClaudeCode', 'signOut', 'setServerUrl', 'showLog', 'settings']);
  });

  it('sets the context keys the welcome content reads', () => {
    assert.deepEqual(connectionContextKeys(facts({})), {
      'agentCoordinator.connection': 'offline',
      'agentCoordinator.loopback': true,
      'agentCoordinator.needsSignIn': false,
      'agentCoordinator.startingLocalServer': false,
    });
    assert.equal(connectionContextKeys(facts({ status: { kind: 'reconnecting', attempt: 1, retryAt: 0, error: 'x' } }))['agentCoordinator.connection'], 'offline');
    assert.equal(connectionContextKeys(facts({ status: { kind: 'connecting' } }))['agentCoordinator.connection'], 'connecting');
    assert.equal(connectionContextKeys(facts({ status: { kind: 'refused', code: 'FORBIDDEN', error: 'x' } }))['agentCoordinator.needsSignIn'], true);
    assert.equal(connectionContextKeys(facts({ serverUrl: 'http://10.0.0.2:7421' }))['agentCoordinator.loopback'], false);
  });

  it('accepts http(s) URLs only, and says what to write instead', () => {
    for (const ok of ['http://127.0.0.1:7421', 'https://coordinator.example.com', ' http://localhost:9000/ ']) assert.equal(validateServerUrl(ok), undefined, ok);
    assert.match(validateServerUrl('') ?? '', /for example http:\/\/127\.0\.0\.1:7421/);
    assert.match(validateServerUrl('127.0.0.1:7421') ?? '', /scheme|not served/);
    assert.match(validateServerUrl('coordinator.example.com') ?? '', /not a URL/);
    assert.match(validateServerUrl('ws://127.0.0.1:7421') ?? '', /http:\/\/ or https:\/\//);
    assert.match(validateServerUrl('http://h:1/?x=1') ?? '', /no query/);
  });

  it('leaves a board view empty for its welcome buttons until a board was loaded; afterwards the line names the URL', () => {
    assert.equal(showsWelcome(offline, false), true);
    assert.equal(showsWelcome({ kind: 'connecting' }, false), true);
    assert.equal(showsWelcome(offline, true), false, 'the last known board stays, with the line above it');
    assert.equal(showsWelcome({ kind: 'connected', since: 0 }, false), false);
    assert.equal(connectionMessage(offline, true, 'http://127.0.0.1:7421'), 'Offline — http://127.0.0.1:7421: connection failed (ECONNREFUSED) — showing the last known state');
  });
});
