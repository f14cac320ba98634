/**
 * The process group helper against real processes: a shell script that starts a grandchild and ignores
 * SIGINT (both of them) must leave no process of its group alive after stop(); a leader that exits on its
 * own must not leave its background grandchild behind; output arrives as lines.
 */
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { ProcessGroup, groupMembers } from '../../server/src/modules/adapter/process-group.ts';
import { pidAlive } from '../support/serve-process.ts';
import { until } from '../support/until.ts';
import { scriptFolder } from '../support/script-folder.ts';

const alive = (pid: number): boolean => groupMembers(pid).length > 0 || pidAlive(pid);

describe('process group', () => {
  const folder = scriptFolder('ac-pgroup-');
  const { script } = folder;

  it('stops a leader and grandchild that ignore SIGINT: no pid of the group lives afterwards', async () => {
    const path = script(
      'stubborn.sh',
      `trap '' INT
sh -c "trap '' INT; echo grandchild \\$\\$; while true; do sleep 0.1; done" &
echo leader $$
while true; do sleep 0.1; done`,
    );
    const lines: string[] = [];
    const group = ProcessGroup.spawn({
      command: path,
      args: [],
      cwd: folder.dir,
      env: process.env,
      onLine: (_stream, line) => lines.push(line),
      stopTimings: { interruptMs: 300, terminateMs: 300, killMs: 3_000 },
    });
    const reported = await until('the grandchild to report its pid', () => lines.find((l) => l.startsWith('grandchild')));
    const grandchild = Number(reported.split(' ')[1]);
    assert.ok(grandchild > 0, `grandchild reported its pid: ${lines.join(' | ')}`);
    assert.ok(groupMembers(group.pid).length >= 2, 'leader and grandchild both in the group');
    const started = Date.now();
    const exit = await group.stop();
    assert.equal(groupMembers(group.pid).length, 0, 'no member of the group left');
    assert.equal(pidAlive(group.pid), false, 'leader gone');
    assert.equal(alive(grandchild) && groupMembers(group.pid).includes(grandchild), false, 'grandchild gone');
    assert.equal(exit.code, null);
    assert.ok(exit.signal === 'SIGTERM' || exit.signal === 'SIGKILL', `ended by a signal after SIGINT was ignored: ${exit.signal}`);
    assert.ok(Date.now() - started < 10_000);
    assert.equal(group.alive, false);
  });

  it('a leader that exits by itself leaves no background grandchild behind', async () => {
    const path = script('leaves.sh', `sh -c "echo bg \\$\\$; sleep 60" &\nsleep 0.3\necho done\nexit 3`);
    const lines: string[] = [];
    const group = ProcessGroup.spawn({
      command: path,
      args: [],
      cwd: folder.dir,
      env: process.env,
      onLine: (_s, line) => lines.push(line),
      stopTimings: { interruptMs: 300, terminateMs: 300, killMs: 3_000 },
    });
    const exit = await group.exited;
    assert.equal(exit.code, 3);
    assert.equal(groupMembers(group.pid).length, 0);
    assert.ok(lines.includes('done'), lines.join(' | '));
  });

  it('splits output into lines per stream and cuts very long lines', async () => {
    const got: [string, string][] = [];
    const group = ProcessGroup.spawn({
      command: 'sh',
      args: ['-c', 'printf "a\\nb\\n"; printf "err\\n" >&2; printf "%0100d" 0'],
      cwd: folder.dir,
      env: process.env,
      maxLineLength: 40,
      onLine: (stream, line) => got.push([stream, line]),
    });
    await group.exited;
    assert.deepEqual(got.filter(([s]) => s === 'stdout').map(([, l]) => l.length), [1, 1, 40, 40, 20]);
    assert.deepEqual(got.filter(([s]) => s === 'stderr'), [['stderr', 'err']]);
  });

  it('refuses a missing executable at once', () => {
    assert.throws(() => ProcessGroup.spawn({ command: join(folder.dir, 'missing'), args: [], cwd: folder.dir, env: process.env }), /could not start/);
  });
});
