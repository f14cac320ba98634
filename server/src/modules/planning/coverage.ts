/**
 * The coverage report, computed from the plan as read: pure arithmetic, so it is the same whichever
 * transport asks. See shared/src/planning.ts for what each number means.
 */
import type {
  CoverageReport,
  CoverageStats,
  KeyResult,
  KeyResultCoverage,
  Objective,
  ObjectiveCoverage,
  Requirement,
  RequirementCoverage,
} from '@agent-coordinator/shared';
import type { LinkedTask } from './planning.repository.ts';

const percent = (part: number, whole: number): number => (whole === 0 ? 0 : Math.round((part / whole) * 1000) / 10);
const clampPercent = (value: number): number => Math.min(100, Math.max(0, Math.round(value * 10) / 10));

function requirementCoverage(requirement: Requirement, linked: readonly LinkedTask[]): RequirementCoverage {
  const tasks = linked.filter((t) => t.requirementId === requirement.requirement_id);
  const counted = tasks.filter((t) => t.status !== 'cancelled');
  const done = counted.filter((t) => t.status === 'done').length;
  return {
    requirement_id: requirement.requirement_id,
    key: requirement.key,
    title: requirement.title,
    tasks: tasks.map((t) => ({ task_id: t.taskId, key: t.key, title: t.title, status: t.status })),
    task_count: counted.length,
    done_count: done,
    covered: counted.length > 0,
    progress_percent: percent(done, counted.length),
  };
}

/** Stats over requirements: each requirement weighs the same; tasks are counted once however many requirements they serve. */
function stats(requirements: readonly RequirementCoverage[]): CoverageStats {
  const counted = new Map<string, boolean>();
  for (const r of requirements) for (const t of r.tasks) if (t.status !== 'cancelled') counted.set(t.task_id, t.status === 'done');
  const covered = requirements.filter((r) => r.covered).length;
  const meanProgress = requirements.length === 0 ? 0 : requirements.reduce((sum, r) => sum + (r.task_count === 0 ? 0 : r.done_count / r.task_count), 0) / requirements.length;
  return {
    requirement_count: requirements.length,
    uncovered_count: requirements.length - covered,
    task_count: counted.size,
    done_count: [...counted.values()].filter(Boolean).length,
    covered_percent: percent(covered, requirements.length),
    done_percent: clampPercent(meanProgress * 100),
  };
}

export function computeCoverage(
  missionId: string | null,
  objectives: readonly Objective[],
  keyResults: readonly KeyResult[],
  requirements: readonly Requirement[],
  linked: readonly LinkedTask[],
): CoverageReport {
  const objectiveReports: ObjectiveCoverage[] = objectives.map((objective) => {
    const krs: KeyResultCoverage[] = keyResults
      .filter((kr) => kr.objective_id === objective.objective_id)
      .map((kr) => {
        const reqs = requirements.filter((r) => r.key_result_id === kr.key_result_id).map((r) => requirementCoverage(r, linked));
        return {
          key_result_id: kr.key_result_id,
          key: kr.key,
          title: kr.title,
          target: kr.target,
          current: kr.current,
          unit: kr.unit,
          measured_percent: kr.target === 0 ? 0 : clampPercent((kr.current / kr.target) * 100),
          requirements: reqs,
          uncovered: reqs.filter((r) => !r.covered).map((r) => r.key),
          ...stats(reqs),
        };
      });
    const reqs = krs.flatMap((kr) => kr.requirements);
    return {
      objective_id: objective.objective_id,
      key: objective.key,
      title: objective.title,
      mission_id: objective.mission_id,
      key_results: krs,
      uncovered: reqs.filter((r) => !r.covered).map((r) => r.key),
      ...stats(reqs),
    };
  });
  const all = objectiveReports.flatMap((o) => o.key_results.flatMap((kr) => kr.requirements));
  return {
    mission_id: missionId,
    objectives: objectiveReports,
    totals: { objective_count: objectiveReports.length, key_result_count: objectiveReports.reduce((n, o) => n + o.key_results.length, 0), ...stats(all) },
    generated_at: new Date().toISOString(),
  };
}
