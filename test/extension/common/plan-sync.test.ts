/** The planning side of the client: events applied or marking parts stale, and reloads only while wanted. */
import assert from 'node:assert/strict';
import type { Approval, CoverageReport, Mission, PolicyList } from '@agent-coordinator/shared';
import { PlanState, type PlanPart } from '../../../extension/src/common/plan-state.ts';
import { PlanSync, RELOAD_DEBOUNCE_MS, type PlanLoader } from '../../../extension/src/common/plan-sync.ts';
import { ManualClock } from '../support/fake-transport.ts';
import { approval, coverageReport, eventOf, mission, task, uuid } from '../../support/wire-fixtures.ts';

const M1 = uuid(100);
const T1 = uuid(110);
const T2 = uuid(111);

const missionEvent = (m: Mission, type: 'mission.created' | 'mission.updated' = 'mission.created') => eventOf({ type, mission: m });
const taskUpdated = (taskId: string, key: string) => eventOf({ type: 'task.updated', task: task({ task_id: taskId, key, status: 'in_progress' }), previous_status: 'claimed' });

/** A loader whose answers the test releases one by one. */
class ScriptedLoader {
  readonly calls: PlanPart[] = [];
  readonly #waiting: { part: PlanPart; resolve: (value: unknown) => void; reject: (error: unknown) => void }[] = [];
  missions: readonly Mission[] = [];
  coverage: CoverageReport = coverageReport([]);
  approvals: readonly Approval[] = [];

  readonly loader: PlanLoader = {
    missions: () => this.#wait('missions'),
    sprints: () => this.#wait('sprints'),
    coverage: () => this.#wait('coverage'),
    approvals: () => this.#wait('approvals'),
    policies: () => this.#wait('policies'),
    audit: () => this.#wait('audit'),
  };

  #wait<T>(part: PlanPart): Promise<T> {
    this.calls.push(part);
    return new Promise<T>((resolve, reject) => this.#waiting.push({ part, resolve: resolve as (value: unknown) => void, reject }));
  }

  get pending(): readonly PlanPart[] {
    return this.#waiting.map((w) => w.part);
  }

  /** Answers every waiting load (or fails one part) and lets the promises settle. */
  async answer(fail?: PlanPart): Promise<void> {
    const answers: Record<PlanPart, unknown> = {
      missions: this.missions,
      sprints: [],
      coverage: this.coverage,
      approvals: this.approvals,
      policies: { policies: [], file: { path: null, loaded_at: null, policy_count: 0, errors: [] } } satisfies PolicyList,
      audit: [],
    };
    for (const w of this.#waiting.splice(0)) {
      if (w.part === fail) w.reject(new Error('no such procedure'));
      else w.resolve(answers[w.part]);
    }
    await new Promise((r) => setImmediate(r));
  }
}

