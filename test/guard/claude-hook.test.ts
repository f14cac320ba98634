/**
 * `agent-coordinator hook claude-pre-tool` / `claude-post-tool` fed the JSON Claude Code sends, against a
 * real server and a real git repository: exit 2 with a message naming holder, task and expiry exactly
 * where another agent holds the file (one case per tool kind, Bash writes and reads included), exit 0
 * elsewhere with a short lease taken for this agent, the unreachable server both ways, and a file
 * changed by another agent since this one last saw it.
 */
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Lock } from '@agent-coordinator/shared';
import { useCoordinator } from '../support/coordinator.ts';
import { readAllEvents, waitForEvents } from '../support/event-replay.ts';
import { freePort } from '../support/free-port.ts';
import { baseEnv, cli, makeRepo, type Run, type TempRepo } from './support/git-fixture.ts';

describe('Claude Code hook on pglite', function () {
  this.timeout(60_000);
  const env = useCoordinator('pglite');
  let repo: TempRepo;
  let bobTask = '';

  before(async () => {
    repo = await makeRepo(
      { 'src/a.ts': 'export const a = 1;\n', 'src/b.ts': 'b\n', 'docs/guide.md': '# guide\n', 'nb/analysis.ipynb': '{}\n', 'README.md': 'readme\n' },
      baseEnv('/tmp'),
    );
    const c = env.client();
    await c.register_agent.mutate({ name: 'bob' });
    const task = await c.create_task.mutate({ title: 'Rework a', files: ['src/a.ts'], assignee: 'bob' });
    bobTask = task.key;
    assert.equal((await c.get_next_task.mutate({ agent_id: 'bob' })).task?.key, bobTask);
    assert.equal((await c.lock_files.mutate({ agent_id: 'bob', paths: ['docs/**'], reason: 'restructuring docs' })).granted, true);
  });
  after(() => repo.cleanup());

  const hookEnv = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => baseEnv(repo.scratch, { AGENT_COORDINATOR_URL: env.url, ...extra });
  const pre = (tool_name: string, tool_input: Record<string, unknown>, extra: Record<string, string> = {}, session = 'sess-alice-0001'): Promise<Run> =>
    cli(repo.dir, ['hook', 'claude-pre-tool'], hookEnv(extra), JSON.stringify({ session_id: session, transcript_path: '/tmp/t.jsonl', cwd: repo.dir, hook_event_name: 'PreToolUse', tool_name, tool_input }));
  const post = (tool_name: string, tool_input: Record<string, unknown>, extra: Record<string, string> = {}): Promise<Run> =>
    cli(repo.dir, ['hook', 'claude-post-tool'], hookEnv(extra), JSON.stringify({ session_id: 'sess-alice-0001', cwd: repo.dir, hook_event_name: 'PostToolUse', tool_name, tool_input, tool_response: {} }));
  const abs = (path: string): string => join(repo.dir, path);
  const locksOf = async (agent: string): Promise<Lock[]> => env.client().list_locks.query({ agent_id: agent });

  /** Exit 2, and the message Claude gets names the file, the holder, the task and the expiry, and what to do. */
  function assertRefused(result: Run, path: string, holder: string, task: string | null): void {
    assert.equal(result.code, 2, `exit code; stderr: ${result.stderr}`);
    assert.match(result.stderr, new RegExp(`${path.replaceAll('.', '\\.').replaceAll('*', '\\*')}: held by ${holder} ${task ? `for ${task}` : '\\(no task\\)'} until \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ \\(in \\d+ (s|min)\\)`));
    assert.match(result.stderr, /Do not write (it|them) now[\s\S]*Instead: continue with files nobody holds/);
  }

  describe('a file another agent holds exclusively: exit 2', () => {
    it('Edit', async () => {
      const result = await pre('Edit', { file_path: abs('src/a.ts'), old_string: 'a = 1', new_string: 'a = 2' });
      assertRefused(result, 'src/a.ts', 'bob', bobTask);
      assert.match(result.stderr, /You act as claude-sessalic/);
    });
    it('Write (relative path)', async () => assertRefused(await pre('Write', { file_path: 'src/a.ts', content: 'x' }), 'src/a.ts', 'bob', bobTask));
    it('MultiEdit on a file under a held glob', async () => {
      const result = await pre('MultiEdit', { file_path: abs('docs/guide.md'), edits: [{ old_string: 'guide', new_string: 'Guide' }] });
      assertRefused(result, 'docs/guide.md', 'bob', null);
      assert.match(result.stderr, /as part of docs\/\*\*/);
    });
    it('NotebookEdit in a held folder', async () => {
      const c = env.client();
      await c.lock_files.mutate({ agent_id: 'bob', paths: ['nb/'] });
      assertRefused(await pre('NotebookEdit', { notebook_path: abs('nb/analysis.ipynb'), new_source: 'print(1)', cell_id: 'c1' }), 'nb/analysis.ipynb', 'bob', null);
      await c.release_files.mutate({ agent_id: 'bob', paths: ['nb/**'] });
    });
    it('Bash: sed -i, a redirection, tee, rm, mv, git checkout -- PATH', async () => {
      assertRefused(await pre('Bash', { command: "sed -i 's/1/2/' src/a.ts", description: 'bump' }), 'src/a.ts', 'bob', bobTask);
      assertRefused(await pre('Bash', { command: 'cd src && echo "x" >> a.ts' }), 'src/a.ts', 'bob', bobTask);
      assertRefused(await pre('Bash', { command: 'echo x | tee docs/new.md > /dev/null' }), 'docs/new.md', 'bob', null);
      assertRefused(await pre('Bash', { command: 'rm -f src/b.ts src/a.ts' }), 'src/a.ts', 'bob', bobTask);
      assertRefused(await pre('Bash', { command: 'mv src/a.ts src/moved.ts' }), 'src/a.ts', 'bob', bobTask);
      assertRefused(await pre('Bash', { command: 'git checkout -- src/a.ts' }), 'src/a.ts', 'bob', bobTask);
      assertRefused(await pre('Bash', { command: 'rm -r docs' }), 'docs/**', 'bob', null);
    });
    it('is recorded as lock.write_refused', async () => {
      const after = (await readAllEvents(env.client())).at(-1)?.id ?? 0;
      assertRefused(await pre('Edit', { file_path: abs('src/a.ts'), old_string: 'a = 1', new_string: 'a = 2' }), 'src/a.ts', 'bob', bobTask);
      const events = await waitForEvents(env.client(), (es) => es.some((e) => e.type === 'lock.write_refused' && e.tool === 'Edit'), { after });
      const refused = events.find((e) => e.type === 'lock.write_refused');
      assert.ok(refused?.type === 'lock.write_refused' && refused.agent_name === 'claude-sessalic' && refused.conflicts[0]?.held_by === 'bob');
    });
  });

  describe('everything else: exit 0', () => {
    it('Bash reads and writes outside the repository do not ask the coordinator', async () => {
      for (const command of ['cat src/a.ts', 'grep -rn a src docs | head', "sed -n '1p' src/a.ts", 'git status && git diff src/a.ts', 'ls > /dev/null 2>&1', 'echo x > /tmp/ac-outside.txt']) {
        const result = await pre('Bash', { command }, { AGENT_COORDINATOR_URL: 'http://127.0.0.1:1' });
        assert.equal(result.code, 0, `${command}: ${result.stderr}`);
        assert.equal(result.stdout, '', `${command}: no warning, the server was never asked`);
      }
    });
    it('Read and other tools are not checked', async () => {
      assert.equal((await pre('Read', { file_path: abs('src/a.ts') })).code, 0);
      assert.equal((await pre('Grep', { pattern: 'a' })).code, 0);
    });

    it('a free file is allowed and locked for this agent with a short lease; the next agent is refused', async () => {
      const result = await pre('Write', { file_path: abs('src/new.ts'), content: 'new' }, { AGENT_COORDINATOR_AGENT: 'alice' });
      assert.equal(result.code, 0, result.stderr);
      const [lock] = (await locksOf('alice')).filter((l) => l.path === 'src/new.ts');
      assert.ok(lock, 'alice holds src/new.ts');
      assert.equal(lock.mode, 'exclusive');
      const lease = (Date.parse(lock.expires_at) - Date.now()) / 1000;
      assert.ok(lease > 100 && lease <= 121, `lease of about 120 s, got ${lease}`);
      assertRefused(await pre('Edit', { file_path: abs('src/new.ts'), old_string: 'n', new_string: 'N' }, { AGENT_COORDINATOR_AGENT: 'carol' }), 'src/new.ts', 'alice', null);
      // alice herself goes on writing it.
      assert.equal((await pre('Edit', { file_path: abs('src/new.ts'), old_string: 'n', new_string: 'N' }, { AGENT_COORDINATOR_AGENT: 'alice' })).code, 0);
    });

    it('Bash writes to free files lock them too; NotebookEdit and MultiEdit as well', async () => {
      const agent = { AGENT_COORDINATOR_AGENT: 'dave' };
      assert.equal((await pre('Bash', { command: "echo y > src/b.ts && sed -i 's/y/z/' README.md" }, agent)).code, 0);
      assert.equal((await pre('NotebookEdit', { notebook_path: abs('nb/analysis.ipynb'), new_source: '' }, agent)).code, 0);
      assert.deepEqual((await locksOf('dave')).map((l) => l.path), ['README.md', 'nb/analysis.ipynb', 'src/b.ts']);
    });

    it('the session agent is registered on first use, named after the session', async () => {
      assert.equal((await pre('Write', { file_path: abs('src/session.ts'), content: '' }, {}, 'f00dfeed-1234')).code, 0);
      const agents = await env.client().list_agents.query();
      const agent = agents.find((a) => a.name === 'claude-f00dfeed');
      assert.equal(agent?.kind, 'claude-code');
      assert.deepEqual((await locksOf('claude-f00dfeed')).map((l) => l.path), ['src/session.ts']);
    });

    it('with auto-lock off, a free file is allowed and nothing is locked', async () => {
      const result = await pre('Write', { file_path: abs('src/unlocked.ts'), content: '' }, { AGENT_COORDINATOR_AGENT: 'erin', AGENT_COORDINATOR_AUTO_LOCK: '0' });
      assert.equal(result.code, 0, result.stderr);
      assert.deepEqual(await locksOf('erin'), []);
    });
  });

  describe('the coordinator unreachable', () => {
    let deadUrl = '';
    before(async () => {
      deadUrl = `http://127.0.0.1:${await freePort()}`;
    });

    it('allows with a warning by default (never wedges the agent)', async () => {
      const result = await pre('Edit', { file_path: abs('src/a.ts'), old_string: 'a', new_string: 'b' }, { AGENT_COORDINATOR_URL: deadUrl });
      assert.equal(result.code, 0, result.stderr);
      const output = JSON.parse(result.stdout) as { systemMessage: string };
      assert.match(output.systemMessage, new RegExp(`the coordinator at ${deadUrl} does not answer .*allowed without checking locks`));
    });

    it('denies when configured to, by environment or by the repository file', async () => {
      const byEnv = await pre('Edit', { file_path: abs('src/a.ts'), old_string: 'a', new_string: 'b' }, { AGENT_COORDINATOR_URL: deadUrl, AGENT_COORDINATOR_ON_UNREACHABLE: 'deny' });
      assert.equal(byEnv.code, 2);
      assert.match(byEnv.stderr, /Edit stopped — the coordinator at .* does not answer .*onUnreachable: deny/);
      await writeFile(join(repo.dir, '.agent-coordinator.json'), JSON.stringify({ url: deadUrl, onUnreachable: 'deny' }));
      try {
        const env2 = baseEnv(repo.scratch); // no AGENT_COORDINATOR_URL: the file's url is used
        const byFile = await cli(repo.dir, ['hook', 'claude-pre-tool'], env2, JSON.stringify({ session_id: 's', cwd: repo.dir, tool_name: 'Write', tool_input: { file_path: abs('x.ts'), content: '' } }));
        assert.equal(byFile.code, 2, byFile.stderr);
        assert.match(byFile.stderr, new RegExp(deadUrl));
      } finally {
        await writeFile(join(repo.dir, '.agent-coordinator.json'), '{}');
      }
    });
  });

  it('input that is not Claude Code JSON is allowed with a warning', async () => {
    const result = await cli(repo.dir, ['hook', 'claude-pre-tool'], hookEnv(), 'not json');
    assert.equal(result.code, 0);
    assert.match(result.stdout, /systemMessage/);
  });

  it('a file another agent changed since this one last saw it: exit 2 once, naming who, then it goes through', async () => {
    const path = 'src/shared.ts';
    const [frank, grace] = [{ AGENT_COORDINATOR_AGENT: 'frank' }, { AGENT_COORDINATOR_AGENT: 'grace' }];
    const c = env.client();
    await repo.write(path, 'v0\n');
    // frank writes it (pre: base v0 and a lease; post: reports v1), then his lease is gone.
    assert.equal((await pre('Write', { file_path: abs(path), content: 'v1\n' }, frank)).code, 0);
    await repo.write(path, 'v1\n');
    assert.equal((await post('Write', { file_path: abs(path), content: 'v1\n' }, frank)).code, 0);
    await c.release_files.mutate({ agent_id: 'frank', paths: [path] });
    // grace writes on top of it.
    assert.equal((await pre('Bash', { command: `echo v2 > ${path}` }, grace)).code, 0);
    await repo.write(path, 'v2\n');
    assert.equal((await post('Bash', { command: `echo v2 > ${path}` }, grace)).code, 0);
    await c.release_files.mutate({ agent_id: 'grace', paths: [path] });
    // check_files with frank's current hash reports it too.
    const { createHash } = await import('node:crypto');
    const current = createHash('sha256').update(await readFile(abs(path))).digest('hex');
    const check = await c.check_files.query({ paths: [path], agent_id: 'frank', content_hashes: { [path]: current } });
    assert.equal(check.files[0]?.changed_since_lock?.written_by, 'grace');
    // frank, back with the content he wrote in mind, is stopped once and told to re-read.
    const stale = await pre('Edit', { file_path: abs(path), old_string: 'v1', new_string: 'v3' }, frank);
    assert.equal(stale.code, 2, stale.stderr);
    assert.match(stale.stderr, /src\/shared\.ts changed since you last saw it — grace wrote it at .*Read src\/shared\.ts again/);
    assert.equal((await pre('Edit', { file_path: abs(path), old_string: 'v2', new_string: 'v3' }, frank)).code, 0);
    // grace, who wrote it last, is not stopped by her own write.
    await c.release_files.mutate({ agent_id: 'frank', paths: [path] });
    assert.equal((await pre('Edit', { file_path: abs(path), old_string: 'v2', new_string: 'v4' }, grace)).code, 0);
  });
});
