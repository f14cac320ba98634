/**
 * Every command of `agent-coordinator`, once: its canonical name, its arguments, what it does and the
 * aliases it keeps. A command that runs an operation is the operation's catalogue name in kebab-case
 * (`lock-files` runs lock_files; MCP, REST and tRPC say the same name), with the arguments the short
 * command had; the short commands (`lock`, `next`, `mission create`) are its aliases (command-table.ts).
 * Commands that are not operations (serve, mcp, login, logout, whoami, install, hook, adapters,
 * knowledge status) keep their names.
 */
import { enableCompileCache } from 'node:module';
import { APPROVAL_STATUSES } from '@agent-coordinator/shared';
import { registerAgentCommand, heartbeatCommand, setAgentCommand } from './agent.commands.ts';
import { getNotificationsCommand, getThreadCommand, sendMessageCommand } from './inbox.commands.ts';
import { claimTaskCommand, completeTaskCommand, createTaskCommand, getNextTaskCommand, listTasksCommand, releaseTaskCommand, updateTaskCommand } from './task.commands.ts';
import { checkFilesCommand, listLocksCommand, lockFilesCommand, releaseFilesCommand } from './lock.commands.ts';
import { getTaskBoardCommand } from './board.command.ts';
import { adaptersCommand, cancelRunCommand, getRunCommand, getRunOutputCommand, listRunsCommand, runTaskCommand } from './run.commands.ts';
import {
  createMissionCommand,
  createSprintCommand,
  getMissionCommand,
  getSprintCommand,
  listMissionsCommand,
  listSprintsCommand,
  planTaskCommand,
  updateMissionCommand,
  updateSprintCommand,
} from './plan.commands.ts';
import { addKeyResultCommand, addRequirementCommand, createObjectiveCommand, getCoverageCommand, linkTaskCommand, unlinkTaskCommand, updateKeyResultCommand } from './okr.commands.ts';
import {
  approveRequestCommand,
  declarePolicyCommand,
  getAuditTrailCommand,
  listApprovalsCommand,
  listPoliciesCommand,
  rejectRequestCommand,
  reloadPoliciesCommand,
  removePolicyCommand,
  validatePoliciesCommand,
} from './policy.commands.ts';
import {
  addKnowledgeCommand,
  deleteKnowledgeCommand,
  getKnowledgeCommand,
  knowledgeStatusCommand,
  listKnowledgeCommand,
  searchKnowledgeCommand,
  updateKnowledgeCommand,
} from './knowledge.command.ts';
import { issueAgentTokenCommand, loginCommand, logoutCommand, revokeAgentTokenCommand, rotateAgentTokenCommand, whoamiCommand } from './auth.commands.ts';
import {
  addMemberCommand,
  createAccountCommand,
  createProjectCommand,
  disableAccountCommand,
  listAccountsCommand,
  listProjectsCommand,
  removeMemberCommand,
} from './account.commands.ts';
import { GLOBAL_OPTIONS } from './client.ts';
import { optionValue, positionals, type Alias, type CommandTable } from './command-table.ts';
import { needsWasmBaselineRelaunch, relaunchWithWasmBaseline } from './wasm-baseline.ts';

const COMMON = '[--url URL] [--json]';
const AS_AGENT = '[--agent NAME|ID] [--url URL] [--json]';
/** Taken by every command that calls the server; said once in the usage rather than on every line. */
export const AUTH = '[--token TOKEN] [--project NAME]';

/**
 * serve and mcp load the whole server or the MCP SDK: imported on use, so the client commands start fast,
 * and with V8's compile cache on (in the OS temp folder), so a later start skips compiling them again
 * (the embedded server was healthy in a median 1.58 s instead of 1.89 s here).
 */
async function loadHeavy<T>(load: () => Promise<T>): Promise<T> {
  enableCompileCache();
  return load();
}

/** The flags that take a value, for the aliases that look at their arguments. */
const VALUE_FLAGS: readonly string[] = [...GLOBAL_OPTIONS, 'agent'];
const MESSAGE_FLAGS: readonly string[] = [...VALUE_FLAGS, 'thread', 'task', 'mission'];

