/**
 * The `agent-coordinator` client commands run as a child process against a real server on PGlite:
 * the register → create → claim → complete round trip in human text, lock conflicts, exit codes for bad
 * input, unknown commands and a missing server, and `--json` output that parses.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useCoordinator } from '../support/coordinator.ts';
import { freePort } from '../support/free-port.ts';
import { cliRunner, type CliResult, type RunCli } from './run-cli.ts';

const CLOCK = /\d\d:\d\d:\d\d/;

/** The failure is one `agent-coordinator: ...` line on stderr (a usage line may follow for usage errors). */
function assertOneLineError(result: CliResult, code: number, pattern: RegExp): void {
  assert.equal(result.code, code, `exit code; stderr: ${result.stderr}`);
  const [first] = result.stderr.split('\n');
  assert.match(first ?? '', /^agent-coordinator: /);
  assert.match(first ?? '', pattern);
}

describe('agent-coordinator CLI on pglite', function () {
  const env = useCoordinator('pglite');
  let dir = '';
  let cli: RunCli;
  let key = '';

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ac-cli-'));
    cli = cliRunner({ stateFile: join(dir, 'state.json'), configHome: join(dir, 'config'), url: env.url });
  });
  after(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('register prints the agent id and name and saves it for this URL', async () => {
    const result = await cli(['register', 'alice', 'testing', 'coding']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^registered alice \(agent id [0-9a-f-]{36}; cli; capabilities: testing, coding\)/);
    const state = JSON.parse(await readFile(join(dir, 'state.json'), 'utf8')) as { agents: Record<string, { name: string }> };
    assert.equal(state.agents[env.url]?.name, 'alice');
  });

  it('create-task takes priority, files and caps as key=value pairs', async () => {
    const result = await cli(['create-task', 'Write CLI tests', 'cover every command', 'priority=high', 'files=src/cli/a.ts,src/cli/b.ts', 'caps=testing']);
    assert.equal(result.code, 0, result.stderr);
    const match = /^created (T-\d+) Write CLI tests \(high\) — files: src\/cli\/a\.ts, src\/cli\/b\.ts$/.exec(result.stdout.trim());
    assert.ok(match?.[1], result.stdout);
    key = match[1];
  });

  it('next claims the task and prints its locks', async () => {
    const result = await cli(['next']);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout.trim(), `claimed ${key} Write CLI tests (high) — locked: src/cli/a.ts, src/cli/b.ts`);
  });

  it('board shows the agent on its task with its locks, and the counts; locks and check list each lock', async () => {
    const [board, locks, check, heartbeat] = await Promise.all([cli(['board']), cli(['locks']), cli(['check', 'src/cli/b.ts', 'README.md']), cli(['heartbeat'])]);
    assert.equal(board.code, 0, board.stderr);
    assert.match(board.stdout, /^AGENT\s+KIND\s+STATUS\s+TASK\s+LOCKS$/m);
    assert.match(board.stdout, new RegExp(`^alice\\s+cli\\s+busy\\s+${key} Write CLI tests\\s+src/cli/a\\.ts, src/cli/b\\.ts$`, 'm'));
    assert.match(board.stdout, /^tasks: 0 open, 1 claimed, 0 in progress, 0 done/m);
    assert.match(board.stdout, /^queue: empty$/m);
    assert.equal(locks.code, 0, locks.stderr);
    const rows = locks.stdout.trim().split('\n');
    assert.match(rows[0] ?? '', /^PATH\s+MODE\s+HOLDER\s+TASK\s+EXPIRES$/);
    assert.match(rows[1] ?? '', new RegExp(`^src/cli/a\\.ts\\s+exclusive\\s+alice\\s+${key}\\s+${CLOCK.source}$`));
    assert.equal(rows.length, 3);
    assert.match(check.stdout, new RegExp(`^src/cli/b\\.ts\\s+locked\\s+exclusive\\s+alice\\s+${key}\\s+${CLOCK.source}\nREADME\\.md\\s+free$`, 'm'));
    assert.match(heartbeat.stdout, new RegExp(`^alice is busy; it and its locks stay alive until ${CLOCK.source}$`, 'm'));
  });

  it('a lock held by another agent prints the conflict and exits 4', async () => {
    const bob = { AGENT_COORDINATOR_STATE: join(dir, 'bob.json') };
    assert.equal((await cli(['register', 'bob'], bob)).code, 0);
    const [conflict, free] = await Promise.all([
      cli(['lock', 'src/cli/a.ts', 'docs/x.md', '--reason', 'edit'], bob),
      cli(['lock', 'docs/y.md', '--shared', '--ttl', '60'], bob),
    ]);
    assertOneLineError(conflict, 4, /lock not granted: src\/cli\/a\.ts held by another agent/);
    assert.match(conflict.stdout, new RegExp(`^src/cli/a\\.ts\\s+src/cli/a\\.ts\\s+exclusive\\s+alice\\s+${key}\\s+${CLOCK.source}$`, 'm'));
    assert.equal(free.code, 0, free.stderr);
    assert.match(free.stdout.trim(), new RegExp(`^locked docs/y\\.md \\(shared until ${CLOCK.source}\\)$`));
    const released = await cli(['release', 'docs/y.md', 'docs/x.md'], bob);
    assert.equal(released.stdout, 'released docs/y.md\nnot held: docs/x.md\n');
  });

  it('start and complete the task; the board counts it done', async () => {
    const started = await cli(['start', key]);
    assert.equal(started.stdout.trim(), `started ${key} Write CLI tests (high)`, started.stderr);
    const completed = await cli(['complete', key, 'all', 'green']);
    assert.equal(completed.stdout.trim(), `completed ${key} Write CLI tests (high)`, completed.stderr);
    const [board, locks] = await Promise.all([cli(['board']), cli(['locks'])]);
    assert.match(board.stdout, /^tasks: 0 open, 0 claimed, 0 in progress, 1 done/m);
    assert.match(board.stdout, /^alice\s+cli\s+idle\s+-\s+-$/m);
    assert.equal(locks.stdout.trim(), 'no locks held');
  });

  it('release-task puts a claimed task back in the queue; next has nothing for another agent', async () => {
    const created = await cli(['create-task', 'Benchmarks', 'assignee=alice', '--json']);
    const task = JSON.parse(created.stdout) as { key: string };
    assert.match((await cli(['next'])).stdout, new RegExp(`^claimed ${task.key} Benchmarks \\(normal\\)$`, 'm'));
    const released = await cli(['release-task', task.key, 'not', 'today']);
    assert.equal(released.stdout.trim(), `released ${task.key} Benchmarks (normal) — it is open again`, released.stderr);
    const [open, next] = await Promise.all([cli(['tasks', 'open']), cli(['next', '--agent', 'bob'])]);
    assert.match(open.stdout, new RegExp(`^${task.key}\\s+open\\s+normal\\s+Benchmarks\\s+alice\\s+-$`, 'm'));
    assert.equal(next.code, 0, next.stderr);
    assert.match(next.stdout, /^nothing to do: .+/);
  });

  it('bad input exits 2 with one line naming the field', async () => {
    const [priority, path, lockPath] = await Promise.all([
      cli(['create-task', 'Urgent', 'priority=urgent']),
      cli(['create-task', 'Escape', 'files=../secret.txt']),
      cli(['lock', '../outside.ts']),
    ]);
    assertOneLineError(priority, 2, /priority: expected one of low, normal, high, critical/);
    assertOneLineError(path, 2, /files\.0: "\.\.\/secret\.txt" contains "\.\."/);
    assertOneLineError(lockPath, 2, /paths\.0: .*contains "\.\."/);
    for (const result of [priority, path, lockPath]) assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
  });

  it('an unknown task exits 3; an unknown command exits 1 with the usage', async () => {
    const [missing, unknown] = await Promise.all([cli(['complete', 'T-999']), cli(['frobnicate'])]);
    assertOneLineError(missing, 3, /no task "T-999"/);
    assertOneLineError(unknown, 1, /unknown command "frobnicate"/);
    assert.match(unknown.stderr, /^usage: agent-coordinator <command>/m);
    assert.match(unknown.stderr, /exit codes: 0 ok, 1 usage or other failure, 2 invalid input, 3 not found, 4 conflict or lock held/);
  });

  it('without an identity, commands acting as an agent say to register', async () => {
    const result = await cli(['next'], { AGENT_COORDINATOR_STATE: join(dir, 'nobody.json') });
    assertOneLineError(result, 1, /run `agent-coordinator register-agent NAME` first or pass --agent/);
  });

  it('names the canonical command in the errors the server sends, whichever alias was typed, not the MCP tool', async () => {
    const [badLock, badKey, canonical] = await Promise.all([cli(['lock', 'a.ts', '--ttl', '1']), cli(['start', 'T-0']), cli(['lock-files', 'a.ts', '--ttl', '1'])]);
    assertOneLineError(badLock, 2, /^agent-coordinator: lock-files: invalid input — ttl_seconds: /);
    assert.doesNotMatch(badLock.stderr, /lock_files/);
    assert.equal(canonical.stderr, badLock.stderr);
    assertOneLineError(badKey, 2, /^agent-coordinator: update-task: invalid input — task_id: /);
    const noPath = await cli(['lock']);
    assertOneLineError(noPath, 1, /give at least one path: agent-coordinator lock-files PATH\.\.\./);
    assert.match(noPath.stderr, /^usage: agent-coordinator lock-files \(alias: lock\) PATH\.\.\./m);
  });

  it('with no server at --url, one line says so', async () => {
    const url = `http://127.0.0.1:${await freePort()}`;
    const result = await cli(['board', '--url', url]);
    assertOneLineError(result, 1, new RegExp(`no coordinator at ${url} — start one with \`agent-coordinator serve\` or pass --url`));
    assert.equal(result.stderr.trim().split('\n').length, 1);
  });

  it('--json prints the raw results', async () => {
    const [board, tasks, locks] = await Promise.all([cli(['board', '--json']), cli(['tasks', 'done', '--json']), cli(['locks', '--json'])]);
    const parsedBoard = JSON.parse(board.stdout) as { tasks: { done: number; open: number }; agents: { name: string }[] };
    assert.equal(parsedBoard.tasks.done, 1);
    assert.equal(parsedBoard.tasks.open, 1);
    assert.deepEqual(parsedBoard.agents.map((a) => a.name).sort(), ['alice', 'bob']);
    const parsedTasks = JSON.parse(tasks.stdout) as { key: string; status: string; summary: string }[];
    assert.deepEqual(parsedTasks.map((t) => [t.key, t.status, t.summary]), [[key, 'done', 'all green']]);
    assert.deepEqual(JSON.parse(locks.stdout), []);
  });

  it('only the claimant completes or releases a claimed task; a human agent takes it over with --force', async () => {
    const bob = { AGENT_COORDINATOR_STATE: join(dir, 'bob.json') };
    const carol = { AGENT_COORDINATOR_STATE: join(dir, 'carol.json') };
    const created = JSON.parse((await cli(['create-task', 'Bob only', 'assignee=bob', '--json'])).stdout) as { key: string };
    assert.match((await cli(['next'], bob)).stdout, new RegExp(`^claimed ${created.key} `));
    const [complete, release] = await Promise.all([cli(['complete', created.key]), cli(['release-task', created.key, '--force'])]);
    assertOneLineError(complete, 4, new RegExp(`complete-task: ${created.key} is claimed by bob, not by alice — take another task with \`agent-coordinator get-next-task\``));
    assertOneLineError(release, 4, /^agent-coordinator: release-task: .*a human agent may pass --force/);
    assert.equal((await cli(['register', 'carol', '--kind', 'human'], carol)).code, 0);
    const forced = await cli(['release-task', created.key, 'bob', 'is', 'away', '--force'], carol);
    assert.equal(forced.stdout.trim(), `released ${created.key} Bob only (normal) — it is open again`, forced.stderr);
  });

  it('the canonical commands do what their aliases do: claim-task (next KEY), list-tasks, get-run, get-task-board, plan-task', async () => {
    const created = JSON.parse((await cli(['create-task', 'Canonical', '--json'])).stdout) as { key: string };
    const other = JSON.parse((await cli(['create-task', 'By alias', '--json'])).stdout) as { key: string };
    const claimed = await cli(['claim-task', created.key]);
    assert.equal(claimed.stdout.trim(), `claimed ${created.key} Canonical (normal)`, claimed.stderr);
    const byAlias = await cli(['next', other.key]);
    assert.equal(byAlias.stdout.trim(), `claimed ${other.key} By alias (normal)`, byAlias.stderr);
    const [listed, shown, board] = await Promise.all([cli(['list-tasks', 'claimed']), cli(['get-run', 'no-such-run']), cli(['get-task-board', '--json'])]);
    assert.match(listed.stdout, new RegExp(`^${created.key}\\s+claimed\\s+normal\\s+Canonical\\s+alice`, 'm'));
    assertOneLineError(shown, 3, /^agent-coordinator: get-run: no run no-such-run .*`agent-coordinator list-runs`$/);
    assert.equal(board.code, 0, board.stderr);
    const planned = await cli(['plan-task', created.key, 'mission=-']);
    assert.equal(planned.stdout.trim(), `took out of their mission: ${created.key}`, planned.stderr);
    for (const key of [created.key, other.key]) assert.equal((await cli(['release-task', key])).code, 0);
  });
});
