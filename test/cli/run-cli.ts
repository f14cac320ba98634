/**
 * Runs the real `agent-coordinator` CLI as a child process (`node server/src/cli/main.ts ...`) with an
 * environment of its own: a private state file and config folder, no identity, URL, token or project
 * inherited from whoever runs the tests; stdin is `input` (a piped password), else empty. Resolves with
 * the exit code and both outputs; it never rejects on failure.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const CLI_MAIN = fileURLToPath(new URL('../../server/src/cli/main.ts', import.meta.url));

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export type RunCli = (args: readonly string[], env?: Readonly<Record<string, string>>, input?: string) => Promise<CliResult>;

export function cliRunner(base: { readonly stateFile: string; readonly configHome: string; readonly url?: string }): RunCli {
  const env: NodeJS.ProcessEnv = { ...process.env, AGENT_COORDINATOR_STATE: base.stateFile, XDG_CONFIG_HOME: base.configHome };
  delete env['AGENT_COORDINATOR_AGENT'];
  delete env['AGENT_COORDINATOR_URL'];
  delete env['COORDINATOR_TOKEN'];
  delete env['COORDINATOR_PROJECT'];
  if (base.url !== undefined) env['AGENT_COORDINATOR_URL'] = base.url;
  return (args, extra = {}, input = '') =>
    new Promise((resolve) => {
      const child = execFile(process.execPath, [CLI_MAIN, ...args], { env: { ...env, ...extra }, timeout: 15_000 }, (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
        resolve({ code, stdout, stderr });
      });
      // A command that never reads stdin may exit before it is written.
      child.stdin?.on('error', () => undefined);
      child.stdin?.end(input);
    });
}
