/**
 * Where the real VS Code and the browser come from (see shared/notes/vscode-e2e.md): the `code-server`
 * npm package installed into a cache folder outside the repository (by scripts/test-deps.sh, which
 * `npm test` runs first), and Debian's Chromium.
 * Missing either skips the suites locally and fails them under CI=true.
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const CODE_SERVER_VERSION = '4.139.1';

export interface VscodeTestEnvironment {
  /** The code-server package folder (holds lib/vscode/out/server-main.js and out/node/entry.js). */
  readonly codeServer: string;
  readonly chromium: string;
}

export function cacheDir(): string {
  return process.env['AGENT_COORDINATOR_CACHE'] ?? join(homedir(), '.cache', 'agent-coordinator');
}

export function findEnvironment(): { readonly env: VscodeTestEnvironment | null; readonly missing: readonly string[] } {
  const missing: string[] = [];
  const codeServer = process.env['AGENT_COORDINATOR_CODE_SERVER'] ?? join(cacheDir(), `code-server-${CODE_SERVER_VERSION}`, 'node_modules', 'code-server');
  if (!existsSync(join(codeServer, 'lib', 'vscode', 'out', 'server-main.js'))) missing.push(`code-server ${CODE_SERVER_VERSION} at ${codeServer} (npm test installs it: bash scripts/test-deps.sh; or set AGENT_COORDINATOR_CODE_SERVER)`);
  const chromium = [process.env['CHROMIUM'], '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p): p is string => Boolean(p && existsSync(p)));
  if (!chromium) missing.push('Chromium (apt-get install chromium, or set CHROMIUM)');
  return { env: missing.length === 0 && chromium ? { codeServer, chromium } : null, missing };
}

/** Locally a missing VS Code skips the suites; in CI it is an error. */
export function requireEnvironment(suite: string): VscodeTestEnvironment | null {
  const { env, missing } = findEnvironment();
  if (env) return env;
  const message = `${suite}: missing ${missing.join('; ')}`;
  if (process.env['CI'] === 'true') {
    console.error(`${message} — failing because CI=true`);
    process.exit(1);
  }
  console.warn(`${message} — skipped: run npm test (scripts/test-deps.sh installs them)`);
  return null;
}

export const repoRoot = join(import.meta.dirname, '..', '..', '..');
export const artifactsDir = join(repoRoot, 'test', 'artifacts');
