#!/usr/bin/env node
/**
 * The `agent-coordinator` command. `serve` runs the server; `mcp` bridges stdio to a running server's
 * MCP endpoint; the rest talk to a running server over tRPC (`--url URL` or `AGENT_COORDINATOR_URL`,
 * default http://127.0.0.1:7421) and, when they act as an agent, as `--agent NAME|ID`,
 * `AGENT_COORDINATOR_AGENT`, the agent an agent token stands for, or the agent the last `register`
 * saved for that URL. Every request presents a token (`--token TOKEN`, else `COORDINATOR_TOKEN`, else the
 * session `login` saved for that URL) and a project (`--project NAME`, else `COORDINATOR_PROJECT`, else the
 * one saved by `login --project`); a server in single-user local mode needs neither. `--url`, `--token`
 * and `--project` may also come before the command. `--json` prints the raw result. Failures print one
 * `agent-coordinator: <message>` line on stderr and exit with 1 usage error, unreachable server or other
 * failure; 2 invalid input (VALIDATION); 3 not found (NOT_FOUND); 4 conflict (CONFLICT, LOCK_HELD, a lock
 * request not granted); 5 refused by a policy or not allowed to this caller (POLICY_DENIED, FORBIDDEN);
 * 6 not applied: waiting for a human's approval; 7 not authenticated (UNAUTHENTICATED: log in, or pass
 * another token). Policy warnings are printed on stderr as `agent-coordinator: warning: ...` lines.
 * Passwords are read from stdin only; tokens are printed only by `token issue|rotate`.
 */
import { enableCompileCache } from 'node:module';
import { APPROVAL_STATUSES } from '@agent-coordinator/shared';
import { UsageError } from './args.ts';
import { AGENT_USAGE, agentCommand, registerCommand, heartbeatCommand } from './agent.commands.ts';
import { inboxCommand, messageCommand } from './inbox.commands.ts';
import { createTaskCommand, nextCommand, startCommand, completeCommand, releaseTaskCommand, tasksCommand } from './task.commands.ts';
import { lockCommand, releaseCommand, checkCommand, locksCommand } from './lock.commands.ts';
import { boardCommand } from './board.command.ts';
import { adaptersCommand, cancelRunCommand, runCommand, runOutputCommand, runsCommand } from './run.commands.ts';
import { missionCommand, sprintCommand } from './plan.commands.ts';
import { coverageCommand, okrCommand } from './okr.commands.ts';
import { approvalsCommand, approveCommand, policyCommand, rejectCommand } from './policy.commands.ts';
import { EXIT_CODES_HELP, printError } from './output.ts';
import { KNOWLEDGE_USAGE, knowledgeCommand } from './knowledge.command.ts';
import { loginCommand, logoutCommand, TOKEN_USAGE, tokenCommand, whoamiCommand } from './auth.commands.ts';
import { ACCOUNT_USAGE, accountCommand, PROJECT_USAGE, projectCommand } from './account.commands.ts';
import { GLOBAL_OPTIONS } from './client.ts';
import { PACKAGE } from './package-info.ts';
import { needsWasmBaselineRelaunch, relaunchWithWasmBaseline } from './wasm-baseline.ts';

/** Resolves with the exit code when it is not 0 without being a failure (a hook refusing: 2). */
type Command = (args: readonly string[]) => Promise<void | number>;

const COMMON = '[--url URL] [--json]';
const AS_AGENT = '[--agent NAME|ID] [--url URL] [--json]';
/** Taken by every command that calls the server; said once in the usage rather than on every line. */
const AUTH = '[--token TOKEN] [--project NAME]';

/**
 * serve and mcp load the whole server or the MCP SDK: imported on use, so the client commands start fast,
 * and with V8's compile cache on (in the OS temp folder), so a later start skips compiling them again
 * (the embedded server was healthy in a median 1.58 s instead of 1.89 s here).
 */
async function loadHeavy<T>(load: () => Promise<T>): Promise<T> {
  enableCompileCache();
  return load();
}

