/**
 * `register-agent NAME [CAP...] [--kind KIND]` creates the agent (or resumes the one of that name) and
 * saves it as the identity later commands to the same server use; `heartbeat` keeps the current agent and
 * its locks alive; `set-agent NAME [--kind KIND] [--capabilities a,b]` changes an agent's kind and
 * capabilities, as its owner or an admin. A new agent registered from here defaults to kind `cli`; an
 * existing one keeps the kind and capabilities the command leaves out (an agent token may not change them).
 */
import { CoordinatorError, parseInput, RegisterAgentInputSchema, SetAgentInputSchema, type Agent } from '@agent-coordinator/shared';
import { noExtra, splitList, UsageError } from './args.ts';
import { parseCommand, type Session } from './client.ts';
import { clock, list, show } from './output.ts';
import { statePath } from './state.ts';

export async function registerAgentCommand(argv: readonly string[]): Promise<void> {
  const { args, session } = parseCommand(argv, { values: ['kind'] });
  const [name, ...capabilities] = args.positionals;
  if (name === undefined) throw new UsageError('give the agent a name: agent-coordinator register-agent NAME [CAPABILITY...]');
  const kind = args.values.get('kind') ?? ((await exists(session, name)) ? undefined : 'cli');
  const input = parseInput('register_agent', RegisterAgentInputSchema, {
    name,
    ...(kind !== undefined ? { kind } : {}),
    ...(capabilities.length > 0 ? { capabilities } : {}),
  });
  const agent = await session.call((c) => c.register_agent.mutate(input));
  await session.remember({ agent_id: agent.agent_id, name: agent.name });
  show(session, agent, () =>
    [
      `registered ${agent.name} (agent id ${agent.agent_id}; ${agent.kind}; capabilities: ${list(agent.capabilities)})`,
      `commands to ${session.url} now act as ${agent.name} (saved in ${statePath()})`,
    ].join('\n'),
  );
}

/** Whether the agent is registered already: the `cli` default is for new agents, an existing one keeps its kind. */
async function exists(session: Session, name: string): Promise<boolean> {
  try {
    await session.call((c) => c.get_agent.query({ agent_id: name }));
    return true;
  } catch (error) {
    // A name that is not valid is refused, with the field named, by the registration itself.
    if (error instanceof CoordinatorError && (error.code === 'NOT_FOUND' || error.code === 'VALIDATION')) return false;
    throw error;
  }
}

export async function heartbeatCommand(argv: readonly string[]): Promise<void> {
  const { args, session } = parseCommand(argv, { asAgent: true });
  noExtra(args.positionals);
  const agent = await session.agent();
  const result = await session.call((c) => c.heartbeat.mutate({ agent_id: agent.ref }));
  show(session, result, () => `${agent.name} is ${result.status}; it and its locks stay alive until ${clock(result.expires_at)}`);
}

export async function setAgentCommand(argv: readonly string[]): Promise<void> {
  const { args, session } = parseCommand(argv, { values: ['kind', 'capabilities'] });
  const [name, ...rest] = args.positionals;
  noExtra(rest);
  if (name === undefined) throw new UsageError('give the agent: agent-coordinator set-agent NAME [--kind KIND] [--capabilities a,b]');
  const kind = args.values.get('kind');
  const capabilities = args.values.get('capabilities');
  const input = parseInput('set_agent', SetAgentInputSchema, {
    agent_id: name,
    ...(kind !== undefined ? { kind } : {}),
    ...(capabilities !== undefined ? { capabilities: splitList(capabilities) } : {}),
  });
  const agent: Agent = await session.call((c) => c.set_agent.mutate(input));
  show(session, agent, () => `${agent.name} is ${agent.kind}; capabilities: ${list(agent.capabilities)}`);
}
