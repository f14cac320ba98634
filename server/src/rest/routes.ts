/**
 * The REST API's method and path for every tool of the agent catalogue, declared once and keyed by tool
 * name: the tool name is the operation's OpenAPI `operationId`, so MCP, REST and the docs share one
 * vocabulary. Inputs and results are the tools' own zod schemas, run by the tools' own handlers.
 *
 * Why the tool catalogue and not a tRPC-to-OpenAPI bridge: the tRPC procedures parse their input but carry
 * neither a result schema nor a description (they share the tools' names, `create_task`), while every
 * tool carries its input and output zod schemas, a title, a description and whether it mutates — everything
 * an OpenAPI operation needs — under the name MCP uses.
 *
 * Conventions: reads are GET with the input in the query string; changes are POST (PATCH for a partial
 * update of one resource, DELETE to remove one); `{field}` in a path is that input field. Operations
 * whose input holds lists or maps a query string would mangle (check_files, search_knowledge) are POST.
 * release_files is POST …/locks/release rather than DELETE with a body, which many clients and proxies drop.
 */
import type { AnyToolName } from '@agent-coordinator/shared';

/** Names the acting agent for calls whose input leaves agent_id out (REST keeps no session). */
export const AGENT_HEADER = 'x-coordinator-agent';

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export interface Route {
  readonly method: HttpMethod;
  /** OpenAPI path template under /api/v1, e.g. `/tasks/{task_id}/complete`. */
  readonly path: string;
}

export const API_PREFIX = '/api/v1';

export const ROUTES: Readonly<Record<AnyToolName, Route>> = {
  // core
  register_agent: { method: 'POST', path: '/agents' },
  heartbeat: { method: 'POST', path: '/agents/{agent_id}/heartbeat' },
  create_task: { method: 'POST', path: '/tasks' },
  list_tasks: { method: 'GET', path: '/tasks' },
  get_next_task: { method: 'POST', path: '/tasks/next' },
  update_task: { method: 'PATCH', path: '/tasks/{task_id}' },
  complete_task: { method: 'POST', path: '/tasks/{task_id}/complete' },
  release_task: { method: 'POST', path: '/tasks/{task_id}/release' },
  lock_files: { method: 'POST', path: '/locks' },
  release_files: { method: 'POST', path: '/locks/release' },
  check_files: { method: 'POST', path: '/locks/check' },
  get_task_board: { method: 'GET', path: '/board' },
  get_notifications: { method: 'POST', path: '/notifications/read' },
  // messages
  send_message: { method: 'POST', path: '/messages' },
  get_thread: { method: 'GET', path: '/messages/threads/{thread_id}' },
  request_release: { method: 'POST', path: '/locks/release-requests' },
  // runs
  run_task: { method: 'POST', path: '/runs' },
  list_runs: { method: 'GET', path: '/runs' },
  get_run_output: { method: 'GET', path: '/runs/{run_id}/output' },
  cancel_run: { method: 'POST', path: '/runs/{run_id}/cancel' },
  // planning
  create_mission: { method: 'POST', path: '/missions' },
  list_missions: { method: 'GET', path: '/missions' },
  get_mission: { method: 'GET', path: '/missions/{mission_id}' },
  update_mission: { method: 'PATCH', path: '/missions/{mission_id}' },
  create_sprint: { method: 'POST', path: '/sprints' },
  list_sprints: { method: 'GET', path: '/sprints' },
  update_sprint: { method: 'PATCH', path: '/sprints/{sprint_id}' },
  plan_task: { method: 'POST', path: '/tasks/{task_id}/plan' },
  create_objective: { method: 'POST', path: '/objectives' },
  add_key_result: { method: 'POST', path: '/objectives/{objective_id}/key-results' },
  update_key_result: { method: 'PATCH', path: '/key-results/{key_result_id}' },
  add_requirement: { method: 'POST', path: '/key-results/{key_result_id}/requirements' },
  link_task: { method: 'POST', path: '/requirements/{requirement_id}/tasks' },
  unlink_task: { method: 'DELETE', path: '/requirements/{requirement_id}/tasks/{task_id}' },
  get_coverage: { method: 'GET', path: '/coverage' },
  // policy
  list_policies: { method: 'GET', path: '/policies' },
  declare_policy: { method: 'POST', path: '/policies' },
  remove_policy: { method: 'DELETE', path: '/policies/{name}' },
  list_approvals: { method: 'GET', path: '/approvals' },
  approve_request: { method: 'POST', path: '/approvals/{approval_id}/approve' },
  reject_request: { method: 'POST', path: '/approvals/{approval_id}/reject' },
  get_audit_trail: { method: 'GET', path: '/audit' },
  // knowledge
  add_knowledge: { method: 'POST', path: '/knowledge' },
  search_knowledge: { method: 'POST', path: '/knowledge/search' },
};

/** The `{field}` names of a path template, in order. */
export const pathParams = (path: string): string[] => [...path.matchAll(/\{([a-z_]+)\}/g)].map((m) => m[1] ?? '');
