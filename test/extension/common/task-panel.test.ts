/** The task panel's content and rules (common/task-panel.ts): actions the viewer may take, keys not ids, escaping, CSP. */
import assert from 'node:assert/strict';
import { allowedActions, historyEntry, makeNonce, mergeHistory, renderTaskPanelBody, renderTaskPanelHtml } from '../../../extension/src/common/task-panel.ts';
import type { CoordinatorEvent } from '@agent-coordinator/shared';
import { event, lock, T0, task, uuid } from '../../support/wire-fixtures.ts';

const ME = uuid(1);
const BOB = uuid(2);
const self = new Set([ME]);

describe('task panel', () => {
  const dep = task({ task_id: uuid(20), key: 'T-7', status: 'in_progress', claimed_by: BOB });
  const blocked = task({ task_id: uuid(21), key: 'T-8', title: '<b>API</b>', depends_on: [uuid(20)], files: ['src/a.ts'] });

  it('offers only what the viewer may do: no Claim while blocked, lifecycle actions on your own task', () => {
    assert.deepEqual(allowedActions(blocked, [dep, blocked], self), ['cancel']);
    assert.deepEqual(allowedActions(blocked, [{ ...dep, status: 'done' }, blocked], self), ['claim', 'cancel']);
    assert.deepEqual(allowedActions({ ...blocked, status: 'claimed', claimed_by: ME }, [], self), ['start', 'complete', 'release', 'cancel']);
    assert.deepEqual(allowedActions({ ...blocked, status: 'claimed', claimed_by: BOB }, [], self), ['cancel']);
  });

  it('names dependencies by key, shows file locks and escapes text', () => {
    const locks = [lock({ lock_id: uuid(30), path: 'src/a.ts', held_by_id: BOB, held_by: 'bob' })];
    const body = renderTaskPanelBody({ task: blocked, tasks: [dep, blocked], agents: [], locks, selfIds: self, history: [], now: T0 });
    assert.match(body, /Blocked by T-7/);
    assert.match(body, /data-open-task="T-7"[^>]*>T-7<\/button>/);
    assert.ok(!body.includes(uuid(20).slice(0, 8) + '<'), 'no raw id for a known dependency');
    assert.match(body, /data-open-file="src\/a.ts"/);
    assert.match(body, /Locked by bob/);
    assert.match(body, /&lt;b&gt;API&lt;\/b&gt;/);
    assert.ok(!body.includes('<b>API</b>'));
  });

  it('keeps history lines for its task only, and runs only its nonce-carrying script', () => {
    const claimed = event<Extract<CoordinatorEvent, { type: 'task.claimed' }>>({ type: 'task.claimed', task: { ...blocked, status: 'claimed', claimed_by: BOB }, agent_id: BOB });
    assert.equal(historyEntry(claimed, blocked.task_id, () => 'bob')?.text, 'claimed by bob');
    assert.equal(historyEntry(claimed, dep.task_id, () => 'bob'), null);
    const nonce = makeNonce();
    assert.match(nonce, /^[A-Za-z0-9]{32}$/);
    const html = renderTaskPanelHtml('<p>x</p>', nonce, 'vscode-resource:');
    assert.match(html, new RegExp(`script-src 'nonce-${nonce}'`));
    assert.match(html, /default-src 'none'/);
    assert.equal((html.match(/<script /g) ?? []).length, 1);
  });

  it('joins the history read from the log with what arrived live, each line once, oldest first', () => {
    const logged = [
      { at: '2026-11-21T14:00:00.000Z', text: 'created' },
      { at: '2026-11-21T14:01:00.000Z', text: 'claimed by bob' },
    ];
    const live = [
      { at: '2026-11-21T14:01:00.000Z', text: 'claimed by bob' },
      { at: '2026-11-21T14:02:00.000Z', text: 'Claimed → In progress' },
    ];
    assert.deepEqual(mergeHistory(logged, live).map((h) => h.text), ['created', 'claimed by bob', 'Claimed → In progress']);
    assert.deepEqual(mergeHistory([], live.slice(1)).map((h) => h.text), ['Claimed → In progress']);
  });
});
