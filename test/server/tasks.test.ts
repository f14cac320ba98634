/**
 * Task rules: creation and validation, claim order (inbox, priority, age), capabilities, dependencies,
 * lifecycle. What the router and services do, so called in process (createCaller): no server, no socket.
 */
import assert from 'node:assert/strict';
import { ENGINES } from '../support/coordinator.ts';
import { useInProcessCoordinator } from '../support/in-process-caller.ts';
import { callerRejectsWith } from '../support/errors.ts';

for (const engine of ENGINES) {
  describe(`tasks on ${engine}`, function () {
    const env = useInProcessCoordinator(engine);
    let n = 0;
    const unique = (prefix: string): string => `${prefix}-${++n}`;

    /** Drains the open queue so each test starts from its own tasks. */
    async function drain(): Promise<void> {
      const c = env.caller();
      for (const task of await c.list_tasks({ status: 'open' })) await c.update_task({ task_id: task.key, status: 'cancelled' });
    }
    beforeEach(drain);

    it('creates a task with defaults and a T-n key, readable by id or key', async () => {
      const c = env.caller();
      const task = await c.create_task({ title: '  Write docs  ' });
      assert.match(task.key, /^T-\d+$/);
      assert.equal(task.title, 'Write docs');
      assert.equal(task.priority, 'normal');
      assert.equal(task.status, 'open');
      assert.deepEqual(await c.get_task({ task_id: task.key }), task);
      assert.deepEqual(await c.get_task({ task_id: task.task_id }), task);
    });

    it('normalises files and refuses unknown dependencies and assignees', async () => {
      const c = env.caller();
      const task = await c.create_task({ title: 'Paths', files: ['./src//a.ts', 'src\\b.ts', 'lib/'] });
      assert.deepEqual(task.files, ['src/a.ts', 'src/b.ts', 'lib/**']);
      await callerRejectsWith(c.create_task({ title: 'x', depends_on: ['T-999999'] }), 'NOT_FOUND', { field: 'depends_on' });
      await callerRejectsWith(c.create_task({ title: 'x', assignee: 'nobody-here' }), 'NOT_FOUND', { field: 'agent_id' });
    });

    it('hands out the inbox first, then higher priority, then older', async () => {
      const c = env.caller();
      const me = await c.register_agent({ name: unique('order') });
      const low = await c.create_task({ title: 'low', priority: 'low' });
      const high1 = await c.create_task({ title: 'high 1', priority: 'high' });
      const high2 = await c.create_task({ title: 'high 2', priority: 'high' });
      const critical = await c.create_task({ title: 'critical', priority: 'critical' });
      const inbox = await c.create_task({ title: 'mine', priority: 'low', assignee: me.name });
      const order: string[] = [];
      for (let i = 0; i < 5; i++) {
        const next = await c.get_next_task({ agent_id: me.agent_id });
        assert.ok(next.task);
        order.push(next.task.task_id);
      }
      assert.deepEqual(order, [inbox, critical, high1, high2, low].map((t) => t.task_id));
      const none = await c.get_next_task({ agent_id: me.agent_id });
      assert.equal(none.task, null);
      assert.match(none.reason ?? '', /queue is empty/);
    });

    it("never offers a task in another agent's inbox", async () => {
      const c = env.caller();
      const owner = await c.register_agent({ name: unique('owner') });
      const other = await c.register_agent({ name: unique('other') });
      await c.create_task({ title: 'for owner', assignee: owner.agent_id });
      assert.equal((await c.get_next_task({ agent_id: other.agent_id })).task, null);
      assert.equal((await c.get_next_task({ agent_id: owner.agent_id })).task?.title, 'for owner');
    });

    it('offers only tasks whose capabilities the agent has', async () => {
      const c = env.caller();
      const coder = await c.register_agent({ name: unique('coder'), capabilities: ['coding'] });
      const tester = await c.register_agent({ name: unique('tester'), capabilities: ['coding', 'testing'] });
      const task = await c.create_task({ title: 'needs testing', capabilities: ['testing'] });
      const refused = await c.get_next_task({ agent_id: coder.agent_id });
      assert.equal(refused.task, null);
      assert.match(refused.reason ?? '', /capabilities/);
      assert.equal((await c.get_next_task({ agent_id: tester.agent_id })).task?.task_id, task.task_id);
    });

    it('waits for dependencies to be done', async () => {
      const c = env.caller();
      const a = await c.register_agent({ name: unique('deps') });
      const first = await c.create_task({ title: 'first', priority: 'low' });
      const second = await c.create_task({ title: 'second', priority: 'critical', depends_on: [first.key] });
      assert.deepEqual(second.depends_on, [first.task_id]);
      assert.equal((await c.get_next_task({ agent_id: a.agent_id })).task?.task_id, first.task_id);
      assert.equal((await c.get_next_task({ agent_id: a.agent_id })).task, null);
      await c.complete_task({ task_id: first.key, agent_id: a.agent_id });
      assert.equal((await c.get_next_task({ agent_id: a.agent_id })).task?.task_id, second.task_id);
    });

    it('does not hand out a task while another agent holds its files, and locks them with the claim', async () => {
      const c = env.caller();
      const holder = await c.register_agent({ name: unique('holder') });
      const seeker = await c.register_agent({ name: unique('seeker') });
      const held = await c.lock_files({ agent_id: holder.agent_id, paths: ['app/**'] });
      assert.equal(held.granted, true);
      const blocked = await c.create_task({ title: 'blocked', priority: 'critical', files: ['app/main.ts'] });
      const free = await c.create_task({ title: 'free', priority: 'low', files: ['lib/util.ts'] });
      const got = await c.get_next_task({ agent_id: seeker.agent_id });
      assert.equal(got.task?.task_id, free.task_id);
      assert.deepEqual(got.locks.map((l) => [l.path, l.mode, l.held_by, l.task_key]), [['lib/util.ts', 'exclusive', seeker.name, free.key]]);
      assert.equal((await c.get_next_task({ agent_id: seeker.agent_id })).task, null);
      await c.release_files({ agent_id: holder.agent_id, paths: ['app/**'] });
      assert.equal((await c.get_next_task({ agent_id: seeker.agent_id })).task?.task_id, blocked.task_id);
    });

    it('claims a named task with its locks, or says why not', async () => {
      const c = env.caller();
      const me = await c.register_agent({ name: unique('picker') });
      const other = await c.register_agent({ name: unique('other-holder') });
      const low = await c.create_task({ title: 'pick me', priority: 'low', files: ['pick/a.ts'] });
      await c.create_task({ title: 'would be next', priority: 'critical' });
      const got = await c.claim_task({ task_id: low.key, agent_id: me.agent_id });
      assert.equal(got.task?.task_id, low.task_id, 'the named task, not the best one');
      assert.deepEqual(got.locks.map((l) => l.path), ['pick/a.ts']);
      const again = await c.claim_task({ task_id: low.key, agent_id: other.agent_id });
      assert.equal(again.task, null);
      assert.match(again.reason ?? '', /claimed, not open/);
      await c.lock_files({ agent_id: other.agent_id, paths: ['held/**'] });
      const blocked = await c.create_task({ title: 'blocked by a lock', files: ['held/x.ts'] });
      assert.match((await c.claim_task({ task_id: blocked.key, agent_id: me.agent_id })).reason ?? '', /holds some of its files/);
      await callerRejectsWith(c.claim_task({ task_id: 'T-999999', agent_id: me.agent_id }), 'NOT_FOUND');
    });

    it('refuses to claim a task whose dependencies are not done, naming the blockers by key', async () => {
      const c = env.caller();
      const me = await c.register_agent({ name: unique('eager') });
      const worker = await c.register_agent({ name: unique('worker') });
      const schema = await c.create_task({ title: 'schema' });
      const api = await c.create_task({ title: 'api' });
      const ui = await c.create_task({ title: 'ui', depends_on: [schema.key, api.key] });
      await c.claim_task({ task_id: api.key, agent_id: worker.agent_id });
      await c.update_task({ task_id: api.key, status: 'in_progress', agent_id: worker.agent_id });
      const refused = await c.claim_task({ task_id: ui.key, agent_id: me.agent_id });
      assert.equal(refused.task, null);
      assert.equal(refused.reason, `${ui.key} is blocked by ${schema.key} (open) and ${api.key} (in progress): claim it once they are done`);
      await c.claim_task({ task_id: schema.key, agent_id: worker.agent_id });
      await c.complete_task({ task_id: schema.key, agent_id: worker.agent_id });
      const still = await c.claim_task({ task_id: ui.key, agent_id: me.agent_id });
      assert.equal(still.reason, `${ui.key} is blocked by ${api.key} (in progress): claim it once that task is done`);
      await c.complete_task({ task_id: api.key, agent_id: worker.agent_id });
      assert.equal((await c.claim_task({ task_id: ui.key, agent_id: me.agent_id })).task?.task_id, ui.task_id);
    });

    it('follows the lifecycle and releases locks when the task leaves the active states', async () => {
      const c = env.caller();
      const a = await c.register_agent({ name: unique('life') });
      const task = await c.create_task({ title: 'life', files: ['life/a.ts'] });
      await callerRejectsWith(c.update_task({ task_id: task.key, status: 'in_progress' }), 'CONFLICT', { message: /claim it with get_next_task/ });
      await c.get_next_task({ agent_id: a.agent_id });
      const started = await c.update_task({ task_id: task.key, status: 'in_progress', progress_note: 'halfway', agent_id: a.agent_id });
      assert.equal(started.status, 'in_progress');
      assert.equal(started.progress_note, 'halfway');
      const released = await c.release_task({ task_id: task.task_id, agent_id: a.agent_id, reason: 'blocked on review' });
      assert.equal(released.status, 'open');
      assert.equal(released.claimed_by, null);
      assert.equal((await c.check_files({ paths: ['life/a.ts'] })).files[0]?.locked, false);
      await c.get_next_task({ agent_id: a.agent_id });
      assert.equal((await c.check_files({ paths: ['life/a.ts'] })).files[0]?.locked, true);
      const done = await c.complete_task({ task_id: task.key, agent_id: a.agent_id, summary: 'shipped' });
      assert.equal(done.status, 'done');
      assert.equal(done.summary, 'shipped');
      assert.equal((await c.check_files({ paths: ['life/a.ts'] })).files[0]?.locked, false);
      await callerRejectsWith(c.update_task({ task_id: task.key, status: 'failed' }), 'CONFLICT', { message: /already done/ });
    });

    it("refuses to change another agent's task", async () => {
      const c = env.caller();
      const owner = await c.register_agent({ name: unique('mine') });
      const intruder = await c.register_agent({ name: unique('intruder') });
      const task = await c.create_task({ title: 'owned' });
      await c.get_next_task({ agent_id: owner.agent_id });
      await callerRejectsWith(c.complete_task({ task_id: task.key, agent_id: intruder.agent_id }), 'CONFLICT', { message: new RegExp(`claimed by ${owner.name}`) });
      assert.equal((await c.get_task({ task_id: task.key })).status, 'claimed');
    });

    it('lists by status and assignee, and counts on the board', async () => {
      const c = env.caller();
      const a = await c.register_agent({ name: unique('lister') });
      await c.create_task({ title: 'assigned', assignee: a.agent_id });
      const mine = await c.list_tasks({ assignee: a.name });
      assert.deepEqual(mine.map((t) => t.title), ['assigned']);
      const board = await c.get_task_board();
      assert.ok(board.tasks.open >= 1);
      assert.ok(board.queue.some((t) => t.title === 'assigned'));
      assert.ok(board.agents.some((x) => x.name === a.name && x.status === 'idle'));
    });
  });
}
