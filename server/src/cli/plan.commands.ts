/**
 * The planning commands: create, list, get and update missions and sprints, and plan tasks into them;
 * fields are `key=value` pairs like create-task's. Missions and sprints are named by name or id, tasks by
 * key. (The aliases `mission create|list|show|update|add-task` and `sprint …` are the older group form.)
 *
 *   create-mission NAME [DESCRIPTION] [owner=NAME] [principals=a,b] [status=active]
 *   update-mission NAME [name=..] [description=..] [status=..] [owner=NAME|-] [add=a,b] [remove=a,b]
 *   create-sprint NAME [GOAL] [start=2026-11-02] [end=2026-11-16] [status=planned]
 *   plan-task KEY... [mission=NAME|-] [sprint=NAME|-]
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
import { parseCommand } from './client.ts';
import { list, show, table, truncate } from './output.ts';

const counts = (t: TaskCounts): string => `${t.open} open, ${t.claimed + t.in_progress} active, ${t.done} done${t.failed + t.cancelled > 0 ? `, ${t.failed + t.cancelled} failed/cancelled` : ''}`;
const day = (iso: string | null): string => (iso === null ? '-' : iso.slice(0, 10));

/** `[DESCRIPTION] key=value...`: the first argument is free text unless it looks like a field. */
function textAndPairs<K extends string>(rest: readonly string[], keys: readonly K[]): { text: string | undefined; pairs: Partial<Record<K, string>> } {
  const hasText = rest[0] !== undefined && !/^[a-z][a-z_-]*=/.test(rest[0]);
  return { text: hasText ? rest[0] : undefined, pairs: parsePairs(hasText ? rest.slice(1) : rest, keys) };
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

export async function createMissionCommand(argv: readonly string[]): Promise<void> {
  const { args: { positionals: args }, session } = parseCommand(argv);
  const [name, ...rest] = args;
  if (name === undefined) throw new UsageError('give the mission a name: agent-coordinator create-mission NAME [DESCRIPTION] [owner=NAME] [principals=a,b]');
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

export async function listMissionsCommand(argv: readonly string[]): Promise<void> {
  const { args: { positionals: args }, session } = parseCommand(argv);
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

export async function getMissionCommand(argv: readonly string[]): Promise<void> {
  const { args: { positionals: args }, session } = parseCommand(argv);
  const [ref] = args;
  if (ref === undefined) throw new UsageError('agent-coordinator get-mission NAME');
  noExtra(args, 1);
  const mission = await session.call((c) => c.get_mission.query({ mission_id: ref }));
  return show(session, mission, () => missionText(mission));
}

export async function updateMissionCommand(argv: readonly string[]): Promise<void> {
  const { args: { positionals: args }, session } = parseCommand(argv);
  const [ref, ...rest] = args;
  if (ref === undefined) throw new UsageError('agent-coordinator update-mission NAME [status=..] [description=..] [owner=NAME|-] [add=a,b] [remove=a,b] [name=..]');
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

function sprintText(s: Sprint): string {
  return [
    `sprint ${s.name} (${s.status}) ${day(s.starts_at)} → ${day(s.ends_at)} — id ${s.sprint_id}`,
    ...(s.goal ? [`  goal: ${s.goal}`] : []),
    `  tasks: ${counts(s.tasks)}; missions: ${s.missions.length}`,
  ].join('\n');
}

export async function createSprintCommand(argv: readonly string[]): Promise<void> {
  const { args: { positionals: args }, session } = parseCommand(argv);
  const [name, ...rest] = args;
  if (name === undefined) throw new UsageError('give the sprint a name: agent-coordinator create-sprint NAME [GOAL] [start=DATE] [end=DATE]');
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

export async function listSprintsCommand(argv: readonly string[]): Promise<void> {
  const { args: { positionals: args }, session } = parseCommand(argv);
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

export async function getSprintCommand(argv: readonly string[]): Promise<void> {
  const { args: { positionals: args }, session } = parseCommand(argv);
  const [ref] = args;
  if (ref === undefined) throw new UsageError('agent-coordinator get-sprint NAME');
  noExtra(args, 1);
  const sprint = await session.call((c) => c.get_sprint.query({ sprint_id: ref }));
  return show(session, sprint, () => sprintText(sprint));
}

export async function updateSprintCommand(argv: readonly string[]): Promise<void> {
  const { args: { positionals: args }, session } = parseCommand(argv);
  const [ref, ...rest] = args;
  if (ref === undefined) throw new UsageError('agent-coordinator update-sprint NAME [status=..] [goal=..] [start=DATE|-] [end=DATE|-] [name=..]');
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

/**
 * `plan-task T-1 [T-2...] mission=NAME sprint=NAME`: puts tasks into a mission and/or a sprint (`-` as
 * NAME takes them out). The aliases `mission add-task NAME KEY...` and `sprint add-task NAME KEY...` come
 * here with their NAME as the pair.
 */
export async function planTaskCommand(argv: readonly string[]): Promise<void> {
  const { args, session } = parseCommand(argv);
  const isPair = (arg: string): boolean => /^(mission|sprint)=/.test(arg);
  const keys = args.positionals.filter((arg) => !isPair(arg));
  const pairs = parsePairs(args.positionals.filter(isPair), ['mission', 'sprint'] as const);
  if (keys.length === 0 || (pairs.mission === undefined && pairs.sprint === undefined)) throw new UsageError('agent-coordinator plan-task KEY... mission=NAME|- [sprint=NAME|-]');
  const target = (ref: string | undefined): string | null | undefined => (ref === '-' ? null : ref);
  const mission = target(pairs.mission);
  const sprint = target(pairs.sprint);
  const tasks: Task[] = [];
  for (const key of keys) {
    tasks.push(await session.call((c) => c.plan_task.mutate({ task_id: key, ...(mission !== undefined ? { mission_id: mission } : {}), ...(sprint !== undefined ? { sprint_id: sprint } : {}) })));
  }
  const placed = (what: 'mission' | 'sprint', ref: string | undefined): readonly string[] =>
    ref === undefined ? [] : [ref === '-' ? `took out of their ${what}` : `added to ${what} ${ref}`];
  show(session, tasks, () => `${[...placed('mission', pairs.mission), ...placed('sprint', pairs.sprint)].join(' and ')}: ${list(tasks.map((t) => t.key))}`);
}
