/**
 * The REST API under /api: `/api/v1/…` runs the tool catalogue's operations, `/api/openapi.json` is their
 * OpenAPI document, `/api/docs` the reference page. Authenticated like every transport (Bearer token and
 * project header; local mode needs none), failures answered as problem details.
 *
 * Stateless: the acting agent is `agent_id` in the input, else the X-Coordinator-Agent header; there is
 * no session that remembers it. A request with a body must say `Content-Type: application/json`: a
 * browser cannot send that to another origin without asking first, which the server never grants, so a
 * web page cannot drive a local coordinator behind its user's back.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { CoordinatorError } from '@agent-coordinator/shared';
import type { Services } from '../coordinator.ts';
import { readLimitedBody, sendJson, TOO_LARGE_MESSAGE } from '../http/body.ts';
import type { PresentedCredentials } from '../http/credentials.ts';
import { match, type Operation } from './operations.ts';
import { openApiDocument } from './openapi.ts';
import { problemFor, problemOf, sendProblem } from './problem.ts';
import { requestInput } from './request-input.ts';
import { AGENT_HEADER, API_PREFIX } from './routes.ts';
import { API_DOCS_FOLDER } from './api-docs-folder.ts';

export class RestApi {
  readonly #services: Services;
  readonly #onInternalError: (error: unknown) => void;
  #docsPage: Promise<Buffer> | null = null;

  constructor(services: Services, onInternalError: (error: unknown) => void) {
    this.#services = services;
    this.#onInternalError = onInternalError;
  }

  /** Answers a request whose path starts with /api/. */
  async handle(req: IncomingMessage, res: ServerResponse, presented: PresentedCredentials): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    try {
      if (url.pathname.startsWith(`${API_PREFIX}/`)) return await this.#operation(req, res, url, presented);
      if (url.pathname === '/api/openapi.json' && req.method === 'GET') return this.#document(req, res);
      if ((url.pathname === '/api/docs' || url.pathname === '/api/docs/') && req.method === 'GET') return await this.#page(res);
      sendProblem(res, problemOf(new CoordinatorError('NOT_FOUND', `no API route ${req.method} ${url.pathname}: the operations are listed in /api/openapi.json and /api/docs`)));
    } catch (error) {
      sendProblem(res, problemFor(error, this.#onInternalError));
    }
  }

  async #operation(req: IncomingMessage, res: ServerResponse, url: URL, presented: PresentedCredentials): Promise<void> {
    const found = match(req.method ?? 'GET', url.pathname.slice(API_PREFIX.length));
    if (found.kind === 'none') {
      return sendProblem(res, problemOf(new CoordinatorError('NOT_FOUND', `no REST operation at ${url.pathname}: see /api/openapi.json for every path`)));
    }
    if (found.kind === 'wrong-method') {
      const allow = found.allowed.join(', ');
      return sendProblem(res, problemOf(new CoordinatorError('VALIDATION', `${url.pathname} does not take ${req.method}: use ${allow}`), 405), { allow });
    }
    const identity = await this.#services.auth.identify(presented.token, presented.clientAddress);
    const actor = this.#services.auth.actorFor(identity, presented.project);
    const body = await this.#body(req, res, found.operation);
    if (body === null) return;
    const input = requestInput(found.operation, body, url.searchParams, found.params);
    const agentHeader = req.headers[AGENT_HEADER];
    const agentId = typeof agentHeader === 'string' && agentHeader !== '' ? agentHeader : undefined;
    // A client that hangs up before the answer (a waiting lock_files) aborts the operation.
    const gone = new AbortController();
    res.once('close', () => {
      if (!res.writableFinished) gone.abort();
    });
    const result = await found.operation.handler(this.#services, { actor, agentId }, input, gone.signal);
    sendJson(res, 200, result);
  }

  /** The JSON body (undefined when there is none), or null after answering with a problem. */
  async #body(req: IncomingMessage, res: ServerResponse, operation: Operation): Promise<unknown> {
    const hasBody = req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
    if (!hasBody || operation.route.method === 'GET') return undefined;
    const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
    if (type !== 'application/json') {
      const wrongType = new CoordinatorError('VALIDATION', `${operation.name}: send the body as JSON with Content-Type: application/json (got ${type || 'none'})`, [
        { field: '(input)', message: 'Content-Type must be application/json' },
      ]);
      sendProblem(res, problemOf(wrongType, 415));
      return null;
    }
    const raw = await readLimitedBody(req, () => sendProblem(res, problemOf(new CoordinatorError('VALIDATION', `${operation.name}: ${TOO_LARGE_MESSAGE}`), 413)));
    if (raw === null) return null;
    if (raw.length === 0) return undefined;
    try {
      return JSON.parse(raw.toString('utf8'));
    } catch {
      throw new CoordinatorError('VALIDATION', `${operation.name}: the request body is not valid JSON — send a JSON object of the input fields`, [
        { field: '(input)', message: 'not valid JSON' },
      ]);
    }
  }

  #document(req: IncomingMessage, res: ServerResponse): void {
    const { json, etag } = openApiDocument();
    const headers = { etag, 'cache-control': 'no-cache' };
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, headers);
      res.end();
      return;
    }
    res.writeHead(200, { ...headers, 'content-type': 'application/json' });
    res.end(json);
  }

  async #page(res: ServerResponse): Promise<void> {
    // Read once; a failed read (a bundle shipped without the folder) is retried on the next request.
    this.#docsPage ??= readFile(join(API_DOCS_FOLDER, 'index.html')).catch((error: unknown) => {
      this.#docsPage = null;
      throw error;
    });
    const page = await this.#docsPage;
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache' });
    res.end(page);
  }
}
