/**
 * The CLI's small state file, per server URL: the agent that the last `register-agent` created, so later
 * commands act as it without `--agent`, and the session the last `login` opened (its token, the account,
 * when it ends and the project chosen with `login --project`). It holds secrets, so it is written with
 * mode 0600 in a folder of mode 0700. It lives in `$XDG_CONFIG_HOME/agent-coordinator/cli-state.json`
 * (default `~/.config/...`); `AGENT_COORDINATOR_STATE` names another file (tests isolate themselves so).
 * Writes go to a temporary file renamed over the old one, so a crash never leaves half a file.
 */
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { UsageError } from './args.ts';

const SavedAgentSchema = z.object({ agent_id: z.string(), name: z.string() });
export type SavedAgent = z.infer<typeof SavedAgentSchema>;

const SavedSessionSchema = z.object({ token: z.string(), account: z.string(), expires_at: z.string(), project: z.string().optional() });
export type SavedSession = z.infer<typeof SavedSessionSchema>;

// Files written before logins existed have no `sessions`.
const StateSchema = z.object({ agents: z.record(z.string(), SavedAgentSchema), sessions: z.record(z.string(), SavedSessionSchema).default({}) });
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
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return { agents: {}, sessions: {} };
    throw error;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const parsed = StateSchema.safeParse(json);
  if (!parsed.success) {
    throw new UsageError(`the CLI state file ${path} is damaged: delete it, then run \`agent-coordinator register-agent NAME\` (and \`login NAME\`) again, or pass --agent (and --token)`);
  }
  return parsed.data;
}

export async function writeState(path: string, state: CliState): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
  // A file from an older version may have been created readable by others: the rename replaces it.
  await chmod(temporary, 0o600);
  await rename(temporary, path);
}

/** Reads, changes and writes the state (a damaged file is replaced, as `register-agent` always did). */
export async function updateState(path: string, change: (state: CliState) => CliState): Promise<void> {
  const state = await readState(path).catch((error: unknown) => {
    if (error instanceof UsageError) return { agents: {}, sessions: {} };
    throw error;
  });
  await writeState(path, change(state));
}
