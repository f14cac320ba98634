/**
 * The file-lock commands: `lock-files PATH...` (exclusive unless `--shared`; `--wait SECONDS` queues for
 * held paths; a request that is not granted prints every conflict and exits 4), `release-files PATH...`,
 * `check-files PATH...` (who holds what, without locking; `--notify`: the current agent hears in its
 * inbox when the held ones are free) and `list-locks` (every live lock, or one agent's with `--mine` or
 * `--agent`).
 */
import { CoordinatorError, LockFilesInputSchema, parseInput, type Lock } from '@agent-coordinator/shared';
import { noExtra, UsageError } from './args.ts';
import { parseCommand } from './client.ts';
import { clock, list, show, table } from './output.ts';
import { failIfPending, pendingText, printWarnings } from './policy-output.ts';

export async function lockFilesCommand(argv: readonly string[]): Promise<void> {
  const { args, session } = parseCommand(argv, { asAgent: true, values: ['ttl', 'reason', 'task', 'wait'], booleans: ['shared'] });
  const paths = requirePaths(args.positionals, 'lock-files PATH... [--shared] [--ttl SECONDS] [--wait SECONDS] [--reason TEXT] [--task KEY]');
  const ttl = args.values.get('ttl');
  const reason = args.values.get('reason');
  const task = args.values.get('task');
  const wait = args.values.get('wait');
  const input = parseInput('lock_files', LockFilesInputSchema, {
    paths,
    mode: args.booleans.has('shared') ? 'shared' : 'exclusive',
    agent_id: (await session.agent()).ref,
    ...(ttl !== undefined ? { ttl_seconds: Number(ttl) } : {}),
    ...(reason !== undefined ? { reason } : {}),
    ...(task !== undefined ? { task_id: task } : {}),
    ...(wait !== undefined ? { wait_seconds: Number(wait) } : {}),
  });
  const result = await session.call((c) => c.lock_files.mutate(input));
  printWarnings(result);
  show(session, result, () => {
    if (result.pending_approval) return pendingText(result.pending_approval);
    if (!result.granted) {
      return table(
        ['path', 'held', 'mode', 'holder', 'task', 'expires'],
        result.conflicts.map((c) => [c.path, c.held_path, c.mode, c.held_by, c.task_key ?? '-', clock(c.expires_at)]),
      );
    }
    const until = result.locks[0] ? ` until ${clock(result.locks[0].expires_at)}` : '';
    return `locked ${list(result.locks.map((l) => l.path))} (${input.mode}${until})`;
  });
  failIfPending(result.pending_approval, `locking ${list(input.paths)}`);
  if (!result.granted) {
    const held = [...new Set(result.conflicts.map((c) => c.path))];
    const waited = result.waited_ms !== undefined ? ` after waiting ${Math.round(result.waited_ms / 1000)} s` : '';
    throw new CoordinatorError(
      'LOCK_HELD',
      `lock not granted${waited}: ${list(held)} held by another agent — wait for it (--wait SECONDS), ask to hear when it is free (check-files PATH... --notify), or work on other files`,
    );
  }
}

export async function releaseFilesCommand(argv: readonly string[]): Promise<void> {
  const { args, session } = parseCommand(argv, { asAgent: true });
  const paths = requirePaths(args.positionals, 'release-files PATH...');
  const agentId = (await session.agent()).ref;
  const result = await session.call((c) => c.release_files.mutate({ paths, agent_id: agentId }));
  show(session, result, () =>
    [result.released.length > 0 ? `released ${list(result.released)}` : 'released nothing', ...(result.not_held.length > 0 ? [`not held: ${list(result.not_held)}`] : [])].join('\n'),
  );
}

export async function checkFilesCommand(argv: readonly string[]): Promise<void> {
  const { args, session } = parseCommand(argv, { asAgent: true, booleans: ['notify'] });
  const paths = requirePaths(args.positionals, 'check-files PATH... [--notify]');
  const notify = args.booleans.has('notify');
  // Hearing needs an inbox: only --notify asks who the current agent is (a plain check needs no identity).
  const agent = notify || args.values.has('agent') ? { agent_id: (await session.agent()).ref } : {};
  const result = await session.call((c) => c.check_files.query({ paths, ...agent, ...(notify ? { notify_when_free: true } : {}) }));
  const promised = result.notify_when_free ?? [];
  show(session, result, () =>
    [
      table(
        ['path', 'state', 'mode', 'holder', 'task', 'expires'],
        result.files.map((f) => {
          if (!f.locked) return [f.path, 'free', '', '', '', ''];
          return [f.path, 'locked', f.mode ?? '-', list(unique(f.locks.map((l) => l.held_by))), list(unique(f.locks.flatMap((l) => l.task_key ?? []))), f.expires_at ? clock(f.expires_at) : '-'];
        }),
      ),
      ...(notify ? [promised.length > 0 ? `you will hear when ${list(promised)} ${promised.length === 1 ? 'is' : 'are'} free (agent-coordinator get-notifications)` : 'nothing held by another agent: nothing to wait for'] : []),
    ].join('\n'),
  );
}

export async function listLocksCommand(argv: readonly string[]): Promise<void> {
  const { args, session } = parseCommand(argv, { asAgent: true, booleans: ['mine'] });
  noExtra(args.positionals);
  // `--agent` names whose locks to list; `--mine` lists the current agent's.
  const agentId = args.booleans.has('mine') || args.values.has('agent') ? (await session.agent()).ref : undefined;
  const locks = await session.call((c) => c.list_locks.query(agentId === undefined ? {} : { agent_id: agentId }));
  show(session, locks, () => (locks.length === 0 ? 'no locks held' : locksTable(locks)));
}

function locksTable(locks: readonly Lock[]): string {
  return table(
    ['path', 'mode', 'holder', 'task', 'expires'],
    locks.map((l) => [l.path, l.mode, l.held_by, l.task_key ?? '-', clock(l.expires_at)]),
  );
}

function requirePaths(positionals: readonly string[], usage: string): string[] {
  if (positionals.length === 0) throw new UsageError(`give at least one path: agent-coordinator ${usage}`);
  return [...positionals];
}

const unique = (items: readonly string[]): string[] => [...new Set(items)];
