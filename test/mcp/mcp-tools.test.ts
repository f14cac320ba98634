/**
 * The MCP endpoint through the official SDK client over Streamable HTTP: the tool catalogue, the
 * register → create → claim → work → complete flow (on each engine), two sessions as two agents
 * competing for files, and tool errors that leave the session usable.
 */
import assert from 'node:assert/strict';
import { TOOL_NAMES } from '@agent-coordinator/shared';
import { ENGINES, useCoordinator } from '../support/coordinator.ts';
import { httpClient, type McpTestClient } from './mcp-client.ts';

const ISSUE_TOOLS = [
  'register_agent',
  'heartbeat',
  'create_task',
  'get_next_task',
  'update_task',
  'complete_task',
  'release_task',
  'lock_files',
  'release_files',
  'check_files',
  'list_tasks',
  'get_task_board',
];
/** The core list: the issue's twelve, and the inbox every agent reads (docs/notifications.md). */
const CORE_TOOLS = [...ISSUE_TOOLS, 'get_notifications'];

/** Clients opened by a test, closed after it whatever happened. */
function useClients(): { open(url: string, name?: string): Promise<McpTestClient> } {
  let open: McpTestClient[] = [];
  afterEach(async () => {
    await Promise.allSettled(open.map((c) => c.close()));
    open = [];
  });
  return {
    async open(url, name) {
      const client = httpClient(url, name);
      open.push(client);
      return client.connect();
    },
  };
}

for (const engine of ENGINES) {
  describe(`MCP flow on ${engine}`, function () {
    const env = useCoordinator(engine);
    const clients = useClients();

    it('registers, creates, claims with locks, works, completes; the board counts it done', async () => {
      const mcp = await clients.open(env.url, 'flow');
      const agent = await mcp.call('register_agent', { name: `flow-${engine}`, kind: 'claude-code', capabilities: ['coding'] });
      assert.equal(agent.name, `flow-${engine}`);
      assert.equal(agent.status, 'idle');

      const task = await mcp.call('create_task', { title: 'Wire the MCP flow', priority: 'high', files: ['src/flow/a.ts', 'src/flow/b.ts'] });
      assert.equal(task.status, 'open');
      assert.deepEqual(task.files, ['src/flow/a.ts', 'src/flow/b.ts']);

      // No agent_id: the session acts as the agent it registered.
      const next = await mcp.call('get_next_task');
      assert.equal(next.task?.task_id, task.task_id);
      assert.equal(next.task?.status, 'claimed');
      assert.equal(next.task?.claimed_by, agent.agent_id);
      assert.deepEqual(next.locks.map((l) => l.path).sort(), ['src/flow/a.ts', 'src/flow/b.ts']);
      for (const lock of next.locks) {
        assert.equal(lock.held_by_id, agent.agent_id);
        assert.equal(lock.task_key, task.key);
      }

      const check = await mcp.call('check_files', { paths: ['src/flow/a.ts', 'src/flow/c.ts'] });
      const [a, c] = check.files;
      assert.equal(a?.locked, true);
      assert.equal(a.held_by_id, agent.agent_id);
      assert.equal(a.held_by, agent.name);
      assert.equal(a.task_key, task.key);
      assert.equal(c?.locked, false);

      const working = await mcp.call('update_task', { task_id: task.key, status: 'in_progress', progress_note: 'halfway' });
      assert.equal(working.status, 'in_progress');
      assert.equal(working.progress_note, 'halfway');

      const beat = await mcp.call('heartbeat');
      assert.equal(beat.agent_id, agent.agent_id);
      assert.equal(beat.status, 'busy');

      const done = await mcp.call('complete_task', { task_id: task.task_id, summary: 'wired' });
      assert.equal(done.status, 'done');
      assert.equal(done.summary, 'wired');

      const after = await mcp.call('check_files', { paths: ['src/flow/a.ts'] });
      assert.equal(after.files[0]?.locked, false);

      const listed = await mcp.call('list_tasks', { status: 'done' });
      assert.ok(listed.tasks.some((t) => t.task_id === task.task_id));

      const board = await mcp.call('get_task_board');
      assert.ok(board.tasks.done >= 1);
      assert.equal(board.tasks.in_progress, 0);
      const me = board.agents.find((x) => x.agent_id === agent.agent_id);
      assert.equal(me?.status, 'idle');
      assert.equal(me.current_task, null);
      assert.deepEqual(me.locks, []);
    });
  });
}

