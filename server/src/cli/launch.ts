/**
 * The installed bin's second stage (dist/lib/launch.js, after the Node version check): `serve` on the embedded
 * engine needs V8's baseline WebAssembly compiler (wasm-baseline.ts), and the flag can only be given to a new
 * Node. Deciding that here, before the CLI is loaded, keeps the relaying parent a bare Node (≈ 45 MiB, no
 * bundle to load) instead of a second copy of the CLI. Every other command, and `serve` once relaunched,
 * loads the CLI (main.ts), which makes the same decision for the sources (`node server/src/cli/main.ts serve`).
 */
import { needsWasmBaselineRelaunch, relaunchWithWasmBaseline } from './wasm-baseline.ts';

const [command, ...args] = process.argv.slice(2);
if (command === 'serve' && needsWasmBaselineRelaunch(args)) process.exitCode = await relaunchWithWasmBaseline();
else await import('./main.ts');
