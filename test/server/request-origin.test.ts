/**
 * The Host/Origin decision on its own (server/src/http/request-origin.ts): in local mode only loopback
 * Hosts and no foreign Origin; with accounts on, browser Origins limited to the server's own, the
 * configured list, loopback when bound to loopback, and VS Code webviews; probes open to anyone.
 */
import assert from 'node:assert/strict';
import { decideRequestOrigin, isLoopbackHost, parseAllowedOrigins, type OriginPolicy } from '../../server/src/http/request-origin.ts';

const local: OriginPolicy = { accounts: false, boundToLoopback: true, allowedOrigins: [] };
const accounts: OriginPolicy = { accounts: true, boundToLoopback: false, allowedOrigins: ['https://board.example.com'] };
const allowed = (policy: OriginPolicy, host: string | undefined, origin?: string, path = '/trpc/list_tasks'): boolean =>
  decideRequestOrigin(policy, { path, host, origin }).allowed;

describe('request origin decision', function () {
  it('local mode serves loopback Hosts with any port, nothing else', () => {
    for (const host of ['127.0.0.1:7421', 'localhost:7421', 'LOCALHOST', '[::1]:7421', '127.8.9.10', 'localhost:80']) assert.ok(allowed(local, host), host);
    for (const host of [undefined, '', 'attacker.example', 'attacker.example:7421', '127.0.0.1.attacker.example', 'localhost.', '0.0.0.0:7421', 'user@127.0.0.1', '127.0.0.1/x', '192.168.1.5:7421']) {
      assert.equal(allowed(local, host), false, String(host));
    }
  });

  it('local mode refuses a foreign Origin, allows none, loopback, VS Code webviews and configured ones', () => {
    assert.ok(allowed(local, 'localhost:7421'));
    for (const origin of ['http://localhost:3000', 'http://127.0.0.1:7421', 'https://[::1]', 'vscode-webview://1c2b3a', 'vscode-file://vscode-app']) assert.ok(allowed(local, 'localhost:7421', origin), origin);
    for (const origin of ['http://attacker.example', 'null', 'file://', 'chrome-extension://abc', 'not a url', 'http://localhost.attacker.example']) {
      const decision = decideRequestOrigin(local, { path: '/mcp', host: '127.0.0.1:7421', origin });
      assert.equal(decision.allowed, false, origin);
      assert.ok(!decision.allowed && /--allowed-origins/.test(decision.reason));
    }
    assert.ok(allowed({ ...local, allowedOrigins: ['https://board.example.com'] }, '127.0.0.1:7421', 'https://board.example.com'));
  });

  it('the refusal names the Host and says how to connect', () => {
    const decision = decideRequestOrigin(local, { path: '/trpc/x', host: 'attacker.example', origin: undefined });
    assert.ok(!decision.allowed);
    assert.match(decision.reason, /"attacker\.example".*127\.0\.0\.1/);
  });

  it('accounts mode serves any Host; browser Origins: same origin, configured, VS Code; loopback only when bound to loopback', () => {
    assert.ok(allowed(accounts, 'coordinator.internal:7421'));
    assert.ok(allowed(accounts, 'coordinator.example.com', 'https://coordinator.example.com'));
    assert.ok(allowed(accounts, 'coordinator.example.com:8080', 'http://coordinator.example.com:8080'));
    assert.ok(allowed(accounts, 'coordinator.example.com', 'https://board.example.com'));
    assert.ok(allowed(accounts, 'coordinator.example.com', 'vscode-webview://abc'));
    assert.equal(allowed(accounts, 'coordinator.example.com', 'https://attacker.example'), false);
    assert.equal(allowed(accounts, 'coordinator.example.com', 'https://coordinator.example.com:8443'), false);
    assert.equal(allowed(accounts, 'coordinator.example.com', 'http://localhost:3000'), false);
    assert.equal(allowed(accounts, 'coordinator.example.com', 'null'), false);
    assert.ok(allowed({ ...accounts, boundToLoopback: true }, '127.0.0.1:7421', 'http://localhost:3000'));
  });

  it('probes are open to any Host and Origin', () => {
    for (const path of ['/healthz', '/readyz', '/metrics']) assert.ok(allowed(local, 'attacker.example', 'http://attacker.example', path), path);
    assert.equal(allowed(local, 'attacker.example', undefined, '/healthz/x'), false);
  });

  it('isLoopbackHost wants a bare host[:port]', () => {
    assert.ok(isLoopbackHost('127.0.0.1'));
    assert.equal(isLoopbackHost('127.0.0.1:7421#x'), false);
  });

  it('--allowed-origins: normalised origins; a path, userinfo or another scheme is refused naming the entry', () => {
    assert.deepEqual(parseAllowedOrigins(''), []);
    assert.deepEqual(parseAllowedOrigins(' https://Board.Example.com , http://x.example:8080/ '), ['https://board.example.com', 'http://x.example:8080']);
    assert.deepEqual(parseAllowedOrigins('https://a.example:443'), ['https://a.example']);
    for (const bad of ['board.example.com', 'https://a.example/path', 'ftp://a.example', 'https://u:p@a.example', 'https://a.example?x=1']) {
      assert.throws(() => parseAllowedOrigins(bad), new RegExp(`is not an origin`), bad);
    }
  });
});