const hasPositional = (args: readonly string[]): boolean => positionals(args, VALUE_FLAGS).length > 0;

/** `message --thread ID` with nothing to say reads the thread: `get-thread ID`. */
const readsThread = (args: readonly string[]): boolean =>
  optionValue(args, 'thread') !== undefined && optionValue(args, 'task') === undefined && optionValue(args, 'mission') === undefined && positionals(args, MESSAGE_FLAGS).length === 0;

function threadAsPositional(args: readonly string[]): readonly string[] {
  const thread = optionValue(args, 'thread');
  return thread === undefined ? args : [...args.filter((_, i) => !thread.indexes.includes(i)), thread.value];
}

/** `mission add-task NAME KEY...` is `plan-task KEY... mission=NAME` (and the same for sprints). */
const addTaskAlias = (what: 'mission' | 'sprint'): Alias => ({
  name: `${what} add-task`,
  shown: `${what} add-task NAME|- KEY...`,
  args: (args) => {
    const [name] = positionals(args, VALUE_FLAGS);
    return name === undefined ? args : args.map((arg, i) => (i === name.index ? `${what}=${name.value}` : arg));
  },
});

export const COMMANDS: CommandTable = {
  serve: {
    // Started again with V8's baseline WebAssembly compiler only, before the server is loaded (wasm-baseline.ts).
    run: async (args) => (needsWasmBaselineRelaunch(args) ? relaunchWithWasmBaseline() : (await loadHeavy(() => import('./serve.command.ts'))).serveCommand(args)),
    args: '[--port N] [--host H] [--data-dir DIR] [--database-url URL]',
    summary: 'run the server',
  },
  mcp: {
    run: async (args) => (await loadHeavy(() => import('./mcp.command.ts'))).mcpCommand(args),
    args: `[--url URL] ${AUTH} [--toolsets planning,policy]`,
    summary: "stdio MCP bridge to the server's /mcp",
  },
  login: { run: loginCommand, args: 'NAME [--project NAME] [--hours N] [--url URL]', summary: 'log in (password from stdin) and save the session for this server' },
  logout: { run: logoutCommand, args: COMMON, summary: 'revoke the saved session and forget it' },
  whoami: { run: whoamiCommand, args: COMMON, summary: 'who the server takes these commands for, in which project' },
  'create-account': {
    run: createAccountCommand,
    args: `NAME [role=admin|member] [projects=a,b] ${COMMON}`,
    summary: 'create an account, password from stdin (admins)',
    aliases: ['account create'],
  },
  'list-accounts': { run: listAccountsCommand, args: COMMON, summary: 'accounts (admins)', aliases: ['account list'] },
  'disable-account': { run: disableAccountCommand, args: `NAME ${COMMON}`, summary: "disable an account, end its sessions, revoke its agents' tokens (admins)", aliases: ['account disable'] },
  'create-project': { run: createProjectCommand, args: `NAME ${COMMON}`, summary: 'create a project (admins)', aliases: ['project create'] },
  'list-projects': { run: listProjectsCommand, args: COMMON, summary: 'projects (admins)', aliases: ['project list'] },
  'add-member': { run: addMemberCommand, args: `PROJECT ACCOUNT ${COMMON}`, summary: 'add an account to a project (admins)', aliases: ['project add-member'] },
  'remove-member': { run: removeMemberCommand, args: `PROJECT ACCOUNT ${COMMON}`, summary: 'take an account out of a project (admins)', aliases: ['project remove-member'] },
  'issue-agent-token': {
    run: issueAgentTokenCommand,
    args: `AGENT [kind=claude-code] [capabilities=a,b] ${COMMON}`,
    summary: "an agent's API token, printed once as export COORDINATOR_TOKEN=...",
    aliases: ['token issue'],
  },
  'rotate-agent-token': { run: rotateAgentTokenCommand, args: `AGENT ${COMMON}`, summary: "a new token for the agent, printed once; the old one stops working", aliases: ['token rotate'] },
  'revoke-agent-token': { run: revokeAgentTokenCommand, args: `AGENT ${COMMON}`, summary: "end the agent's token", aliases: ['token revoke'] },
  'register-agent': {
    run: registerAgentCommand,
    args: `NAME [CAPABILITY...] [--kind KIND] ${COMMON}`,
    summary: 'register (or resume) an agent and act as it from now on',
    aliases: ['register'],
  },
  'set-agent': {
    run: setAgentCommand,
    args: `NAME [--kind KIND] [--capabilities a,b] ${COMMON}`,
    summary: "change an agent's kind and capabilities (its owner or an admin; audited)",
    aliases: ['agent set'],
  },
  heartbeat: { run: heartbeatCommand, args: AS_AGENT, summary: 'keep the agent and its locks alive' },
  'create-task': {
    run: createTaskCommand,
    args: `TITLE [DESCRIPTION] [priority=high] [files=a,b] [caps=testing] [depends=T-1,T-2] [assignee=NAME] [mission=NAME] [sprint=NAME] ${COMMON}`,
    summary: 'add a task',
  },
  'get-next-task': { run: getNextTaskCommand, args: AS_AGENT, summary: 'claim the best task and lock its files', aliases: ['next'] },
  'claim-task': {
    run: claimTaskCommand,
    args: `KEY ${AS_AGENT}`,
    summary: 'claim this task and lock its files (the same rules as get-next-task)',
    aliases: [{ name: 'next', shown: 'next KEY', when: hasPositional }],
  },
  'update-task': { run: updateTaskCommand, args: `KEY [NOTE...] ${AS_AGENT}`, summary: 'mark a claimed task in progress', aliases: ['start'] },
  'complete-task': {
    run: completeTaskCommand,
    args: `KEY [SUMMARY...] [--force] ${AS_AGENT}`,
    summary: "finish a task and release its locks (--force: a human takes over another's task)",
    aliases: ['complete'],
  },
  'release-task': { run: releaseTaskCommand, args: `KEY [REASON...] [--force] ${AS_AGENT}`, summary: 'give a task back to the queue' },
  'list-tasks': { run: listTasksCommand, args: `[STATUS] ${COMMON}`, summary: 'list tasks (open, claimed, in_progress, done, failed, cancelled)', aliases: ['tasks'] },
  'get-task-board': { run: getTaskBoardCommand, args: `[--queue N] ${COMMON}`, summary: 'agents, task counts and the queue', aliases: ['board'] },
  'get-notifications': { run: getNotificationsCommand, args: `[--all] ${AS_AGENT}`, summary: 'your unread notifications (marks them read)', aliases: ['inbox'] },
  'send-message': {
    run: sendMessageCommand,
    args: `TO TEXT... | --thread ID TEXT... | --task KEY TEXT... | --mission NAME TEXT... ${AS_AGENT}`,
    summary: 'send a message, or answer in a thread',
    aliases: ['message'],
  },
  'get-thread': {
    run: getThreadCommand,
    args: `THREAD_ID ${AS_AGENT}`,
    summary: 'read a message thread',
    aliases: [{ name: 'message', shown: 'message --thread ID', when: readsThread, args: threadAsPositional }],
  },
  'run-task': {
    run: runTaskCommand,
    args: `KEY --adapter NAME [--worktree] [--agent-name NAME] [--time-limit SECONDS] [--wait] ${COMMON}`,
    summary: 'launch an agent on a task (claimed with its files; see docs/adapters.md)',
    aliases: ['run'],
  },
  'list-runs': { run: listRunsCommand, args: COMMON, summary: 'list runs', aliases: ['runs'] },
  'get-run': { run: getRunCommand, args: `RUN_ID ${COMMON}`, summary: 'show a run', aliases: [{ name: 'runs', shown: 'runs RUN_ID', when: hasPositional }] },
  'get-run-output': {
    run: getRunOutputCommand,
    args: `RUN_ID [--max-bytes N] ${COMMON}`,
    summary: "the end of a run's output log (whole lines, 16 KiB unless --max-bytes)",
    aliases: ['run-output'],
  },
  'cancel-run': { run: cancelRunCommand, args: `RUN_ID [--reason TEXT] ${COMMON}`, summary: 'stop a run; its task goes back to the queue' },
  adapters: { run: adaptersCommand, args: `[--check] ${COMMON}`, summary: 'agent adapters and their health (--check: check now)' },
  'list-locks': { run: listLocksCommand, args: `[--mine] ${AS_AGENT}`, summary: 'list live file locks', aliases: ['locks'] },
  'lock-files': {
    run: lockFilesCommand,
    args: `PATH... [--shared] [--ttl SECONDS] [--wait SECONDS] [--reason TEXT] [--task KEY] ${AS_AGENT}`,
    summary: 'lock files or globs',
    aliases: ['lock'],
  },
  'release-files': { run: releaseFilesCommand, args: `PATH... ${AS_AGENT}`, summary: 'release file locks', aliases: ['release'] },
  'check-files': {
    run: checkFilesCommand,
    args: `PATH... [--notify] ${AS_AGENT}`,
    summary: 'who holds these paths (--notify: hear in your inbox when they are free)',
    aliases: ['check'],
  },
  'create-mission': {
    run: createMissionCommand,
    args: `NAME [DESCRIPTION] [owner=NAME] [principals=a,b] [status=..] ${COMMON}`,
    summary: 'create a mission',
    aliases: ['mission create'],
  },
  'list-missions': { run: listMissionsCommand, args: `[STATUS] ${COMMON}`, summary: 'list missions', aliases: ['mission list'] },
  'get-mission': { run: getMissionCommand, args: `NAME ${COMMON}`, summary: 'show a mission', aliases: ['mission show'] },
  'update-mission': {
    run: updateMissionCommand,
    args: `NAME [status=..] [description=..] [owner=NAME|-] [add=a,b] [remove=a,b] [name=..] ${COMMON}`,
    summary: 'change a mission',
    aliases: ['mission update'],
  },
  'create-sprint': { run: createSprintCommand, args: `NAME [GOAL] [start=DATE] [end=DATE] [status=..] ${COMMON}`, summary: 'create a sprint', aliases: ['sprint create'] },
  'list-sprints': { run: listSprintsCommand, args: `[STATUS] ${COMMON}`, summary: 'list sprints', aliases: ['sprint list'] },
  'get-sprint': { run: getSprintCommand, args: `NAME ${COMMON}`, summary: 'show a sprint', aliases: ['sprint show'] },
  'update-sprint': {
    run: updateSprintCommand,
    args: `NAME [status=..] [goal=..] [start=DATE|-] [end=DATE|-] [name=..] ${COMMON}`,
    summary: 'change a sprint',
    aliases: ['sprint update'],
  },
  'plan-task': {
    run: planTaskCommand,
    args: `KEY... [mission=NAME|-] [sprint=NAME|-] ${COMMON}`,
    summary: 'put tasks into a mission and/or a sprint (- takes them out)',
    aliases: [addTaskAlias('mission'), addTaskAlias('sprint')],
  },
  'create-objective': { run: createObjectiveCommand, args: `TITLE [DESCRIPTION] [mission=NAME] ${COMMON}`, summary: 'create an objective', aliases: ['okr objective'] },
  'add-key-result': {
    run: addKeyResultCommand,
    args: `O-1 TITLE target=N [current=N] [unit=U] ${COMMON}`,
    summary: 'add a measurable key result to an objective',
    aliases: ['okr kr'],
  },
  'update-key-result': { run: updateKeyResultCommand, args: `KR-1 VALUE ${COMMON}`, summary: "record a key result's current value", aliases: ['okr progress'] },
  'add-requirement': { run: addRequirementCommand, args: `KR-1 TITLE [DESCRIPTION] ${COMMON}`, summary: 'add a requirement to a key result', aliases: ['okr requirement'] },
  'link-task': { run: linkTaskCommand, args: `R-1 KEY... ${COMMON}`, summary: 'link tasks to a requirement', aliases: ['okr link'] },
  'unlink-task': { run: unlinkTaskCommand, args: `R-1 KEY... ${COMMON}`, summary: 'unlink tasks from a requirement', aliases: ['okr unlink'] },
  'get-coverage': { run: getCoverageCommand, args: `[--mission NAME] ${COMMON}`, summary: 'which requirements have tasks, how much is done', aliases: ['coverage'] },
  'list-policies': { run: listPoliciesCommand, args: AS_AGENT, summary: 'policies in force, and the policy file', aliases: ['policy list'] },
  'validate-policies': { run: validatePoliciesCommand, args: `FILE ${AS_AGENT}`, summary: 'check a policy file here, without declaring it', aliases: ['policy check'] },
  'declare-policy': { run: declarePolicyCommand, args: `FILE ${AS_AGENT}`, summary: 'declare the policies of a file (humans)', aliases: ['policy declare'] },
  'remove-policy': { run: removePolicyCommand, args: `NAME ${AS_AGENT}`, summary: 'remove a declared policy (humans)', aliases: ['policy remove'] },
  'reload-policies': { run: reloadPoliciesCommand, args: AS_AGENT, summary: "reread the server's policy file", aliases: ['policy reload'] },
  'get-audit-trail': {
    run: getAuditTrailCommand,
    args: `[--policy NAME] [--limit N] ${AS_AGENT}`,
    summary: 'policy evaluations that warned, blocked or escalated',
    aliases: ['policy audit'],
  },
  'list-approvals': { run: listApprovalsCommand, args: `[${APPROVAL_STATUSES.join('|')}] [--limit N] ${COMMON}`, summary: 'changes escalated by policies', aliases: ['approvals'] },
  'approve-request': { run: approveRequestCommand, args: `ID [NOTE...] ${AS_AGENT}`, summary: 'approve an escalated change (humans)', aliases: ['approve'] },
  'reject-request': { run: rejectRequestCommand, args: `ID [NOTE...] ${AS_AGENT}`, summary: 'reject an escalated change (humans)', aliases: ['reject'] },
  'add-knowledge': {
    run: addKnowledgeCommand,
    args: `TITLE BODY|- [kind=decision|convention|note|gotcha] [tags=a,b] [files=src/x.ts] [tasks=T-1] ${AS_AGENT}`,
    summary: 'record a decision, convention, note or gotcha',
    aliases: ['knowledge add'],
  },
  'search-knowledge': {
    run: searchKnowledgeCommand,
    args: `QUERY [--k 5] [--mode hybrid|semantic|keyword] [--kind KIND] [--tag TAG] ${COMMON}`,
    summary: 'search the knowledge base',
    aliases: ['knowledge search'],
  },
  'list-knowledge': { run: listKnowledgeCommand, args: `[--kind KIND] [--tag TAG] [--file PATH] [--task KEY] ${COMMON}`, summary: 'list knowledge entries', aliases: ['knowledge list'] },
  'get-knowledge': { run: getKnowledgeCommand, args: `K-1 ${COMMON}`, summary: 'show a knowledge entry', aliases: ['knowledge show'] },
  'update-knowledge': {
    run: updateKnowledgeCommand,
    args: `K-1 [title=..] [body=..] [kind=..] [tags=..] [files=..] [tasks=..] ${COMMON}`,
    summary: 'change a knowledge entry',
    aliases: ['knowledge update'],
  },
  'delete-knowledge': { run: deleteKnowledgeCommand, args: `K-1 ${COMMON}`, summary: 'delete a knowledge entry', aliases: ['knowledge delete'] },
  'knowledge status': { run: knowledgeStatusCommand, args: COMMON, summary: 'whether semantic search is on, and why not' },
  hook: {
    run: async (args) => (await import('./hook.command.ts')).hookCommand(args),
    args: 'claude-pre-tool|claude-post-tool|git-pre-commit|git-pre-push|git-post-commit [--agent NAME] [--url URL] [--project NAME]',
    summary: 'run by Claude Code and git (see install)',
  },
  install: {
    run: async (args) => (await import('./install.command.ts')).installCommand(args),
    args: 'claude [--url URL] [--project NAME] [--token-header] [--dir DIR] [--command CMD] [--dry-run] | install git-hooks [--dir DIR] [--dry-run]',
    summary: 'make locks hold at the edit and the commit',
  },
};
