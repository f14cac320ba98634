/**
 * The CLI against a real server on PGlite with accounts: `login` (password piped on stdin) saves the
 * session for the URL and later commands present it; `whoami`; accounts and projects for admins (exit 5
 * for members); `token issue|rotate|revoke` printing the token once as an export line, the agent token
 * acting as its agent without `register` (commands, the MCP bridge, the Claude Code hook); refused tokens
 * exiting 7 with what to do; `logout`. And from single-user local mode: the first account, which must be
 * an admin. Tokens and passwords never appear in any output but the issue line.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getDefaultEnvironment, StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { CLI_MAIN, McpTestClient } from '../mcp/mcp-client.ts';
import { useCoordinator } from '../support/coordinator.ts';
import { baseEnv, cli as cliIn, makeRepo } from '../guard/support/git-fixture.ts';
import { cliRunner, type CliResult, type RunCli } from './run-cli.ts';

const ROOT = { name: 'root', password: 'correct horse battery staple' };
const MIA_PASSWORD = 'mia password 12345';
const TOKEN_LINE = /^export COORDINATOR_TOKEN=(act_[0-9a-f]{32}[A-Za-z0-9_-]{43})$/m;

function assertExit(result: CliResult, code: number, pattern: RegExp): void {
  assert.equal(result.code, code, `exit code; stdout: ${result.stdout} stderr: ${result.stderr}`);
  assert.match(result.stderr.split('\n')[0] ?? '', pattern);
}

interface SavedState {
  readonly sessions: Record<string, { token: string; account: string; expires_at: string; project?: string }>;
}

describe('agent-coordinator CLI with accounts on pglite', function () {
  const env = useCoordinator('pglite', { adminName: ROOT.name, adminPassword: ROOT.password });
  let dir = '';
  /** The admin's CLI, with its own state file. */
  let root: RunCli;
  /** A member's CLI, with another state file. */
  let mia: RunCli;
  /** No saved login: only what the environment says. */
  let bare: RunCli;
  let botToken = '';
  const secrets: string[] = [ROOT.password, MIA_PASSWORD];
  const outputs: CliResult[] = [];
  const track = async (run: Promise<CliResult>): Promise<CliResult> => {
    const result = await run;
    outputs.push(result);
    return result;
  };

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ac-cli-accounts-'));
    const runner = (name: string): RunCli => {
      const run = cliRunner({ stateFile: join(dir, `${name}.json`), configHome: join(dir, 'config'), url: env.url });
      return (args, extra, input) => track(run(args, extra, input));
    };
    root = runner('root');
    mia = runner('mia');
    bare = runner('bare');
  });
  after(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('without a token every command exits 7 and says how to log in', async () => {
    const [whoami, tasks] = await Promise.all([bare(['whoami']), bare(['tasks'])]);
    assertExit(whoami, 7, /needs a token — log in \(agent-coordinator login NAME\)/);
    assertExit(tasks, 7, /needs a token/);
  });

  it('login reads the password from stdin, saves the session for this URL (mode 0600) and prints no token', async () => {
    const wrong = await root(['login', ROOT.name], {}, 'not the password\n');
    assertExit(wrong, 7, /login: wrong account name or password/);
    const result = await root(['login', ROOT.name, '--project', 'local'], {}, `${ROOT.password}\n`);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, new RegExp(`^logged in to ${env.url.replaceAll('.', '\\.')} as root \\(admin\\) until \\d{4}-`, 'm'));
    assert.match(result.stdout, /^projects: local — commands use project local unless --project or COORDINATOR_PROJECT say otherwise$/m);
    assert.doesNotMatch(result.stdout + result.stderr, /act_/);
    const file = join(dir, 'root.json');
    assert.equal((await stat(file)).mode & 0o777, 0o600);
    const saved = (JSON.parse(await readFile(file, 'utf8')) as SavedState).sessions[env.url];
    assert.equal(saved?.account, 'root');
    assert.equal(saved?.project, 'local');
    assert.match(saved?.token ?? '', /^act_/);
    secrets.push(saved?.token ?? '');
  });

  it('whoami names the account, the role, the project and where the token came from', async () => {
    const [human, json] = await Promise.all([root(['whoami']), root(['whoami', '--json'])]);
    assert.equal(human.code, 0, human.stderr);
    assert.match(human.stdout, /^root \(admin\) in project local at http:\/\/127\.0\.0\.1:\d+ — your login, saved until \d{4}-/);
    const me = JSON.parse(json.stdout) as { mode: string; role: string; account: string; project: string };
    assert.deepEqual([me.mode, me.role, me.account, me.project], ['accounts', 'admin', 'root', 'local']);
  });

  it('admins create projects and accounts (password on stdin) and manage members', async () => {
    const project = await root(['project', 'create', 'alpha']);
    assert.equal(project.code, 0, project.stderr);
    assert.match(project.stdout, /^created project alpha/);
    const account = await root(['account', 'create', 'mia', 'projects=alpha'], {}, `${MIA_PASSWORD}\n`);
    assert.equal(account.code, 0, account.stderr);
    assert.equal(account.stdout.trim(), 'created account mia (member; projects: alpha)');
    const short = await root(['account', 'create', 'zed'], {}, 'short\n');
    assertExit(short, 2, /password: passwords need at least 12 characters/);
    const added = await root(['project', 'add-member', 'local', 'mia']);
    assert.match(added.stdout, /^mia is now a member of local \(projects: (alpha, local|local, alpha)\)$/m);
    const removed = await root(['project', 'remove-member', 'local', 'mia']);
    assert.equal(removed.stdout.trim(), 'mia is no longer a member of local (projects: alpha)');
    const [projects, accounts] = await Promise.all([root(['project', 'list']), root(['account', 'list'])]);
    assert.deepEqual(projects.stdout.trim().split('\n').sort(), ['alpha', 'local']);
    assert.match(accounts.stdout, /^NAME\s+ROLE\s+PROJECTS\s+STATUS\s+CREATED$/m);
    assert.match(accounts.stdout, /^mia\s+member\s+alpha\s+active\s+\d{4}-\d\d-\d\d$/m);
    const missing = await root(['project', 'add-member', 'nowhere', 'mia']);
    assertExit(missing, 3, /no project "nowhere"/);
  });

  it('a member logs in to their one project; admin commands exit 5 for them', async () => {
    const login = await mia(['login', 'mia'], {}, `${MIA_PASSWORD}\n`);
    assert.equal(login.code, 0, login.stderr);
    assert.match(login.stdout, /^projects: alpha — commands use project alpha$/m);
    const [list, create] = await Promise.all([mia(['account', 'list']), mia(['project', 'create', 'beta'])]);
    assertExit(list, 5, /only an admin/);
    assertExit(create, 5, /only an admin/);
    const elsewhere = await mia(['tasks', '--project', 'local']);
    assertExit(elsewhere, 5, /not a member of project "local"/);
  });

  it('token issue prints the token once, as an export line with comments, so eval works', async () => {
    const issued = await mia(['token', 'issue', 'bot-1', 'kind=claude-code', 'capabilities=testing']);
    assert.equal(issued.code, 0, issued.stderr);
    const lines = issued.stdout.trim().split('\n');
    assert.ok(lines.slice(0, -1).every((l) => l.startsWith('# ')), issued.stdout);
    assert.match(lines[0] ?? '', /^# issued the token of agent bot-1 \(agent id [0-9a-f-]{36}\) in project alpha/);
    botToken = TOKEN_LINE.exec(issued.stdout)?.[1] ?? '';
    assert.ok(botToken, issued.stdout);
    const bad = await mia(['token', 'issue', 'bot-2', 'kind=robot']);
    assertExit(bad, 2, /kind/);
  });

  it('an agent token acts as its agent without register: whoami, lock, heartbeat', async () => {
    const asBot = { COORDINATOR_TOKEN: botToken };
    const whoami = await bare(['whoami'], asBot);
    assert.equal(whoami.code, 0, whoami.stderr);
    assert.match(whoami.stdout, /^agent bot-1 \(agent id [0-9a-f-]{36}\) in project alpha at .* — the token in COORDINATOR_TOKEN$/m);
    const lock = await bare(['lock', 'src/bot.ts'], asBot);
    assert.equal(lock.code, 0, lock.stderr);
    assert.match(lock.stdout, /^locked src\/bot\.ts \(exclusive until \d\d:\d\d:\d\d\)$/m);
    const [heartbeat, mine] = await Promise.all([bare(['heartbeat'], asBot), bare(['locks', '--mine', '--token', botToken])]);
    assert.match(heartbeat.stdout, /^bot-1 is \w+; it and its locks stay alive until/m);
    assert.match(mine.stdout, /^src\/bot\.ts\s+exclusive\s+bot-1\s/m);
    const otherProject = await bare(['tasks', '--project', 'local'], asBot);
    assertExit(otherProject, 5, /works in project "alpha" only/);
  });

  it('the MCP bridge sends the token and the project: tools work with it, and without it the client is told why', async () => {
    const stdio = (args: string[]): McpTestClient => {
      const transport = new StdioClientTransport({
        command: process.execPath,
        args: [CLI_MAIN, 'mcp', '--url', env.url, ...args],
        env: { ...getDefaultEnvironment(), AGENT_COORDINATOR_STATE: join(dir, 'mcp-state.json') },
        stderr: 'pipe',
      });
      return new McpTestClient(transport, 'cli-auth-test');
    };
    const withToken = await stdio(['--token', botToken]).connect();
    try {
      const checked = await withToken.call('check_files', { paths: ['src/bot.ts'] });
      assert.equal(checked.files[0]?.locked, true, 'the same project: bot-1 holds it');
    } finally {
      await withToken.close();
    }
    const without = stdio([]);
    await assert.rejects(without.connect(), /refused the credentials \(HTTP 401\): .*needs a token/);
    await without.close().catch(() => undefined);
  });

  it('the Claude Code hook acts as the agent of COORDINATOR_TOKEN', async () => {
    const repoEnv = baseEnv('/tmp');
    const repo = await makeRepo({ 'src/hooked.ts': 'x\n' }, repoEnv);
    try {
      const input = JSON.stringify({ session_id: 'sess-1', cwd: repo.dir, hook_event_name: 'PreToolUse', tool_name: 'Edit', tool_input: { file_path: join(repo.dir, 'src/hooked.ts') } });
      const result = await cliIn(repo.dir, ['hook', 'claude-pre-tool'], baseEnv(repo.scratch, { AGENT_COORDINATOR_URL: env.url, COORDINATOR_TOKEN: botToken }), input);
      assert.equal(result.code, 0, result.stderr);
      const locks = await bare(['locks', '--mine', '--json'], { COORDINATOR_TOKEN: botToken });
      const held = JSON.parse(locks.stdout) as { path: string; held_by: string }[];
      assert.ok(held.some((l) => l.path === 'src/hooked.ts' && l.held_by === 'bot-1'), locks.stdout);
    } finally {
      await repo.cleanup();
    }
  });

  it('token rotate replaces the token (the old one exits 7 naming COORDINATOR_TOKEN); token revoke ends it', async () => {
    const rotated = await mia(['token', 'rotate', 'bot-1']);
    assert.equal(rotated.code, 0, rotated.stderr);
    const fresh = TOKEN_LINE.exec(rotated.stdout)?.[1] ?? '';
    assert.ok(fresh && fresh !== botToken);
    secrets.push(botToken, fresh);
    assertExit(await bare(['whoami'], { COORDINATOR_TOKEN: botToken }), 7, /^agent-coordinator: the token in COORDINATOR_TOKEN was refused: /);
    assert.equal((await bare(['whoami'], { COORDINATOR_TOKEN: fresh })).code, 0);
    const revoked = await mia(['token', 'revoke', 'bot-1']);
    assert.match(revoked.stdout, /^revoked the token of bot-1 \(agent id [0-9a-f-]{36}\): it no longer works$/m);
    assertExit(await bare(['whoami', '--token', fresh]), 7, /^agent-coordinator: the token given with --token was refused/);
  });

  it('logout revokes the saved session and forgets it; a second logout has nothing to do', async () => {
    const miaToken = (JSON.parse(await readFile(join(dir, 'mia.json'), 'utf8')) as SavedState).sessions[env.url]?.token ?? '';
    secrets.push(miaToken);
    const out = await mia(['logout']);
    assert.equal(out.code, 0, out.stderr);
    assert.match(out.stdout, /^logged out of .*: the session of mia is revoked and forgotten$/m);
    assert.equal((JSON.parse(await readFile(join(dir, 'mia.json'), 'utf8')) as SavedState).sessions[env.url], undefined);
    assertExit(await bare(['whoami', '--token', miaToken]), 7, /refused/);
    assertExit(await mia(['tasks']), 7, /needs a token/);
    assert.match((await mia(['logout'])).stdout, /^not logged in to /);
  });

  it('a saved login past its end is not sent, and the message says to log in again', async () => {
    const file = join(dir, 'expired.json');
    await writeFile(file, JSON.stringify({ agents: {}, sessions: { [env.url]: { token: 'act_gone', account: 'mia', expires_at: '2001-01-01T00:00:00.000Z' } } }));
    const run = cliRunner({ stateFile: file, configHome: join(dir, 'config'), url: env.url });
    assertExit(await run(['tasks']), 7, /your login as mia at .* ended at 2001-01-01T00:00:00\.000Z — run `agent-coordinator login mia` again/);
    assert.match((await run(['logout'])).stdout, /had already ended; forgotten/);
  });

  it('a disabled account can no longer log in', async () => {
    const disabled = await root(['account', 'disable', 'mia']);
    assert.equal(
      disabled.stdout.trim(),
      'disabled mia: it can no longer log in, its sessions no longer work, and the tokens of the agents it registered were revoked (0); ' +
        'running subscriptions and MCP sessions end within the credential re-check interval — to keep one of its agents working, issue it a new token: agent-coordinator rotate-agent-token AGENT',
    );
    assertExit(await mia(['login', 'mia'], {}, `${MIA_PASSWORD}\n`), 7, /wrong account name or password/);
  });

  it('guessing passwords for one account is rate-limited: exit 8, with the seconds to wait', async () => {
    let last: CliResult | null = null;
    for (let attempt = 0; attempt < 11; attempt++) last = await bare(['login', 'someone-guessed'], {}, `guess number ${attempt}\n`);
    assert.ok(last);
    assertExit(last, 8, /login: too many attempts — wait \d+ s and try again/);
  });

  it('no password or token ever appeared in any output but the issue lines', () => {
    for (const result of outputs) {
      for (const secret of secrets.filter((s) => s !== '')) {
        const text = `${result.stdout}\n${result.stderr}`.replace(TOKEN_LINE, '');
        assert.ok(!text.includes(secret), `a secret was printed: ${text.slice(0, 200)}`);
      }
    }
  });
});

