/**
 * `npm start` as a user runs it: SIGTERM or SIGINT to the npm process stops the server it started (npm
 * runs the script through `sh -c`, which passed no signal on, leaving the server running as an orphan):
 * the server's pid is gone and its port is free.
 */
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { freePort, isPortOpen } from '../support/free-port.ts';
import { pidAlive, useServeProcesses } from '../support/serve-process.ts';
import { until } from '../support/until.ts';

/** The pid of the `serve` process listening for this data folder: the lock file records it. */
async function serverPid(dataDir: string): Promise<number> {
  const lock = JSON.parse(await readFile(join(dataDir, 'coordinator.lock'), 'utf8')) as { pid: number };
  return lock.pid;
}

/** Every process in the machine whose command line mentions `needle`. */
async function processesWith(needle: string): Promise<number[]> {
  const pids: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const cmdline = await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '');
    if (cmdline.includes(needle)) pids.push(Number(entry));
  }
  return pids;
}

describe('npm start forwards signals', function () {
  this.timeout(240_000);
  const serves = useServeProcesses('ac-npm-start-');

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`${signal} to npm stops the server and frees its port`, async () => {
      const dataDir = serves.dataDir(signal);
      const port = await freePort();
      const npm = await serves.start({ dataDir, port, command: ['npm', 'start', '--'] });
      await npm.healthy();
      const pid = await serverPid(dataDir);
      assert.notEqual(pid, npm.child.pid);
      npm.child.kill(signal);
      await npm.exited(30_000);
      await until(`server pid ${pid} to exit`, () => !pidAlive(pid), 30_000);
      assert.equal(await isPortOpen('127.0.0.1', port), false);
      assert.deepEqual(await processesWith(dataDir), []);
    });
  }
});
