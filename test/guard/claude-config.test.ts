/**
 * Merging the coordinator into Claude Code's `.mcp.json` and `.claude/settings.json`
 * (shared/src/claude-config.ts): created when missing, everything else kept, idempotent, moved or
 * updated when an older install differs, refused on a file that is not what Claude Code reads.
 */
import assert from 'node:assert/strict';
import { CLAUDE_HOOK_MATCHER, ClaudeConfigError, mergeClaudeHooks, mergeMcpServers } from '@agent-coordinator/shared';

const COMMANDS = { preToolUse: 'agent-coordinator hook claude-pre-tool', postToolUse: 'agent-coordinator hook claude-post-tool', timeoutSeconds: 15 };

type Json = Record<string, unknown>;
const parse = (text: string): Json => JSON.parse(text) as Json;

describe('Claude Code configuration merge', () => {
  it('creates .mcp.json with the coordinator as an HTTP server', () => {
    const merged = mergeMcpServers(null, 'http://127.0.0.1:7421');
    assert.equal(merged.changed, true);
    assert.deepEqual(parse(merged.text), { mcpServers: { 'agent-coordinator': { type: 'http', url: 'http://127.0.0.1:7421/mcp' } } });
  });

  it('keeps other servers and the user additions to our entry, and is idempotent', () => {
    const existing = JSON.stringify({ mcpServers: { github: { type: 'http', url: 'https://x' }, 'agent-coordinator': { type: 'http', url: 'http://old:1/mcp', timeout: 5 } }, other: 1 }, null, 4);
    const merged = mergeMcpServers(existing, 'http://new:2/');
    assert.deepEqual(parse(merged.text), {
      mcpServers: { github: { type: 'http', url: 'https://x' }, 'agent-coordinator': { type: 'http', url: 'http://new:2/mcp', timeout: 5 } },
      other: 1,
    });
    assert.match(merged.text, /^\{\n {4}"mcpServers"/, 'keeps the indentation');
    assert.match(merged.summary.join('\n'), /updated "agent-coordinator"[\s\S]*kept "github"/);
    const again = mergeMcpServers(merged.text, 'http://new:2');
    assert.equal(again.changed, false);
    assert.equal(again.text, merged.text);
  });

  it('adds both hooks to settings.json next to existing settings and hooks', () => {
    const existing = JSON.stringify({
      permissions: { allow: ['Bash(npm test)'] },
      hooks: { PreToolUse: [{ matcher: 'Bash', hooks: [{ type: 'command', command: 'my-linter' }] }], Stop: [{ hooks: [{ type: 'command', command: 'say done' }] }] },
    });
    const merged = mergeClaudeHooks(existing, COMMANDS);
    const settings = parse(merged.text) as { permissions: unknown; hooks: Record<string, { matcher?: string; hooks: { command: string; timeout?: number }[] }[]> };
    assert.deepEqual(settings.permissions, { allow: ['Bash(npm test)'] });
    assert.deepEqual(settings.hooks['Stop'], [{ hooks: [{ type: 'command', command: 'say done' }] }]);
    assert.deepEqual(settings.hooks['PreToolUse'], [
      { matcher: 'Bash', hooks: [{ type: 'command', command: 'my-linter' }] },
      { matcher: CLAUDE_HOOK_MATCHER, hooks: [{ type: 'command', command: COMMANDS.preToolUse, timeout: 15 }] },
    ]);
    assert.deepEqual(settings.hooks['PostToolUse'], [{ matcher: CLAUDE_HOOK_MATCHER, hooks: [{ type: 'command', command: COMMANDS.postToolUse, timeout: 15 }] }]);
    const again = mergeClaudeHooks(merged.text, COMMANDS);
    assert.equal(again.changed, false);
    assert.equal(again.text, merged.text);
  });

  it('updates an older install in place, and moves it out of a group with another matcher', () => {
    const existing = JSON.stringify({
      hooks: {
        PreToolUse: [{ matcher: CLAUDE_HOOK_MATCHER, hooks: [{ type: 'command', command: 'fmt' }, { type: 'command', command: '/old/node /old/main.ts hook claude-pre-tool' }] }],
        PostToolUse: [{ matcher: 'Edit', hooks: [{ type: 'command', command: 'old hook claude-post-tool' }, { type: 'command', command: 'prettier' }] }],
      },
    });
    const hooks = (parse(mergeClaudeHooks(existing, COMMANDS).text) as { hooks: Json }).hooks;
    assert.deepEqual(hooks['PreToolUse'], [{ matcher: CLAUDE_HOOK_MATCHER, hooks: [{ type: 'command', command: 'fmt' }, { type: 'command', command: COMMANDS.preToolUse, timeout: 15 }] }]);
    assert.deepEqual(hooks['PostToolUse'], [
      { matcher: 'Edit', hooks: [{ type: 'command', command: 'prettier' }] },
      { matcher: CLAUDE_HOOK_MATCHER, hooks: [{ type: 'command', command: COMMANDS.postToolUse, timeout: 15 }] },
    ]);
  });

  it('refuses files it cannot safely edit, saying which and why', () => {
    assert.throws(() => mergeMcpServers('{ not json', 'http://h:1'), (e: unknown) => e instanceof ClaudeConfigError && /\.mcp\.json is not valid JSON/.test(e.message));
    assert.throws(() => mergeClaudeHooks('[]', COMMANDS), /must contain a JSON object/);
    assert.throws(() => mergeClaudeHooks('{"hooks": {"PreToolUse": {}}}', COMMANDS), /hooks\.PreToolUse.*not a list/);
  });
});
