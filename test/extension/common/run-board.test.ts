/** Adapters and runs in the Agents view (run-board.ts): loading, following events, and the rows with their actions. */
import assert from 'node:assert/strict';
import type { Run } from '@agent-coordinator/shared';
import { buildRunNodes, FINISHED_SHOWN, RunBoard } from '../../../extension/src/common/run-board.ts';
import { walk } from '../../../extension/src/common/view-node.ts';
import { eventOf, iso, uuid } from '../../support/wire-fixtures.ts';

const run = (over: Partial<Run> & Pick<Run, 'id' | 'status'>): Run => ({
  adapter: 'command:script',
  task_id: uuid(5),
  task_key: 'T-5',
  agent_id: uuid(6),
  agent_name: 'command-script-T-5',
  pid: 42,
  workspace: '/repo',
  branch: null,
  log_file: '/data/runs/r.log',
  reason: null,
  started_at: iso(),
  ended_at: null,
  approval_id: null,
  ...over,
});

describe('the run board', () => {
  it('lists usable adapters first, and says when one was never checked', () => {
    const board = new RunBoard();
    board.load(
      [
        { name: 'claude-code', kind: 'claude-code', health: { installed: true, version: '2.1', authenticated: false, reason: 'claude 2.1, not logged in' }, checked_at: iso() },
        { name: 'command:script', kind: 'command', health: { installed: true, authenticated: 'unknown', reason: 'found /bin/sh' }, checked_at: iso() },
        { name: 'openai', kind: 'openai', health: null, checked_at: null },
      ],
      [],
    );
    assert.deepEqual(board.adaptersForPick().map((a) => [a.name, a.usable]), [['command:script', true], ['claude-code', false], ['openai', false]]);
    const rows = [...walk(buildRunNodes(board))];
    assert.equal(rows.find((r) => r.id === 'adapter/openai')?.description, 'not checked yet');
    assert.equal(rows.find((r) => r.id === 'adapter/claude-code')?.description, 'claude 2.1, not logged in');
  });

  it('follows run and health events, offers Cancel only on live runs, and keeps a few finished ones', () => {
    const board = new RunBoard();
    assert.equal(board.apply(eventOf({ type: 'run.started', run: run({ id: 'r1', status: 'running' }) })), true);
    const live = [...walk(buildRunNodes(board))].find((r) => r.id === 'run/r1');
    assert.match(live?.contextValue ?? '', /\bliveRun\b/);
    assert.equal(live?.ref?.runId, 'r1');
    board.apply(eventOf({ type: 'run.finished', run: run({ id: 'r1', status: 'cancelled', ended_at: iso(1000), reason: 'cancelled from VS Code' }), outcome: null }));
    const done = [...walk(buildRunNodes(board))].find((r) => r.id === 'run/r1');
    assert.doesNotMatch(done?.contextValue ?? '', /\bliveRun\b/);
    assert.match(done?.description ?? '', /^cancelled .* · cancelled from VS Code$/);
    for (let i = 0; i < FINISHED_SHOWN + 3; i++) board.apply(eventOf({ type: 'run.finished', run: run({ id: `f${i}`, status: 'succeeded', started_at: iso(i + 2), ended_at: iso(i + 3) }), outcome: null }));
    const runsGroup = buildRunNodes(board).find((n) => n.id === 'group/runs');
    assert.equal(runsGroup?.children?.length, FINISHED_SHOWN);
    board.apply(eventOf({ type: 'adapter.health_changed', adapter: 'openai', health: { installed: true, authenticated: true, reachable: false, reason: 'API unreachable' }, previous: null }));
    assert.equal(board.adapters[0]?.health?.reason, 'API unreachable');
    assert.equal(board.apply(eventOf({ type: 'lock.free', agent_id: uuid(1), paths: ['a'] })), false);
  });
});
