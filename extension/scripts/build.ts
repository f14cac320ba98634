/**
 * Bundles the extension with esbuild into dist/extension.cjs (CommonJS, Node, `vscode` external): the
 * .vsix ships this one file, no TypeScript sources and no node_modules.
 *
 *   node scripts/build.ts [--production] [--watch]
 *
 * The shared package is marked free of side effects, so only what the extension uses of it is bundled
 * (glob matching and limits — not zod and the schemas, which the server applies anyway).
 */
import { build, context, type BuildOptions, type Plugin } from 'esbuild';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { syncManifest } from './sync-manifest.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

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
  // Timestamps around module evaluation: the extension reports it with its activation time.
  banner: { js: 'var __agentCoordinatorLoadStart = performance.now();' },
  footer: { js: 'var __agentCoordinatorLoadEnd = performance.now();' },
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
}
