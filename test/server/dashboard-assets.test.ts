/** The dashboard's files (server/src/http/dashboard-assets.ts): the board-embed bundle under /embed/ is never cached, and a missing one is a 404, not index.html. */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DashboardAssets } from '../../server/src/http/dashboard-assets.ts';

describe('dashboard assets', () => {
  let folder = '';
  let server: Server;
  let url = '';

  before(async () => {
    folder = await mkdtemp(join(tmpdir(), 'ac-assets-'));
    await mkdir(join(folder, 'embed'));
    await writeFile(join(folder, 'index.html'), '<!doctype html><title>dashboard</title>');
    await writeFile(join(folder, 'embed', 'board.js'), 'console.log("board")');
    const assets = new DashboardAssets(folder);
    server = createServer((req, res) => void assets.handle(req.method ?? 'GET', (req.url ?? '/').split('?')[0] ?? '/', res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });

  after(async () => {
    await new Promise((resolve) => server.close(resolve));
    await rm(folder, { recursive: true, force: true });
  });

  it('serves /embed/board.js as a script that is revalidated on every load', async () => {
    const response = await fetch(`${url}/embed/board.js`);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'text/javascript; charset=utf-8');
    assert.equal(response.headers.get('cache-control'), 'no-cache');
    assert.equal(await response.text(), 'console.log("board")');
  });

  it('answers a missing /embed/ file with 404 saying how to build it, and a page path with index.html', async () => {
    const missing = await fetch(`${url}/embed/board.css`);
    assert.equal(missing.status, 404);
    assert.match(await missing.text(), /npm run build --workspace dashboard/);
    const page = await fetch(`${url}/tasks/T-7`);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /<title>dashboard<\/title>/);
  });
});
