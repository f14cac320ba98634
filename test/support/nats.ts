/**
 * A NATS server with JetStream for a suite, from the first source that works: `TEST_NATS_URL`, the local
 * server on 127.0.0.1:4222, or a `nats-server` spawned on a free port with its own store directory.
 * With none: CI (`CI=true`) fails loudly; elsewhere the result is null and the suite skips.
 * A shared server is shared: suites keep apart by using their own subject, stream and bucket names.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort, isPortOpen } from './free-port.ts';
import { recordSkip } from './skips.ts';

export interface NatsHandle {
  readonly url: string;
  /** Stops the server if this handle spawned it; otherwise does nothing. */
  stop(): Promise<void>;
}

const LOCAL_HOST = '127.0.0.1';
const LOCAL_PORT = 4222;

export async function provisionNats(): Promise<NatsHandle | null> {
  const explicit = process.env['TEST_NATS_URL'];
  if (explicit) return { url: explicit, stop: async () => {} };
  if (await isPortOpen(LOCAL_HOST, LOCAL_PORT)) return { url: `nats://${LOCAL_HOST}:${LOCAL_PORT}`, stop: async () => {} };

  let failure: string;
  try {
    return await spawnNatsServer();
  } catch (error) {
    failure = error instanceof Error ? error.message : String(error);
  }
  if (process.env['CI'] === 'true') {
    throw new Error(
      `NATS is required in CI. Set TEST_NATS_URL=nats://HOST:PORT (JetStream enabled), run nats-server -js on ` +
        `${LOCAL_HOST}:${LOCAL_PORT}, or put nats-server on PATH. Spawning one failed: ${failure}`,
    );
  }
  const skipped = `NATS not available (${failure}): run nats-server -js on ${LOCAL_HOST}:${LOCAL_PORT}, put nats-server on PATH, or set TEST_NATS_URL`;
  console.warn(`  (skipping: ${skipped})`);
  recordSkip(skipped);
  return null;
}

async function spawnNatsServer(): Promise<NatsHandle> {
  const port = await freePort();
  const dir = await mkdtemp(join(tmpdir(), 'ac-nats-'));
  const child = spawn('nats-server', ['-js', '-a', LOCAL_HOST, '-p', String(port), '-sd', dir], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
  let spawnError: Error | undefined;
  child.on('error', (error) => (spawnError = error));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const stop = async (): Promise<void> => {
    // A child that never spawned (ENOENT) has no pid and may never emit 'exit'.
    if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await exited;
    }
    await rm(dir, { recursive: true, force: true });
  };

  const deadline = Date.now() + 10_000;
  while (!(await isPortOpen(LOCAL_HOST, port))) {
    const failure =
      spawnError?.message ??
      (child.exitCode !== null || child.signalCode !== null
        ? `nats-server exited (${child.exitCode ?? child.signalCode}): ${stderr.trim()}`
        : undefined) ??
      (Date.now() > deadline ? `nats-server did not listen on ${LOCAL_HOST}:${port} within 10 s` : undefined);
    if (failure !== undefined) {
      await stop();
      throw new Error(failure);
    }
    await sleep(100);
  }
  return { url: `nats://${LOCAL_HOST}:${port}`, stop };
}
