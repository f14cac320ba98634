/** Open Task's document: dependencies by key (never raw ids), blockers named, statuses in words. */
import assert from 'node:assert/strict';
import { renderTaskMarkdown } from '../../../extension/src/common/task-markdown.ts';
import { task, uuid } from '../../support/wire-fixtures.ts';

describe('extension task markdown', () => {
  it('shows dependencies by key and says which still block the task', () => {
    const dep = task({ task_id: uuid(10), key: 'T-7', status: 'in_progress' });
    const doneDep = task({ task_id: uuid(11), key: 'T-2', status: 'done' });
    const t = task({ task_id: uuid(12), key: 'T-8', depends_on: [uuid(10), uuid(11)] });
    const text = renderTaskMarkdown(t, [], [], new Set(), Date.now(), { tasks: [dep, doneDep, t] });
    assert.match(text, /\*\*Depends on:\*\* T-7, T-2 \(blocked by T-7\)/);
    assert.ok(!text.includes(`Depends on:** ${uuid(10)}`), 'no raw id');
  });

  it('falls back to a short id for a dependency the client has not loaded, and writes statuses in words', () => {
    const t = task({ task_id: uuid(12), key: 'T-8', status: 'in_progress', depends_on: [uuid(10)] });
    const text = renderTaskMarkdown(t, [], [], new Set());
    assert.match(text, new RegExp(`\\*\\*Depends on:\\*\\* ${uuid(10).slice(0, 8)}\\n`));
    assert.match(text, /\| In progress \|/);
  });
});
