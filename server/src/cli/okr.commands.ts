/**
 * Traceability from the command line. These commands build the plan — objectives, key results
 * (measurable: target, current, unit), requirements, and links from requirements to tasks — and
 * `get-coverage` prints it as a tree with percentages: for each objective and key result, its
 * requirements, which have no task, and how much of the linked work is done. (The aliases
 * `okr objective|kr|progress|requirement|link|unlink` are the older group form.)
 *
 *   create-objective TITLE [DESCRIPTION] [mission=NAME]    add-key-result O-1 TITLE target=N [current=N] [unit=U]
 *   update-key-result KR-1 VALUE                           add-requirement KR-1 TITLE [DESCRIPTION]
 *   link-task R-1 T-1 [T-2...]                             unlink-task R-1 T-1 [T-2...]
 */
import {
  AddKeyResultInputSchema,
  AddRequirementInputSchema,
  CreateObjectiveInputSchema,
  parseInput,
  type CoverageReport,
  type CoverageStats,
  type LinkTaskResult,
} from '@agent-coordinator/shared';
import { noExtra, parsePairs, UsageError } from './args.ts';
import { parseCommand } from './client.ts';
import { list, show } from './output.ts';

/** A number from the command line, refused (exit 2 via the schema) when it is not one. */
const numberOr = (value: string | undefined): number | string | undefined => (value === undefined ? undefined : value.trim() !== '' && Number.isFinite(Number(value)) ? Number(value) : value);

function splitText(rest: readonly string[]): { text: string | undefined; pairs: readonly string[] } {
  const hasText = rest[0] !== undefined && !/^[a-z][a-z_-]*=/.test(rest[0]);
  return { text: hasText ? rest[0] : undefined, pairs: hasText ? rest.slice(1) : rest };
}

export async function createObjectiveCommand(argv: readonly string[]): Promise<void> {
  const { args: { positionals: rest }, session } = parseCommand(argv);
  const [title, ...more] = rest;
  if (title === undefined) throw new UsageError('agent-coordinator create-objective TITLE [DESCRIPTION] [mission=NAME]');
  const { text, pairs: raw } = splitText(more);
  const pairs = parsePairs(raw, ['mission'] as const);
  const input = parseInput('create_objective', CreateObjectiveInputSchema, {
    title,
    ...(text !== undefined ? { description: text } : {}),
    ...(pairs.mission !== undefined ? { mission_id: pairs.mission } : {}),
  });
  const objective = await session.call((c) => c.create_objective.mutate(input));
  return show(session, objective, () => `created objective ${objective.key} ${objective.title}`);
}

export async function addKeyResultCommand(argv: readonly string[]): Promise<void> {
  const { args: { positionals: rest }, session } = parseCommand(argv);
  const [objective, title, ...more] = rest;
  if (objective === undefined || title === undefined) throw new UsageError('agent-coordinator add-key-result O-1 TITLE target=N [current=N] [unit=U]');
  const pairs = parsePairs(more, ['target', 'current', 'unit'] as const);
  const input = parseInput('add_key_result', AddKeyResultInputSchema, {
    objective_id: objective,
    title,
    target: numberOr(pairs.target),
    ...(pairs.current !== undefined ? { current: numberOr(pairs.current) } : {}),
    ...(pairs.unit !== undefined ? { unit: pairs.unit } : {}),
  });
  const kr = await session.call((c) => c.add_key_result.mutate(input));
  return show(session, kr, () => `added key result ${kr.key} ${kr.title} (${kr.current}/${kr.target}${kr.unit ? ` ${kr.unit}` : ''}) to ${objective}`);
}

export async function updateKeyResultCommand(argv: readonly string[]): Promise<void> {
  const { args: { positionals: rest }, session } = parseCommand(argv);
  const [kr, value] = rest;
  if (kr === undefined || value === undefined) throw new UsageError('agent-coordinator update-key-result KR-1 VALUE');
  noExtra(rest, 2);
  const updated = await session.call((c) => c.update_key_result.mutate({ key_result_id: kr, current: Number(value) }));
  return show(session, updated, () => `${updated.key} ${updated.title}: ${updated.current}/${updated.target}${updated.unit ? ` ${updated.unit}` : ''}`);
}

