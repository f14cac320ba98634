/** The Reply input box (reply-prompt.ts): the thread's last messages, bounded, or the toast's line when the thread could not be read. */
import assert from 'node:assert/strict';
import type { GetThreadResult, ThreadMessage } from '@agent-coordinator/shared';
import { REPLY_BODY_CHARS, REPLY_THREAD_SHOWN, replyPrompt } from '../../../extension/src/common/reply-prompt.ts';
import { iso, uuid } from '../../support/wire-fixtures.ts';

const ME = uuid(1);
const BOB = uuid(2);
const CAROL = uuid(3);

const message = (sender_id: string, sender: string, body: string, at = 0): ThreadMessage => ({ message_id: uuid(), sender_id, sender, body, created_at: iso(at) });

const thread = (messages: readonly ThreadMessage[], earlier = 0, participants = [{ agent_id: ME, name: 'alice' }, { agent_id: BOB, name: 'bob' }]): GetThreadResult => ({
  thread_id: uuid(9),
  task_id: null,
  mission_id: null,
  participants,
  messages: [...messages],
  earlier,
});

describe('reply prompt', () => {
  it('shows the whole of a short thread, oldest first, the user as "you", and names the others in the title', () => {
    const shown = replyPrompt(thread([message(BOB, 'bob', 'ready for review?'), message(ME, 'alice', 'not yet', 1), message(BOB, 'bob', 'and now?', 2)]), 'bob: and now?', ME);
    assert.equal(shown.title, 'Reply to bob');
    assert.equal(shown.prompt, 'bob: ready for review?  ·  you: not yet  ·  bob: and now?');
  });

  it('shows only the last messages of a long thread and counts the rest, fetched or not', () => {
    const messages = Array.from({ length: REPLY_THREAD_SHOWN + 2 }, (_, i) => message(BOB, 'bob', `note ${i}`, i));
    const shown = replyPrompt(thread(messages, 10), 'bob: note 5', ME);
    const parts = shown.prompt.split('  ·  ');
    assert.equal(parts.length, REPLY_THREAD_SHOWN + 1);
    assert.equal(parts[0], '(12 earlier)');
    assert.equal(parts.at(-1), `bob: note ${REPLY_THREAD_SHOWN + 1}`);
  });

  it('cuts a long body and folds its line breaks, so the prompt stays one bounded line', () => {
    const long = `first line\n\n${'x'.repeat(REPLY_BODY_CHARS * 3)}`;
    const shown = replyPrompt(thread([message(BOB, 'bob', long)]), 'bob: …', ME);
    assert.doesNotMatch(shown.prompt, /\n/);
    assert.ok(shown.prompt.startsWith('bob: first line xxx'));
    assert.ok(shown.prompt.endsWith('…'));
    assert.equal(shown.prompt.length, 'bob: '.length + REPLY_BODY_CHARS);
  });

  it('names at most three other participants in the title', () => {
    const many = [ME, BOB, CAROL, uuid(4), uuid(5)].map((agent_id, i) => ({ agent_id, name: ['alice', 'bob', 'carol', 'dave', 'erin'][i] ?? '' }));
    assert.equal(replyPrompt(thread([message(BOB, 'bob', 'hi')], 0, many), 'bob: hi', ME).title, 'Reply to bob, carol, dave and 1 more');
  });

  it("falls back to the toast's line when the thread could not be read or is empty", () => {
    assert.deepEqual(replyPrompt(null, 'bob: ready for review?', ME), { title: 'Reply', prompt: 'bob: ready for review?' });
    assert.deepEqual(replyPrompt(thread([]), 'bob: hi', ME), { title: 'Reply', prompt: 'bob: hi' });
  });
});
