/**
 * Bundles the server and the CLI with esbuild into dist/: plain JavaScript that runs with `node`, no
 * TypeScript and no node_modules at run time. The CLI package (scripts/package.ts) and the VS Code
 * extension's .vsix both ship this folder as it is.
 *
 *   node scripts/bundle.ts [--no-minify]
 *
 * dist/agent-coordinator.js   the bin: checks the Node version in syntax any Node parses, then loads lib/launch.js
 * dist/lib/launch.js          relaunches `serve` with --liftoff-only before loading the CLI (src/cli/launch.ts)
 * dist/lib/cli.js             the CLI (src/cli/main.ts); serve and mcp are chunks loaded on use, so a
 *                             client command does not parse the whole server
 * dist/lib/*.wasm|data|tar.gz PGlite's WebAssembly, its file system image and the pgvector extension:
 *                             PGlite finds them with `new URL('./pglite.wasm', import.meta.url)`, which in
 *                             a bundle is the chunk's own folder, so they sit beside the chunks
 * dist/lib/pgdata.tar.gz      the embedded database's starting image (scripts/build-data-image.ts), so a
 *                             first start skips initdb
 * dist/lib/api-docs/          the REST API's reference page (src/rest/api-docs-folder.ts)
 * dist/lib/dashboard/         the web dashboard, built here from the dashboard workspace (src/http/dashboard-folder.ts)
 *
 * Everything is bundled, dependencies included: the server has no native modules (bcryptjs, PGlite and
 * kysely are JavaScript and WebAssembly), so the package declares no runtime dependencies and installs
 * without touching a registry, and the .vsix can carry the same folder. The migrations are TypeScript
 * modules listed in src/db/migrations/index.ts, so they are bundled like any other code.
 */
import { build, type Plugin } from 'esbuild';
import { chmodSync, copyFileSync, cpSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MINIMUM_NODE, versionCheckSource } from './node-version-check.ts';
import { manifestVersion, PACKAGE_NAME } from './package-identity.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist');
const lib = join(out, 'lib');
const minify = !process.argv.includes('--no-minify');
const require = createRequire(join(root, 'package.json'));

/** PGlite's and pgvector's run-time files, found where the bundled modules would have looked for them. */
const ASSETS: readonly { readonly from: string; readonly files: readonly string[] }[] = [
  { from: '@electric-sql/pglite', files: ['pglite.wasm', 'pglite.data', 'initdb.wasm'] },
  { from: '@electric-sql/pglite-pgvector', files: ['vector.tar.gz'] },
];

/** Folders the server reads beside its own module (src/rest/api-docs-folder.ts): copied beside the chunks. */
const FOLDERS: readonly string[] = ['src/rest/api-docs'];

/**
 * Left out on purpose. `ws` tries two native speed-ups inside try/catch and falls back to JavaScript.
 * MikroORM imports dataloader and tinyglobby optionally (batched relation loading, migration folders
 * found by glob): the coordinator loads no relations and hands its migrations over as a list.
 */
const OPTIONAL = ['bufferutil', 'utf-8-validate', 'dataloader', 'tinyglobby'];

/** Copies PGlite's files beside the chunks once the chunks are written. */
const assetsBesideBundle: Plugin = {
  name: 'assets-beside-bundle',
  setup(b) {
    b.onEnd((result) => {
      if (result.errors.length > 0) return;
      for (const { from, files } of ASSETS) {
        const folder = dirname(require.resolve(from));
        for (const file of files) copyFileSync(join(folder, file), join(lib, file));
      }
      for (const folder of FOLDERS) cpSync(join(root, folder), join(lib, folder.split('/').at(-1) ?? folder), { recursive: true });
    });
  },
};

rmSync(out, { recursive: true, force: true });
mkdirSync(lib, { recursive: true });

const result = await build({
  absWorkingDir: root,
  entryPoints: { cli: 'src/cli/main.ts', launch: 'src/cli/launch.ts' },
  outdir: lib,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: `node${MINIMUM_NODE.major}.${MINIMUM_NODE.minor}`,
  chunkNames: '[name]-[hash]',
  external: OPTIONAL,
  // The CLI knows it runs from this package (src/cli/package-info.ts): hooks it installs name the package.
  define: { __AGENT_COORDINATOR_PACKAGE__: JSON.stringify({ name: PACKAGE_NAME, version: manifestVersion() }) },
  // Bundled CommonJS modules (ws, yaml, …) call require() for Node's built-ins: give the ESM bundle one.
  banner: { js: "import { createRequire as __acCreateRequire } from 'node:module'; const require = __acCreateRequire(import.meta.url);" },
  minify,
  keepNames: true,
  // The licences of bundled dependencies stay with the code they cover.
  legalComments: 'eof',
  metafile: true,
  logLevel: 'warning',
  plugins: [assetsBesideBundle],
});

// The web dashboard (src/http/dashboard-folder.ts looks for it beside the chunks): built fresh, so the
// bundle never ships a stale one.
const dashboard = join(root, '..', 'dashboard');
// vite exports no path to its bin: the workspaces' hoisted copy.
const vite = join(root, '..', 'node_modules', 'vite', 'bin', 'vite.js');
execFileSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], { cwd: dashboard, stdio: 'inherit' });
// The board alone for the VS Code panel (dist/embed/), which loads it from the server it talks to.
execFileSync(process.execPath, [vite, 'build', '--config', 'vite.embed.config.ts', '--logLevel', 'warn'], { cwd: dashboard, stdio: 'inherit' });
cpSync(join(dashboard, 'dist'), join(lib, 'dashboard'), { recursive: true });

// The embedded database's starting image (src/db/data-image.ts looks for it beside the chunk that reads it):
// a first start unpacks it instead of running initdb.
execFileSync(process.execPath, [join(root, 'scripts', 'build-data-image.ts'), join(lib, 'pgdata.tar.gz')], { stdio: 'inherit' });

const bin = join(out, 'agent-coordinator.js');
writeFileSync(bin, versionCheckSource('./lib/launch.js'));
chmodSync(bin, 0o755);
// dist/ is a package of its own kind: ESM, whatever the folder it is copied into says.
writeFileSync(join(out, 'package.json'), `${JSON.stringify({ type: 'module' }, null, 2)}\n`);

const size = (path: string): number => statSync(path).size;
const jsBytes = Object.entries(result.metafile.outputs)
  .filter(([file]) => file.endsWith('.js'))
  .reduce((sum, [, o]) => sum + o.bytes, 0);
const assetBytes = [...ASSETS.flatMap((a) => a.files), 'pgdata.tar.gz'].reduce((sum, file) => sum + size(join(lib, file)), 0);
const mib = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
console.log(`dist/: JavaScript ${mib(jsBytes)}${minify ? ' (minified)' : ''}, PGlite files and data image ${mib(assetBytes)}`);
