/**
 * The `claude-code` adapter. Health against the REAL Claude Code CLI, installed from the npm registry into
 * this test's own folder (test/.cache/claude-code, pinned version): installed, its version, and "not
 * logged in" stated clearly (there are no credentials here; HOME is an empty folder). The protocol against
 * a TEST DOUBLE of the CLI (fixtures/claude-stand-in.mjs, no model) that speaks stream-json and really
 * calls a real coordinator over MCP: it locks a file, writes it and completes the task, so the run
 * succeeds with tool_use/files_touched/usage events; and a stand-in run whose result is_error fails with
 * the reason. Under CI=true a failed install fails the test; elsewhere it skips with the reason.
 */
import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RunEvent } from '@agent-coordinator/shared';
import { ClaudeCodeAdapter, claudeArguments } from '../../server/src/modules/adapter/claude-code/claude-code.adapter.ts';
import { ClaudeCodeConfigSchema } from '../../server/src/modules/adapter/claude-code/claude-code.config.ts';
import type { RunSpec } from '../../server/src/modules/adapter/agent-adapter.ts';
import { useCoordinator } from '../support/coordinator.ts';
import { httpClient } from '../mcp/mcp-client.ts';
import { claimedTask } from './support/claimed-task.ts';

const CLAUDE_CODE_VERSION = '2.1.332';
const CACHE = fileURLToPath(new URL('../.cache/claude-code', import.meta.url));
const STAND_IN = fileURLToPath(new URL('./fixtures/claude-stand-in.mjs', import.meta.url));

const drain = async (events: AsyncIterable<RunEvent>): Promise<RunEvent[]> => {
  const all: RunEvent[] = [];
  for await (const event of events) all.push(event);
  return all;
};

/** Installs the pinned CLI into test/.cache/claude-code once; returns its `claude` or why not. */
const installClaude = async (): Promise<{ path: string } | { error: string }> => {
  const bin = join(CACHE, 'node_modules', '.bin', 'claude');
  const manifest = join(CACHE, 'node_modules', '@anthropic-ai', 'claude-code', 'package.json');
  if (existsSync(bin) && existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { version?: string }).version === CLAUDE_CODE_VERSION) return { path: bin };
  mkdirSync(CACHE, { recursive: true });
  const result = await new Promise<string | null>((resolve) =>
    execFile('npm', ['install', '--prefix', CACHE, '--no-audit', '--no-fund', '--no-save', `@anthropic-ai/claude-code@${CLAUDE_CODE_VERSION}`], { timeout: 600_000 }, (error, _stdout, stderr) =>
      resolve(error ? `${error.message}\n${stderr}` : null),
    ),
  );
  if (result !== null) return { error: `npm install @anthropic-ai/claude-code@${CLAUDE_CODE_VERSION} failed: ${result}` };
  return existsSync(bin) ? { path: bin } : { error: `npm install left no ${bin}` };
};

describe('claude-code adapter: health of the real CLI', function () {
  this.timeout(600_000);
  let claude: string;
  let home: string;
  before(async function () {
    const installed = await installClaude();
    if ('error' in installed) {
      if (process.env['CI'] === 'true') throw new Error(installed.error);
      console.warn(`skipping: ${installed.error}`);
      this.skip();
    }
    claude = installed.path;
    home = mkdtempSync(join(tmpdir(), 'ac-claude-home-'));
  });
  after(() => {
    if (home) rmSync(home, { recursive: true, force: true });
  });

  it('is installed, gives its version, and says clearly that it is not logged in', async () => {
    const env = { PATH: process.env['PATH'] ?? '', HOME: home };
    const health = await new ClaudeCodeAdapter({ executable: claude }, { env, cwd: home }).health();
    assert.equal(health.installed, true, health.reason);
    assert.equal(health.version, `${CLAUDE_CODE_VERSION} (Claude Code)`);
    assert.equal(health.authenticated, false, health.reason);
    assert.match(health.reason, new RegExp(`^claude ${CLAUDE_CODE_VERSION.replace(/\./g, '\\.')} \\(Claude Code\\), not logged in: run \`claude auth login\``));
  });
});

