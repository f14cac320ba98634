/**
 * The unread line appended to MCP tool results stays within 300 characters however many and however long
 * the notifications are, and the UserPromptSubmit hook is merged into .claude/settings.json without a
 * matcher, once, keeping the user's own prompt hooks.
 */
import assert from 'node:assert/strict';
import { INBOX_LIMITS, mergeClaudeHooks } from '@agent-coordinator/shared';
import { digestLine } from '../../server/src/modules/inbox/inbox-digest.ts';

describe('inbox digest line and prompt hook', function () {
  it('says nothing with nothing unread, names a few, and never passes 300 characters', () => {
    assert.equal(digestLine({ count: 0, summaries: [] }), null);
    assert.equal(digestLine({ count: 1, summaries: ['release requested for src/a.ts by bob'] }), '1 unread: release requested for src/a.ts by bob — call get_notifications');
    assert.equal(digestLine({ count: 5, summaries: ['a', 'b', 'c'] }), '5 unread: a; b; c; … — call get_notifications');
    for (const length of [10, 80, 150, 200]) {
      for (const count of [1, 2, 3, 50]) {
        const summaries = Array.from({ length: Math.min(count, 3) }, (_, i) => `${i}`.padEnd(length, 'x'));
        const line = digestLine({ count, summaries }) ?? '';
        assert.ok(line.length <= INBOX_LIMITS.digestLength, `${count}×${length}: ${line.length}`);
        assert.match(line, new RegExp(`^${count} unread: `));
        assert.match(line, /call get_notifications$/);
      }
    }
  });

  it('adds the UserPromptSubmit hook once, with no matcher, beside the user\'s own', () => {
    const commands = { preToolUse: 'ac hook claude-pre-tool', postToolUse: 'ac hook claude-post-tool', userPromptSubmit: 'ac hook claude-prompt' };
    const mine = JSON.stringify({ hooks: { UserPromptSubmit: [{ hooks: [{ type: 'command', command: 'date' }] }] } });
    const first = mergeClaudeHooks(mine, commands);
    const hooks = (JSON.parse(first.text) as { hooks: Record<string, unknown> }).hooks;
    assert.deepEqual(hooks['UserPromptSubmit'], [{ hooks: [{ type: 'command', command: 'date' }] }, { hooks: [{ type: 'command', command: 'ac hook claude-prompt' }] }]);
    assert.equal(mergeClaudeHooks(first.text, commands).changed, false);
  });
});
