/**
 * How the CLI presents a token and a project, without a server: which of `--token` / COORDINATOR_TOKEN /
 * the saved login wins (and the project that goes with each), the state file's mode, passwords read from
 * stdin only (typed keys, piped lines, never an argument), the MCP bridge's flags and its message for a
 * refused token, and `install claude` writing header references — never a token.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { mergeMcpServers } from '@agent-coordinator/shared';
import { credentialHeaders, resolveCredentials } from '../../server/src/cli/credentials.ts';
import { parseMcpArgs } from '../../server/src/cli/mcp.command.ts';
import { readSecret, typeKeys, type SecretIo } from '../../server/src/cli/secret-input.ts';
import { readState, writeState } from '../../server/src/cli/state.ts';
import { unreachableMessage } from '../../server/src/mcp/stdio-bridge.ts';
import { freePort } from '../support/free-port.ts';
import { cliRunner, type RunCli } from './run-cli.ts';

const URL_A = 'http://127.0.0.1:7421';
const LATER = '2999-01-01T00:00:00.000Z';

const piped = (text: string): SecretIo => ({
  input: Object.assign(Readable.from([Buffer.from(text)]), { isTTY: false, setRawMode: () => undefined }),
  prompt: () => assert.fail('no prompt when stdin is not a terminal'),
});

describe('CLI credentials and accounts options', () => {
  let dir = '';
  let state = '';
  let cli: RunCli;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ac-cli-auth-'));
    state = join(dir, 'config', 'agent-coordinator', 'cli-state.json');
    cli = cliRunner({ stateFile: state, configHome: join(dir, 'config') });
  });
  after(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('presents --token over COORDINATOR_TOKEN over the saved login; the saved project only with the saved login', async () => {
    await writeState(state, { agents: {}, sessions: { [URL_A]: { token: 'act_saved', account: 'mia', expires_at: LATER, project: 'web' } } });
    const saved = await resolveCredentials(URL_A, {}, {}, state);
    assert.deepEqual(credentialHeaders(saved), { authorization: 'Bearer act_saved', 'x-coordinator-project': 'web' });
    assert.equal(saved.tokenFrom, 'login');
    const fromEnv = await resolveCredentials(URL_A, {}, { COORDINATOR_TOKEN: 'act_env' }, state);
    assert.deepEqual(credentialHeaders(fromEnv), { authorization: 'Bearer act_env' }, 'an agent token is bound to its project: the saved one is not sent with it');
    const fromFlag = await resolveCredentials(URL_A, { token: 'act_flag', project: 'api' }, { COORDINATOR_TOKEN: 'act_env', COORDINATOR_PROJECT: 'ops' }, state);
    assert.deepEqual(credentialHeaders(fromFlag), { authorization: 'Bearer act_flag', 'x-coordinator-project': 'api' });
    const envProject = await resolveCredentials(URL_A, {}, { COORDINATOR_PROJECT: 'ops' }, state);
    assert.deepEqual(credentialHeaders(envProject), { authorization: 'Bearer act_saved', 'x-coordinator-project': 'ops' });
    const otherServer = await resolveCredentials('http://10.0.0.9:7421', {}, {}, state);
    assert.deepEqual(credentialHeaders(otherServer), {}, "a login is never sent to another server");
  });

  it('does not send a login past its end, but remembers it to say so', async () => {
    await writeState(state, { agents: {}, sessions: { [URL_A]: { token: 'act_old', account: 'mia', expires_at: '2001-01-01T00:00:00.000Z' } } });
    const expired = await resolveCredentials(URL_A, {}, {}, state);
    assert.equal(expired.token, undefined);
    assert.equal(expired.login?.expired, true);
    assert.deepEqual(credentialHeaders(expired), {});
  });

  it('writes the state file with mode 0600 in a folder of mode 0700, and reads files from before logins existed', async () => {
    await writeState(state, { agents: {}, sessions: {} });
    assert.equal((await stat(state)).mode & 0o777, 0o600);
    assert.equal((await stat(join(dir, 'config', 'agent-coordinator'))).mode & 0o777, 0o700);
    const old = join(dir, 'old-state.json');
    await writeFile(old, JSON.stringify({ agents: { [URL_A]: { agent_id: 'a', name: 'alice' } } }));
    assert.deepEqual(await readState(old), { agents: { [URL_A]: { agent_id: 'a', name: 'alice' } }, sessions: {} });
  });

  it('reads a typed password without echo: Backspace, Ctrl-U, arrow keys, Enter and Ctrl-C', () => {
    assert.deepEqual(typeKeys('', 'hunter2'), { value: 'hunter2', done: null });
    assert.deepEqual(typeKeys('hunter2', '\u007f3\r'), { value: 'hunter3', done: 'enter' });
    assert.deepEqual(typeKeys('abc', '\u0015xy\u001b[Dz\n'), { value: 'xyz', done: 'enter' });
    assert.deepEqual(typeKeys('päss', 'wörd\u0004'), { value: 'pässwörd', done: 'enter' });
    assert.deepEqual(typeKeys('secret', '\u0003'), { value: '', done: 'cancel' });
    assert.deepEqual(typeKeys('', '\u0004'), { value: '', done: 'cancel' });
  });

  it('reads a piped password as its first line', async () => {
    assert.equal(await readSecret('Password: ', piped('a long password\nnext line\n')), 'a long password');
    assert.equal(await readSecret('Password: ', piped('no newline')), 'no newline');
    await assert.rejects(readSecret('Password: ', piped('')), /no password on stdin/);
  });

  it('the MCP bridge takes --token and --project, and says what to do when the token is refused', () => {
    assert.deepEqual(parseMcpArgs(['--url', 'http://h:1/', '--token=act_x', '--project', 'web'], {}), { url: 'http://h:1', token: 'act_x', project: 'web' });
    assert.throws(() => parseMcpArgs(['--token'], {}), /--token needs a value/);
    assert.deepEqual(parseMcpArgs(['--output-schemas', '--toolsets', 'all'], {}), { url: 'http://127.0.0.1:7421', outputSchemas: true, toolsets: 'all' });
    assert.throws(() => parseMcpArgs(['--tokn', 'x'], {}), /unknown option --tokn/);
    const refused = new StreamableHTTPError(401, 'Error POSTing to endpoint: {"jsonrpc":"2.0","error":{"code":-32001,"message":"this server needs a token"},"id":null}');
    const text = unreachableMessage('http://h:1', refused, false);
    assert.match(text, /refused the credentials \(HTTP 401\): this server needs a token — start the MCP server with --token or COORDINATOR_TOKEN/);
    const unknownProject = new StreamableHTTPError(404, 'Error POSTing to endpoint: {"jsonrpc":"2.0","error":{"code":-32001,"message":"no project \\"x\\""},"id":null}');
    assert.match(unreachableMessage('http://h:1', unknownProject, false), /refused the message \(HTTP 404\): no project "x"/, 'before a session, a 404 is not a restart');
    assert.match(unreachableMessage('http://h:1', unknownProject, true), /no longer knows this MCP session/);
  });

  it('.mcp.json gets the token as an environment reference and the project, keeping headers the user added', () => {
    const first = mergeMcpServers(null, URL_A, { auth: { token: true, project: 'web' } });
    const entry = (text: string): unknown => (JSON.parse(text) as { mcpServers: Record<string, unknown> }).mcpServers['agent-coordinator'];
    assert.deepEqual(entry(first.text), { type: 'http', url: `${URL_A}/mcp`, headers: { Authorization: 'Bearer ${COORDINATOR_TOKEN}', 'X-Coordinator-Project': 'web' } });
    assert.match(first.summary[0] ?? '', /sends Authorization: Bearer \$\{COORDINATOR_TOKEN\}, X-Coordinator-Project: web/);
    const withTheirs = JSON.stringify({ mcpServers: { 'agent-coordinator': { type: 'http', url: `${URL_A}/mcp`, headers: { 'X-Trace': '1' } } } });
    const merged = mergeMcpServers(withTheirs, URL_A, { auth: { project: 'api' } });
    assert.deepEqual(entry(merged.text), { type: 'http', url: `${URL_A}/mcp`, headers: { 'X-Trace': '1', 'X-Coordinator-Project': 'api' } });
    assert.equal(mergeMcpServers(merged.text, URL_A, { auth: { project: 'api' } }).changed, false);
    assert.equal(mergeMcpServers(merged.text, URL_A).changed, false, 'without auth options, headers already there are kept');
    assert.throws(() => mergeMcpServers(JSON.stringify({ mcpServers: { 'agent-coordinator': { headers: [] } } }), URL_A, { auth: { token: true } }), /headers" in \.mcp\.json is not an object/);
  });

  it('install claude writes the references and the project, never the token in the environment', async () => {
    const repo = await mkdtemp(join(dir, 'repo-'));
    const result = await cli(['install', 'claude', '--dir', repo, '--project', 'web', '--command', 'agent-coordinator'], { COORDINATOR_TOKEN: 'act_do_not_write_me' });
    assert.equal(result.code, 0, result.stderr);
    const mcp = await readFile(join(repo, '.mcp.json'), 'utf8');
    assert.deepEqual(JSON.parse(mcp), {
      mcpServers: { 'agent-coordinator': { type: 'http', url: `${URL_A}/mcp`, headers: { Authorization: 'Bearer ${COORDINATOR_TOKEN}', 'X-Coordinator-Project': 'web' } } },
    });
    const settings = await readFile(join(repo, '.claude', 'settings.json'), 'utf8');
    assert.match(settings, /"agent-coordinator hook claude-pre-tool --project web"/);
    for (const text of [mcp, settings, result.stdout, result.stderr]) assert.doesNotMatch(text, /act_do_not_write_me/);
    assert.match(result.stdout, /Claude Code sends the token in COORDINATOR_TOKEN/);
    const bad = await cli(['install', 'claude', '--dir', repo, '--project', 'Not A Project', '--dry-run']);
    assert.equal(bad.code, 2, bad.stderr);
  });

  it('login and account create read the password from stdin only, and never echo one given as an argument', async () => {
    const [argument, empty, account] = await Promise.all([
      cli(['login', 'mia', 'hunter2hunter2']),
      cli(['login', 'mia']),
      cli(['account', 'create', 'mia', 'role=member', 'hunter2hunter2']),
    ]);
    assert.equal(argument.code, 1);
    assert.match(argument.stderr, /^agent-coordinator: login takes only the account name: the password is read from stdin/);
    assert.equal(account.code, 1);
    assert.match(account.stderr, /the password is read from stdin, never from the command line/);
    for (const r of [argument, account]) assert.doesNotMatch(r.stderr + r.stdout, /hunter2/);
    assert.equal(empty.code, 1);
    assert.match(empty.stderr, /^agent-coordinator: no password on stdin/);
  });

  it('--url, --token and --project also work before the command; the usage names the new commands and exit code 7', async () => {
    const url = `http://127.0.0.1:${await freePort()}`;
    const result = await cli(['--url', url, '--token', 'act_x', '--project=web', 'board']);
    assert.equal(result.code, 1);
    assert.match(result.stderr, new RegExp(`no coordinator at ${url}`));
    const help = await cli(['--help']);
    for (const command of ['login NAME', 'logout', 'whoami', 'create-account (alias: account create) NAME', 'create-project (alias: project create) NAME', 'issue-agent-token (alias: token issue) AGENT']) {
      assert.ok(help.stdout.includes(`\n  ${command} `), command);
    }
    assert.match(help.stdout, /\[--token TOKEN\] \[--project NAME\]/);
    assert.match(help.stdout, /7 not logged in or token refused/);
    assert.match(help.stdout, /COORDINATOR_TOKEN, COORDINATOR_PROJECT/);
  });
});
