/**
 * The CLI's small state file: the agent that the last `register` created, per server URL, so later
 * commands act as it without `--agent`. It lives in `$XDG_CONFIG_HOME/agent-coordinator/cli-state.json`
 * (default `~/.config/...`); `AGENT_COORDINATOR_STATE` names another file (tests isolate themselves so).
 * Writes go to a temporary file renamed over the old one, so a crash never leaves half a file.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { UsageError } from './args.ts';

const SavedAgentSchema = z.object({ agent_id: z.string(), name: z.string() });
export type SavedAgent = z.infer<typeof SavedAgentSchema>;

const StateSchema = z.object({ agents: z.record(z.string(), SavedAgentSchema) });
export type CliState = z.infer<typeof StateSchema>;

export function statePath(env: NodeJS.ProcessEnv = process.env): string {
  const override = env['AGENT_COORDINATOR_STATE'];
  if (override !== undefined && override !== '') return override;
  const configHome = env['XDG_CONFIG_HOME'] || join(homedir(), '.config');
  return join(configHome, 'agent-coordinator', 'cli-state.json');
}

/** The saved state; empty when the file does not exist yet. */
export async function readState(path: string): Promise<CliState> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return { agents: {} };
    throw error;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const parsed = StateSchema.safeParse(json);
  if (!parsed.success) throw new UsageError(`the CLI state file ${path} is damaged: delete it and run \`agent-coordinator register NAME\` again, or pass --agent`);
  return parsed.data;
}

export async function writeState(path: string, state: CliState): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
  await rename(temporary, path);
}
