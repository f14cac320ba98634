/** Bundles the in-host suites (CommonJS, `vscode` and mocha external) next to this folder, in dist/. */
import { build } from 'esbuild';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { repoRoot } from './environment.ts';

export const SUITE_DIR = join(repoRoot, 'test', 'vscode', 'dist');
export const SUITE_FILES = ['extension.test.cjs', 'planning.test.cjs', 'board.test.cjs', 'screenshots.test.cjs'];

export async function buildSuite(): Promise<{ readonly entry: string; readonly dir: string; readonly files: readonly string[] }> {
  await build({
    absWorkingDir: join(repoRoot, 'test', 'vscode', 'suite'),
    entryPoints: { index: 'index.ts', 'extension.test': 'extension.test.ts', 'planning.test': 'planning.test.ts', 'board.test': 'board.test.ts', 'screenshots.test': 'screenshots.test.ts' },
    outdir: SUITE_DIR,
    outExtension: { '.js': '.cjs' },
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    sourcemap: 'inline',
    external: ['vscode', 'mocha', 'bufferutil', 'utf-8-validate'],
    logLevel: 'warning',
  });
  return { entry: join(SUITE_DIR, 'index.cjs'), dir: SUITE_DIR, files: SUITE_FILES };
}

/** Builds the extension bundle (dev build for suite A, production + .vsix for suite B). */
export function buildExtension(args: readonly string[] = []): void {
  const result = spawnSync(process.execPath, [join(repoRoot, 'extension', 'scripts', 'build.ts'), ...args], { stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`building the extension failed (exit ${result.status})`);
}
