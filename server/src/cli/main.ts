#!/usr/bin/env node
/**
 * The `agent-coordinator` command. `serve` runs the server; `mcp` bridges stdio to a running server's
 * MCP endpoint; the rest talk to a running server over tRPC (`--url`, default the local one).
 * Failures print one line to stderr and exit non-zero.
 */
import { serveCommand } from './serve.command.ts';

type Command = (args: readonly string[]) => Promise<void>;

const COMMANDS: Readonly<Record<string, { readonly run: Command; readonly usage: string }>> = {
  serve: { run: serveCommand, usage: 'serve [--port N] [--host H] [--data-dir DIR] [--database-url URL]   run the server' },
};

function usage(): string {
  return ['usage: agent-coordinator <command> [options]', '', ...Object.values(COMMANDS).map((c) => `  ${c.usage}`)].join('\n');
}

async function main(argv: readonly string[]): Promise<void> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    console.log(usage());
    return;
  }
  const command = COMMANDS[name];
  if (!command) throw new Error(`unknown command "${name}"\n${usage()}`);
  await command.run(rest);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  console.error(`agent-coordinator: ${message.split('\n')[0]}`);
  process.exitCode = 1;
});
