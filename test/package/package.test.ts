/**
 * The CLI package installed as a user installs it (installed-package.ts: packed, then `npm install` into a
 * temporary folder outside the repository), run with nothing of the repository reachable: `serve` healthy
 * (first start and restart timed), the CLI round trip register → create-task → next → complete, `mcp`
 * through the official SDK's stdio client, `npx --package <tarball>` without installing, `install claude` in a fresh repository whose written hook still
 * works after the repository moved, and on the machine's old Node the bin's one-line refusal.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { McpTestClient } from '../mcp/mcp-client.ts';
import { makeRepo, type TempRepo } from '../guard/support/git-fixture.ts';
import { exec, installPackage, type InstalledPackage, type Run } from './installed-package.ts';

/** The machine's own Node, older than the package needs (Node 20 here). */
const OLD_NODE = '/usr/bin/node';

interface Settings {
  readonly hooks: Record<string, { hooks: { command: string }[] }[]>;
}

describe('the CLI package, installed outside the repository', function () {
  this.timeout(240_000);
  let pkg: InstalledPackage;
  let url = '';
  let server: ChildProcess | undefined;
  let serverLog = '';

  const cli = (args: readonly string[], extra: Record<string, string> = {}): Promise<Run> =>
    exec(pkg.localBin, args, { cwd: pkg.dir, env: pkg.env({ AGENT_COORDINATOR_URL: url, ...extra }), timeoutMs: 30_000 });

  /**
   * Starts `serve` from the installed bin on a port of its choosing (port 0: a port picked here could be
   * taken by another suite's server before this one binds it) and resolves with the milliseconds until
   * /healthz answers ok at the URL it logs; `url` is then that URL.
   */
  async function serve(): Promise<number> {
    const started = performance.now();
    const child = spawn(pkg.localBin, ['serve', '--data-dir', join(pkg.dir, 'data'), '--port', '0'], { cwd: pkg.dir, env: pkg.env(), stdio: ['ignore', 'pipe', 'pipe'] });
    server = child;
    let log = '';
    const append = (d: Buffer): void => {
      log += d.toString();
      serverLog += d.toString();
    };
    child.stdout.on('data', append);
    child.stderr.on('data', append);
    while (performance.now() - started < 150_000) {
      if (child.exitCode !== null) throw new Error(`serve exited with ${child.exitCode}:\n${serverLog}`);
      const listening = /listening on (http:\/\/[\d.:]+)/.exec(log)?.[1];
      if (listening && (await fetch(`${listening}/healthz`).then((r) => r.ok, () => false))) {
        url = listening;
        return performance.now() - started;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`serve was not healthy within 150 s:\n${serverLog}`);
  }

  async function stop(): Promise<void> {
    const child = server;
    server = undefined;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }

  before(async function () {
    this.timeout(300_000);
    pkg = await installPackage();
  });
  after(async () => {
    await stop();
    await pkg?.cleanup();
  });

  it('is plain JavaScript with its PGlite files, no TypeScript, no runtime dependencies', async () => {
    const manifest = JSON.parse(await readFile(join(pkg.packageDir, 'package.json'), 'utf8')) as Record<string, unknown>;
    assert.deepEqual(manifest['bin'], { 'agent-coordinator': 'dist/agent-coordinator.js' });
    assert.equal(manifest['dependencies'], undefined);
    assert.match(String((manifest['engines'] as Record<string, unknown> | undefined)?.['node']), /^>=22\.15$/);
    for (const file of ['pglite.wasm', 'pglite.data', 'initdb.wasm', 'vector.tar.gz', 'cli.js']) assert.ok(existsSync(join(pkg.packageDir, 'dist', 'lib', file)), file);
    const listing = await exec('tar', ['-tzf', pkg.tarball], { cwd: pkg.dir, env: pkg.env() });
    assert.doesNotMatch(listing.stdout, /\.ts$/m);
    assert.ok(!existsSync(join(pkg.packageDir, 'node_modules')), 'the package brought no dependencies');
    const version = await exec(pkg.localBin, ['--version'], { cwd: pkg.dir, env: pkg.env() });
    assert.equal(version.stdout, `agent-coordinator ${String(manifest['version'])}\n`);
  });

  it('serve is healthy from the installed bin, on first start and on restart', async () => {
    const first = await serve();
    await stop();
    const restart = await serve();
    console.log(`      time to healthy from the installed package: first start ${(first / 1000).toFixed(2)} s, restart ${(restart / 1000).toFixed(2)} s`);
    assert.match(serverLog, /embedded PGlite/);
  });

  it('the CLI round trip: register, create-task, next, complete', async () => {
    const register = await cli(['register', 'alice']);
    assert.equal(register.code, 0, register.stderr);
    const created = await cli(['create-task', 'Ship the package', 'files=src/pkg.ts']);
    assert.equal(created.code, 0, created.stderr);
    const key = /created (T-\d+)/.exec(created.stdout)?.[1] ?? '';
    assert.ok(key, created.stdout);
    const next = await cli(['next']);
    assert.equal(next.code, 0, next.stderr);
    assert.match(next.stdout, new RegExp(`claimed ${key} Ship the package .*locked: src/pkg\\.ts`));
    const complete = await cli(['complete', key, 'shipped']);
    assert.equal(complete.code, 0, complete.stderr);
    assert.match((await cli(['tasks', 'done'])).stdout, new RegExp(`${key}\\s+done\\s+normal\\s+Ship the package\\s+alice`));
  });

  it('mcp: the official SDK stdio client lists the tools and calls one', async () => {
    const transport = new StdioClientTransport({ command: pkg.localBin, args: ['mcp', '--url', url], env: definedOnly(pkg.env()), cwd: pkg.dir, stderr: 'pipe' });
    const client = await new McpTestClient(transport, 'package-test').connect();
    try {
      const { tools } = await client.client.listTools();
      assert.ok(tools.some((t) => t.name === 'list_tasks'), tools.map((t) => t.name).join(', '));
      const listed = await client.call('list_tasks', { status: 'done' });
      assert.ok(listed.tasks.some((t) => t.title === 'Ship the package'));
    } finally {
      await client.close();
    }
  });

  describe('install claude in a fresh repository', () => {
    let repo: TempRepo;
    /** git isolated from whoever runs the tests, with a fixed author. */
    const GIT = { GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1', GIT_AUTHOR_NAME: 'Test Person', GIT_AUTHOR_EMAIL: 'test@example.com', GIT_COMMITTER_NAME: 'Test Person', GIT_COMMITTER_EMAIL: 'test@example.com' };
    before(async () => {
      repo = await makeRepo({ 'src/a.ts': 'export const a = 1;\n' }, pkg.env(GIT));
    });
    after(() => repo.cleanup());

    it('installed globally: the hooks run `agent-coordinator hook …` and keep working after the repository moved', async () => {
      const install = await exec('agent-coordinator', ['install', 'claude', '--url', url], { cwd: repo.dir, env: pkg.env({}, { globalOnPath: true }) });
      assert.equal(install.code, 0, install.stderr);
      const gitHooks = await exec('agent-coordinator', ['install', 'git-hooks'], { cwd: repo.dir, env: pkg.env(GIT, { globalOnPath: true }) });
      assert.equal(gitHooks.code, 0, gitHooks.stderr);
      assert.doesNotMatch(await readFile(join(repo.dir, '.git', 'hooks', 'pre-commit'), 'utf8'), new RegExp(`${pkg.dir}|/app/`));
      const settings = JSON.parse(await readFile(join(repo.dir, '.claude', 'settings.json'), 'utf8')) as Settings;
      const pre = settings.hooks['PreToolUse']?.[0]?.hooks[0]?.command ?? '';
      const post = settings.hooks['PostToolUse']?.[0]?.hooks[0]?.command ?? '';
      assert.equal(pre, `agent-coordinator hook claude-pre-tool --url ${url}`);
      assert.doesNotMatch(`${pre}\n${post}`, new RegExp(pkg.dir));

      const moved = join(repo.scratch, 'moved');
      await rename(repo.dir, moved);
      assert.equal((await cli(['register', 'holder'])).code, 0);
      const lock = await cli(['lock', 'src/a.ts', '--reason', 'moving test']);
      assert.equal(lock.code, 0, lock.stderr);
      const hookEnv = pkg.env({ ...GIT, AGENT_COORDINATOR_URL: url, AGENT_COORDINATOR_STATE: join(repo.scratch, 'hook-state.json') }, { globalOnPath: true });
      const payload = (event: string): string =>
        JSON.stringify({ session_id: 's1', cwd: moved, hook_event_name: event, tool_name: 'Edit', tool_input: { file_path: join(moved, 'src/a.ts'), old_string: '1', new_string: '2' }, ...(event === 'PostToolUse' ? { tool_response: {} } : {}) });
      const refused = await runShell(pre, moved, hookEnv, payload('PreToolUse'));
      assert.equal(refused.code, 2, refused.stderr);
      assert.match(refused.stderr, /src\/a\.ts: held by holder/);
      await writeFile(join(moved, 'src/a.ts'), 'export const a = 2;\n');
      assert.equal((await exec('git', ['add', '-A'], { cwd: moved, env: hookEnv })).code, 0);
      const commit = await exec('git', ['commit', '-q', '-m', 'touch a'], { cwd: moved, env: hookEnv });
      assert.notEqual(commit.code, 0, 'the pre-commit hook refused the commit');
      assert.match(commit.stderr, /src\/a\.ts[\s\S]*held by holder/);
      await cli(['release', 'src/a.ts']);
      const committed = await exec('git', ['commit', '-q', '-m', 'touch a'], { cwd: moved, env: hookEnv });
      assert.equal(committed.code, 0, committed.stderr);
      const allowed = await runShell(pre, moved, hookEnv, payload('PreToolUse'));
      assert.equal(allowed.code, 0, allowed.stderr);
      const after = await runShell(post, moved, hookEnv, payload('PostToolUse'));
      assert.equal(after.code, 0, after.stderr);
    });

    it('not on PATH: the hooks name the package and version for npx, never a path', async () => {
      const dry = await exec(pkg.localBin, ['install', 'claude', '--dry-run', '--dir', pkg.dir], { cwd: pkg.dir, env: pkg.env() });
      assert.equal(dry.code, 0, dry.stderr);
      const version = (JSON.parse(await readFile(join(pkg.packageDir, 'package.json'), 'utf8')) as { version: string }).version;
      assert.match(dry.stdout, new RegExp(`npx --yes agent-coordinator@${version.replaceAll('.', '\\.')} hook claude-pre-tool`));
      assert.match(dry.stdout, /not installed on PATH: the hooks run it through npx/);
      assert.doesNotMatch(dry.stdout, new RegExp(`${pkg.dir}/app`));
    });
  });

  it('runs without installing: npx --package <tarball> agent-coordinator', async () => {
    const result = await exec('npx', ['--yes', '--package', pkg.tarball, 'agent-coordinator', '--version'], { cwd: pkg.dir, env: pkg.env() });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^agent-coordinator \d+\.\d+\.\d+\n$/);
  });

  it(`on an older Node (${OLD_NODE}) the bin says in one line which version it needs`, async function () {
    const version = existsSync(OLD_NODE) ? (await exec(OLD_NODE, ['--version'], { cwd: pkg.dir, env: pkg.env() })).stdout.trim() : '';
    const [major = 0, minor = 0] = version.replace(/^v/, '').split('.').map(Number);
    if (!version || major > 22 || (major === 22 && minor >= 17)) {
      console.log(`      skipped: no Node older than 22.15 at ${OLD_NODE} (${version || 'none'})`);
      this.skip();
    }
    const result = await exec(OLD_NODE, [join(pkg.packageDir, 'dist', 'agent-coordinator.js'), 'serve'], { cwd: pkg.dir, env: pkg.env() });
    assert.equal(result.code, 1);
    assert.equal(result.stdout, '');
    assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
    assert.match(result.stderr, new RegExp(`^agent-coordinator: needs Node\\.js 22\\.15 or newer, this is ${version.replaceAll('.', '\\.')} .*nvm install 24\\n$`));
  });
});

/** The SDK's transport wants every variable defined. */
function definedOnly(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined));
}

function runShell(command: string, cwd: string, env: NodeJS.ProcessEnv, input: string): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn('/bin/sh', ['-c', command], { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.on('error', () => undefined);
    child.stdin.end(input);
  });
}
