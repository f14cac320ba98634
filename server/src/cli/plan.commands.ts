/**
 * The planning commands. `mission` and `sprint` take a subcommand (create, list, show, update,
 * add-task); fields are `key=value` pairs like create-task's. Missions and sprints are named by name or
 * id, tasks by key.
 *
 *   mission create NAME [DESCRIPTION] [owner=NAME] [principals=a,b] [status=active]
 *   mission update NAME [name=..] [description=..] [status=..] [owner=NAME|-] [add=a,b] [remove=a,b]
 *   sprint create NAME [GOAL] [start=2026-11-02] [end=2026-11-16] [status=planned]
 */
import {
  CreateMissionInputSchema,
  CreateSprintInputSchema,
  UpdateMissionInputSchema,
  UpdateSprintInputSchema,
  parseInput,
  type Mission,
  type Sprint,
  type Task,
  type TaskCounts,
  MissionStatusSchema,
  SprintStatusSchema,
} from '@agent-coordinator/shared';
import { noExtra, parsePairs, splitList, UsageError } from './args.ts';
import { parseCommand, type Session } from './client.ts';
import { list, show, table, truncate } from './output.ts';

const counts = (t: TaskCounts): string => `${t.open} open, ${t.claimed + t.in_progress} active, ${t.done} done${t.failed + t.cancelled > 0 ? `, ${t.failed + t.cancelled} failed/cancelled` : ''}`;
const day = (iso: string | null): string => (iso === null ? '-' : iso.slice(0, 10));

/** `[DESCRIPTION] key=value...`: the first argument is free text unless it looks like a field. */
function textAndPairs<K extends string>(rest: readonly string[], keys: readonly K[]): { text: string | undefined; pairs: Partial<Record<K, string>> } {
  const hasText = rest[0] !== undefined && !/^[a-z][a-z_-]*=/.test(rest[0]);
  return { text: hasText ? rest[0] : undefined, pairs: parsePairs(hasText ? rest.slice(1) : rest, keys) };
}

function subcommand(argv: readonly string[], usage: string, spec: { values?: readonly string[] } = {}): { sub: string; args: readonly string[]; session: Session } {
  const { args, session } = parseCommand(argv, spec);
  const [sub, ...rest] = args.positionals;
  if (sub === undefined) throw new UsageError(`give a subcommand: agent-coordinator ${usage}`);
  return { sub, args: rest, session };
}

function missionText(m: Mission): string {
  const principals = m.principals.map((p) => `${p.name}${p.kind === 'human' ? ' (human)' : ''}`);
  const owner = m.principals.find((p) => p.agent_id === m.owner)?.name ?? m.owner ?? '-';
  return [
    `mission ${m.name} (${m.status}) — id ${m.mission_id}`,
    ...(m.description ? [`  ${m.description}`] : []),
    `  owner: ${owner}; principals: ${list(principals)}`,
    `  tasks: ${counts(m.tasks)}`,
  ].join('\n');
}

const MISSION_USAGE = 'mission create|list|show|update|add-task ...';

export async function missionCommand(argv: readonly string[]): Promise<void> {
  const { sub, args, session } = subcommand(argv, MISSION_USAGE);
  switch (sub) {
    case 'create': {
      const [name, ...rest] = args;
      if (name === undefined) throw new UsageError('give the mission a name: agent-coordinator mission create NAME [DESCRIPTION] [owner=NAME] [principals=a,b]');
      const { text, pairs } = textAndPairs(rest, ['owner', 'principals', 'status'] as const);
      const input = parseInput('create_mission', CreateMissionInputSchema, {
        name,
        ...(text !== undefined ? { description: text } : {}),
        ...(pairs.owner !== undefined ? { owner: pairs.owner } : {}),
        principals: splitList(pairs.principals),
        ...(pairs.status !== undefined ? { status: pairs.status } : {}),
      });
      const mission = await session.call((c) => c.create_mission.mutate(input));
      return show(session, mission, () => `created ${missionText(mission)}`);
    }
    case 'list': {
      const [status] = args;
      noExtra(args, 1);
      const missions = await session.call((c) => c.list_missions.query(status === undefined ? {} : { status: parseInput('list_missions', MissionStatusSchema, status) }));
      return show(session, missions, () =>
        missions.length === 0
          ? 'no missions'
          : table(
              ['mission', 'status', 'principals', 'tasks'],
              missions.map((m) => [m.name, m.status, truncate(list(m.principals.map((p) => p.name))), counts(m.tasks)]),
            ),
      );
    }
    case 'show': {
      const [ref] = args;
      if (ref === undefined) throw new UsageError('agent-coordinator mission show NAME');
      noExtra(args, 1);
      const mission = await session.call((c) => c.get_mission.query({ mission_id: ref }));
      return show(session, mission, () => missionText(mission));
    }
    case 'update': {
      const [ref, ...rest] = args;
      if (ref === undefined) throw new UsageError('agent-coordinator mission update NAME [status=..] [description=..] [owner=NAME|-] [add=a,b] [remove=a,b] [name=..]');
      const pairs = parsePairs(rest, ['name', 'description', 'status', 'owner', 'add', 'remove'] as const);
      const input = parseInput('update_mission', UpdateMissionInputSchema, {
        mission_id: ref,
        ...(pairs.name !== undefined ? { name: pairs.name } : {}),
        ...(pairs.description !== undefined ? { description: pairs.description } : {}),
        ...(pairs.status !== undefined ? { status: pairs.status } : {}),
        ...(pairs.owner !== undefined ? { owner: pairs.owner === '-' ? null : pairs.owner } : {}),
        ...(pairs.add !== undefined ? { add_principals: splitList(pairs.add) } : {}),
        ...(pairs.remove !== undefined ? { remove_principals: splitList(pairs.remove) } : {}),
      });
      const mission = await session.call((c) => c.update_mission.mutate(input));
      return show(session, mission, () => `updated ${missionText(mission)}`);
    }
    case 'add-task':
      return addTasks(session, 'mission', args);
    default:
      throw new UsageError(`unknown subcommand "${sub}": agent-coordinator ${MISSION_USAGE}`);
  }
}

