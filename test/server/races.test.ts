/**
 * Correctness under contention, with 32 real clients over the wire: every task is claimed exactly once,
 * and two agents never hold overlapping locks where either is exclusive.
 */
import assert from 'node:assert/strict';
import { patternsOverlap } from '@agent-coordinator/shared';
import { ENGINES, useCoordinator, type Client } from '../support/coordinator.ts';
import { lockViolations, readAllEvents, waitForEvents } from '../support/event-replay.ts';

const AGENTS = 32;
const TASKS = 500;

for (const engine of ENGINES) {
  describe(`races on ${engine}`, function () {
    this.timeout(180_000);
    const env = useCoordinator(engine);

    it(`${AGENTS} clients racing for ${TASKS} tasks claim each exactly once`, async () => {
      const admin = env.client();
      // Tasks touch files; every fifth shares a folder glob with others, so claims also contend on locks.
      for (let i = 0; i < TASKS; i++) {
        const files = i % 5 === 0 ? [`shared/${i % 15}/**`] : [`pkg${i % 40}/file${i}.ts`, `shared/${i % 15}/f${i}.ts`];
        await admin.create_task.mutate({ title: `race ${i}`, priority: (['low', 'normal', 'high', 'critical'] as const)[i % 4], files });
      }
      const clients: Client[] = Array.from({ length: AGENTS }, () => env.client({ batch: false }));
      const agents = await Promise.all(clients.map((c, i) => c.register_agent.mutate({ name: `racer-${i}` })));
      const claimedBy = new Map<string, string[]>();
      await Promise.all(
        clients.map(async (c, i) => {
          const me = agents[i]?.agent_id as string;
          for (let idle = 0; idle < 200; ) {
            const next = await c.get_next_task.mutate({ agent_id: me });
            if (!next.task) {
              if (next.reason?.includes('queue is empty')) return;
              idle++;
              await new Promise((r) => setTimeout(r, 5)); // a pause before asking again: others are still creating
              continue;
            }
            claimedBy.set(next.task.task_id, [...(claimedBy.get(next.task.task_id) ?? []), me]);
            await c.complete_task.mutate({ task_id: next.task.task_id, agent_id: me });
          }
        }),
      );
      const twice = [...claimedBy.entries()].filter(([, who]) => who.length > 1);
      assert.deepEqual(twice, [], 'no task handed to two agents');
      assert.equal(claimedBy.size, TASKS, 'every task was claimed');
      const board = await admin.get_task_board.query();
      assert.equal(board.tasks.done, TASKS);
      const finished = (e: { type: string }) => e.type === 'task.updated' && 'task' in e && (e.task as { status: string }).status === 'done';
      const events = await waitForEvents(admin, (all) => all.filter(finished).length === TASKS);
      const claims = events.filter((e) => e.type === 'task.claimed');
      assert.equal(claims.length, TASKS, 'exactly one task.claimed event per task');
      assert.deepEqual(lockViolations(events), [], 'claims never took locks that overlap another holder');
    });

    it(`${AGENTS} clients racing for overlapping globs never hold conflicting locks`, async () => {
      const patterns = ['g/**', 'g/a/**', 'g/a/x.ts', 'g/*.ts', 'g/b/{x,y}.ts', 'g/a/*.ts', 'g/b/**', 'g/root.ts', 'g/b/y.ts', 'g/c/**'];
      const clients: Client[] = Array.from({ length: AGENTS }, () => env.client({ batch: false }));
      const agents = await Promise.all(clients.map((c, i) => c.register_agent.mutate({ name: `locker-${i}` })));
      const holding = new Map<string, { path: string; exclusive: boolean }>();
      const observed: string[] = [];
      let grants = 0;
      let refusals = 0;
      await Promise.all(
        clients.map(async (c, i) => {
          const me = agents[i]?.agent_id as string;
          for (let round = 0; round < 25; round++) {
            const path = patterns[(i * 7 + round * 3) % patterns.length] as string;
            const exclusive = (i + round) % 5 !== 0;
            const result = await c.lock_files.mutate({ agent_id: me, paths: [path], mode: exclusive ? 'exclusive' : 'shared' });
            if (!result.granted) {
              refusals++;
              assert.ok(result.conflicts.length > 0, 'a refusal names its conflicts');
              continue;
            }
            grants++;
            for (const [other, held] of holding) {
              if (other !== me && (exclusive || held.exclusive) && patternsOverlap(path, held.path)) observed.push(`${path} granted while ${held.path} held`);
            }
            holding.set(me, { path, exclusive });
            await new Promise((r) => setTimeout(r, round % 3)); // held for 0–2 ms: varied timing is what makes the race
            holding.delete(me);
            await c.release_files.mutate({ agent_id: me, paths: [path] });
          }
        }),
      );
      assert.deepEqual(observed, [], 'clients never saw two conflicting grants at once');
      assert.ok(grants > 50 && refusals > 10, `the race was real: ${grants} grants, ${refusals} refusals`);
      assert.deepEqual(lockViolations(await readAllEvents(env.client())), [], 'the event log shows no overlapping exclusive holders');
    });
  });
}
