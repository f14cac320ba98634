/**
 * The embedders on their own: the built-in feature hashing embedder (deterministic, unit length,
 * lexical similarity) and the OpenAI-compatible provider against a local fake endpoint (request shape,
 * bearer key, batching, order by index, errors that say what to fix and never show the key).
 */
import assert from 'node:assert/strict';
import { HashingEmbedder, fold, words } from '../../server/src/embeddings/hashing-embedder.ts';
import { OpenAiEmbedder } from '../../server/src/embeddings/openai-embedder.ts';
import { embeddingProvider } from '../../server/src/embeddings/embedding-setup.ts';
import { cosine } from '../../server/src/embeddings/embedding-provider.ts';
import { startFakeEmbeddings, type FakeEmbeddings } from './fake-embeddings-server.ts';

const norm = (v: Float32Array): number => Math.sqrt(v.reduce((s, x) => s + x * x, 0));

describe('built-in hashing embedder', () => {
  const embedder = new HashingEmbedder();

  it('is deterministic, 256-dimensional by default and unit length', () => {
    const a = embedder.embedOne('Use advisory locks for glob overlap');
    const b = new HashingEmbedder().embedOne('Use advisory locks for glob overlap');
    assert.equal(a.length, 256);
    assert.deepEqual(a, b);
    assert.ok(Math.abs(norm(a) - 1) < 1e-6);
    assert.equal(embedder.space, 'hash1-256');
    assert.equal(new HashingEmbedder(64).embedOne('x y z').length, 64);
    assert.equal(norm(embedder.embedOne('the of and')), 0, 'stop words only: zero vector');
  });

  it('splits identifiers, drops stop words and folds inflections', () => {
    assert.deepEqual(words('The parseTaskInput of lock_space in HTTPServer'), ['parse', 'task', 'input', 'lock', 'space', 'http', 'server']);
    assert.equal(fold('migrations'), fold('migration'));
    assert.equal(fold('retries'), 'retry');
    assert.equal(fold('expired'), fold('expires'));
  });

  it('scores near-duplicates above unrelated texts', () => {
    const s = (a: string, b: string): number => cosine(embedder.embedOne(a), embedder.embedOne(b));
    const near = s('Fix login session expiry', 'Fix the login session expiring too early');
    const unrelated = s('Fix login session expiry', 'Add dark mode to the settings page');
    assert.ok(near > 0.5, `near ${near}`);
    assert.ok(unrelated < 0.2, `unrelated ${unrelated}`);
    assert.ok(s('thumbnails', 'thumbnales') > 0.15, 'misspellings share trigrams');
  });
});

describe('OpenAI-compatible embedder', () => {
  let fake: FakeEmbeddings;
  beforeEach(async () => {
    fake = await startFakeEmbeddings(32);
  });
  afterEach(() => fake.close());

  it('POSTs {model, input} to {url}/embeddings with the bearer key, in batches of 64, ordered by index', async () => {
    fake.shuffle = true;
    const embedder = new OpenAiEmbedder({ url: `${fake.url}/`, model: 'fake-embed', dimensions: 32, apiKey: 'sk-secret' });
    const texts = Array.from({ length: 70 }, (_, i) => `text number ${i} about topic ${i % 7}`);
    const vectors = await embedder.embed(texts);
    assert.equal(vectors.length, 70);
    assert.deepEqual(fake.requests.map((r) => r.input.length), [64, 6]);
    for (const r of fake.requests) {
      assert.equal(r.path, '/v1/embeddings');
      assert.equal(r.authorization, 'Bearer sk-secret');
      assert.equal(r.model, 'fake-embed');
    }
    const reference = new HashingEmbedder(32);
    assert.ok(cosine(vectors[5] ?? new Float32Array(32), reference.embedOne(texts[5] ?? '')) > 0.999, 'vector 5 belongs to text 5');
    assert.match(embedder.space, /^oai-[0-9a-f]{10}-32$/);
    assert.equal(embedder.description, 'fake-embed at ' + fake.url + ' (32 dims)');
  });

  it('sends no Authorization header without a key', async () => {
    await new OpenAiEmbedder({ url: fake.url, model: 'm', dimensions: 32 }).embed(['a']);
    assert.equal(fake.requests[0]?.authorization, undefined);
  });

  it('fails with the HTTP status and the server message, never the key', async () => {
    fake.mode = 'fail';
    const embedder = new OpenAiEmbedder({ url: fake.url, model: 'm', dimensions: 32, apiKey: 'sk-secret' });
    await assert.rejects(embedder.embed(['a']), (error: Error) => {
      assert.match(error.message, /embeddings request to http:\/\/127\.0\.0\.1:\d+\/v1\/embeddings \(model m\) failed: HTTP 503 .*model is loading/);
      assert.doesNotMatch(error.message, /sk-secret/);
      return true;
    });
  });

  it('refuses vectors of another length than configured, saying which setting to change', async () => {
    fake.mode = 16;
    await assert.rejects(new OpenAiEmbedder({ url: fake.url, model: 'm', dimensions: 32 }).embed(['a']), /returned vectors of 16 dimensions, but COORDINATOR_EMBEDDINGS_DIMENSIONS is 32: set it to 16/);
  });

  it('reports an unreachable endpoint', async () => {
    await fake.close();
    await assert.rejects(new OpenAiEmbedder({ url: fake.url, model: 'm', dimensions: 32, timeoutMs: 2_000 }).embed(['a']), /embeddings request to .* failed: /);
    fake = await startFakeEmbeddings(32);
  });

  it('is chosen by configuration: URL, model and dimensions together', () => {
    assert.ok(embeddingProvider({}) instanceof HashingEmbedder);
    assert.equal(embeddingProvider({ embeddingsDimensions: 128 }).dimensions, 128);
    assert.ok(embeddingProvider({ embeddingsUrl: fake.url, embeddingsModel: 'm', embeddingsDimensions: 8 }) instanceof OpenAiEmbedder);
    assert.throws(() => embeddingProvider({ embeddingsUrl: fake.url }), /COORDINATOR_EMBEDDINGS_URL is set, so COORDINATOR_EMBEDDINGS_MODEL .* and COORDINATOR_EMBEDDINGS_DIMENSIONS .* must be set too/);
  });
});
