/**
 * `serve` runs with V8's baseline WebAssembly compiler only (`--liftoff-only`). PGlite is PostgreSQL
 * compiled to one large WebAssembly module; by default V8 re-compiles its hot functions with the
 * optimising compiler in the background, and that compilation is what made every start peak at
 * 700–850 MiB RSS for up to 20 s on this machine (bare PGlite: 717–756 MiB peak; with --liftoff-only
 * 204–218 MiB). The baseline code was no slower on the coordinator's short queries here (6,000 inserts and
 * point reads: 13–16 s against 18–19 s with tier-up, a loaded 2-core VM), since the optimising compile
 * itself no longer competes for the CPU.
 *
 * V8 freezes its flags once it runs and Node does not take this one from NODE_OPTIONS, so `serve` started
 * without it starts itself again with it: one more Node process (≈ 100 MiB, as it has loaded the CLI) that
 * only relays signals and the exit code, and a second Node start. Launchers that can pass the flag do so and
 * skip that: `npm start` runs `node --liftoff-only server/src/cli/main.ts serve`, and so should anything
 * that starts the server with a Node of its own (the VS Code extension, a container's command).
 * AGENT_COORDINATOR_WASM_TIER_UP=1 keeps V8's default instead.
 */
import { spawn } from 'node:child_process';

export const WASM_BASELINE_FLAG = '--liftoff-only';

/** Only the embedded engine runs WebAssembly: on PostgreSQL (DATABASE_URL, --database-url) nothing is relaunched. */
export const needsWasmBaselineRelaunch = (args: readonly string[]): boolean =>
  !process.execArgv.includes(WASM_BASELINE_FLAG) &&
  process.env['AGENT_COORDINATOR_WASM_TIER_UP'] !== '1' &&
  !process.env['DATABASE_URL'] &&
  !args.some((arg) => arg === '--database-url' || arg.startsWith('--database-url=')) &&
  process.argv[1] !== undefined;

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/** Runs this same command line again with the flag; resolves with its exit code (128 + signal when killed). */
export function relaunchWithWasmBaseline(): Promise<number> {
  const child = spawn(process.execPath, [...process.execArgv, WASM_BASELINE_FLAG, ...process.argv.slice(1)], { stdio: 'inherit' });
  const forward = (signal: NodeJS.Signals): void => void child.kill(signal);
  for (const signal of SIGNALS) process.on(signal, forward);
  return new Promise((resolve) => {
    child.once('error', (error) => {
      process.stderr.write(`agent-coordinator: could not start the server process: ${error.message}\n`);
      resolve(1);
    });
    child.once('exit', (code, signal) => {
      for (const s of SIGNALS) process.off(s, forward);
      resolve(code ?? 128 + (signal === 'SIGKILL' ? 9 : signal === 'SIGINT' ? 2 : 15));
    });
  });
}