describe('extension plan state and sync', () => {
  it('applies mission, sprint and approval events directly and marks derived parts stale', () => {
    const state = new PlanState();
    assert.deepEqual(state.apply(missionEvent(mission({ mission_id: M1, name: 'Checkout v2' }))), { changed: ['missions'], stale: [] });
    assert.equal(state.mission(M1)?.name, 'Checkout v2');
    state.replace('coverage', coverageReport([{ key: 'R-1', title: 'Cache', tasks: [{ task_id: T1, key: 'T-1', status: 'open' }] }]));
    assert.deepEqual(state.apply(taskUpdated(T1, 'T-1')).stale, ['missions', 'coverage'], 'a linked task changes coverage; any task may change mission counts');
    assert.deepEqual(state.apply(taskUpdated(T2, 'T-2')).stale, ['missions']);
    assert.deepEqual(state.apply(eventOf({ type: 'policy.changed', source: 'api', names: ['x'], reason: 'declared' })), { changed: [], stale: ['policies'] });

    const a = approval({ approval_id: uuid(200) });
    state.apply(eventOf({ type: 'approval.requested', approval: a }));
    assert.deepEqual(state.pendingApprovals.map((x) => x.approval_id), [a.approval_id]);
    const decided = { ...a, status: 'approved' as const, decided_by_name: 'carol', decided_at: a.created_at };
    assert.deepEqual(state.apply(eventOf({ type: 'approval.decided', approval: decided })), { changed: ['approvals'], stale: ['audit'] });
    assert.equal(state.pendingApprovals.length, 0);
    assert.equal(state.decidedApprovals[0]?.status, 'approved');
    state.apply(eventOf({ type: 'approval.requested', approval: a }));
    assert.equal(state.pendingApprovals.length, 0, 'a request replayed after its decision stays decided');
  });

  it('loads every part a view wants on connect, the always-loaded ones without a view, and reloads stale parts once per burst only while wanted', async () => {
    const clock = new ManualClock();
    const scripted = new ScriptedLoader();
    const sync = new PlanSync(() => scripted.loader, { clock });
    const changes: string[][] = [];
    sync.onDidChange((parts) => changes.push([...parts]));
    sync.connected();
    clock.advance(0);
    assert.deepEqual([...scripted.pending].sort(), ['approvals', 'missions'], 'no view is visible: only mission names and pending approvals');
    scripted.coverage = coverageReport([{ key: 'R-1', title: 'Cache', tasks: [{ task_id: T1, key: 'T-1', status: 'open' }] }]);
    await scripted.answer();
    assert.equal(sync.state.loaded('missions'), true);

    const view = sync.want(['coverage']);
    clock.advance(0);
    assert.deepEqual(scripted.pending, ['coverage'], 'a view that becomes visible gets its part');
    await scripted.answer();
    assert.equal(sync.state.coverage?.totals.requirement_count, 1);

    for (let i = 0; i < 5; i++) sync.receive(taskUpdated(T1, 'T-1'));
    clock.advance(RELOAD_DEBOUNCE_MS);
    assert.deepEqual(scripted.pending, ['coverage'], 'five events, one reload; missions are not reloaded without a view');
    await scripted.answer();

    view.dispose();
    sync.receive(eventOf({ type: 'requirement.created', requirement: { requirement_id: uuid(), key: 'R-2', key_result_id: uuid(), title: 'x', description: '', task_ids: [], created_at: '' } }));
    clock.advance(RELOAD_DEBOUNCE_MS);
    assert.deepEqual(scripted.pending, [], 'nobody looks at coverage: nothing is asked');
    sync.want(['coverage']);
    clock.advance(0);
    assert.deepEqual(scripted.pending, ['coverage'], 'stale coverage loads when the view shows again');
    await scripted.answer();
    assert.ok(changes.some((c) => c.includes('coverage')));
    sync.dispose();
  });

  it('replays events that arrived during a load, and drops loads of an older connection', async () => {
    const clock = new ManualClock();
    const scripted = new ScriptedLoader();
    const sync = new PlanSync(() => scripted.loader, { clock });
    sync.connected();
    clock.advance(0);
    // The load answers with the state from before the event below.
    scripted.missions = [mission({ mission_id: M1, name: 'Old name' })];
    sync.receive(missionEvent(mission({ mission_id: M1, name: 'New name' }), 'mission.updated'));
    await scripted.answer();
    assert.equal(sync.state.mission(M1)?.name, 'New name');

    sync.connected();
    clock.advance(0);
    const stale = scripted.pending.length;
    sync.connected(); // reconnected again before the answers came
    clock.advance(0);
    scripted.missions = [];
    await scripted.answer();
    assert.ok(stale > 0);
    assert.equal(sync.state.missions.length, 0, 'the newest connection answers');
    sync.dispose();
  });

  it('remembers why a part failed to load, and forgets everything for another server', async () => {
    const clock = new ManualClock();
    const scripted = new ScriptedLoader();
    const sync = new PlanSync(() => scripted.loader, { clock });
    sync.want(['policies']);
    sync.connected();
    clock.advance(0);
    await scripted.answer('policies');
    assert.equal(sync.error('policies'), 'no such procedure');
    sync.receive(missionEvent(mission({ mission_id: M1, name: 'x' })));
    sync.clear();
    assert.equal(sync.state.missions.length, 0);
    assert.equal(sync.error('policies'), null);
    assert.equal(sync.state.loaded('missions'), false);
    sync.dispose();
  });
});