describe('claude-code adapter: stream-json runs against a real coordinator (CLI stand-in)', function () {
  this.timeout(180_000);
  const env = useCoordinator('pglite');
  let workspace: string;
  before(() => {
    workspace = mkdtempSync(join(tmpdir(), 'ac-claude-ws-'));
  });
  after(() => rmSync(workspace, { recursive: true, force: true }));

  const spec = (runId: string, taskKey: string, agentName: string, extra: Record<string, string>): RunSpec => ({
    runId,
    task: { key: taskKey, title: 'Say hello', description: 'write notes/hello.md', files: ['src/claimed.ts'] },
    prompt: `Work on ${taskKey}: write notes/hello.md, then complete the task.`,
    workspace,
    coordinator: { baseUrl: env.url, mcpUrl: `${env.url}/mcp`, token: '', project: '', agentName },
    env: extra,
    limits: { timeLimitMs: 120_000 },
    logFile: join(workspace, '.runs', `${runId}.log`),
  });

  it('says what to do when the executable is missing', async () => {
    const health = await new ClaudeCodeAdapter({ executable: 'no-such-claude-xyz' }, { env: { PATH: '/nonexistent' } }).health();
    assert.deepEqual({ installed: health.installed, authenticated: health.authenticated }, { installed: false, authenticated: 'unknown' });
    assert.match(health.reason, /no-such-claude-xyz was not found on PATH: install Claude Code/);
  });

  it('passes the prompt, the coordinator as the only MCP server and the permission settings on the command line', () => {
    const args = claudeArguments(
      { ...spec('r0', 'T-0', 'a', {}), coordinator: { baseUrl: 'http://h:1', mcpUrl: 'http://h:1/mcp', token: 'secret', project: 'p1', agentName: 'a' } },
      ClaudeCodeConfigSchema.parse({ permission_mode: 'dontAsk', allowed_tools: ['Edit'], max_budget_usd: 2 }),
    );
    assert.deepEqual(args.slice(0, 5), ['-p', 'Work on T-0: write notes/hello.md, then complete the task.', '--output-format', 'stream-json', '--verbose']);
    const mcp = args.find((a) => a.startsWith('--mcp-config='));
    assert.deepEqual(JSON.parse(mcp?.slice('--mcp-config='.length) ?? ''), {
      mcpServers: { 'agent-coordinator': { type: 'http', url: 'http://h:1/mcp', headers: { Authorization: 'Bearer ${COORDINATOR_TOKEN}', 'X-Coordinator-Project': 'p1' } } },
    });
    assert.ok(!args.some((a) => a.includes('secret')), 'the token never appears on the command line');
    assert.ok(args.includes('--strict-mcp-config'));
    assert.deepEqual(args.slice(args.indexOf('--permission-mode'), args.indexOf('--permission-mode') + 2), ['--permission-mode', 'dontAsk']);
    assert.ok(args.includes('--allowedTools=mcp__agent-coordinator,Edit'));
    assert.ok(args.includes('--max-budget-usd'));
  });

  it('a run locks, writes and completes through MCP: succeeded, with tool_use, files_touched and usage events', async () => {
    const agentName = 'claude-run-ok';
    const key = await claimedTask(env.url, agentName, 'claude-code', 'Say hello');
    const handle = new ClaudeCodeAdapter({ executable: STAND_IN }).start(spec('run-ok', key, agentName, { STAND_IN_FILE: 'notes/hello.md' }));
    const [events, outcome] = await Promise.all([drain(handle.events), handle.outcome]);
    const failure = outcome.status === 'failed' ? `${outcome.reason}\n${outcome.log_tail}` : '';
    assert.deepEqual(outcome, { status: 'succeeded' }, failure);
    const tools = events.flatMap((e) => (e.kind === 'tool_use' ? [e.name] : []));
    assert.deepEqual(tools, ['mcp__agent-coordinator__register_agent', 'mcp__agent-coordinator__lock_files', 'Write', 'mcp__agent-coordinator__complete_task']);
    assert.deepEqual(events.filter((e) => e.kind === 'files_touched'), [{ kind: 'files_touched', paths: ['notes/hello.md'] }]);
    assert.deepEqual(events.filter((e) => e.kind === 'usage'), [{ kind: 'usage', input_tokens: 1450, output_tokens: 90, cost_usd: 0.0421 }]);
    assert.ok(events.some((e) => e.kind === 'progress' && /^claude-code session stand-in-session-1 started, model stand-in-model; MCP servers: agent-coordinator \(connected\)$/.test(e.text)));
    assert.equal(readFileSync(join(workspace, 'notes/hello.md'), 'utf8'), `hello from ${agentName}\n`);

    const check = await httpClient(env.url, 'checker').connect();
    try {
      const tasks = await check.call('list_tasks', { status: 'done' });
      assert.ok(tasks.tasks.some((t) => t.key === key), `${key} is done`);
      const files = await check.call('check_files', { paths: ['notes/hello.md', `src/${agentName}.ts`] });
      assert.deepEqual(files.files.map((f) => f.locked), [false, false], 'completing released every lock');
    } finally {
      await check.close();
    }
  });

  it('a result with is_error fails the run with the reason', async () => {
    const agentName = 'claude-run-error';
    const key = await claimedTask(env.url, agentName, 'claude-code', 'Doomed');
    const handle = new ClaudeCodeAdapter({ executable: STAND_IN }).start(spec('run-error', key, agentName, { STAND_IN_SCENARIO: 'error' }));
    const [events, outcome] = await Promise.all([drain(handle.events), handle.outcome]);
    assert.equal(outcome.status, 'failed');
    assert.ok(outcome.status === 'failed');
    assert.equal(outcome.reason, 'claude-code reported error_during_execution: API Error: 401 invalid x-api-key');
    assert.match(outcome.log_tail, /"is_error":true/);
    assert.deepEqual(events.filter((e) => e.kind === 'usage'), [{ kind: 'usage', input_tokens: 120, output_tokens: 8, cost_usd: 0.0012 }]);
  });
});
