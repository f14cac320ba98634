#!/usr/bin/env node
/**
 * The `agent-coordinator` command. `serve` runs the server; `mcp` bridges stdio to a running server's
 * MCP endpoint; the rest talk to a running server over tRPC (`--url URL` or `AGENT_COORDINATOR_URL`,
 * default http://127.0.0.1:7421) and, when they act as an agent, as `--agent NAME|ID`,
 * `AGENT_COORDINATOR_AGENT`, the agent an agent token stands for, or the agent the last `register-agent`
 * saved for that URL. Every request presents a token (`--token TOKEN`, else `COORDINATOR_TOKEN`, else the
 * session `login` saved for that URL) and a project (`--project NAME`, else `COORDINATOR_PROJECT`, else the
 * one saved by `login --project`); a server in single-user local mode needs neither. `--url`, `--token`
 * and `--project` may also come before the command. `--json` prints the raw result. Failures print one
 * `agent-coordinator: <message>` line on stderr and exit with 1 usage error, unreachable server or other
 * failure; 2 invalid input (VALIDATION); 3 not found (NOT_FOUND); 4 conflict (CONFLICT, LOCK_HELD, a lock
 * request not granted); 5 refused by a policy or not allowed to this caller (POLICY_DENIED, FORBIDDEN);
 * 6 not applied: waiting for a human's approval; 7 not authenticated (UNAUTHENTICATED: log in, or pass
 * another token). Policy warnings are printed on stderr as `agent-coordinator: warning: ...` lines.
 * Passwords are read from stdin only; tokens are printed only by `issue-agent-token|rotate-agent-token`.
 * The commands, their aliases and usage: commands.ts; how a command line finds its command: command-table.ts.
 */
import { UsageError } from './args.ts';
import { EXIT_CODES_HELP, printError } from './output.ts';
import { AUTH, COMMANDS } from './commands.ts';
import { commandUsage, resolveCommand, subcommandsOf, usageLines } from './command-table.ts';
import { cliMessage } from './command-names.ts';
import { GLOBAL_OPTIONS } from './client.ts';
import { PACKAGE } from './package-info.ts';

function usage(): string {
  return [
    'usage: agent-coordinator <command> [options]   (agent-coordinator --version: which package this is)',
    '',
    'A command that runs an operation is named after it (get-next-task runs get_next_task, as in MCP and REST);',
    'the short names in parentheses are aliases of it, kept for scripts, hooks and habits.',
    '',
    ...usageLines(COMMANDS).map((line) => `  ${line}`),
    '',
    `every command that calls the server also takes ${AUTH}, here or before the command name`,
    'environment: AGENT_COORDINATOR_URL, AGENT_COORDINATOR_AGENT, COORDINATOR_TOKEN, COORDINATOR_PROJECT, AGENT_COORDINATOR_STATE (the file `register-agent` and `login` save the agent and the session in, mode 0600)',
    EXIT_CODES_HELP,
  ].join('\n');
}

/** A service's message in the CLI's words: operations named as the commands that run them. */
const isCommand = (name: string): boolean => Object.hasOwn(COMMANDS, name);
const report = (error: unknown): number => printError(error, (message) => cliMessage(message, isCommand));

/**
 * `--url`, `--token` and `--project` before the command name are moved after it (after an alias's second
 * word too), where every command parses them: `agent-coordinator --token T tasks` is
 * `agent-coordinator tasks --token T`.
 */
function leadingGlobals(argv: readonly string[]): { readonly globals: readonly string[]; readonly words: readonly string[] } {
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
  return { globals, words: argv.slice(i) };
}

async function main(argv: readonly string[]): Promise<number> {
  const { globals, words } = leadingGlobals(argv);
  const [name, ...rest] = words;
  if (name === '--version' || name === '-v') {
    // The package's version; a checkout's sources have none of their own to tell.
    console.log(PACKAGE === undefined ? 'agent-coordinator (running from the sources of a checkout)' : `${PACKAGE.name} ${PACKAGE.version}`);
    return 0;
  }
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    console.log(usage());
    return 0;
  }
  const command = resolveCommand(COMMANDS, words, globals);
  if (command === undefined) {
    // A group word of the aliases (`mission`, `okr`): name its subcommands rather than the whole usage.
    const subcommands = subcommandsOf(COMMANDS, name);
    const [sub] = rest;
    if (subcommands.length > 0) {
      report(new UsageError(`${sub === undefined || sub.startsWith('-') ? 'give a subcommand' : `unknown subcommand "${sub}"`}: agent-coordinator ${name} ${subcommands.join('|')} ...`));
      return 1;
    }
    report(new UsageError(`unknown command "${name}"`));
    console.error(usage());
    return 1;
  }
  const commandLine = `usage: agent-coordinator ${commandUsage(command.name, command.entry)}`;
  if (command.args.includes('--help') || command.args.includes('-h')) {
    console.log(`${commandLine}\n${command.entry.summary}\n${EXIT_CODES_HELP}`);
    return 0;
  }
  try {
    return (await command.entry.run(command.args)) ?? 0;
  } catch (error) {
    const code = report(error);
    if (error instanceof UsageError) console.error(commandLine);
    return code;
  }
}

process.exitCode = await main(process.argv.slice(2));
