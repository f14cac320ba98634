/**
 * Bundles the extension with esbuild into dist/extension.cjs (CommonJS, Node, `vscode` external): the
 * .vsix ships this one file, no TypeScript sources and no node_modules.
 *
 *   node scripts/build.ts [--production] [--watch]
 *
 * The shared package is marked free of side effects, so only what the extension uses of it is bundled
 * (glob matching and limits — not zod and the schemas, which the server applies anyway).
 *
 * The coordinator the extension starts when nothing answers at a loopback URL travels with it: the server
 * bundle (`npm run bundle --workspace server`, built here when missing) is copied to dist/server/ as it
 * is, so the .vsix carries the same files as the CLI package and the extension never imports the server.
 * `--rebuild-server` builds that bundle again even when one exists (the package script does, so a .vsix
 * never carries a stale server).
 */
import { build, context, type BuildOptions, type Plugin } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { syncManifest } from './sync-manifest.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const rebuildServer = process.argv.includes('--rebuild-server');
const serverDist = join(root, '..', 'server', 'dist');
const serverEntry = 'agent-coordinator.js';

/** Copies server/dist/ to dist/server/, building it first when it is missing (or when asked to); returns its size. */
function copyServerBundle(): number {
  if (rebuildServer || !existsSync(join(serverDist, serverEntry))) {
    const built = spawnSync(process.execPath, ['scripts/bundle.ts'], { cwd: join(root, '..', 'server'), stdio: 'inherit' });
    if (built.status !== 0) throw new Error(`building the server bundle failed (exit ${String(built.status)}): run npm run bundle --workspace server and read its errors`);
  }
  const target = join(root, 'dist', 'server');
  rmSync(target, { recursive: true, force: true });
  cpSync(serverDist, target, { recursive: true });
  const size = (dir: string): number => readdirSync(dir, { withFileTypes: true }).reduce((sum, e) => sum + (e.isDirectory() ? size(join(dir, e.name)) : statSync(join(dir, e.name)).size), 0);
  return size(target);
}

const sharedWithoutSideEffects: Plugin = {
  name: 'shared-without-side-effects',
  setup(b) {
    b.onResolve({ filter: /.*/ }, async (args) => {
      if (args.pluginData === 'inner') return undefined;
      const fromShared = args.importer.includes(`${sep}shared${sep}src${sep}`);
      if (args.path !== '@agent-coordinator/shared' && !(fromShared && args.path.startsWith('.'))) return undefined;
      const result = await b.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: 'inner' });
      return { ...result, sideEffects: false };
    });
  },
};

export const options: BuildOptions = {
  absWorkingDir: root,
  entryPoints: ['src/extension.ts'],
  outfile: 'dist/extension.cjs',
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  // `ws` optionally uses these native speed-ups; without them it falls back to JavaScript.
  external: ['vscode', 'bufferutil', 'utf-8-validate'],
  minify: production,
  sourcemap: production ? false : 'linked',
  legalComments: production ? 'none' : 'inline',
  metafile: true,
  logLevel: 'warning',
  // Wall and CPU time around module evaluation: the extension reports them with its activation time
  // (src/activation-timing.ts reads them).
  banner: { js: 'var __agentCoordinatorLoadStart = [performance.now(), (process.threadCpuUsage ?? process.cpuUsage).call(process)];' },
  footer: { js: 'var __agentCoordinatorLoadEnd = [performance.now(), (process.threadCpuUsage ?? process.cpuUsage).call(process)];' },
  plugins: [sharedWithoutSideEffects],
};

// The manifest's language-model tools come from the shared catalogue: keep them current in every build.
if (syncManifest()) console.log('package.json: languageModelTools updated from the shared tool catalogue');

if (watch) {
  const ctx = await context(options);
  await ctx.watch();
  console.log('watching extension sources…');
} else {
  const result = await build(options);
  const outputs = Object.entries(result.metafile?.outputs ?? {}).filter(([file]) => file.endsWith('.cjs'));
  for (const [file, output] of outputs) console.log(`${file}: ${(output.bytes / 1024).toFixed(1)} KiB${production ? ' (minified)' : ''}`);
  if (result.metafile) {
    mkdirSync(join(root, 'dist'), { recursive: true });
    writeFileSync(join(root, 'dist', 'meta.json'), JSON.stringify(result.metafile));
  }
  console.log(`dist/server/: the coordinator bundle, ${(copyServerBundle() / 1024 / 1024).toFixed(1)} MiB`);
}
