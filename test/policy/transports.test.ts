/**
 * What policies look like to callers over MCP and the CLI, on PGlite: warnings as their own text item
 * and on stderr, an escalated change as "pending approval" (MCP text, CLI exit code 6), approving and
 * rejecting from a human's MCP session (policy toolset) and from the CLI, the requester's MCP session
 * notified of the decision, refusals (exit code 5), and the policy commands (check, declare, list, audit).
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LoggingMessageNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { ApprovalSchema, PolicyListSchema } from '@agent-coordinator/shared';
import { useCoordinator } from '../support/coordinator.ts';
import { httpClient, firstText, resultJson, type McpTestClient } from '../mcp/mcp-client.ts';
import { cliRunner, type RunCli } from '../cli/run-cli.ts';
import { until } from '../support/until.ts';
import { toolsetClient } from '../planning/mcp-toolsets.ts';
import { usePolicies } from './policy-support.ts';

describe('policies over MCP and the CLI on pglite', function () {
  const env = useCoordinator('pglite');
  const c = () => env.client();
  const policies = usePolicies(c);
  const open: McpTestClient[] = [];
  afterEach(async () => {
    await Promise.allSettled(open.splice(0).map((m) => m.close()));
  });
  const mcpAgent = async (name: string): Promise<McpTestClient> => {
    const mcp = await httpClient(env.url, name).connect();
    open.push(mcp);
    await mcp.call('register_agent', { name, kind: 'claude-code' });
    return mcp;
  };

  it('MCP: a warning is its own text item; an escalation says pending approval; the requester is notified of the decision', async () => {
    await policies.declare({ name: 'shared-config', kind: 'lock_paths', paths: ['config/**'], outcome: 'warn', message: 'every service reads this' });
    await policies.declare({ name: 'db-changes', kind: 'lock_paths', paths: ['db/**'], message: 'a DBA must look first' });
    const agent = await mcpAgent('mcp-requester');
    const notes: string[] = [];
    agent.client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => {
      if (n.params.logger === 'approvals') notes.push(String((n.params.data as { text?: string }).text));
    });

    const warned = await agent.raw('lock_files', { paths: ['config/app.json'] });
    assert.equal((resultJson(warned) as { granted: boolean }).granted, true);
    assert.equal(warned.content[1]?.type === 'text' ? warned.content[1].text : '', 'WARNING: shared-config: every service reads this');

    const escalated = await agent.raw('lock_files', { paths: ['db/schema.sql'] });
    const pending = (resultJson(escalated) as { pending_approval?: { approval_id: string } }).pending_approval;
    assert.ok(pending);
    const text = escalated.content[1]?.type === 'text' ? escalated.content[1].text : '';
    assert.match(text, new RegExp(`^PENDING APPROVAL ${pending.approval_id}: policy db-changes: a DBA must look first — the change was not applied`));

    // A human decides from its own MCP session with the policy toolset.
    const human = await toolsetClient(env.url, 'policy', 'human').connect();
    open.push(human);
    await human.call('register_agent', { name: 'mcp-dba', kind: 'human' });
    const queue = (await human.callAny('list_approvals', {})) as { approvals: unknown[] };
    assert.ok(queue.approvals.map((a) => ApprovalSchema.parse(a)).some((a) => a.approval_id === pending.approval_id));
    const approved = ApprovalSchema.parse(await human.callAny('approve_request', { approval_id: pending.approval_id, note: 'fine' }));
    assert.equal(approved.status, 'approved');
    assert.equal(approved.decided_by_name, 'mcp-dba');
    const board = await agent.call('check_files', { paths: ['db/schema.sql'] });
    assert.equal(board.files[0]?.held_by, 'mcp-requester');
    const [note] = await until('the requester told of the decision', () => (notes.length > 0 ? notes : null), 5_000);
    assert.match(note ?? '', new RegExp(`^approval ${pending.approval_id} \\(lock db/schema\\.sql \\(exclusive\\) for mcp-requester\\) was approved by mcp-dba: fine$`));

    const trail = (await human.callAny('get_audit_trail', { policy: 'db-changes' })) as { entries: { approver: string | null }[] };
    assert.equal(trail.entries[0]?.approver, 'mcp-dba');
    const listed = PolicyListSchema.parse(await human.callAny('list_policies', {}));
    assert.deepEqual(listed.policies.map((p) => p.policy.name).sort(), ['db-changes', 'shared-config']);
  });

  it('MCP: a refusal is a tool error naming the policy; agents cannot approve or declare', async () => {
    await policies.declare({ name: 'humans-cancel', kind: 'transition_requires_human' });
    const agent = await mcpAgent('mcp-bot');
    const task = await agent.call('create_task', { title: 'cancel me' });
    assert.match(await agent.fail('update_task', { task_id: task.key, status: 'cancelled' }), /^POLICY_DENIED: update_task: refused by policy humans-cancel: only humans may set a task cancelled/);
    const powered = await toolsetClient(env.url, 'policy', 'bot-with-policy-tools').connect();
    open.push(powered);
    await powered.call('register_agent', { name: 'mcp-bot-2', kind: 'copilot' });
    const denied = await powered.raw('declare_policy', { policy: { name: 'lift', kind: 'max_active_tasks', limit: 100 } });
    assert.equal(denied.isError, true);
    assert.match(firstText(denied), /^FORBIDDEN: declare_policy: only a human may do this, and mcp-bot-2 is a copilot agent/);
  });

  describe('CLI', () => {
    let dir = '';
    let agentCli: RunCli;
    let humanCli: RunCli;
    before(async () => {
      dir = await mkdtemp(join(tmpdir(), 'ac-policy-cli-'));
      agentCli = cliRunner({ stateFile: join(dir, 'agent.json'), configHome: join(dir, 'agent-config'), url: env.url });
      humanCli = cliRunner({ stateFile: join(dir, 'human.json'), configHome: join(dir, 'human-config'), url: env.url });
      assert.equal((await agentCli(['register', 'cli-bot', 'coding'])).code, 0);
      assert.equal((await humanCli(['register', 'cli-human', '--kind', 'human'])).code, 0);
    });
    after(async () => {
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    it('an escalated lock exits 6 with the approval id; a human approves it from the CLI; the lock is held', async () => {
      await policies.declare({ name: 'cli-protect', kind: 'lock_paths', paths: ['migrations/**'], message: 'needs a human' });
      const lock = await agentCli(['lock', 'migrations/010.sql']);
      assert.equal(lock.code, 6, lock.stderr);
      const id = /^pending approval ([0-9a-f-]{36}) \(policy cli-protect\): needs a human$/.exec(lock.stdout.trim())?.[1];
      assert.ok(id, lock.stdout);
      assert.match(lock.stderr, new RegExp(`^agent-coordinator: locking migrations/010\\.sql is waiting for approval ${id} \\(policy cli-protect\\)`));
      const queue = await humanCli(['approvals']);
      assert.match(queue.stdout, new RegExp(`^${id}\\s+pending\\s+cli-bot\\s+lock migrations/010\\.sql \\(exclusive\\) for cli-bot\\s+cli-protect`, 'm'));
      const notHuman = await agentCli(['approve', id]);
      assert.equal(notHuman.code, 5);
      assert.match(notHuman.stderr, /only a human may do this/);
      const approve = await humanCli(['approve', id, 'looks', 'fine']);
      assert.equal(approve.code, 0, approve.stderr);
      assert.match(approve.stdout, new RegExp(`^${id} approved: lock migrations/010\\.sql \\(exclusive\\) for cli-bot — policy cli-protect, by cli-human`));
      assert.match((await agentCli(['locks', '--mine'])).stdout, /^migrations\/010\.sql\s+exclusive\s+cli-bot/m);
      const again = await humanCli(['reject', id]);
      assert.equal(again.code, 4);
    });

    it('a rejected escalation, warnings on stderr (exit 0) and refusals (exit 5)', async () => {
      await policies.declare({ name: 'cli-review', kind: 'transition_requires_capability', capability: 'review', outcome: 'escalate' });
      await policies.declare({ name: 'cli-trace', kind: 'done_requires_requirement', outcome: 'warn' });
      await policies.declare({ name: 'cli-no-ci', kind: 'lock_paths', paths: ['.github/**'], outcome: 'block' });
      const created = await agentCli(['create-task', 'needs review', 'assignee=cli-bot']);
      const key = /^created (T-\d+)/.exec(created.stdout)?.[1] ?? '';
      assert.equal((await agentCli(['next'])).code, 0);
      const complete = await agentCli(['complete', key]);
      assert.equal(complete.code, 6, complete.stderr);
      const id = /^pending approval ([0-9a-f-]{36}) \(policy cli-review\)/.exec(complete.stdout)?.[1] ?? '';
      assert.ok(id, complete.stdout);
      const reject = await humanCli(['reject', id, 'add tests first']);
      assert.equal(reject.code, 0, reject.stderr);
      assert.match(reject.stdout, / rejected: set T-\d+ done \(now claimed\) — policy cli-review, by cli-human$/m);
      assert.equal((await agentCli(['tasks', 'claimed', '--json'])).stdout.includes(key), true);

      await c().remove_policy.mutate({ name: 'cli-review', agent_id: await policies.human() });
      const warned = await agentCli(['complete', key]);
      assert.equal(warned.code, 0, warned.stderr);
      assert.match(warned.stdout, new RegExp(`^completed ${key} needs review`));
      assert.match(warned.stderr, new RegExp(`^agent-coordinator: warning: cli-trace: ${key} is linked to no requirement`));

      const refused = await agentCli(['lock', '.github/workflows/ci.yml']);
      assert.equal(refused.code, 5);
      assert.match(refused.stderr, /^agent-coordinator: lock-files: refused by policy cli-no-ci: /);
      const audit = await humanCli(['policy', 'audit', '--policy', 'cli-no-ci']);
      assert.match(audit.stdout, /^\d\d:\d\d:\d\d\s+cli-no-ci\s+block\s+cli-bot\s+lock \.github\/workflows\/ci\.yml\s+-$/m);
    });

    it('policy check names file, line and field; declare (humans only), list and remove', async () => {
      const broken = join(dir, 'broken.yaml');
      await writeFile(broken, 'policies:\n  - name: too-many\n    kind: max_active_tasks\n    limit: -3\n');
      const check = await agentCli(['policy', 'check', broken]);
      assert.equal(check.code, 2);
      assert.match(check.stderr, new RegExp(`^agent-coordinator: ${broken.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:4:12: policies\\[0\\]\\.limit: `));
      const good = join(dir, 'good.yaml');
      await writeFile(good, 'policies:\n  - name: cli-one-each\n    kind: max_active_tasks\n    limit: 3\n    outcome: warn\n');
      assert.equal((await agentCli(['policy', 'check', good])).stdout.trim(), `${good}: 1 valid policy (cli-one-each)`);
      const byBot = await agentCli(['policy', 'declare', good]);
      assert.equal(byBot.code, 5);
      const declared = await humanCli(['policy', 'declare', good]);
      assert.equal(declared.stdout.trim(), 'declared cli-one-each', declared.stderr);
      assert.match((await humanCli(['policy', 'list'])).stdout, /^cli-one-each\s+max_active_tasks\s+warn\s+api\s+all\s+limit 3$/m);
      assert.equal((await humanCli(['policy', 'remove', 'cli-one-each'])).stdout.trim(), 'removed cli-one-each');
    });
  });
});
