/** NOT_FOUND errors for the planning model, naming the field and how to find what exists. */
import { CoordinatorError } from '@agent-coordinator/shared';

const LISTED_BY: Readonly<Record<string, string>> = {
  mission: 'list_missions',
  sprint: 'list_sprints',
  objective: 'get_coverage',
  'key result': 'get_coverage',
  requirement: 'get_coverage',
};

export const unknownPlanItem = (operation: string, what: keyof typeof LISTED_BY & string, ref: string, field: string): CoordinatorError =>
  new CoordinatorError('NOT_FOUND', `${operation}: no ${what} "${ref}" — ${LISTED_BY[what] ?? 'list them'} shows the existing ones`, [
    { field, message: `unknown ${what}` },
  ]);
