/**
 * The embedded server's start as users get it, beside the sources' start (startup.bench.ts): from the CLI
 * package installed with npm into a folder outside the repository (`agent-coordinator serve`, the bin as a
 * user runs it), and from the .vsix as the extension starts it (the bundled server run by the extension
 * host's Node with ELECTRON_RUN_AS_NODE, local-server.ts `planLocalServerCommand`). Both are packed once
 * here by `npm run package` (or taken from AGENT_COORDINATOR_PACKAGE and AGENT_COORDINATOR_VSIX) and their
 * sizes reported. The .vsix is unpacked with Python's zipfile, as VS Code would unpack it.
 *
 * The extension case runs the bundle under this Node, not under a real extension host: the harness's
 * suite C measures the whole click → connected path in code-server (docs/cli-package.md); this cell
 * isolates the server's own start and memory from the same files.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { installPackage } from '../package/installed-package.ts';
import { benchLauncher, type LauncherStarts } from './startup.bench.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const run = promisify(execFile);

export interface InstallsStartup {
  readonly packageBytes: number;
  readonly vsixBytes: number;
  readonly starts: readonly LauncherStarts[];
}

/** The tarball and .vsix: named by the environment, else packed now into dist/. */
async function packed(log: (line: string) => void): Promise<{ tgz: string; vsix: string }> {
  const givenTgz = process.env['AGENT_COORDINATOR_PACKAGE'];
  const givenVsix = process.env['AGENT_COORDINATOR_VSIX'];
  if (givenTgz && givenVsix) return { tgz: givenTgz, vsix: givenVsix };
  log('startup: npm run package (the CLI package and the .vsix)');
  await run(process.execPath, [join(ROOT, 'server', 'scripts', 'package.ts')], { cwd: ROOT, maxBuffer: 16 * 1024 * 1024, timeout: 600_000 });
  const files = await readdir(join(ROOT, 'dist'));
  const one = (pattern: RegExp): string => {
    const found = files.filter((f) => pattern.test(f));
    if (found.length !== 1) throw new Error(`expected one file like ${pattern} in dist/, found ${found.join(', ') || 'none'}`);
    return join(ROOT, 'dist', found[0] ?? '');
  };
  return { tgz: one(/^agent-coordinator-\d.*\.tgz$/), vsix: one(/^agent-coordinator-vscode-\d.*\.vsix$/) };
}

export async function benchInstalledStarts(log: (line: string) => void, options: { readonly runs: number; readonly idleMs: number }): Promise<InstallsStartup> {
  const { tgz, vsix } = await packed(log);
  const previous = process.env['AGENT_COORDINATOR_PACKAGE'];
  process.env['AGENT_COORDINATOR_PACKAGE'] = tgz;
  const pkg = await installPackage().finally(() => {
    if (previous === undefined) delete process.env['AGENT_COORDINATOR_PACKAGE'];
    else process.env['AGENT_COORDINATOR_PACKAGE'] = previous;
  });
  const unpacked = await mkdtemp(join(tmpdir(), 'ac-bench-vsix-'));
  try {
    const starts: LauncherStarts[] = [];
    log('startup: the installed CLI package (agent-coordinator serve)');
    starts.push(await benchLauncher({ label: 'installed CLI package', file: pkg.localBin, args: [], cwd: pkg.dir, env: pkg.env() }, options));
    await run('python3', ['-m', 'zipfile', '-e', vsix, unpacked]);
    const entry = join(unpacked, 'extension', 'dist', 'server', 'agent-coordinator.js');
    log('startup: the .vsix bundle as the extension starts it');
    starts.push(
      await benchLauncher(
        { label: 'extension (.vsix bundle)', file: process.execPath, args: ['--liftoff-only', entry], cwd: unpacked, env: pkg.env({ ELECTRON_RUN_AS_NODE: '1' }) },
        options,
      ),
    );
    return { packageBytes: (await stat(tgz)).size, vsixBytes: (await stat(vsix)).size, starts };
  } finally {
    await rm(unpacked, { recursive: true, force: true });
    await pkg.cleanup();
  }
}