describe('agent-coordinator CLI in single-user local mode on pglite', function () {
  const env = useCoordinator('pglite');
  let dir = '';
  let cli: RunCli;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ac-cli-local-'));
    cli = cliRunner({ stateFile: join(dir, 'state.json'), configHome: join(dir, 'config'), url: env.url });
  });
  after(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('whoami says local mode; a token in the environment changes nothing', async () => {
    const [plain, withToken] = await Promise.all([cli(['whoami']), cli(['whoami'], { COORDINATOR_TOKEN: 'act_whatever' })]);
    for (const result of [plain, withToken]) {
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stdout, /is in single-user local mode \(no accounts\): you act as its admin, in project local$/m);
    }
    assert.match((await cli(['logout'])).stdout, /^not logged in to /);
  });

  it('the first account must be an admin; creating it switches accounts on', async () => {
    const member = await cli(['account', 'create', 'solo'], {}, 'a long password 1\n');
    assertExit(member, 1, /the first account must be an admin \(role=admin\)/);
    const admin = await cli(['account', 'create', 'solo', 'role=admin', 'projects=local'], {}, 'a long password 1\n');
    assert.equal(admin.code, 0, admin.stderr);
    assert.match(admin.stdout, /^created account solo \(admin; projects: local\)\n.* has accounts now: every call needs a token — log in: agent-coordinator login solo$/m);
    // The server looks again for accounts at most once a second.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    assertExit(await cli(['tasks']), 7, /needs a token/);
    const login = await cli(['login', 'solo'], {}, 'a long password 1\n');
    assert.equal(login.code, 0, login.stderr);
    assert.equal((await cli(['tasks'])).code, 0);
  });
});
