/** The inbox as toasts (inbox-toast.ts): the line and the actions per notification kind, and which events concern this window. */
import assert from 'node:assert/strict';
import type { Notification } from '@agent-coordinator/shared';
import { freedFor, freeText, inboxRecipient, inboxToast, moreText } from '../../../extension/src/common/inbox-toast.ts';
import { eventOf, iso, lock, uuid } from '../../support/wire-fixtures.ts';

const ME = uuid(1);
const BOB = uuid(2);
const THREAD = uuid(3);

const notification = (over: Partial<Notification> & Pick<Notification, 'kind' | 'summary'>): Notification => ({
  notification_id: uuid(),
  sender: 'bob',
  sender_id: BOB,
  thread_id: null,
  body: null,
  details: {},
  created_at: iso(),
  read_at: null,
  ...over,
});

describe('inbox toasts', () => {
  const mine = lock({ lock_id: uuid(20), path: 'src/a.ts', held_by_id: ME, held_by: 'alice' });

  it('offers Release and Reply for a release request on paths the user still holds, quoting the note', () => {
    const n = notification({ kind: 'release_requested', summary: 'release requested', thread_id: THREAD, body: 'I need to fix the build', details: { paths: ['src/a.ts', 'src/gone.ts'] } });
    const toast = inboxToast(n, ME, [mine]);
    assert.equal(toast.text, 'bob asks you to release src/a.ts — “I need to fix the build”.');
    assert.deepEqual(toast.actions, ['Release', 'Reply']);
    assert.deepEqual(toast.paths, ['src/a.ts']);
    assert.equal(toast.warning, true);
  });

  it('says a release request came too late without offering Release, and leaves out the default note', () => {
    const n = notification({ kind: 'release_requested', summary: 'release requested', thread_id: THREAD, body: 'please release src/a.ts', details: { paths: ['src/a.ts'] } });
    const toast = inboxToast(n, ME, []);
    assert.equal(toast.text, 'bob asked you to release src/a.ts; you no longer hold it.');
    assert.deepEqual(toast.actions, ['Reply']);
  });

  it('shows a message with Reply and Open Task, a free lock with Open and Lock for Me, assignments with Open Task', () => {
    const message = inboxToast(notification({ kind: 'message', summary: 'message from bob', thread_id: THREAD, body: 'ready for review?', details: { task_id: uuid(9) } }), ME, []);
    assert.equal(message.text, 'bob: ready for review?');
    assert.deepEqual(message.actions, ['Reply', 'Open Task']);
    assert.equal(message.task, uuid(9));
    const free = inboxToast(notification({ kind: 'lock_free', summary: 'free', sender: null, details: { paths: ['src/a.ts'] } }), ME, []);
    assert.equal(free.text, 'src/a.ts is free now.');
    assert.deepEqual(free.actions, ['Open', 'Lock for Me']);
    const assigned = inboxToast(notification({ kind: 'task_assigned', summary: 'task T-4 assigned to you: x', details: { task_key: 'T-4' } }), ME, []);
    assert.deepEqual([assigned.text, assigned.actions, assigned.task], ['task T-4 assigned to you: x', ['Open Task'], 'T-4']);
    const rejected = inboxToast(notification({ kind: 'approval_decided', summary: 'approval rejected', details: { status: 'rejected' } }), ME, []);
    assert.deepEqual([rejected.warning, rejected.actions], [true, []]);
  });

  it('counts what it does not show, and names freed paths in one line', () => {
    assert.equal(moreText(5), null);
    assert.equal(moreText(7), '2 more unread notifications (shown in the log).');
    assert.equal(freeText(['a', 'b']), 'a, b are free now.');
  });

  it('takes the inbox only for its own agents, and shows lock.free only when addressed to them', () => {
    const notified = eventOf({ type: 'inbox.notified', notification_id: uuid(), recipient_id: ME, kind: 'message', summary: 's', sender: 'bob', thread_id: null });
    assert.equal(inboxRecipient(notified, new Set([ME])), ME);
    assert.equal(inboxRecipient(notified, new Set([BOB])), null);
    const free = eventOf({ type: 'lock.free', agent_id: ME, paths: ['src/a.ts'] });
    assert.deepEqual(freedFor(free, new Set([ME])), ['src/a.ts']);
    assert.deepEqual(freedFor(free, new Set([BOB])), []);
  });
});
