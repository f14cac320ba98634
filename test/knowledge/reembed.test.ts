/**
 * Changing the embedder re-embeds in the background with progress: entries embedded by the built-in
 * embedder are re-embedded by an OpenAI-compatible provider (a local fake) after a restart with the new
 * configuration — a job row, progress in /healthz and as events, the old space dropped when done.
 * A failing provider never loses an entry: it is saved, found by keyword, and embedded once the
 * provider is back (after a restart at the latest).
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigSchema, startServer, type ConfigInput, type RunningServer } from '@agent-coordinator/server';
import type { KnowledgeStatus, ReembedJob } from '@agent-coordinator/shared';
import { connect, type Client } from '../support/coordinator.ts';
import { startFakeEmbeddings, type FakeEmbeddings } from './fake-embeddings-server.ts';
import { QUESTIONS, SEED } from './seed.ts';
import { sqlText } from '../support/sql-text.ts';

const EXTRA = 20;

async function health(url: string): Promise<{ status: string; knowledge: KnowledgeStatus }> {
  const response = await fetch(`${url}/healthz`);
  assert.equal(response.status, 200);
  return (await response.json()) as { status: string; knowledge: KnowledgeStatus };
}

async function waitForJob(url: string, done: (job: ReembedJob) => boolean, what: string): Promise<ReembedJob> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const job = (await health(url)).knowledge.reembed;
    if (job && done(job)) return job;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(job)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('re-embedding when the embedder changes (pglite)', function () {
  let dataDir = '';
  let fake: FakeEmbeddings;
  let server: RunningServer | null = null;
  let connection: { client: Client; close(): void } | null = null;
  const backgroundErrors: string[] = [];

  const start = async (settings: Partial<ConfigInput>): Promise<Client> => {
    connection?.close();
    await server?.close();
    server = await startServer(ConfigSchema.parse({ port: 0, host: '127.0.0.1', dataDir, ...settings }), (error) =>
      backgroundErrors.push(error instanceof Error ? error.message : String(error)),
    );
    connection = connect(server.url);
    return connection.client;
  };
  const remote: Partial<ConfigInput> = {};

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'ac-reembed-'));
    fake = await startFakeEmbeddings(128);
    Object.assign(remote, { embeddingsUrl: fake.url, embeddingsModel: 'fake-embed', embeddingsDimensions: 128, embeddingsApiKey: 'sk-test-key' });
  });
  after(async () => {
    connection?.close();
    await server?.close();
    await fake.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('built-in embedder first: entries are embedded as they are added, no job needed', async () => {
    const client = await start({});
    for (const input of SEED) await client.add_knowledge.mutate(input);
    for (let i = 0; i < EXTRA; i++) await client.add_knowledge.mutate({ title: `Filler note ${i}`, body: `Nothing important number ${i}.`, tags: ['filler'] });
    const status = (await health(server?.url ?? '')).knowledge;
    assert.equal(status.space, 'hash1-256');
    assert.equal(status.reembed, null);
  });

  it('after a restart with an OpenAI-compatible provider, re-embeds everything in the background with progress', async () => {
    const client = await start(remote);
    const url = server?.url ?? '';
    const job = await waitForJob(url, (j) => j.status === 'done', 'the re-embedding to finish');
    const total = SEED.length + EXTRA;
    assert.equal(job.from_space, 'hash1-256');
    assert.match(job.to_space, /^oai-[0-9a-f]{10}-128$/);
    assert.equal(job.total, total);
    assert.equal(job.done, total);
    assert.ok(job.finished_at);

    const status = (await health(url)).knowledge;
    assert.equal(status.provider, `fake-embed at ${fake.url} (128 dims)`);
    assert.equal(JSON.stringify(status).includes('sk-test-key'), false, 'the key is never shown');

    // Progress was announced batch by batch (32 per batch): 0, 32, 40, then done.
    const events = await client.list_events.query({ after: 0, limit: 1000 });
    const progress = events.flatMap((e) => (e.type === 'knowledge.reembed_progress' && e.job.job_id === job.job_id ? [`${e.job.status} ${e.job.done}/${e.job.total}`] : []));
    assert.deepEqual(progress, [`running 0/${total}`, `running 32/${total}`, `running ${total}/${total}`, `done ${total}/${total}`]);

    assert.ok(fake.requests.length >= 2);
    assert.ok(fake.requests.every((r) => r.authorization === 'Bearer sk-test-key' && r.model === 'fake-embed'));

    const spaces = await sqlText<{ space: string }>(server!.coordinator.database, `select distinct space from knowledge_embeddings`);
    assert.deepEqual(spaces?.map((r) => r.space), [job.to_space], 'the old space is dropped');
    const indexes = await sqlText<{ indexname: string }>(server!.coordinator.database, `select indexname from pg_indexes where tablename = 'knowledge_embeddings' and indexname <> 'knowledge_embeddings_pkey'`);
    assert.deepEqual(indexes?.map((r) => r.indexname), [`knowledge_embeddings_${job.to_space.replaceAll('-', '_')}`]);

    for (const { query, expected } of QUESTIONS.slice(0, 3)) {
      const result = await client.search_knowledge.query({ query });
      assert.equal(result.notice, null);
      assert.equal(result.results[0]?.entry.title, expected, query);
    }
  });

  it('a restart with the same configuration starts no new job', async () => {
    const before = (await health(server?.url ?? '')).knowledge.reembed;
    await start(remote);
    const status = (await health(server?.url ?? '')).knowledge;
    assert.equal(status.reembed, null, `no job in this process: ${JSON.stringify(status.reembed)} (was ${before?.job_id ?? '-'})`);
  });

  it('a failing provider: the entry is saved and found by keyword, then embedded when the provider is back', async () => {
    fake.mode = 'fail';
    let client = await start(remote);
    const added = await client.add_knowledge.mutate({ kind: 'gotcha', title: 'Certificates expire silently', body: 'The staging TLS certificate is not auto-renewed; renew it by hand every ninety days.' });
    assert.match(added.warnings?.[0] ?? '', /^not embedded yet \(embeddings request to .* failed: HTTP 503 .*\): found by keyword now/);
    const failed = await waitForJob(server?.url ?? '', (j) => j.status === 'failed', `the job to fail (${backgroundErrors.join(' | ')})`);
    assert.match(failed.error ?? '', /HTTP 503/);
    assert.ok(backgroundErrors.some((e) => /knowledge re-embedding into oai-.* failed/.test(e)));

    const hybrid = await client.search_knowledge.query({ query: 'staging certificate renewal' });
    assert.equal(hybrid.mode, 'keyword');
    assert.match(hybrid.notice ?? '', /the query could not be embedded .* keyword results only/);
    assert.equal(hybrid.results[0]?.entry.key, added.key);

    fake.mode = 'ok';
    client = await start(remote);
    const done = await waitForJob(server?.url ?? '', (j) => j.status === 'done', 'the resumed job to finish');
    assert.equal(done.job_id, failed.job_id, 'the failed job is resumed');
    const semantic = await client.search_knowledge.query({ query: 'staging certificate renewal', mode: 'semantic', k: 1 });
    assert.equal(semantic.results[0]?.entry.key, added.key);
  });

  it('a bad embeddings configuration stops the start with a message naming the settings', async () => {
    connection?.close();
    await server?.close();
    server = null;
    await assert.rejects(start({ embeddingsUrl: fake.url }), /COORDINATOR_EMBEDDINGS_URL is set, so COORDINATOR_EMBEDDINGS_MODEL/);
  });
});
