/**
 * One coordinator per embedded data folder, with real `serve` processes: a second start on the folder is
 * refused in one line naming the first server's pid and URL while the first keeps serving its data; a
 * SIGKILLed server's lock does not block the next start; the folder and its files are owner-only.
 */
import assert from 'node:assert/strict';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { connect } from '../support/coordinator.ts';
import { useServeProcesses, type ServeProcess } from '../support/serve-process.ts';

describe('data folder lock (serve processes)', function () {
  this.timeout(240_000);
  const serves = useServeProcesses('ac-lock-');
  const serve = (dataDir: string): Promise<ServeProcess> => serves.start({ dataDir });

  it('refuses a second start on the same folder in one line, and the first keeps its data', async () => {
    const dataDir = serves.dataDir('shared');
    const first = await serve(dataDir);
    await first.healthy();
    const { client, close } = connect(first.url);
    const task = await client.create_task.mutate({ title: 'made before the second start' });
    close();

    const second = await serve(dataDir);
    const code = await second.exited(60_000);
    assert.notEqual(code, 0);
    const lines = second.stderr().trim().split('\n');
    assert.equal(lines.length, 1, second.stderr());
    assert.match(lines[0] ?? '', new RegExp(`^agent-coordinator: data folder .* is in use by another coordinator \\(pid ${first.child.pid}, serving ${first.url}[,)]`));
    assert.match(lines[0] ?? '', /stop it \(kill \d+\), or pass another --data-dir$/);

    const again = connect(first.url);
    assert.equal((await again.client.get_task.query({ task_id: task.key })).title, 'made before the second start');
    const later = await again.client.create_task.mutate({ title: 'made after the refused start' });
    again.close();
    assert.ok(later.key);
    const lock = JSON.parse(await readFile(join(dataDir, 'coordinator.lock'), 'utf8')) as { pid: number; url: string };
    assert.deepEqual([lock.pid, lock.url], [first.child.pid, first.url]);
    await first.stop();
    await assert.rejects(stat(join(dataDir, 'coordinator.lock')), /ENOENT/, 'a clean stop removes the lock');
  });

  it('a SIGKILLed server does not block the next start, which finds the data intact', async () => {
    const dataDir = serves.dataDir('crashed');
    const first = await serve(dataDir);
    await first.healthy();
    const { client, close } = connect(first.url);
    const task = await client.create_task.mutate({ title: 'survives a crash' });
    close();
    first.child.kill('SIGKILL');
    await first.exited();
    await stat(join(dataDir, 'coordinator.lock')); // left behind by the crash

    const next = await serve(dataDir);
    await next.healthy();
    const after = connect(next.url);
    assert.equal((await after.client.get_task.query({ task_id: task.key })).title, 'survives a crash');
    after.close();
    const lock = JSON.parse(await readFile(join(dataDir, 'coordinator.lock'), 'utf8')) as { pid: number };
    assert.equal(lock.pid, next.child.pid);
    await next.stop();
  });

  it('creates the folder and every file in it for its owner only', async () => {
    const dataDir = serves.dataDir('modes');
    const server = await serve(dataDir);
    await server.healthy();
    const { client, close } = connect(server.url);
    await client.create_task.mutate({ title: 'writes some relation files' });
    close();
    await server.stop();
    const open: string[] = [];
    const check = async (path: string): Promise<void> => {
      if (((await stat(path)).mode & 0o077) !== 0) open.push(`${path} ${((await stat(path)).mode & 0o777).toString(8)}`);
    };
    await check(dataDir);
    const entries = await readdir(dataDir, { recursive: true, withFileTypes: true });
    for (const entry of entries) await check(join(entry.parentPath, entry.name));
    assert.ok(entries.length > 100, `expected a database folder, found ${entries.length} entries`);
    assert.deepEqual(open, [], 'files or folders open to group or others');
  });
});
