/**
 * A port already in use stops `serve` with one line and a non-zero exit, not an EADDRINUSE stack: naming
 * the other coordinator's URL when one answers there, else saying another program holds the port.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';
import { freePort } from '../support/free-port.ts';
import { CLI_MAIN, useServeProcesses } from '../support/serve-process.ts';

describe('port in use (serve processes)', function () {
  this.timeout(240_000);
  const serves = useServeProcesses('ac-port-');

  // Started without --liftoff-only, so serve starts itself again (cli/wasm-baseline.ts): the one line and
  // the exit code come through that relaunch too.
  const refused = async (dataDir: string, port: number): Promise<string> => {
    const server = await serves.start({ dataDir, port, command: [process.execPath, CLI_MAIN, 'serve'] });
    const code = await server.exited();
    assert.notEqual(code, 0);
    const lines = server.stderr().trim().split('\n');
    assert.equal(lines.length, 1, server.stderr());
    assert.doesNotMatch(server.stderr(), /EADDRINUSE|\n\s+at /);
    return lines[0] ?? '';
  };

  it('names the coordinator that answers on the port', async () => {
    const port = await freePort();
    const first = await serves.start({ dataDir: serves.dataDir('first'), port });
    await first.healthy();
    const line = await refused(serves.dataDir('second'), port);
    assert.equal(line, `agent-coordinator: port ${port} on 127.0.0.1 is in use by another coordinator, which answers at ${first.url}: use it, or stop it, or pass --port (0 picks a free one)`);
  });

  it('says another program holds the port when no coordinator answers', async () => {
    const port = await freePort();
    const blocker: Server = createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', resolve));
    try {
      const line = await refused(serves.dataDir('third'), port);
      assert.equal(line, `agent-coordinator: port ${port} on 127.0.0.1 is in use by another program: stop it, or pass --port (0 picks a free one)`);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });
});
