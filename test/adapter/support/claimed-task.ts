/**
 * Plays the run service's part for an adapter suite that starts an adapter by hand: registers the run's
 * agent over MCP and claims a task for it, so the adapter works on a task its agent holds.
 */
import { strict as assert } from 'node:assert';
import type { AgentKind } from '@agent-coordinator/shared';
import { httpClient } from '../../mcp/mcp-client.ts';

/** The key of a task claimed by a new agent `agentName` of `kind`, whose one file is `src/<agentName>.ts`. */
export async function claimedTask(url: string, agentName: string, kind: AgentKind, title: string): Promise<string> {
  const setup = await httpClient(url, 'run-service-stand-in').connect();
  try {
    const agent = await setup.call('register_agent', { name: agentName, kind });
    const task = await setup.call('create_task', { title, assignee: agent.agent_id, files: [`src/${agentName}.ts`] });
    const next = await setup.call('get_next_task');
    assert.equal(next.task?.key, task.key);
    return task.key;
  } finally {
    await setup.close();
  }
}
