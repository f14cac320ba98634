/**
 * `npm run package` at the root: the two things a user installs, written to the root's dist/.
 *
 * dist/agent-coordinator-<version>.tgz         the CLI package (npm install -g …, npx --package …): the
 *                                              server bundle (scripts/bundle.ts), a package.json with the
 *                                              bin, engines and no runtime dependencies, the package README
 * dist/agent-coordinator-vscode-<version>.vsix the extension built around that same server bundle, renamed
 *
 *   node scripts/package.ts [--skip-vsix]
 *
 * The package is staged in a temporary folder and packed with `npm pack` there, so it holds exactly what
 * is listed below, whatever lies around in server/.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { MINIMUM_NODE } from './node-version-check.ts';
import { manifestVersion, PACKAGE_NAME } from './package-identity.ts';

const server = join(dirname(fileURLToPath(import.meta.url)), '..');
const root = join(server, '..');
const out = join(root, 'dist');

const PackResult = z.array(z.object({ filename: z.string(), size: z.number(), unpackedSize: z.number(), entryCount: z.number() }));

const npm = (args: readonly string[], cwd: string): string => execFileSync('npm', [...args], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
const mib = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

const version = manifestVersion();
mkdirSync(out, { recursive: true });

npm(['run', 'bundle'], server);

const stage = mkdtempSync(join(tmpdir(), 'agent-coordinator-package-'));
try {
  cpSync(join(server, 'dist'), join(stage, 'dist'), { recursive: true });
  copyFileSync(join(server, 'package', 'README.md'), join(stage, 'README.md'));
  const manifest = {
    name: PACKAGE_NAME,
    version,
    description: 'Coordinates several AI coding agents and humans on one repository: tasks claimed once, file locks that never overlap, live events. The server (embedded PostgreSQL included), its MCP endpoint and stdio bridge, and the CLI.',
    keywords: ['agents', 'mcp', 'locks', 'tasks', 'claude-code', 'copilot', 'coordination'],
    // No licence has been chosen for this project yet: UNLICENSED says so rather than implying one.
    license: 'UNLICENSED',
    type: 'module',
    bin: { [PACKAGE_NAME]: 'dist/agent-coordinator.js' },
    files: ['dist'],
    engines: { node: `>=${MINIMUM_NODE.major}.${MINIMUM_NODE.minor}` },
  };
  writeFileSync(join(stage, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  const packed = PackResult.parse(JSON.parse(npm(['pack', '--json', '--pack-destination', out], stage)));
  for (const p of packed) console.log(`dist/${p.filename}: ${mib(p.size)} (${mib(p.unpackedSize)} unpacked, ${p.entryCount} files)`);
} finally {
  rmSync(stage, { recursive: true, force: true });
}

if (!process.argv.includes('--skip-vsix')) {
  const extension = join(root, 'extension');
  // The extension's own `package` script rebuilds the server bundle; it was built above, so build the
  // extension around that one (build.ts copies server/dist/ as it is) and pack: the server is bundled once.
  execFileSync(process.execPath, ['scripts/build.ts', '--production'], { cwd: extension, stdio: ['ignore', 'inherit', 'inherit'] });
  npm(['run', 'vsix'], extension);
  const target = `agent-coordinator-vscode-${manifestVersion(join(extension, 'package.json'))}.vsix`;
  copyFileSync(join(extension, 'dist', 'agent-coordinator.vsix'), join(out, target));
  console.log(`dist/${target}`);
}
