/**
 * A real coordinator for the VS Code suites, started the way users start it (`node server/src/cli/main.ts
 * serve`) on a free port with a throwaway embedded database, in its own process so the workbench, the
 * extension host and the server do not share one event loop.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './environment.ts';
import { freePort } from '../../support/free-port.ts';
import { spawnLogged, waitForHttp } from './processes.ts';

export interface CoordinatorProcess {
  readonly url: string;
  readonly port: number;
  output(): string;
  close(): Promise<void>;
}

export async function startCoordinatorProcess(): Promise<CoordinatorProcess> {
  // AC_E2E_SERVER_ROOT: run another checkout's server (while developing the extension against a known-good one).
  const root = process.env['AC_E2E_SERVER_ROOT'] ?? repoRoot;
  const port = await freePort();
  const dataDir = await mkdtemp(join(tmpdir(), 'ac-vscode-db-'));
  // One command adapter for Run with…: an "agent" that only waits (it edits nothing), so a run stays live until cancelled.
  const wait = { command: [process.execPath, '-e', 'setTimeout(() => {}, 120000)'], description: 'e2e: waits two minutes, edits nothing' };
  await writeFile(join(dataDir, 'adapters.json'), JSON.stringify({ commands: { 'e2e-wait': wait } }));
  const server = spawnLogged(process.execPath, [join(root, 'server', 'src', 'cli', 'main.ts'), 'serve', '--port', String(port), '--data-dir', dataDir], { cwd: root });
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHttp(`${url}/healthz`, 60_000, server.child);
  } catch (error) {
    await server.stop();
    throw new Error(`the coordinator did not start: ${(error as Error).message}\n${server.output()}`, { cause: error });
  }
  return {
    url,
    port,
    output: server.output,
    close: async () => {
      await server.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
