/**
 * The Agents view as data: every agent and human, online or offline, its kind, current task, the locks it
 * holds and the time since its last heartbeat.
 */
import { isGlob, type Agent, type AgentKind, type Lock, type Task } from '@agent-coordinator/shared';
import { until } from './format.ts';
import { lastSeen } from './agent-seen.ts';
import { ACTIVE } from './task-tree.ts';
import type { NodeIcon, ViewNode } from './view-node.ts';

export interface AgentTreeInput {
  readonly agents: readonly Agent[];
  readonly tasks: readonly Task[];
  readonly locks: readonly Lock[];
  readonly selfIds: ReadonlySet<string>;
  readonly now?: number;
}

export const KIND_ICONS: Readonly<Record<AgentKind, string>> = {
  human: 'person',
  'claude-code': 'sparkle',
  copilot: 'copilot',
  cursor: 'edit',
  cli: 'terminal',
  other: 'hubot',
};


export function buildAgentTree(input: AgentTreeInput): ViewNode[] {
  const now = input.now ?? Date.now();
  const online = (a: Agent): boolean => a.status !== 'offline';
  const sorted = [...input.agents].sort((a, b) => Number(online(b)) - Number(online(a)) || a.name.localeCompare(b.name));
  return sorted.map((agent) => {
    const tasks = input.tasks.filter((t) => t.claimed_by === agent.agent_id && ACTIVE.includes(t.status));
    const locks = input.locks.filter((l) => l.held_by_id === agent.agent_id);
    const you = input.selfIds.has(agent.agent_id);
    const current = tasks[0];
    const parts = [agent.kind, online(agent) ? 'online' : 'offline'];
    if (current) parts.push(current.key);
    if (locks.length > 0) parts.push(locks.length === 1 ? '1 lock' : `${locks.length} locks`);
    parts.push(lastSeen(agent, now));
    const icon: NodeIcon = { id: KIND_ICONS[agent.kind], color: online(agent) ? 'charts.green' : 'disabledForeground' };
    const children: ViewNode[] = [
      ...tasks.map(
        (t): ViewNode => ({
          id: `${agent.agent_id}/task/${t.task_id}`,
          label: `${t.key} ${t.title}`,
          description: t.status === 'in_progress' ? 'in progress' : t.status,
          icon: { id: 'tasklist' },
          contextValue: 'agentTask',
          action: { kind: 'openTask', taskId: t.task_id },
          ref: { taskId: t.task_id, agentId: agent.agent_id },
        }),
      ),
      ...locks.map(
        (l): ViewNode => ({
          id: `${agent.agent_id}/lock/${l.lock_id}`,
          label: l.path,
          description: `${l.mode}${l.task_key ? ` · ${l.task_key}` : ''} · ${until(l.expires_at, now)}`,
          icon: { id: 'lock' },
          contextValue: you ? 'lock ownLock' : 'lock foreignLock',
          ...(isGlob(l.path) ? {} : { action: { kind: 'openFile', path: l.path } as const }),
          ref: { lockId: l.lock_id, path: l.path, agentId: agent.agent_id },
        }),
      ),
    ];
    return {
      id: agent.agent_id,
      label: you ? `${agent.name} (you)` : agent.name,
      description: parts.join(' · '),
      tooltip: [
        `${agent.name} — ${agent.kind}, ${online(agent) ? agent.status : 'offline'}`,
        `last heartbeat ${lastSeen(agent, now)}`,
        current ? `working on ${current.key} ${current.title}` : 'no current task',
        locks.length > 0 ? `holds ${locks.map((l) => l.path).join(', ')}` : 'holds no locks',
        agent.capabilities.length > 0 ? `capabilities: ${agent.capabilities.join(', ')}` : '',
      ]
        .filter(Boolean)
        .join('\n'),
      icon,
      contextValue: `agent kind-${agent.kind}${you ? ' self' : ''}${online(agent) ? ' online' : ' offline'}`,
      children,
      expanded: false,
      ref: { agentId: agent.agent_id },
    };
  });
}
