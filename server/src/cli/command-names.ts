/**
 * The CLI speaks its own command names. The services name the operation that failed the way MCP and
 * tRPC do (`get_next_task: …`, "call register_agent first"), which is right for an agent holding those
 * tools and wrong for a person at a shell; here, at the CLI's edge and nowhere else, an operation becomes
 * the command that runs it (`next: …`) and a hint naming a tool or an argument becomes the command line
 * that does it ("run `agent-coordinator register NAME` first", "pass --force").
 */

/** Service operation (= MCP tool / tRPC procedure name) → the CLI command that runs it. */
export const CLI_COMMANDS: Readonly<Record<string, string>> = {
  register_agent: 'register',
  heartbeat: 'heartbeat',
  create_task: 'create-task',
  get_next_task: 'next',
  claim_task: 'next',
  update_task: 'start',
  complete_task: 'complete',
  release_task: 'release-task',
  list_tasks: 'tasks',
  get_task_board: 'board',
  run_task: 'run',
  cancel_run: 'cancel-run',
  get_run: 'runs',
  get_run_output: 'run-output',
  list_runs: 'runs',
  lock_files: 'lock',
  release_files: 'release',
  check_files: 'check',
  list_locks: 'locks',
  get_notifications: 'inbox',
  send_message: 'message',
  create_mission: 'mission create',
  update_mission: 'mission update',
  get_mission: 'mission show',
  list_missions: 'mission list',
  create_sprint: 'sprint create',
  update_sprint: 'sprint update',
  get_sprint: 'sprint show',
  list_sprints: 'sprint list',
  create_objective: 'okr objective',
  add_key_result: 'okr kr',
  update_key_result: 'okr progress',
  add_requirement: 'okr requirement',
  link_task: 'okr link',
  unlink_task: 'okr unlink',
  get_coverage: 'coverage',
  list_policies: 'policy list',
  validate_policies: 'policy check',
  declare_policy: 'policy declare',
  remove_policy: 'policy remove',
  reload_policies: 'policy reload',
  get_audit_trail: 'policy audit',
  list_approvals: 'approvals',
  approve_request: 'approve',
  reject_request: 'reject',
  add_knowledge: 'knowledge add',
  search_knowledge: 'knowledge search',
  list_knowledge: 'knowledge list',
  get_knowledge: 'knowledge show',
  update_knowledge: 'knowledge update',
  delete_knowledge: 'knowledge delete',
  create_account: 'account create',
  disable_account: 'account disable',
  create_project: 'project create',
  issue_agent_token: 'token issue',
  rotate_agent_token: 'token rotate',
  revoke_agent_token: 'token revoke',
};

/** Hints whose CLI form is not just the command's name: the arguments it needs, a flag for a field. */
const PHRASES: readonly (readonly [RegExp, string])[] = [
  [/call register_agent with kind human first/g, 'run `agent-coordinator register NAME --kind human` first'],
  [/call register_agent first/g, 'run `agent-coordinator register NAME` first'],
  [/pass force: true/g, 'pass --force'],
];

const TOOL_NAME = /\b[a-z]+(?:_[a-z]+)+\b/g;

/** A service's message as the CLI prints it: the leading operation and the tools it names as CLI commands. */
export function cliMessage(message: string): string {
  const prefix = /^([a-z_]+): /.exec(message);
  const command = prefix?.[1] !== undefined ? CLI_COMMANDS[prefix[1]] : undefined;
  let body = command !== undefined && prefix ? message.slice(prefix[0].length) : message;
  for (const [pattern, replacement] of PHRASES) body = body.replace(pattern, replacement);
  // Only snake_case names: plain words such as "heartbeat" are prose as often as they are commands.
  body = body.replace(TOOL_NAME, (name) => (Object.hasOwn(CLI_COMMANDS, name) ? `\`agent-coordinator ${CLI_COMMANDS[name]}\`` : name));
  return command !== undefined ? `${command}: ${body}` : body;
}