describe('MCP on pglite', function () {
  const env = useCoordinator('pglite');
  const clients = useClients();

  it('lists exactly the core tools (the issue\'s 12 and get_notifications), each with an object input schema (output schemas are opt-in, see tool-budget.test.ts)', async () => {
    const mcp = await clients.open(env.url);
    const { tools } = await mcp.client.listTools();
    assert.deepEqual(tools.map((t) => t.name).sort(), [...CORE_TOOLS].sort());
    assert.deepEqual([...TOOL_NAMES].sort(), [...CORE_TOOLS].sort());
    for (const tool of tools) {
      assert.equal(tool.inputSchema.type, 'object', `${tool.name} inputSchema`);
      assert.ok(tool.description && tool.description.length > 0, `${tool.name} description`);
    }
    const server = mcp.client.getServerVersion();
    assert.equal(server?.name, 'agent-coordinator');
  });

  it("does not grant agent B a glob overlapping agent A's task files; the conflict names A, the task and expiry", async () => {
    const a = await clients.open(env.url, 'agent-a');
    const b = await clients.open(env.url, 'agent-b');
    const agentA = await a.call('register_agent', { name: 'lock-a' });
    const agentB = await b.call('register_agent', { name: 'lock-b' });
    assert.notEqual(agentA.agent_id, agentB.agent_id);

    const task = await a.call('create_task', { title: 'Refactor the parser', files: ['src/parser/lexer.ts'], assignee: agentA.agent_id });
    const claimed = await a.call('get_next_task');
    assert.equal(claimed.task?.task_id, task.task_id);

    const denied = await b.call('lock_files', { paths: ['src/parser/**'] });
    assert.equal(denied.granted, false);
    assert.deepEqual(denied.locks, []);
    assert.equal(denied.conflicts.length, 1);
    const [conflict] = denied.conflicts;
    assert.equal(conflict?.path, 'src/parser/**');
    assert.equal(conflict.held_path, 'src/parser/lexer.ts');
    assert.equal(conflict.held_by, 'lock-a');
    assert.equal(conflict.held_by_id, agentA.agent_id);
    assert.equal(conflict.task_id, task.task_id);
    assert.equal(conflict.task_key, task.key);
    assert.ok(Date.parse(conflict.expires_at) > Date.now(), `expiry ${conflict.expires_at} is in the future`);

    const released = await a.call('release_files', { paths: ['src/parser/lexer.ts'] });
    assert.deepEqual(released.released, ['src/parser/lexer.ts']);
    assert.deepEqual(released.not_held, []);

    const granted = await b.call('lock_files', { paths: ['src/parser/**'], reason: 'parser rewrite' });
    assert.equal(granted.granted, true);
    assert.deepEqual(granted.conflicts, []);
    assert.equal(granted.locks[0]?.held_by_id, agentB.agent_id);
    assert.equal(granted.locks[0].path, 'src/parser/**');

    const check = await a.call('check_files', { paths: ['src/parser/lexer.ts'] });
    assert.equal(check.files[0]?.held_by, 'lock-b');
  });

  it('answers bad calls with isError results naming the problem, and the session keeps working', async () => {
    const mcp = await clients.open(env.url, 'errors');
    const stillWorks = async (): Promise<void> => {
      const board = await mcp.call('get_task_board');
      assert.ok(Array.isArray(board.agents));
    };

    const beforeRegister = await mcp.fail('get_next_task');
    assert.match(beforeRegister, /register_agent/);
    await stillWorks();

    const emptyTitle = await mcp.fail('create_task', { title: '' });
    assert.match(emptyTitle, /^VALIDATION: /);
    assert.match(emptyTitle, /title/);
    await stillWorks();

    const urgent = await mcp.fail('create_task', { title: 'Hurry', priority: 'urgent' });
    assert.match(urgent, /^VALIDATION: /);
    assert.match(urgent, /priority/);
    assert.match(urgent, /critical/);
    await stillWorks();

    const traversal = await mcp.fail('create_task', { title: 'Escape', files: ['../etc/passwd'] });
    assert.match(traversal, /^VALIDATION: /);
    assert.match(traversal, /files/);
    await stillWorks();

    await mcp.call('register_agent', { name: 'errors' });
    const missing = await mcp.fail('complete_task', { task_id: 'T-999999' });
    assert.match(missing, /^NOT_FOUND: /);
    assert.match(missing, /T-999999/);
    const missingUuid = await mcp.fail('complete_task', { task_id: '00000000-0000-4000-8000-000000000000' });
    assert.match(missingUuid, /^NOT_FOUND: /);
    await stillWorks();

    const unknownTool = await mcp.fail('delete_everything');
    assert.match(unknownTool, /^NOT_FOUND: .*unknown tool/);

    const created = await mcp.call('create_task', { title: 'After the errors' });
    assert.equal(created.title, 'After the errors');

    const health = await fetch(`${env.url}/healthz`);
    assert.equal(health.status, 200);
    assert.equal(((await health.json()) as { status: unknown }).status, 'ok');
  });
});
