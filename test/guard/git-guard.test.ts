/**
 * The git guard with real git in temporary repositories against a real server: `install git-hooks`, a
 * commit touching another agent's file refused with the holder named, the same commit through once the
 * lock is released, a bypass that works and is audited, `--no-verify` reported after the fact, a second
 * worktree seeing the same locks, a push refused, `core.hooksPath` respected, an existing hook kept.
 * Each test has a clone and a held lock of its own, so any one of them passes alone or in any order.
 */
import assert from 'node:assert/strict';
import { readFile, writeFile, chmod, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { useCoordinator } from '../support/coordinator.ts';
import { rejectsWith } from '../support/errors.ts';
import { readAllEvents, waitForEvents } from '../support/event-replay.ts';
import { baseEnv, cli, cloneRepo, git, makeRepo, mustGit, type Run, type TempRepo } from './support/git-fixture.ts';

describe('git guard on pglite', function () {
  this.timeout(90_000);
  const env = useCoordinator('pglite');
  /** The repository's first commit: every test's checkout is a clone of it, so the coordinator sees one repository. */
  let origin: TempRepo;
  let rootCommit = '';
  // Each test's own state, set up before it and torn down after it: a fresh clone with the guard
  // installed over an existing hook, and alice holding src/a.ts through a task of her own.
  let repo: TempRepo;
  let gitEnv: NodeJS.ProcessEnv;
  let installed: Run;
  let taskKey = '';
  let taskId = '';

  before(async () => {
    origin = await makeRepo({ 'src/a.ts': 'a0\n', 'src/b.ts': 'b0\n', 'README.md': 'readme\n' }, baseEnv('/tmp'));
    rootCommit = await mustGit(origin.dir, ['rev-list', '--max-parents=0', 'HEAD'], baseEnv('/tmp'));
    // The first repository the coordinator hears of is the one it serves (repository-identity.ts).
    await env.client().check_commit.mutate({ hook: 'pre-commit', paths: ['README.md'], repository: { root_commit: rootCommit } });
    await env.client().register_agent.mutate({ name: 'alice' });
  });
  after(() => origin.cleanup());

  beforeEach(async () => {
    repo = await cloneRepo(origin, baseEnv('/tmp'));
    gitEnv = baseEnv(repo.scratch, { AGENT_COORDINATOR_URL: env.url });
    // A hook someone already had: it must keep running after ours.
    await writeFile(join(repo.dir, '.git', 'hooks', 'pre-commit'), '#!/bin/sh\necho "existing pre-commit ran" >&2\n');
    await chmod(join(repo.dir, '.git', 'hooks', 'pre-commit'), 0o755);
    installed = await cli(repo.dir, ['install', 'git-hooks'], gitEnv);
    assert.equal(installed.code, 0, installed.stderr);

    const c = env.client();
    const task = await c.create_task.mutate({ title: 'Rewrite a', files: ['src/a.ts'], assignee: 'alice' });
    taskKey = task.key;
    taskId = task.task_id;
    assert.equal((await c.get_next_task.mutate({ agent_id: 'alice' })).task?.key, taskKey);
  });
  afterEach(async () => {
    const c = env.client();
    if ((await c.get_task.query({ task_id: taskId })).status !== 'done') await c.complete_task.mutate({ task_id: taskId, agent_id: 'alice', summary: 'done' });
    for (const lock of await c.list_locks.query({})) await c.release_files.mutate({ agent_id: lock.held_by_id, paths: [lock.path] });
    await repo.cleanup();
  });

  const headEventId = async (): Promise<number> => (await readAllEvents(env.client())).at(-1)?.id ?? 0;
  const head = (dir = repo.dir): Promise<string> => mustGit(dir, ['rev-parse', 'HEAD'], gitEnv);
  const commitAll = (message: string, extra: Record<string, string> = {}, args: string[] = [], dir = repo.dir) =>
    git(dir, ['commit', '-q', '-a', '-m', message, ...args], { ...gitEnv, ...extra });

  it('install git-hooks adds the guard to an existing hook and creates the others; a second run changes nothing', async () => {
    assert.match(installed.stdout, /hooks\/pre-commit: the guard was added to the existing hook\n.*hooks\/pre-push: created\n.*hooks\/post-commit: created/);
    assert.match((await cli(repo.dir, ['install', 'git-hooks'], gitEnv)).stdout, /pre-commit: unchanged[\s\S]*pre-push: unchanged/);
  });

  it('refuses a commit touching a file another agent holds, naming the file, the holder and the task', async () => {
    await repo.write('src/a.ts', 'a1\n');
    await repo.write('src/b.ts', 'b1\n');
    const before = await head();
    const result = await commitAll('touches a');
    assert.notEqual(result.code, 0);
    assert.match(result.stderr, new RegExp(`commit refused — it touches a file another agent holds:\\n  src/a\\.ts  held by alice for ${taskKey} until \\d{4}-`));
    assert.match(result.stderr, /AGENT_COORDINATOR_BYPASS=1 git commit/);
    assert.equal(await head(), before, 'nothing was committed');
    assert.doesNotMatch(result.stderr, /existing pre-commit ran/, 'the refusal stops the hook before the rest runs');
  });

  it('lets through a commit of free files, and the existing hook still runs', async () => {
    await repo.write('src/a.ts', 'a1\n');
    await repo.write('src/b.ts', 'b1\n');
    await mustGit(repo.dir, ['add', 'src/b.ts'], gitEnv);
    const result = await git(repo.dir, ['commit', '-q', '-m', 'only b'], gitEnv);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /existing pre-commit ran/);
  });

  it('does not stop the holder itself (an agent committing with AGENT_COORDINATOR_AGENT)', async () => {
    await repo.write('src/a.ts', 'a1\n');
    await mustGit(repo.dir, ['add', 'src/a.ts'], gitEnv);
    const asAlice = await cli(repo.dir, ['hook', 'git-pre-commit'], { ...gitEnv, AGENT_COORDINATOR_AGENT: 'alice' });
    assert.equal(asAlice.code, 0, asAlice.stderr);
    const asBob = await cli(repo.dir, ['hook', 'git-pre-commit'], { ...gitEnv, AGENT_COORDINATOR_AGENT: 'bob' });
    assert.equal(asBob.code, 1);
  });

  it('a deliberate bypass goes through and is recorded as guard.bypassed, with the commit reported', async () => {
    await repo.write('src/a.ts', 'a1\n');
    const after = await headEventId();
    const result = await commitAll('bypassing', { AGENT_COORDINATOR_BYPASS: '1' });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /AGENT_COORDINATOR_BYPASS=1 — pre-commit allowed although others hold src\/a\.ts \(alice, T-\d+\); the bypass was recorded/);
    const sha = await head();
    const events = await waitForEvents(env.client(), (es) => es.some((e) => e.type === 'guard.bypassed') && es.some((e) => e.type === 'guard.commit_touched_locked'), { after });
    const bypass = events.find((e) => e.type === 'guard.bypassed');
    assert.ok(bypass?.type === 'guard.bypassed');
    assert.equal(bypass.hook, 'pre-commit');
    assert.equal(bypass.git_user, null, 'no user.name configured in the isolated git');
    assert.deepEqual(bypass.conflicts.map((c) => [c.path, c.held_by, c.task_key]), [['src/a.ts', 'alice', taskKey]]);
    const touched = events.find((e) => e.type === 'guard.commit_touched_locked');
    assert.ok(touched?.type === 'guard.commit_touched_locked');
    assert.equal(touched.commit, sha);
  });

  it('--no-verify cannot be stopped, but the commit is reported after the fact', async () => {
    await repo.write('src/a.ts', 'a2\n');
    const result = await commitAll('sneaky', {}, ['--no-verify']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /commit [0-9a-f]{12} touched files others hold: src\/a\.ts \(alice, T-\d+\); the coordinator recorded it/);
    const sha = await head();
    await waitForEvents(env.client(), (es) => es.some((e) => e.type === 'guard.commit_touched_locked' && e.commit === sha));
  });

  it('a second worktree (git worktree add) sees the same locks, and its locks are seen here', async () => {
    const wt = join(repo.scratch, 'wt');
    await mustGit(repo.dir, ['worktree', 'add', '-q', '-b', 'feature', wt], gitEnv);
    await writeFile(join(wt, 'src', 'a.ts'), 'a-from-worktree\n');
    const refused = await commitAll('in the worktree', {}, [], wt);
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, /src\/a\.ts {2}held by alice/);
    // The Claude Code hook in the worktree: same namespace, repository-relative paths.
    const input = (file: string) => JSON.stringify({ session_id: 'wt-session', cwd: wt, tool_name: 'Edit', tool_input: { file_path: join(wt, file), old_string: 'a', new_string: 'b' } });
    const edit = await cli(wt, ['hook', 'claude-pre-tool'], { ...gitEnv, AGENT_COORDINATOR_AGENT: 'wt-agent' }, input('src/a.ts'));
    assert.equal(edit.code, 2);
    assert.match(edit.stderr, /src\/a\.ts: held by alice/);
    const free = await cli(wt, ['hook', 'claude-pre-tool'], { ...gitEnv, AGENT_COORDINATOR_AGENT: 'wt-agent' }, input('README.md'));
    assert.equal(free.code, 0, free.stderr);
    // The worktree agent's lease on README.md holds in the main checkout too.
    await repo.write('README.md', 'readme changed in main\n');
    const main = await commitAll('readme in main');
    assert.notEqual(main.code, 0);
    assert.match(main.stderr, /README\.md {2}held by wt-agent \(no task\)/);
  });

  it('refuses a push of commits touching a held file; once released, the same commit and push go through', async () => {
    const remote = join(repo.scratch, 'remote.git');
    await mustGit(repo.scratch, ['init', '-q', '--bare', remote], gitEnv);
    await mustGit(repo.dir, ['remote', 'add', 'origin', remote], gitEnv);
    // An unrelated pre-push hook after ours still receives git's ref lines.
    const prePush = join(repo.dir, '.git', 'hooks', 'pre-push');
    await writeFile(prePush, `${await readFile(prePush, 'utf8')}read line; echo "pre-push saw: $line" >&2\n`);
    await repo.write('src/a.ts', 'a1\n');
    assert.equal((await commitAll('bypassing', { AGENT_COORDINATOR_BYPASS: '1' })).code, 0);
    const pushed = await git(repo.dir, ['push', '-q', 'origin', 'main'], gitEnv);
    assert.notEqual(pushed.code, 0, 'the history contains the bypassed commit touching src/a.ts');
    assert.match(pushed.stderr, /push refused — it touches a file another agent holds:\n {2}src\/a\.ts {2}held by alice/);
    // Called with options of its own as well as git's two arguments (the remote's name and URL).
    const head = (await mustGit(repo.dir, ['rev-parse', 'HEAD'], gitEnv)).trim();
    const direct = await cli(repo.dir, ['hook', 'git-pre-push', '--url', env.url, 'origin', remote], gitEnv, `refs/heads/main ${head} refs/heads/main ${'0'.repeat(40)}\n`);
    assert.equal(direct.code, 1);
    assert.match(direct.stderr, /push refused — it touches a file another agent holds/);

    await repo.write('src/a.ts', 'a3\n');
    assert.notEqual((await commitAll('after a3')).code, 0);
    await env.client().complete_task.mutate({ task_id: taskId, agent_id: 'alice', summary: 'done' });
    const committed = await commitAll('after a3');
    assert.equal(committed.code, 0, committed.stderr);
    const pushedAgain = await git(repo.dir, ['push', '-q', 'origin', 'main'], gitEnv);
    assert.equal(pushedAgain.code, 0, pushedAgain.stderr);
    assert.match(pushedAgain.stderr, /pre-push saw: refs\/heads\/main [0-9a-f]{40} refs\/heads\/main 0{40}/);
  });

  it('refuses requests from another repository instead of mixing namespaces', async () => {
    const other = await makeRepo({ 'x.ts': 'x\n' }, gitEnv);
    try {
      const root = await mustGit(other.dir, ['rev-list', '--max-parents=0', 'HEAD'], gitEnv);
      await rejectsWith(env.client().check_commit.mutate({ hook: 'pre-commit', paths: ['x.ts'], repository: { root_commit: root } }), 'CONFLICT', {
        message: /this coordinator serves another repository \(root commit [0-9a-f]{12}.*not the one with root commit/,
      });
      assert.ok((await readAllEvents(env.client())).length > 0);
    } finally {
      await other.cleanup();
    }
  });

  it('installs into core.hooksPath when it is set', async () => {
    const other = await makeRepo({ 'x.ts': 'x\n' }, gitEnv);
    try {
      await mustGit(other.dir, ['config', 'core.hooksPath', '.githooks'], gitEnv);
      await mkdir(join(other.dir, '.githooks'));
      const result = await cli(other.dir, ['install', 'git-hooks'], gitEnv);
      assert.equal(result.code, 0, result.stderr);
      assert.match(await readFile(join(other.dir, '.githooks', 'pre-commit'), 'utf8'), /ac_guard hook git-pre-commit/);
    } finally {
      await other.cleanup();
    }
  });
});
