/** Merging the coordinator into Claude Code's .mcp.json. */
import assert from 'node:assert/strict';
import { McpJsonError, mergeMcpJson } from '../../../extension/src/common/mcp-json.ts';

const url = 'http://127.0.0.1:7421/mcp';

describe('extension .mcp.json merge', () => {
  it('creates the file when there is none', () => {
    const merge = mergeMcpJson(null, { url });
    assert.equal(merge.change, 'created');
    assert.deepEqual(JSON.parse(merge.text), { mcpServers: { 'agent-coordinator': { type: 'http', url } } });
    assert.ok(merge.text.endsWith('\n'));
  });

  it('adds the server and keeps the others, other top-level keys and the indentation', () => {
    const existing = JSON.stringify({ mcpServers: { github: { command: 'gh-mcp', args: ['--x'] } }, other: true }, null, 4);
    const merge = mergeMcpJson(existing, { url });
    assert.equal(merge.change, 'added');
    assert.deepEqual(merge.kept, ['github']);
    const parsed = JSON.parse(merge.text);
    assert.deepEqual(parsed.mcpServers.github, { command: 'gh-mcp', args: ['--x'] });
    assert.equal(parsed.other, true);
    assert.match(merge.text, /^\{\n {4}"mcpServers"/);
    assert.deepEqual(merge.summary, [`added "agent-coordinator" → ${url}`, 'kept server "github"']);
  });

  it('is unchanged when the entry is already right, and updates a stale URL keeping extra settings', () => {
    const current = mergeMcpJson(null, { url }).text;
    const again = mergeMcpJson(current, { url });
    assert.equal(again.change, 'unchanged');
    assert.equal(again.text, current);
    const stale = JSON.stringify({ mcpServers: { 'agent-coordinator': { type: 'http', url: 'http://old:1/mcp', timeout: 5 } } });
    const updated = mergeMcpJson(stale, { url });
    assert.equal(updated.change, 'updated');
    assert.deepEqual(JSON.parse(updated.text).mcpServers['agent-coordinator'], { type: 'http', url, timeout: 5 });
    assert.equal(updated.summary[0], `updated "agent-coordinator": http://old:1/mcp → ${url}`);
  });

  it('with a token, references an environment variable instead of writing the secret', () => {
    const merge = mergeMcpJson(null, { url, withToken: true });
    assert.deepEqual(JSON.parse(merge.text).mcpServers['agent-coordinator'].headers, { Authorization: 'Bearer ${AGENT_COORDINATOR_TOKEN}' });
    const without = mergeMcpJson(merge.text, { url });
    assert.equal(JSON.parse(without.text).mcpServers['agent-coordinator'].headers, undefined);
  });

  it('refuses files it cannot safely edit, saying how to fix them', () => {
    assert.throws(() => mergeMcpJson('{ "mcpServers": ', { url }), (e: unknown) => e instanceof McpJsonError && /not valid JSON/.test(e.message));
    assert.throws(() => mergeMcpJson('[]', { url }), McpJsonError);
    assert.throws(() => mergeMcpJson('{"mcpServers": []}', { url }), /not an object/);
    assert.equal(mergeMcpJson('  \n', { url }).change, 'created');
  });
});
