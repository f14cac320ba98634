/**
 * `agent-coordinator install claude`: merges the MCP server into `.mcp.json` and the hooks into
 * `.claude/settings.json` at the repository root, keeping what is there, printing the diff, idempotent;
 * and the hook command it writes is one Claude Code can run as is.
 */
import assert from 'node:assert/strict';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { useCoordinator } from '../support/coordinator.ts';
import { baseEnv, cli, makeRepo, run, type TempRepo } from './support/git-fixture.ts';

interface Settings {
  readonly model?: string;
  readonly hooks: Record<string, { matcher: string; hooks: { type: string; command: string }[] }[]>;
}

describe('install claude on pglite', function () {
  this.timeout(60_000);
  const env = useCoordinator('pglite');
  let repo: TempRepo;

  // A fresh repository for each test, with settings of someone's own already there: a test that installs,
  // reinstalls or breaks the files leaves nothing behind for the next.
  beforeEach(async () => {
    repo = await makeRepo({ 'src/a.ts': 'a\n' }, baseEnv('/tmp'));
    await writeFile(join(repo.dir, '.mcp.json'), JSON.stringify({ mcpServers: { github: { type: 'http', url: 'https://api.example/mcp' } } }, null, 2));
    await mkdir(join(repo.dir, '.claude'));
    await writeFile(join(repo.dir, '.claude', 'settings.json'), JSON.stringify({ model: 'opus', hooks: { PostToolUse: [{ matcher: 'Edit', hooks: [{ type: 'command', command: 'prettier --write' }] }] } }, null, 2));
  });
  afterEach(() => repo.cleanup());

  const install = (args: string[] = []) => cli(join(repo.dir, 'src'), ['install', 'claude', '--url', env.url, ...args], baseEnv(repo.scratch));

  it('--dry-run shows the diff and writes nothing', async () => {
    const before = await readFile(join(repo.dir, '.mcp.json'), 'utf8');
    const result = await install(['--dry-run']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /--- \.mcp\.json\n[\s\S]*\+\s+"agent-coordinator": \{/);
    assert.match(result.stdout, /\(dry run: nothing written\)/);
    assert.equal(await readFile(join(repo.dir, '.mcp.json'), 'utf8'), before);
  });

  it('merges both files at the repository root, keeping what was there, and shows the diff', async () => {
    const result = await install();
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /\.mcp\.json: added "agent-coordinator" → http:\/\/127\.0\.0\.1:\d+\/mcp\nkept "github"/);
    assert.match(result.stdout, /--- \.claude\/settings\.json\n/);
    assert.match(result.stdout, /\+\s+"matcher": "Edit\|Write\|MultiEdit\|NotebookEdit\|Bash"/);
    const mcp = JSON.parse(await readFile(join(repo.dir, '.mcp.json'), 'utf8')) as { mcpServers: Record<string, { url: string }> };
    assert.deepEqual(Object.keys(mcp.mcpServers), ['github', 'agent-coordinator']);
    assert.equal(mcp.mcpServers['agent-coordinator']?.url, `${env.url}/mcp`);
    const settings = JSON.parse(await readFile(join(repo.dir, '.claude', 'settings.json'), 'utf8')) as Settings;
    assert.equal(settings.model, 'opus');
    assert.equal(settings.hooks['PostToolUse']?.[0]?.hooks[0]?.command, 'prettier --write');
    assert.match(settings.hooks['PreToolUse']?.[0]?.hooks[0]?.command ?? '', new RegExp(`hook claude-pre-tool --url ${env.url.replaceAll('.', '\\.')}$`));
    assert.match(settings.hooks['PostToolUse']?.[1]?.hooks[0]?.command ?? '', /hook claude-post-tool/);
  });

  it('running it again changes nothing', async () => {
    assert.equal((await install()).code, 0);
    const before = await readFile(join(repo.dir, '.claude', 'settings.json'), 'utf8');
    const result = await install();
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /already points at[\s\S]*the hooks are already installed/);
    assert.doesNotMatch(result.stdout, /^---/m);
    assert.equal(await readFile(join(repo.dir, '.claude', 'settings.json'), 'utf8'), before);
  });

  it('the hook command it wrote runs as Claude Code would run it', async () => {
    assert.equal((await install()).code, 0);
    const c = env.client();
    await c.register_agent.mutate({ name: 'holder' });
    await c.lock_files.mutate({ agent_id: 'holder', paths: ['src/a.ts'] });
    const settings = JSON.parse(await readFile(join(repo.dir, '.claude', 'settings.json'), 'utf8')) as Settings;
    const command = settings.hooks['PreToolUse']?.[0]?.hooks[0]?.command ?? '';
    const input = JSON.stringify({ session_id: 's1', cwd: repo.dir, hook_event_name: 'PreToolUse', tool_name: 'Edit', tool_input: { file_path: join(repo.dir, 'src/a.ts'), old_string: 'a', new_string: 'b' } });
    const result = await run('/bin/sh', ['-c', command], { cwd: repo.dir, env: baseEnv(repo.scratch), input });
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, /src\/a\.ts: held by holder/);
  });

  it('refuses to edit a settings file that is not JSON, saying which', async () => {
    await writeFile(join(repo.dir, '.claude', 'settings.json'), '{ broken');
    const result = await install();
    assert.equal(result.code, 1);
    assert.match(result.stderr, /^agent-coordinator: \.claude\/settings\.json is not valid JSON/);
  });
});
