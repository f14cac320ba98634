/**
 * A port already in use stops `serve` with one line and a non-zero exit, not an EADDRINUSE stack: naming
 * the other coordinator's URL when one answers there, else saying another program holds the port.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../support/free-port.ts';
import { CLI_MAIN, spawnServe, type ServeProcess } from '../support/serve-process.ts';

describe('port in use (serve processes)', function () {
  this.timeout(240_000);
  let root = '';
  const running: ServeProcess[] = [];

  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'ac-port-'));
  });
  after(async () => {
    await Promise.all(running.map((s) => s.stop()));
    await rm(root, { recursive: true, force: true });
  });

  // Started without --liftoff-only, so serve starts itself again (cli/wasm-baseline.ts): the one line and
  // the exit code come through that relaunch too.
  const refused = async (dataDir: string, port: number): Promise<string> => {
    const server = spawnServe({ dataDir, port, command: [process.execPath, CLI_MAIN, 'serve'] });
    running.push(server);
    const code = await server.exited();
    assert.notEqual(code, 0);
    const lines = server.stderr().trim().split('\n');
    assert.equal(lines.length, 1, server.stderr());
    assert.doesNotMatch(server.stderr(), /EADDRINUSE|\n\s+at /);
    return lines[0] ?? '';
  };

  it('names the coordinator that answers on the port', async () => {
    const port = await freePort();
    const first = spawnServe({ dataDir: join(root, 'first'), port });
    running.push(first);
    await first.healthy();
    const line = await refused(join(root, 'second'), port);
    assert.equal(line, `agent-coordinator: port ${port} on 127.0.0.1 is in use by another coordinator, which answers at ${first.url}: use it, or stop it, or pass --port (0 picks a free one)`);
  });

  it('says another program holds the port when no coordinator answers', async () => {
    const port = await freePort();
    const blocker: Server = createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', resolve));
    try {
      const line = await refused(join(root, 'third'), port);
      assert.equal(line, `agent-coordinator: port ${port} on 127.0.0.1 is in use by another program: stop it, or pass --port (0 picks a free one)`);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });
});