function sprintText(s: Sprint): string {
  return [
    `sprint ${s.name} (${s.status}) ${day(s.starts_at)} → ${day(s.ends_at)} — id ${s.sprint_id}`,
    ...(s.goal ? [`  goal: ${s.goal}`] : []),
    `  tasks: ${counts(s.tasks)}; missions: ${s.missions.length}`,
  ].join('\n');
}

const SPRINT_USAGE = 'sprint create|list|show|update|add-task ...';

export async function sprintCommand(argv: readonly string[]): Promise<void> {
  const { sub, args, session } = subcommand(argv, SPRINT_USAGE);
  switch (sub) {
    case 'create': {
      const [name, ...rest] = args;
      if (name === undefined) throw new UsageError('give the sprint a name: agent-coordinator sprint create NAME [GOAL] [start=DATE] [end=DATE]');
      const { text, pairs } = textAndPairs(rest, ['start', 'end', 'status'] as const);
      const input = parseInput('create_sprint', CreateSprintInputSchema, {
        name,
        ...(text !== undefined ? { goal: text } : {}),
        ...(pairs.start !== undefined ? { starts_at: pairs.start } : {}),
        ...(pairs.end !== undefined ? { ends_at: pairs.end } : {}),
        ...(pairs.status !== undefined ? { status: pairs.status } : {}),
      });
      const sprint = await session.call((c) => c.create_sprint.mutate(input));
      return show(session, sprint, () => `created ${sprintText(sprint)}`);
    }
    case 'list': {
      const [status] = args;
      noExtra(args, 1);
      const sprints = await session.call((c) => c.list_sprints.query(status === undefined ? {} : { status: parseInput('list_sprints', SprintStatusSchema, status) }));
      return show(session, sprints, () =>
        sprints.length === 0
          ? 'no sprints'
          : table(
              ['sprint', 'status', 'from', 'to', 'goal', 'tasks'],
              sprints.map((s) => [s.name, s.status, day(s.starts_at), day(s.ends_at), truncate(s.goal, 32), counts(s.tasks)]),
            ),
      );
    }
    case 'show': {
      const [ref] = args;
      if (ref === undefined) throw new UsageError('agent-coordinator sprint show NAME');
      noExtra(args, 1);
      const sprint = await session.call((c) => c.get_sprint.query({ sprint_id: ref }));
      return show(session, sprint, () => sprintText(sprint));
    }
    case 'update': {
      const [ref, ...rest] = args;
      if (ref === undefined) throw new UsageError('agent-coordinator sprint update NAME [status=..] [goal=..] [start=DATE|-] [end=DATE|-] [name=..]');
      const pairs = parsePairs(rest, ['name', 'goal', 'status', 'start', 'end'] as const);
      const date = (v: string | undefined) => (v === undefined ? {} : { value: v === '-' ? null : v });
      const start = date(pairs.start);
      const end = date(pairs.end);
      const input = parseInput('update_sprint', UpdateSprintInputSchema, {
        sprint_id: ref,
        ...(pairs.name !== undefined ? { name: pairs.name } : {}),
        ...(pairs.goal !== undefined ? { goal: pairs.goal } : {}),
        ...(pairs.status !== undefined ? { status: pairs.status } : {}),
        ...('value' in start ? { starts_at: start.value } : {}),
        ...('value' in end ? { ends_at: end.value } : {}),
      });
      const sprint = await session.call((c) => c.update_sprint.mutate(input));
      return show(session, sprint, () => `updated ${sprintText(sprint)}`);
    }
    case 'add-task':
      return addTasks(session, 'sprint', args);
    default:
      throw new UsageError(`unknown subcommand "${sub}": agent-coordinator ${SPRINT_USAGE}`);
  }
}

/** `add-task NAME T-1 [T-2...]`: puts tasks into a mission or sprint (`-` as NAME takes them out). */
async function addTasks(session: Session, what: 'mission' | 'sprint', args: readonly string[]): Promise<void> {
  const [ref, ...keys] = args;
  if (ref === undefined || keys.length === 0) throw new UsageError(`agent-coordinator ${what} add-task NAME|- KEY...`);
  const target = ref === '-' ? null : ref;
  const tasks: Task[] = [];
  for (const key of keys) {
    tasks.push(await session.call((c) => c.plan_task.mutate({ task_id: key, ...(what === 'mission' ? { mission_id: target } : { sprint_id: target }) })));
  }
  show(session, tasks, () => `${target === null ? `took out of their ${what}` : `added to ${what} ${ref}`}: ${list(tasks.map((t) => t.key))}`);
}
