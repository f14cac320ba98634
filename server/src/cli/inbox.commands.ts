/**
 * The inbox at a shell: `get-notifications` prints the agent's unread notifications (`--all`: the
 * newest, read or not) and marks them read; `send-message TO TEXT...` sends a message to an agent,
 * `send-message --thread ID TEXT...` answers a thread, `--task KEY` / `--mission NAME` writes in a task's
 * or mission's thread; `get-thread ID` prints a thread whole.
 */
import { GetThreadInputSchema, SendMessageInputSchema, parseInput, type GetThreadResult, type Notification } from '@agent-coordinator/shared';
import { noExtra, UsageError } from './args.ts';
import { parseCommand } from './client.ts';
import { show } from './output.ts';

const line = (n: Notification): string => {
  const thread = n.thread_id ? `\n    thread ${n.thread_id} — answer: agent-coordinator send-message --thread ${n.thread_id} TEXT` : '';
  const body = n.body && n.kind === 'message' ? `\n    ${n.body.replace(/\n/g, '\n    ')}` : n.body ? `\n    "${n.body}"` : '';
  return `${n.created_at.slice(0, 19).replace('T', ' ')}  ${n.kind}  ${n.summary}${body}${thread}`;
};

export async function getNotificationsCommand(argv: readonly string[]): Promise<void> {
  const { args, session } = parseCommand(argv, { asAgent: true, booleans: ['all'] });
  noExtra(args.positionals);
  const agentId = (await session.agent()).ref;
  const result = await session.call((c) => c.get_notifications.mutate({ agent_id: agentId, all: args.booleans.has('all') }));
  show(session, result, () => {
    if (result.notifications.length === 0) return 'no unread notifications';
    const more = result.unread_left > 0 ? `\n${result.unread_left} more unread: run agent-coordinator get-notifications again` : '';
    return `${result.notifications.map(line).join('\n')}${more}`;
  });
}

const threadText = (t: GetThreadResult): string => {
  const head = `thread ${t.thread_id} — ${t.participants.map((p) => p.name).join(', ')}`;
  const earlier = t.earlier > 0 ? `\n(${t.earlier} earlier messages not shown)` : '';
  const messages = t.messages.map((m) => `${m.created_at.slice(0, 19).replace('T', ' ')}  ${m.sender}\n    ${m.body.replace(/\n/g, '\n    ')}`);
  return [head + earlier, ...messages].join('\n');
};

export async function getThreadCommand(argv: readonly string[]): Promise<void> {
  const { args, session } = parseCommand(argv, { asAgent: true });
  const [thread] = args.positionals;
  if (thread === undefined) throw new UsageError('give the thread: agent-coordinator get-thread THREAD_ID');
  noExtra(args.positionals, 1);
  const input = parseInput('get_thread', GetThreadInputSchema, { thread_id: thread, agent_id: (await session.agent()).ref });
  const result = await session.call((c) => c.get_thread.query(input));
  show(session, result, () => threadText(result));
}

export async function sendMessageCommand(argv: readonly string[]): Promise<void> {
  const { args, session } = parseCommand(argv, { asAgent: true, values: ['thread', 'task', 'mission'] });
  const thread = args.values.get('thread');
  const task = args.values.get('task');
  const mission = args.values.get('mission');
  const addressed = thread !== undefined || task !== undefined || mission !== undefined;
  const [first, ...rest] = args.positionals;
  const to = addressed ? undefined : first;
  const words = addressed ? args.positionals : rest;
  if ((!addressed && to === undefined) || words.length === 0) {
    throw new UsageError('send-message TO TEXT... | send-message --thread ID TEXT... | send-message --task KEY TEXT... | send-message --mission NAME TEXT...');
  }
  const agentId = (await session.agent()).ref;
  const input = parseInput('send_message', SendMessageInputSchema, {
    body: words.join(' '),
    agent_id: agentId,
    ...(to !== undefined ? { to } : {}),
    ...(thread !== undefined ? { reply_to: thread } : {}),
    ...(task !== undefined ? { task_id: task } : {}),
    ...(mission !== undefined ? { mission_id: mission } : {}),
  });
  const result = await session.call((c) => c.send_message.mutate(input));
  show(session, result, () => `sent to ${result.recipients.map((r) => r.name).join(', ')} — thread ${result.thread_id}`);
}