const COMMANDS: Readonly<Record<string, { readonly run: Command; readonly usage: string }>> = {
  serve: {
    // Started again with V8's baseline WebAssembly compiler only, before the server is loaded (wasm-baseline.ts).
    run: async (args) => (needsWasmBaselineRelaunch(args) ? relaunchWithWasmBaseline() : (await loadHeavy(() => import('./serve.command.ts'))).serveCommand(args)),
    usage: 'serve [--port N] [--host H] [--data-dir DIR] [--database-url URL]   run the server',
  },
  mcp: {
    run: async (args) => (await loadHeavy(() => import('./mcp.command.ts'))).mcpCommand(args),
    usage: `mcp [--url URL] ${AUTH} [--toolsets planning,policy]   stdio MCP bridge to the server's /mcp`,
  },
  login: { run: loginCommand, usage: `login NAME [--project NAME] [--hours N] [--url URL]   log in (password from stdin) and save the session for this server` },
  logout: { run: logoutCommand, usage: `logout ${COMMON}   revoke the saved session and forget it` },
  whoami: { run: whoamiCommand, usage: `whoami ${COMMON}   who the server takes these commands for, in which project` },
  account: { run: accountCommand, usage: `${ACCOUNT_USAGE} ${COMMON}   accounts (admins)` },
  project: { run: projectCommand, usage: `${PROJECT_USAGE} ${COMMON}   projects and members (admins)` },
  token: { run: tokenCommand, usage: `${TOKEN_USAGE} ${COMMON}   an agent's API token, printed once as export COORDINATOR_TOKEN=...` },
  register: { run: registerCommand, usage: `register NAME [CAPABILITY...] [--kind KIND] ${COMMON}   register (or resume) an agent and act as it from now on` },
  agent: { run: agentCommand, usage: `${AGENT_USAGE} ${COMMON}   change an agent's kind and capabilities (its owner or an admin; audited)` },
  heartbeat: { run: heartbeatCommand, usage: `heartbeat ${AS_AGENT}   keep the agent and its locks alive` },
  'create-task': {
    run: createTaskCommand,
    usage: `create-task TITLE [DESCRIPTION] [priority=high] [files=a,b] [caps=testing] [depends=T-1,T-2] [assignee=NAME] [mission=NAME] [sprint=NAME] ${COMMON}   add a task`,
  },
  next: { run: nextCommand, usage: `next ${AS_AGENT}   claim the best task and lock its files` },
  start: { run: startCommand, usage: `start KEY [NOTE...] ${AS_AGENT}   mark a claimed task in progress` },
  complete: { run: completeCommand, usage: `complete KEY [SUMMARY...] [--force] ${AS_AGENT}   finish a task and release its locks (--force: a human takes over another's task)` },
  inbox: { run: inboxCommand, usage: `inbox [--all] ${AS_AGENT}   your unread notifications (marks them read)` },
  message: { run: messageCommand, usage: `message TO TEXT... | --thread ID | --task KEY | --mission NAME TEXT... ${AS_AGENT}   send a message (--thread ID alone: read the thread)` },
  'release-task': { run: releaseTaskCommand, usage: `release-task KEY [REASON...] [--force] ${AS_AGENT}   give a task back to the queue` },
  tasks: { run: tasksCommand, usage: `tasks [STATUS] ${COMMON}   list tasks (open, claimed, in_progress, done, failed, cancelled)` },
  board: { run: boardCommand, usage: `board [--queue N] ${COMMON}   agents, task counts and the queue` },
  run: {
    run: runCommand,
    usage: `run KEY --adapter NAME [--worktree] [--agent-name NAME] [--time-limit SECONDS] [--wait] ${COMMON}   launch an agent on a task (claimed with its files; see docs/adapters.md)`,
  },
  runs: { run: runsCommand, usage: `runs [RUN_ID] ${COMMON}   list runs, or show one` },
  'run-output': { run: runOutputCommand, usage: `run-output RUN_ID [--max-bytes N] ${COMMON}   the end of a run's output log (whole lines, 16 KiB unless --max-bytes)` },
  'cancel-run': { run: cancelRunCommand, usage: `cancel-run RUN_ID [--reason TEXT] ${COMMON}   stop a run; its task goes back to the queue` },
  adapters: { run: adaptersCommand, usage: `adapters [--check] ${COMMON}   agent adapters and their health (--check: check now)` },
  locks: { run: locksCommand, usage: `locks [--mine] ${AS_AGENT}   list live file locks` },
  lock: { run: lockCommand, usage: `lock PATH... [--shared] [--ttl SECONDS] [--wait SECONDS] [--reason TEXT] [--task KEY] ${AS_AGENT}   lock files or globs` },
  release: { run: releaseCommand, usage: `release PATH... ${AS_AGENT}   release file locks` },
  check: { run: checkCommand, usage: `check PATH... [--notify] ${AS_AGENT}   who holds these paths (--notify: hear in your inbox when they are free)` },
  mission: {
    run: missionCommand,
    usage: `mission create NAME [DESCRIPTION] [owner=NAME] [principals=a,b] | list [STATUS] | show NAME | update NAME [status=..] [add=a,b] ... | add-task NAME KEY... ${COMMON}   missions`,
  },
  sprint: {
    run: sprintCommand,
    usage: `sprint create NAME [GOAL] [start=DATE] [end=DATE] | list [STATUS] | show NAME | update NAME [status=..] ... | add-task NAME KEY... ${COMMON}   sprints`,
  },
  okr: {
    run: okrCommand,
    usage: `okr objective TITLE [mission=NAME] | kr O-1 TITLE target=N [unit=U] | progress KR-1 VALUE | requirement KR-1 TITLE | link R-1 KEY... | unlink R-1 KEY... ${COMMON}   objectives, key results, requirements`,
  },
  coverage: { run: coverageCommand, usage: `coverage [--mission NAME] ${COMMON}   which requirements have tasks, how much is done` },
  policy: {
    run: policyCommand,
    usage: `policy list | check FILE | declare FILE | remove NAME | reload | audit [--policy NAME] [--limit N] ${AS_AGENT}   policies (declare/remove: humans)`,
  },
  approvals: { run: approvalsCommand, usage: `approvals [${APPROVAL_STATUSES.join('|')}] [--limit N] ${COMMON}   changes escalated by policies` },
  approve: { run: approveCommand, usage: `approve ID [NOTE...] ${AS_AGENT}   approve an escalated change (humans)` },
  reject: { run: rejectCommand, usage: `reject ID [NOTE...] ${AS_AGENT}   reject an escalated change (humans)` },
  knowledge: { run: knowledgeCommand, usage: `${KNOWLEDGE_USAGE} ${COMMON}   decisions, conventions, notes, gotchas` },
  hook: {
    run: async (args) => (await import('./hook.command.ts')).hookCommand(args),
    usage: 'hook claude-pre-tool|claude-post-tool|git-pre-commit|git-pre-push|git-post-commit [--agent NAME] [--url URL] [--project NAME]   run by Claude Code and git (see install)',
  },
  install: {
    run: async (args) => (await import('./install.command.ts')).installCommand(args),
    usage:
      'install claude [--url URL] [--project NAME] [--token-header] [--dir DIR] [--command CMD] [--dry-run] | install git-hooks [--dir DIR] [--dry-run]   make locks hold at the edit and the commit',
  },
};

