/** Starting a shared local coordinator: loopback detection, command choice, and the lock-file handshake. */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BUNDLE_MIN_NODE,
  decideLocalStart,
  ensureLocalServer,
  isLoopbackUrl,
  LocalServerError,
  noCommandReason,
  nodeIsRecentEnough,
  planLocalServerCommand,
  portOf,
  START_GRACE_MS,
  type LocalServerCommand,
} from '../../../extension/src/common/local-server.ts';
import { MINIMUM_NODE } from '../../../server/scripts/node-version-check.ts';

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

  const shellLine = (command: LocalServerCommand | null): string | undefined => (command?.kind === 'shell' ? command.commandLine : undefined);
  const bundled = { entry: '/ext/dist/server/agent-coordinator.js', runtime: '/opt/VSCode/code', nodeVersion: '22.19.0' };

  it('uses the setting, else the repository sources, else the bundled server, else the CLI on PATH — never a package fetched by name', () => {
    assert.equal(shellLine(planLocalServerCommand({ setting: 'my-coordinator serve', roots: ['/w'], port: 9000, bundled })), 'my-coordinator serve --port 9000');
    const repo = planLocalServerCommand({ setting: '', roots: ['/other', '/repo'], port: 7421, bundled, exists: (p) => p.startsWith('/repo/server/') || p === bundled.entry, path: '' });
    assert.deepEqual([shellLine(repo), repo?.cwd], ['node server/src/cli/main.ts serve --port 7421', '/repo']);
    const onPath = (p: string): boolean => p === '/opt/bin/agent-coordinator';
    const cli = planLocalServerCommand({ setting: '', roots: ['/w'], port: 7421, exists: onPath, path: '/usr/bin:/opt/bin' });
    assert.equal(shellLine(cli), '"/opt/bin/agent-coordinator" serve --port 7421');
    assert.equal(planLocalServerCommand({ setting: '', roots: ['/w'], port: 7421, exists: () => false, path: '/usr/bin' }), null);
  });

  it('runs the bundled server with VS Code\'s own executable in Node mode, on the embedded default data folder, before a CLI on PATH', () => {
    const exists = (p: string): boolean => p === bundled.entry || p === '/opt/bin/agent-coordinator';
    const plan = planLocalServerCommand({ setting: '', roots: ['/w'], port: 7555, bundled, exists, path: '/opt/bin', env: { XDG_DATA_HOME: '/home/u/.data' } });
    assert.ok(plan?.kind === 'exec', `planned ${JSON.stringify(plan)}`);
    assert.equal(plan.file, '/opt/VSCode/code');
    assert.deepEqual(plan.args, ['--liftoff-only', bundled.entry, 'serve', '--port', '7555']);
    assert.deepEqual(plan.env, { ELECTRON_RUN_AS_NODE: '1' });
    if (process.platform === 'linux') assert.equal(plan.dataDir, '/home/u/.data/agent-coordinator');
    // A Node too old for the bundle (an older desktop VS Code): the CLI on PATH, else a message that says why.
    const old = { ...bundled, nodeVersion: '20.19.1' };
    assert.equal(shellLine(planLocalServerCommand({ setting: '', roots: ['/w'], port: 7555, bundled: old, exists, path: '/opt/bin' })), '"/opt/bin/agent-coordinator" serve --port 7555');
    assert.equal(planLocalServerCommand({ setting: '', roots: ['/w'], port: 7555, bundled: old, exists: (p) => p === bundled.entry, path: '' }), null);
    assert.match(noCommandReason(old, (p) => p === bundled.entry), /needs Node 22\.15 and this VS Code runs Node 20\.19\.1/);
    assert.match(noCommandReason(undefined, () => false), /carries no coordinator/);
  });

  it('expects the same minimum Node as the server bundle\'s own check', () => {
    assert.deepEqual({ ...BUNDLE_MIN_NODE }, { ...MINIMUM_NODE });
  });

  it('runs the bundle on the Node of the oldest VS Code the manifest accepts (1.101: Electron 35, Node 22.15.1)', async () => {
    const manifest = JSON.parse(await readFile(join(import.meta.dirname, '..', '..', '..', 'extension', 'package.json'), 'utf8')) as { engines: { vscode: string } };
    // Raising engines.vscode is fine; lowering it below 1.101 needs the Node of that VS Code checked here.
    assert.equal(manifest.engines.vscode, '^1.101.0');
    assert.ok(nodeIsRecentEnough('22.15.1'));
    assert.ok(!nodeIsRecentEnough('22.14.0'));
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

    const neverStart: LocalServerCommand = { kind: 'shell', commandLine: 'exit 3', cwd: undefined, description: 'x' };

    it('does nothing when the server answers', async () => {
      const outcome = await ensureLocalServer(1, neverStart, { probe: async () => 'ok', stateDir: dir });
      assert.deepEqual(outcome, { kind: 'already-running' });
    });

    it('starts the executable detached (no shell), waits until it answers, and removes the lock file', async () => {
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
      const outcome = await ensureLocalServer(port, { kind: 'exec', file: process.execPath, args: [script, '--port', String(port)], env: { ELECTRON_RUN_AS_NODE: '1' }, cwd: dir, description: 'test', dataDir: dir }, { probe, stateDir: dir, timeoutMs: 10_000 });
      assert.equal(outcome.kind, 'started');
      assert.ok(!existsSync(join(dir, `local-server-${port}.lock`)));
      assert.equal(await probe(), 'ok');
    });

    it('reports a command that exits before answering, with its output', async () => {
      await assert.rejects(
        ensureLocalServer(2, { kind: 'shell', commandLine: 'echo boom-from-the-command; exit 3', cwd: dir, description: 'x' }, { probe: async () => 'unreachable', stateDir: dir, timeoutMs: 5_000 }),
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
