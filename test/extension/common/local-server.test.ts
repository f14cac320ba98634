/** Starting a shared local coordinator: loopback detection, command choice, and the lock-file handshake. */
import assert from 'node:assert/strict';
import { mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  decideLocalStart,
  ensureLocalServer,
  isLoopbackUrl,
  LocalServerError,
  planLocalServerCommand,
  portOf,
  START_GRACE_MS,
} from '../../../extension/src/common/local-server.ts';

describe('extension local server', () => {
  it('recognises loopback URLs', () => {
    for (const url of ['http://127.0.0.1:7421', 'http://localhost:1', 'http://[::1]:7421', 'http://127.1.2.3']) assert.ok(isLoopbackUrl(url), url);
    for (const url of ['http://10.0.0.2:7421', 'https://coordinator.example.com', 'nonsense']) assert.ok(!isLoopbackUrl(url), url);
    assert.equal(portOf('http://127.0.0.1:7421'), 7421);
    assert.equal(portOf('http://localhost'), 80);
  });

  it('connects, waits for another window, starts, or takes over a stale start', () => {
    assert.equal(decideLocalStart('ok', null), 'connect');
    assert.equal(decideLocalStart('ok', 5), 'connect');
    assert.equal(decideLocalStart('unreachable', null), 'start');
    assert.equal(decideLocalStart('unreachable', 1000), 'wait');
    assert.equal(decideLocalStart('unreachable', START_GRACE_MS + 1), 'take-over');
  });

  it('uses the setting, else the repository sources, else the CLI on PATH — never a package fetched by name', () => {
    assert.equal(planLocalServerCommand('my-coordinator serve', ['/w'], 9000)?.commandLine, 'my-coordinator serve --port 9000');
    const repo = planLocalServerCommand('', ['/other', '/repo'], 7421, (p) => p.startsWith('/repo/server/'), '');
    assert.deepEqual([repo?.commandLine, repo?.cwd], ['node server/src/cli/main.ts serve --port 7421', '/repo']);
    const cli = planLocalServerCommand('', ['/w'], 7421, (p) => p === '/opt/bin/agent-coordinator', '/usr/bin:/opt/bin');
    assert.equal(cli?.commandLine, '"/opt/bin/agent-coordinator" serve --port 7421');
    assert.equal(planLocalServerCommand('', ['/w'], 7421, () => false, '/usr/bin'), null);
  });

  describe('ensureLocalServer', () => {
    let dir = '';
    let server: Server | null = null;
    beforeEach(async () => {
      dir = await mkdtemp(join(tmpdir(), 'ac-local-'));
    });
    afterEach(async () => {
      await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
      server = null;
      await rm(dir, { recursive: true, force: true });
    });

    const neverStart = { commandLine: 'exit 3', cwd: undefined, description: 'x' };

    it('does nothing when the server answers', async () => {
      const outcome = await ensureLocalServer(1, neverStart, { probe: async () => 'ok', stateDir: dir });
      assert.deepEqual(outcome, { kind: 'already-running' });
    });

    it('starts the command detached, waits until it answers, and removes the lock file', async () => {
      // The "server": a tiny Node HTTP server the command starts on a free port.
      const port = await new Promise<number>((resolve) => {
        const probe = createServer();
        probe.listen(0, '127.0.0.1', () => {
          const p = (probe.address() as AddressInfo).port;
          probe.close(() => resolve(p));
        });
      });
      const script = join(dir, 'serve.cjs');
      await writeFile(script, `require('node:http').createServer((q, s) => s.end('ok')).listen(Number(process.argv[3]), '127.0.0.1'); setTimeout(() => process.exit(0), 5000);`);
      const probe = async (): Promise<'ok' | 'unreachable'> => {
        try {
          return (await fetch(`http://127.0.0.1:${port}/healthz`)).ok ? 'ok' : 'unreachable';
        } catch {
          return 'unreachable';
        }
      };
      const outcome = await ensureLocalServer(port, { commandLine: `"${process.execPath}" "${script}" --port ${port}`, cwd: dir, description: 'test' }, { probe, stateDir: dir, timeoutMs: 10_000 });
      assert.equal(outcome.kind, 'started');
      assert.ok(!existsSync(join(dir, `local-server-${port}.lock`)));
      assert.equal(await probe(), 'ok');
    });

    it('reports a command that exits before answering, with its output', async () => {
      await assert.rejects(
        ensureLocalServer(2, { commandLine: 'echo boom-from-the-command; exit 3', cwd: dir, description: 'x' }, { probe: async () => 'unreachable', stateDir: dir, timeoutMs: 5_000 }),
        (e: unknown) => e instanceof LocalServerError && /exited \(code 3\)/.test(e.message) && /boom-from-the-command/.test(e.message),
      );
    });

    it('a second window waits for the first window\'s start instead of starting another', async () => {
      const lockFile = join(dir, 'local-server-3.lock');
      await writeFile(lockFile, '{}');
      let probes = 0;
      const outcome = await ensureLocalServer(3, neverStart, { probe: async () => (++probes >= 3 ? 'ok' : 'unreachable'), stateDir: dir, sleep: async () => undefined });
      assert.deepEqual(outcome, { kind: 'started-by-another-window' });
      assert.ok(existsSync(lockFile), 'the other window owns the lock file');
    });

    it('takes over a lock file left by a start that never came up', async () => {
      const lockFile = join(dir, 'local-server-4.lock');
      await writeFile(lockFile, '{}');
      const old = new Date(Date.now() - START_GRACE_MS - 5_000);
      await utimes(lockFile, old, old);
      await assert.rejects(ensureLocalServer(4, neverStart, { probe: async () => 'unreachable', stateDir: dir, timeoutMs: 3_000 }), /exited \(code 3\)/);
      assert.ok(!existsSync(lockFile));
    });
  });
});
