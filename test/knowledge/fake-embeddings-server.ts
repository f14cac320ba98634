/**
 * A tiny OpenAI-compatible `/embeddings` endpoint for the tests of our provider and of re-embedding:
 * it answers with vectors of the built-in hashing embedder (so search still ranks sensibly), records
 * every request, and can be told to fail or to answer with the wrong length.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HashingEmbedder } from '../../server/src/embeddings/hashing-embedder.ts';

export interface RecordedRequest {
  readonly path: string;
  readonly authorization: string | undefined;
  readonly model: string;
  readonly input: readonly string[];
}

export interface FakeEmbeddings {
  /** Base URL to configure (`http://127.0.0.1:PORT/v1`). */
  readonly url: string;
  readonly requests: RecordedRequest[];
  /** `ok`, `fail` (HTTP 503), or a vector length to answer with instead of the real one. */
  mode: 'ok' | 'fail' | number;
  /** Answer in reverse order with `index` set (clients must sort by index). */
  shuffle: boolean;
  close(): Promise<void>;
}

export async function startFakeEmbeddings(dimensions: number): Promise<FakeEmbeddings> {
  const embedder = new HashingEmbedder(dimensions);
  const requests: RecordedRequest[] = [];
  const fake: FakeEmbeddings = {
    url: '',
    requests,
    mode: 'ok',
    shuffle: false,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
    req.on('end', () => {
      const body = JSON.parse(raw || '{}') as { model?: string; input?: string[] };
      const input = body.input ?? [];
      requests.push({ path: req.url ?? '', authorization: req.headers.authorization, model: body.model ?? '', input });
      res.setHeader('content-type', 'application/json');
      if (req.method !== 'POST' || req.url !== '/v1/embeddings') {
        res.statusCode = 404;
        res.end(JSON.stringify({ error: { message: `no route ${req.method} ${req.url}` } }));
        return;
      }
      if (fake.mode === 'fail') {
        res.statusCode = 503;
        res.end(JSON.stringify({ error: { message: 'model is loading' } }));
        return;
      }
      const length = typeof fake.mode === 'number' ? fake.mode : dimensions;
      const data = input.map((text, index) => ({ object: 'embedding', index, embedding: Array.from(embedder.embedOne(text)).slice(0, length) }));
      res.end(JSON.stringify({ object: 'list', model: body.model, data: fake.shuffle ? data.reverse() : data }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return Object.assign(fake, { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1` });
}
