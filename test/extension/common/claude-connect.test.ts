/** Connect Claude Code: the shared merges of `install claude`, and how the hooks run the CLI from the editor. */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ClaudeConfigError } from '@agent-coordinator/shared';
import { CLI_DEFAULT_URL, hookCliInvocation, planClaudeConnect } from '../../../extension/src/common/claude-connect.ts';

const url = 'http://127.0.0.1:7421';

describe('extension Connect Claude Code', () => {
  it('writes the MCP server and both guard hooks into new files', () => {
    const plan = planClaudeConnect({ mcpJson: null, settingsJson: null, serverUrl: url, cli: 'agent-coordinator' });
    assert.equal(plan.changed, true);
    assert.deepEqual(plan.files.map((f) => [f.path, f.merge.changed]), [
      ['.mcp.json', true],
      ['.claude/settings.json', true],
    ]);
    assert.deepEqual(JSON.parse(plan.files[0]?.merge.text ?? ''), { mcpServers: { 'agent-coordinator': { type: 'http', url: `${url}/mcp` } } });
    const hooks = JSON.parse(plan.files[1]?.merge.text ?? '').hooks as Record<string, { matcher: string; hooks: { command: string; timeout: number }[] }[]>;
    assert.equal(hooks['PreToolUse']?.[0]?.hooks[0]?.command, 'agent-coordinator hook claude-pre-tool', 'the default URL needs no flag');
    assert.equal(hooks['PostToolUse']?.[0]?.hooks[0]?.command, 'agent-coordinator hook claude-post-tool');
    assert.equal(hooks['PreToolUse']?.[0]?.hooks[0]?.timeout, 15);
  });

  it('keeps what is there, passes another server URL to the hooks, and changes nothing the second time', () => {
    const other = 'http://10.0.0.5:9000';
    const mcpJson = JSON.stringify({ mcpServers: { github: { command: 'gh-mcp' } } }, null, 4);
    const settingsJson = JSON.stringify({ permissions: { allow: ['Bash(ls)'] } });
    const first = planClaudeConnect({ mcpJson, settingsJson, serverUrl: other, cli: 'agent-coordinator' });
    const mcp = JSON.parse(first.files[0]?.merge.text ?? '');
    assert.deepEqual(mcp.mcpServers.github, { command: 'gh-mcp' });
    assert.match(first.files[0]?.merge.text ?? '', /^\{\n {4}"mcpServers"/, 'the indentation is kept');
    const settings = JSON.parse(first.files[1]?.merge.text ?? '');
    assert.deepEqual(settings.permissions, { allow: ['Bash(ls)'] });
    assert.equal(settings.hooks.PreToolUse[0].hooks[0].command, `agent-coordinator hook claude-pre-tool --url ${other}`);
    assert.ok(first.summary.some((l) => l.includes('kept "github"')));
    const again = planClaudeConnect({ mcpJson: first.files[0]?.merge.text ?? null, settingsJson: first.files[1]?.merge.text ?? null, serverUrl: other, cli: 'agent-coordinator' });
    assert.equal(again.changed, false);
  });

  it('writes only .mcp.json without a CLI, says how to get the hooks, and refuses files it cannot safely edit', () => {
    const plan = planClaudeConnect({ mcpJson: null, settingsJson: null, serverUrl: url, cli: null, withToken: true });
    assert.deepEqual(plan.files.map((f) => f.path), ['.mcp.json']);
    assert.ok(plan.summary.some((l) => /no guard hooks/.test(l) && /agentCoordinator\.cliCommand/.test(l)));
    assert.ok(plan.summary.some((l) => /COORDINATOR_TOKEN/.test(l)));
    assert.throws(() => planClaudeConnect({ mcpJson: '{ "mcpServers": ', settingsJson: null, serverUrl: url, cli: null }), ClaudeConfigError);
    assert.throws(() => planClaudeConnect({ mcpJson: null, settingsJson: '{"hooks": []}', serverUrl: url, cli: 'x' }), /not an object/);
  });

  it('runs the CLI from the setting, from PATH, or from the coordinator repository itself', () => {
    const files = new Set(['/bin/agent-coordinator', '/w/ac/server/src/cli/main.ts', '/w/ac/server/package.json']);
    const exists = (p: string): boolean => files.has(p);
    assert.equal(hookCliInvocation(' my-cli ', [], exists, '/bin'), 'my-cli');
    assert.equal(hookCliInvocation('', ['/w/ac'], exists, '/bin'), 'agent-coordinator');
    assert.equal(hookCliInvocation('', ['/w/ac'], exists, '/usr/bin'), `node ${join('/w/ac', 'server', 'src', 'cli', 'main.ts')}`);
    assert.equal(hookCliInvocation('', ['/w/other'], exists, '/usr/bin'), null);
    assert.equal(CLI_DEFAULT_URL, url);
  });
});