function usage(): string {
  return [
    'usage: agent-coordinator <command> [options]   (agent-coordinator --version: which package this is)',
    '',
    ...Object.values(COMMANDS).map((c) => `  ${c.usage}`),
    '',
    `every command that calls the server also takes ${AUTH}, here or before the command name`,
    'environment: AGENT_COORDINATOR_URL, AGENT_COORDINATOR_AGENT, COORDINATOR_TOKEN, COORDINATOR_PROJECT, AGENT_COORDINATOR_STATE (the file `register` and `login` save the agent and the session in, mode 0600)',
    EXIT_CODES_HELP,
  ].join('\n');
}

/**
 * `--url`, `--token` and `--project` before the command name are moved after it, where every command
 * parses them: `agent-coordinator --token T tasks` is `agent-coordinator tasks --token T`.
 */
function leadingGlobals(argv: readonly string[]): { readonly name: string | undefined; readonly rest: readonly string[] } {
  const globals: string[] = [];
  let i = 0;
  for (; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const flag = GLOBAL_OPTIONS.find((o) => arg === `--${o}` || arg.startsWith(`--${o}=`));
    if (flag === undefined) break;
    globals.push(arg);
    if (arg === `--${flag}`) {
      const value = argv[++i];
      if (value !== undefined) globals.push(value);
    }
  }
  const [name, ...rest] = argv.slice(i);
  return { name, rest: [...globals, ...rest] };
}

async function main(argv: readonly string[]): Promise<number> {
  const { name, rest } = leadingGlobals(argv);
  if (name === '--version' || name === '-v') {
    // The package's version; a checkout's sources have none of their own to tell.
    console.log(PACKAGE === undefined ? 'agent-coordinator (running from the sources of a checkout)' : `${PACKAGE.name} ${PACKAGE.version}`);
    return 0;
  }
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    console.log(usage());
    return 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    printError(new UsageError(`unknown command "${name}"`));
    console.error(usage());
    return 1;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    console.log(`usage: agent-coordinator ${command.usage}\n${EXIT_CODES_HELP}`);
    return 0;
  }
  try {
    return (await command.run(rest)) ?? 0;
  } catch (error) {
    const code = printError(error);
    if (error instanceof UsageError) console.error(`usage: agent-coordinator ${command.usage}`);
    return code;
  }
}

process.exitCode = await main(process.argv.slice(2));
