/**
 * The dashboard's static files at `/`: hashed assets (`/assets/…`) cached for a year as immutable,
 * index.html never cached, and any other path that is not a file answered with index.html, so the page's
 * own paths (/agents, /tasks/T-7) load after a reload. `/embed/board.js` and `/embed/board.css` are the
 * board alone for the VS Code panel (dashboard/vite.embed.config.ts): not hashed, so never cached, and a
 * missing file under /embed/ is a 404 (the panel says the board is not built) rather than index.html.
 * When the dashboard was not built, `/` says how to build it. The Host/Origin check (request-origin.ts) has already run in http-server.ts.
 */
import { readFile, stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { DASHBOARD_FOLDER } from './dashboard-folder.ts';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

const NOT_BUILT = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Agent Coordinator</title></head><body>
<h1>The dashboard is not built</h1>
<p>Build it once with <code>npm run build --workspace dashboard</code> (or <code>npx turbo run build</code>) and reload.
The APIs are up meanwhile: <a href="/api/docs">/api/docs</a>, <code>/trpc</code>, <code>/mcp</code>.</p></body></html>`;

const SECURITY_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  // Everything the page loads comes from this origin: no CDN, no web fonts.
  'Content-Security-Policy': "default-src 'self'; connect-src 'self' ws: wss:; img-src 'self' data:; style-src 'self'; frame-ancestors 'none'",
} as const;

export class DashboardAssets {
  readonly #folder: string;

  constructor(folder: string = DASHBOARD_FOLDER) {
    this.#folder = folder;
  }

  /** Answers a GET or HEAD for `path` (already stripped of its query). */
  async handle(method: string, path: string, res: ServerResponse): Promise<void> {
    if (method !== 'GET' && method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' }).end('the dashboard answers GET and HEAD only');
      return;
    }
    const file = await this.#resolve(path);
    if (file === null) {
      if (path.startsWith('/embed/')) return send(res, method, 404, 'text/plain; charset=utf-8', 'no-store', Buffer.from(`${path} is not built: npm run build --workspace dashboard`));
      const index = await readIfFile(join(this.#folder, 'index.html'));
      if (index === null) return send(res, method, 404, 'text/html; charset=utf-8', 'no-store', Buffer.from(NOT_BUILT));
      return send(res, method, 200, 'text/html; charset=utf-8', 'no-cache', index);
    }
    const hashed = path.startsWith('/assets/');
    send(res, method, 200, CONTENT_TYPES[extname(file.path)] ?? 'application/octet-stream', hashed ? 'public, max-age=31536000, immutable' : 'no-cache', file.body);
  }

  /** The file a path names inside the folder, or null (missing, a folder, or outside it). */
  async #resolve(path: string): Promise<{ readonly path: string; readonly body: Buffer } | null> {
    let decoded: string;
    try {
      decoded = decodeURIComponent(path);
    } catch {
      return null;
    }
    if (decoded === '/' || decoded.includes('\0')) return null;
    const full = normalize(join(this.#folder, decoded));
    if (!full.startsWith(this.#folder.endsWith(sep) ? this.#folder : this.#folder + sep)) return null;
    const body = await readIfFile(full);
    return body === null ? null : { path: full, body };
  }
}

async function readIfFile(path: string): Promise<Buffer | null> {
  try {
    if (!(await stat(path)).isFile()) return null;
    return await readFile(path);
  } catch {
    return null;
  }
}

function send(res: ServerResponse, method: string, status: number, type: string, cache: string, body: Buffer): void {
  res.writeHead(status, { 'Content-Type': type, 'Content-Length': body.length, 'Cache-Control': cache, ...SECURITY_HEADERS });
  res.end(method === 'HEAD' ? undefined : body);
}
