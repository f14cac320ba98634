/**
 * Pending approvals expire, on both engines, with a one-second `approvalTtlSeconds`: each approval
 * expires that long after it was asked; the running sweeper then marks it expired, unanswered, and the
 * requester learns of it (an `approval.decided` event, and its MCP session a notification); approving or
 * rejecting it is refused with CONFLICT and applies nothing — also when it is past its expiry but the
 * sweeper has not reached it yet — and asking again queues a fresh approval.
 */
import assert from 'node:assert/strict';
import { LoggingMessageNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { ENGINES, useCoordinator } from '../support/coordinator.ts';
import { rejectsWith } from '../support/errors.ts';
import { until } from '../support/until.ts';
import { httpClient, resultJson, type McpTestClient } from '../mcp/mcp-client.ts';
import { eventsAfter, headEventId, usePolicies } from './policy-support.ts';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

for (const engine of ENGINES) {
  describe(`approval expiry on ${engine}`, function () {
    const env = useCoordinator(engine, { approvalTtlSeconds: 1 });
    const c = () => env.client();
    const sweeper = () => env.coordinator.server.coordinator.sweeper;
    const policies = usePolicies(c);
    const open: McpTestClient[] = [];
    afterEach(async () => {
      await Promise.allSettled(open.splice(0).map((m) => m.close()));
    });
    let n = 0;
    const unique = (prefix: string): string => `${prefix}-${++n}`;

    async function escalatedLock(folder: string): Promise<{ requester: string; path: string; approvalId: string }> {
      await policies.declare({ name: unique('guard'), kind: 'lock_paths', paths: [`${folder}/**`] });
      const requester = (await c().register_agent.mutate({ name: unique('agent'), kind: 'claude-code' })).agent_id;
      const path = `${folder}/change.sql`;
      const result = await c().lock_files.mutate({ agent_id: requester, paths: [path] });
      assert.ok(result.pending_approval, 'expected the lock to be escalated');
      return { requester, path, approvalId: result.pending_approval.approval_id };
    }

    const expiredRefusal = (operation: string, approvalId: string): RegExp =>
      new RegExp(`^${operation}: approval ${approvalId} expired at \\S+ unanswered \\(after 1 second\\); nothing was applied — the requester must ask again`);

    it('expires an unanswered approval after the TTL: the sweeper marks it expired and the requester learns it by event and MCP', async () => {
      await policies.declare({ name: unique('guard'), kind: 'lock_paths', paths: ['ttl/**'] });
      const agent = await httpClient(env.url, 'mcp-asker').connect();
      open.push(agent);
      const { agent_id: requester } = await agent.call('register_agent', { name: unique('mcp-asker'), kind: 'claude-code' });
      const notes: string[] = [];
      agent.client.setNotificationHandler(LoggingMessageNotificationSchema, (note) => {
        if (note.params.logger === 'approvals') notes.push(String((note.params.data as { text?: string }).text));
      });
      const before = await headEventId(c());
      const escalated = await agent.raw('lock_files', { paths: ['ttl/schema.sql'] });
      const approvalId = (resultJson(escalated) as { pending_approval?: { approval_id: string } }).pending_approval?.approval_id ?? '';
      const asked = await c().get_approval.query({ approval_id: approvalId });
      assert.equal(asked.status, 'pending');
      assert.equal(Date.parse(asked.expires_at) - Date.parse(asked.created_at), 1000, 'expires_at is created_at plus the TTL');

      // No sweep is called here: the server's own sweeper gets to it.
      const [decided] = await eventsAfter(c(), before, 'approval.decided', { where: (e) => e.approval.approval_id === approvalId });
      assert.equal(decided?.approval.status, 'expired');
      assert.equal(decided.approval.requester_id, requester);
      assert.equal(decided.approval.decided_by, null);
      assert.equal(decided.approval.result_note, 'expired unanswered after 1 second; nothing was applied');
      assert.ok(Date.parse(decided.approval.decided_at ?? '') >= Date.parse(asked.expires_at));
      await until('the requester told of the expiry', () => notes.length > 0, 5_000);
      assert.deepEqual(notes, [
        `approval ${approvalId} (lock ttl/schema.sql (exclusive) for ${decided.approval.requester_name}) expired unanswered after 1 second; nothing was applied — repeat the call if you still need the change`,
      ]);

      assert.deepEqual(await c().list_locks.query({ agent_id: requester }), []);
      assert.equal((await c().list_approvals.query({ status: 'expired' })).some((a) => a.approval_id === approvalId), true);
      assert.equal((await c().list_approvals.query({})).some((a) => a.approval_id === approvalId), false);
      // Expired once: further sweeps (from this or another replica) do not expire it again.
      await sweeper().sweep();
      assert.equal((await eventsAfter(c(), before, 'approval.decided', { where: (e) => e.approval.approval_id === approvalId })).length, 1);
    });

    it('refuses to approve or reject an expired approval (CONFLICT) and applies nothing', async () => {
      const { requester, approvalId } = await escalatedLock('expired');
      const before = await headEventId(c());
      await eventsAfter(c(), before, 'approval.decided', { where: (e) => e.approval.approval_id === approvalId && e.approval.status === 'expired' });
      const human = await policies.human();
      await rejectsWith(c().approve_request.mutate({ approval_id: approvalId, agent_id: human }), 'CONFLICT', { message: expiredRefusal('approve_request', approvalId) });
      await rejectsWith(c().reject_request.mutate({ approval_id: approvalId, agent_id: human }), 'CONFLICT', { message: expiredRefusal('reject_request', approvalId) });
      assert.deepEqual(await c().list_locks.query({ agent_id: requester }), []);
      const after = await c().get_approval.query({ approval_id: approvalId });
      assert.equal(after.status, 'expired');
      assert.equal(after.decided_by, null);
    });

    describe('before the sweeper reaches it', function () {
      // The sweeper stops for the rest of this suite: these tests sweep when they choose to.
      before(async () => {
        await sweeper().stop();
      });

      it('an approval past its expiry is refused all the same, asking again queues a fresh one, and the next sweep expires it', async () => {
        const { requester, path, approvalId } = await escalatedLock('overdue');
        await sleep(1100); // past the approval's 1 s TTL, with no sweep running: the lapse is the point
        assert.equal((await c().get_approval.query({ approval_id: approvalId })).status, 'pending', 'no sweep has run since it lapsed');
        const human = await policies.human();
        await rejectsWith(c().approve_request.mutate({ approval_id: approvalId, agent_id: human }), 'CONFLICT', { message: expiredRefusal('approve_request', approvalId) });
        assert.deepEqual(await c().list_locks.query({ agent_id: requester }), []);

        const again = await c().lock_files.mutate({ agent_id: requester, paths: [path] });
        assert.ok(again.pending_approval);
        assert.notEqual(again.pending_approval.approval_id, approvalId, 'a lapsed approval is not reused for a new request');

        const before = await headEventId(c());
        const report = await sweeper().sweep();
        assert.ok(report.approvalsExpired >= 1);
        const [decided] = await eventsAfter(c(), before, 'approval.decided', { where: (e) => e.approval.approval_id === approvalId });
        assert.equal(decided?.approval.status, 'expired');
        assert.deepEqual(await c().list_locks.query({ agent_id: requester }), []);
      });
    });
  });
}
