/**
 * The services name the operation that failed the way MCP, REST and tRPC do (`get_next_task: …`,
 * "call register_agent first"), which is right for an agent holding those tools and wrong for a person at
 * a shell. The CLI's command for an operation is the operation's name in kebab-case (commands.ts), so
 * here, at the CLI's edge and nowhere else, an operation the CLI has a command for becomes that command
 * (`get-next-task: …`, "`agent-coordinator get-next-task`"), and a hint naming a tool with arguments or a
 * field becomes the command line that does it ("run `agent-coordinator register-agent NAME` first",
 * "pass --force"). Operations without a command, field names and prose are left as they are.
 */

/** `get_next_task` → `get-next-task`: the CLI command that runs an operation. */
export const commandOf = (operation: string): string => operation.replaceAll('_', '-');

/** Hints whose CLI form is not just the command's name: the arguments it needs, a flag for a field. */
const PHRASES: readonly (readonly [RegExp, string])[] = [
  [/call register_agent with kind human first/g, 'run `agent-coordinator register-agent NAME --kind human` first'],
  [/call register_agent first/g, 'run `agent-coordinator register-agent NAME` first'],
  [/pass force: true/g, 'pass --force'],
];

const TOOL_NAME = /\b[a-z]+(?:_[a-z]+)+\b/g;

/**
 * A service's message as the CLI prints it: the leading operation and the operations it names as CLI
 * commands. `isCommand` says whether the CLI has a command of that name.
 */
export function cliMessage(message: string, isCommand: (command: string) => boolean): string {
  const prefix = /^([a-z_]+): /.exec(message);
  const operation = prefix?.[1];
  const command = operation !== undefined && isCommand(commandOf(operation)) ? commandOf(operation) : undefined;
  let body = command !== undefined && prefix ? message.slice(prefix[0].length) : message;
  for (const [pattern, replacement] of PHRASES) body = body.replace(pattern, replacement);
  // Only snake_case names: plain words such as "heartbeat" are prose as often as they are commands.
  body = body.replace(TOOL_NAME, (name) => (isCommand(commandOf(name)) ? `\`agent-coordinator ${commandOf(name)}\`` : name));
  return command !== undefined ? `${command}: ${body}` : body;
}
