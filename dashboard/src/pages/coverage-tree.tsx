/**
 * The plan's tree from get_coverage: objectives → key results (measured against their target) →
 * requirements → the tasks linked to them, each level with its coverage (requirements that have a task)
 * and done share. Objectives and key results are collapsible (<details>), open by default.
 */
import type { CoverageReport, CoverageStats, KeyResultCoverage, RequirementCoverage } from '@agent-coordinator/shared';
import { follow } from '../router.ts';

export function Stats(props: { readonly stats: CoverageStats; readonly label: string }) {
  const { stats } = props;
  return (
    <span className="stats">
      <progress max={100} value={stats.covered_percent} aria-label={`${props.label}: requirements covered`} /> {stats.covered_percent}% covered ·{' '}
      <progress max={100} value={stats.done_percent} aria-label={`${props.label}: done`} /> {stats.done_percent}% done
      {stats.uncovered_count > 0 && <span className="uncovered"> · {stats.uncovered_count} without a task</span>}
    </span>
  );
}

export function CoverageTree(props: { readonly report: CoverageReport }) {
  if (props.report.objectives.length === 0) return <p>No objective yet (create_objective, or `agent-coordinator plan` on the command line).</p>;
  return (
    <ul className="plan-tree">
      {props.report.objectives.map((objective) => (
        <li key={objective.objective_id} data-objective={objective.key}>
          <details open>
            <summary>
              <span className="key">{objective.key}</span> <strong>{objective.title}</strong> <Stats stats={objective} label={objective.key} />
            </summary>
            {objective.key_results.length === 0 ? (
              <p className="muted">No key result yet.</p>
            ) : (
              <ul>
                {objective.key_results.map((kr) => (
                  <KeyResultItem key={kr.key_result_id} kr={kr} />
                ))}
              </ul>
            )}
          </details>
        </li>
      ))}
    </ul>
  );
}

function KeyResultItem(props: { readonly kr: KeyResultCoverage }) {
  const { kr } = props;
  return (
    <li data-key-result={kr.key}>
      <details open>
        <summary>
          <span className="key">{kr.key}</span> {kr.title}{' '}
          <span className="measured">
            <progress max={100} value={kr.measured_percent} aria-label={`${kr.key}: measured against target`} /> {kr.current} / {kr.target} {kr.unit}
          </span>{' '}
          <Stats stats={kr} label={kr.key} />
        </summary>
        {kr.requirements.length === 0 ? (
          <p className="muted">No requirement yet.</p>
        ) : (
          <ul>
            {kr.requirements.map((requirement) => (
              <RequirementItem key={requirement.requirement_id} requirement={requirement} />
            ))}
          </ul>
        )}
      </details>
    </li>
  );
}

function RequirementItem(props: { readonly requirement: RequirementCoverage }) {
  const { requirement } = props;
  return (
    <li className={requirement.covered ? 'covered' : 'not-covered'} data-requirement={requirement.key}>
      <span className="key">{requirement.key}</span> {requirement.title}{' '}
      <span className="muted">
        {requirement.covered ? `${requirement.done_count}/${requirement.task_count} done` : 'no task covers it'}
      </span>
      {requirement.tasks.length > 0 && (
        <ul className="plan-tasks">
          {requirement.tasks.map((task) => (
            <li key={task.task_id}>
              <a href={`/tasks/${task.key}`} onClick={follow}>
                {task.key}
              </a>{' '}
              {task.title} <span className={`badge task-${task.status}`}>{task.status.replace('_', ' ')}</span>
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}
