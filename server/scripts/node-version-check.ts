/**
 * The bin's first stage: the oldest Node the bundle runs on, and the tiny entry file that checks it
 * before loading anything else. The check is written in syntax every Node since 12 parses (no `const`
 * destructuring, no optional chaining, no top-level await, no static import), so an older Node prints
 * one line saying what it needs instead of a SyntaxError or an ERR_* stack from deep inside the bundle.
 */

/**
 * What the bundle needs, found by running it: MikroORM 7 and kysely 0.29 declare Node >= 22.17, but the
 * bundle (which carries them) passes the whole package suite on Node 22.15.0 (docs/cli-package.md, "Node").
 * 22.15 is the Node of VS Code 1.101's Electron, the oldest VS Code the extension supports, so the .vsix's
 * server runs on every VS Code it installs into. Below 22.15 it is untested and refused.
 */
export const MINIMUM_NODE = { major: 22, minor: 15 } as const;

/** The exit code of a Node too old: the catch-all failure, as for an unreachable server. */
export const OLD_NODE_EXIT_CODE = 1;

/** The source of dist/agent-coordinator.js: the version check, the compile cache, then `import(target)`. */
export function versionCheckSource(target: string): string {
  const { major, minor } = MINIMUM_NODE;
  return `#!/usr/bin/env node
// agent-coordinator: checks the Node version in syntax old Nodes parse, then loads the CLI (${target}).
var v = process.versions.node.split('.');
var major = Number(v[0]), minor = Number(v[1]);
if (major < ${major} || (major === ${major} && minor < ${minor})) {
  process.stderr.write('agent-coordinator: needs Node.js ${major}.${minor} or newer, this is ' + process.version + ' (' + process.execPath + '); install a current Node from https://nodejs.org or with nvm: nvm install 24\\n');
  process.exit(${OLD_NODE_EXIT_CODE});
}
// V8's compile cache (Node >= 22.1, in the OS temp folder; NODE_DISABLE_COMPILE_CACHE=1 turns it off): a
// start after the first skips compiling the bundle's modules again, about a quarter of a restart's CPU.
import('node:module')
  .then(function (m) { try { if (m.enableCompileCache) m.enableCompileCache(); } catch (e) {} }, function () {})
  .then(function () { return import(${JSON.stringify(target)}); })
  .catch(function (error) {
    process.stderr.write('agent-coordinator: could not load ' + ${JSON.stringify(target)} + ': ' + (error && error.message ? error.message : String(error)) + '\\n');
    process.exit(1);
  });
`;
}
