/**
 * The Traceability view as data: the coverage report as a tree — objectives → key results →
 * requirements → tasks — with the server's percentages at every level (how much is covered by a task,
 * how much of that work is done, and a key result's measured value against its target). Requirements
 * without a task are flagged; the numbers are the server's, never recomputed here.
 */
import type { CoverageReport, CoverageStats, KeyResultCoverage, Mission, ObjectiveCoverage, RequirementCoverage } from '@agent-coordinator/shared';
import { TASK_STATUS_ICONS } from './mission-tree.ts';
import { formatPercent, percentBar } from './percent.ts';
import type { NodeIcon, ViewNode } from './view-node.ts';

export interface CoverageTreeInput {
  readonly report: CoverageReport | null;
  /** For the names of the objectives' missions. */
  readonly missions?: ReadonlyMap<string, Mission>;
}

/** "50% covered · 25% done". */
export const coverageText = (stats: Pick<CoverageStats, 'covered_percent' | 'done_percent'>): string =>
  `${formatPercent(stats.covered_percent)} covered · ${formatPercent(stats.done_percent)} done`;

function statsTooltip(stats: CoverageStats): string[] {
  return [
    `covered ${percentBar(stats.covered_percent)} ${formatPercent(stats.covered_percent)} — ${stats.requirement_count - stats.uncovered_count} of ${stats.requirement_count} requirements have a task`,
    `done    ${percentBar(stats.done_percent)} ${formatPercent(stats.done_percent)} — ${stats.done_count} of ${stats.task_count} linked tasks done`,
  ];
}

/** Green when everything is covered and done, yellow when a requirement has no task, else neutral. */
function statsIcon(id: string, stats: CoverageStats): NodeIcon {
  if (stats.requirement_count > 0 && stats.done_percent >= 100) return { id, color: 'charts.green' };
  if (stats.uncovered_count > 0) return { id, color: 'charts.yellow' };
  return { id };
}

function requirementNode(prefix: string, req: RequirementCoverage): ViewNode {
  const id = `${prefix}/requirement/${req.requirement_id}`;
  const counted = req.tasks.filter((t) => t.status !== 'cancelled').length;
  return {
    id,
    label: `${req.key} ${req.title}`,
    description: req.covered ? `${counted === 1 ? '1 task' : `${counted} tasks`} · ${formatPercent(req.progress_percent)} done` : 'no task yet',
    tooltip: req.covered
      ? `${req.key} ${req.title}\n${req.done_count} of ${req.task_count} tasks done (${formatPercent(req.progress_percent)})`
      : `${req.key} ${req.title}\nNo task covers this requirement yet: link one (Link Task…).`,
    icon: !req.covered ? { id: 'warning', color: 'charts.yellow' } : req.progress_percent >= 100 ? { id: 'pass-filled', color: 'charts.green' } : { id: 'checklist' },
    contextValue: `requirement ${req.covered ? 'covered' : 'uncovered'}`,
    children: req.tasks.map((t) => ({
      id: `${id}/task/${t.task_id}`,
      label: `${t.key} ${t.title}`,
      description: t.status === 'cancelled' ? 'cancelled (does not count)' : t.status.replace('_', ' '),
      icon: TASK_STATUS_ICONS[t.status],
      contextValue: 'linkedTask',
      action: { kind: 'openTask', taskId: t.task_id } as const,
      ref: { taskId: t.task_id, requirementId: req.requirement_id },
    })),
    expanded: false,
    ref: { requirementId: req.requirement_id },
  };
}

function keyResultNode(prefix: string, kr: KeyResultCoverage): ViewNode {
  const id = `${prefix}/kr/${kr.key_result_id}`;
  const unit = kr.unit ? ` ${kr.unit}` : '';
  const measured = `${kr.current}/${kr.target}${unit} (${formatPercent(kr.measured_percent)})`;
  return {
    id,
    label: `${kr.key} ${kr.title}`,
    description: `${measured} · ${coverageText(kr)}`,
    tooltip: [
      `${kr.key} ${kr.title}`,
      `measured ${percentBar(kr.measured_percent)} ${kr.current} of ${kr.target}${unit} (${formatPercent(kr.measured_percent)})`,
      ...statsTooltip(kr),
      kr.uncovered.length > 0 ? `no task yet: ${kr.uncovered.join(', ')}` : '',
    ]
      .filter(Boolean)
      .join('\n'),
    icon: statsIcon('graph', kr),
    contextValue: 'keyResult',
    children: kr.requirements.map((r) => requirementNode(id, r)),
    expanded: true,
    ref: { keyResultId: kr.key_result_id },
  };
}

function objectiveNode(objective: ObjectiveCoverage, missions: ReadonlyMap<string, Mission> | undefined): ViewNode {
  const id = `objective/${objective.objective_id}`;
  const mission = objective.mission_id ? (missions?.get(objective.mission_id)?.name ?? `mission ${objective.mission_id.slice(0, 8)}`) : null;
  return {
    id,
    label: `${objective.key} ${objective.title}`,
    description: `${coverageText(objective)}${mission ? ` · ${mission}` : ''}`,
    tooltip: [`${objective.key} ${objective.title}${mission ? ` (${mission})` : ''}`, ...statsTooltip(objective), objective.uncovered.length > 0 ? `no task yet: ${objective.uncovered.join(', ')}` : '']
      .filter(Boolean)
      .join('\n'),
    icon: statsIcon('target', objective),
    contextValue: 'objective',
    children: objective.key_results.map((k) => keyResultNode(id, k)),
    expanded: true,
    ref: { objectiveId: objective.objective_id, ...(objective.mission_id ? { missionId: objective.mission_id } : {}) },
  };
}

/** A totals row, then the objectives; nothing while the report is not loaded or has no objectives. */
export function buildCoverageTree(input: CoverageTreeInput): ViewNode[] {
  const report = input.report;
  if (!report || report.objectives.length === 0) return [];
  const t = report.totals;
  const totals: ViewNode = {
    id: 'coverage/totals',
    label: 'Coverage',
    description: `${t.requirement_count} requirements · ${coverageText(t)}`,
    tooltip: [`${t.objective_count} objectives, ${t.key_result_count} key results, ${t.requirement_count} requirements`, ...statsTooltip(t)].join('\n'),
    icon: statsIcon('pie-chart', t),
    contextValue: 'coverageTotals',
  };
  return [totals, ...report.objectives.map((o) => objectiveNode(o, input.missions))];
}
