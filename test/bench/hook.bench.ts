/**
 * What the Claude Code PostToolUse hook costs per tool call (BENCH_ONLY=hook): the real command
 * (`node server/src/cli/main.ts hook claude-post-tool`, as `install claude` writes it) run as Claude Code
 * runs it — a fresh process, the hook payload on stdin — after a read-only tool (Read), timed from spawn
 * to exit. Cells: nothing unread (the common case), one unread notification (printed as
 * additionalContext), the coordinator not running, and `node -e 0` (a bare Node start, the floor).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { connect, startTestCoordinator } from '../support/coordinator.ts';
import { freePort } from '../support/free-port.ts';
import { percentile } from './stats.ts';

const CLI_MAIN = fileURLToPath(new URL('../../server/src/cli/main.ts', import.meta.url));
const RUNS = Number(process.env['BENCH_HOOK_RUNS'] ?? 15);

export interface HookCell {
  readonly name: string;
  readonly p50: number;
  readonly p90: number;
}

const run = (args: readonly string[], env: NodeJS.ProcessEnv, input: string): Promise<number> =>
  new Promise((resolve, reject) => {
    const started = performance.now();
    const child = execFile(process.execPath, args, { env, timeout: 30_000 }, (error) => (error ? reject(error) : resolve(performance.now() - started)));
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(input);
  });

const cell = (name: string, samples: number[]): HookCell => {
  const sorted = [...samples].sort((a, b) => a - b);
  return { name, p50: percentile(sorted, 50), p90: percentile(sorted, 90) };
};

export async function benchHook(log: (line: string) => void): Promise<HookCell[]> {
  const dir = await mkdtemp(join(tmpdir(), 'ac-hook-bench-'));
  const coordinator = await startTestCoordinator('pglite');
  if (!coordinator) throw new Error('no coordinator');
  const base: NodeJS.ProcessEnv = { ...process.env, AGENT_COORDINATOR_STATE: join(dir, 'state.json'), XDG_CONFIG_HOME: join(dir, 'config') };
  delete base['AGENT_COORDINATOR_AGENT'];
  const payload = JSON.stringify({ session_id: 'bench', cwd: dir, hook_event_name: 'PostToolUse', tool_name: 'Read', tool_input: { file_path: join(dir, 'x.ts') } });
  const hook = [CLI_MAIN, 'hook', 'claude-post-tool', '--agent', 'hook-bench'];
  const cells: HookCell[] = [];
  try {
    const { client, close } = connect(coordinator.url);
    const agent = await client.register_agent.mutate({ name: 'hook-bench' });
    const other = await client.register_agent.mutate({ name: 'hook-asker' });
    const up = { ...base, AGENT_COORDINATOR_URL: coordinator.url };
    const times = async (name: string, before: () => Promise<unknown>, args: readonly string[], env: NodeJS.ProcessEnv): Promise<void> => {
      log(`hook: ${name} (${RUNS} runs)`);
      await run(args, env, payload); // warm the file cache
      const samples: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        await before();
        samples.push(await run(args, env, payload));
      }
      cells.push(cell(name, samples));
    };
    await times('bare Node start (node -e 0), the floor', async () => undefined, ['-e', '0'], up);
    await times('PostToolUse after Read, nothing unread', async () => undefined, hook, up);
    let n = 0;
    await times('PostToolUse after Read, one unread (printed)', async () => {
      await client.lock_files.mutate({ agent_id: agent.agent_id, paths: [`bench/${++n}.ts`] });
      await client.request_release.mutate({ agent_id: other.agent_id, paths: [`bench/${n}.ts`] });
    }, hook, up);
    await times('PostToolUse, coordinator not running', async () => undefined, hook, { ...base, AGENT_COORDINATOR_URL: `http://127.0.0.1:${await freePort()}` });
    close();
  } finally {
    await coordinator.close();
    await rm(dir, { recursive: true, force: true });
  }
  return cells;
}

export function hookLines(cells: readonly HookCell[]): string[] {
  return [
    'Claude Code PostToolUse hook, spawn → exit per tool call:',
    ...cells.map((c) => `  ${c.name.padEnd(48)} p50 ${c.p50.toFixed(0).padStart(5)} ms   p90 ${c.p90.toFixed(0).padStart(5)} ms`),
  ];
}