export async function addRequirementCommand(argv: readonly string[]): Promise<void> {
  const { args: { positionals: rest }, session } = parseCommand(argv);
  const [kr, title, description] = rest;
  if (kr === undefined || title === undefined) throw new UsageError('agent-coordinator add-requirement KR-1 TITLE [DESCRIPTION]');
  noExtra(rest, 3);
  const input = parseInput('add_requirement', AddRequirementInputSchema, { key_result_id: kr, title, ...(description !== undefined ? { description } : {}) });
  const requirement = await session.call((c) => c.add_requirement.mutate(input));
  return show(session, requirement, () => `added requirement ${requirement.key} ${requirement.title} to ${kr}`);
}

export const linkTaskCommand = (argv: readonly string[]): Promise<void> => linkOrUnlink(argv, 'link');
export const unlinkTaskCommand = (argv: readonly string[]): Promise<void> => linkOrUnlink(argv, 'unlink');

async function linkOrUnlink(argv: readonly string[], sub: 'link' | 'unlink'): Promise<void> {
  const { args: { positionals: rest }, session } = parseCommand(argv);
  const [requirement, ...keys] = rest;
  if (requirement === undefined || keys.length === 0) throw new UsageError(`agent-coordinator ${sub}-task R-1 T-1 [T-2...]`);
  const results: LinkTaskResult[] = [];
  for (const key of keys) {
    const input = { requirement_id: requirement, task_id: key };
    results.push(await session.call((c) => (sub === 'link' ? c.link_task.mutate(input) : c.unlink_task.mutate(input))));
  }
  const changed = results.filter((r) => r.changed).map((r) => r.task_key);
  const same = results.filter((r) => !r.changed).map((r) => r.task_key);
  return show(session, results, () =>
    [
      `${sub === 'link' ? 'linked' : 'unlinked'} ${list(changed)} ${sub === 'link' ? 'to' : 'from'} ${results[0]?.requirement_key ?? requirement}`,
      ...(same.length > 0 ? [`unchanged: ${list(same)}`] : []),
    ].join('\n'),
  );
}

export async function getCoverageCommand(argv: readonly string[]): Promise<void> {
  const { args, session } = parseCommand(argv, { values: ['mission'] });
  noExtra(args.positionals);
  const mission = args.values.get('mission');
  const report = await session.call((c) => c.get_coverage.query(mission === undefined ? {} : { mission_id: mission }));
  show(session, report, () => formatCoverage(report));
}

const stats = (s: CoverageStats): string =>
  `${s.done_percent}% done, ${s.covered_percent}% covered (${s.requirement_count - s.uncovered_count}/${s.requirement_count} requirements with tasks; ${s.done_count}/${s.task_count} tasks done)`;

export function formatCoverage(report: CoverageReport): string {
  if (report.objectives.length === 0) return 'no objectives yet: create one with `agent-coordinator create-objective TITLE`';
  const lines: string[] = [];
  for (const o of report.objectives) {
    lines.push(`${o.key} ${o.title} — ${stats(o)}`);
    for (const kr of o.key_results) {
      const measured = `${kr.current}/${kr.target}${kr.unit ? ` ${kr.unit}` : ''}, ${kr.measured_percent}% of target`;
      lines.push(`  ${kr.key} ${kr.title} [${measured}] — ${stats(kr)}`);
      for (const r of kr.requirements) {
        const tasks = r.tasks.map((t) => `${t.key} ${t.status}`);
        lines.push(`    ${r.key} ${r.title} — ${r.covered ? `${r.progress_percent}% (${r.done_count}/${r.task_count} done: ${list(tasks)})` : 'NO TASK'}`);
      }
      if (kr.uncovered.length > 0) lines.push(`    without a task: ${list(kr.uncovered)}`);
    }
  }
  const t = report.totals;
  lines.push('', `total: ${t.objective_count} objective(s), ${t.key_result_count} key result(s) — ${stats(t)}`);
  return lines.join('\n');
}
