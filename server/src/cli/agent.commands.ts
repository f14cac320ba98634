/**
 * `register NAME [CAP...] [--kind KIND]` creates the agent (or resumes the one of that name) and saves it
 * as the identity later commands to the same server use; `heartbeat` keeps the current agent and its
 * locks alive. Agents registered from here default to kind `cli`.
 */
import { parseInput, RegisterAgentInputSchema } from '@agent-coordinator/shared';
import { noExtra, UsageError } from './args.ts';
import { parseCommand } from './client.ts';
import { clock, list, show } from './output.ts';
import { statePath } from './state.ts';

export async function registerCommand(argv: readonly string[]): Promise<void> {
  const { args, session } = parseCommand(argv, { values: ['kind'] });
  const [name, ...capabilities] = args.positionals;
  if (name === undefined) throw new UsageError('give the agent a name: agent-coordinator register NAME [CAPABILITY...]');
  const input = parseInput('register_agent', RegisterAgentInputSchema, { name, kind: args.values.get('kind') ?? 'cli', capabilities });
  const agent = await session.call((c) => c.agents.register.mutate(input));
  await session.remember({ agent_id: agent.agent_id, name: agent.name });
  show(session, agent, () =>
    [
      `registered ${agent.name} (agent id ${agent.agent_id}; ${agent.kind}; capabilities: ${list(agent.capabilities)})`,
      `commands to ${session.url} now act as ${agent.name} (saved in ${statePath()})`,
    ].join('\n'),
  );
}

export async function heartbeatCommand(argv: readonly string[]): Promise<void> {
  const { args, session } = parseCommand(argv, { asAgent: true });
  noExtra(args.positionals);
  const agent = await session.agent();
  const result = await session.call((c) => c.agents.heartbeat.mutate({ agent_id: agent.ref }));
  show(session, result, () => `${agent.name} is ${result.status}; it and its locks stay alive until ${clock(result.expires_at)}`);
}
