/**
 * Knowledge on a PostgreSQL without pgvector (the machine's PostgreSQL 15): the server starts and says
 * at startup and in /healthz that semantic search is unavailable and how to enable it; keyword search,
 * knowledge CRUD, duplicate advice and everything else work; semantic-only search is refused with a
 * message that says how to enable it.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import pg from 'pg';
import { useCoordinator, type Client } from '../support/coordinator.ts';
import { provisionPostgres, type PostgresHandle } from '../support/postgres.ts';
import { rejectsWith } from '../support/errors.ts';
import { CLI_MAIN } from '../mcp/mcp-client.ts';
import { SEED } from './seed.ts';

/** True when this server can create the vector extension (then this suite's premise does not hold). */
async function hasPgvector(url: string): Promise<boolean> {
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  try {
    return (await db.query(`select 1 from pg_available_extensions where name = 'vector'`)).rowCount === 1;
  } finally {
    await db.end();
  }
}

describe('knowledge on postgresql without pgvector', function () {
  const env = useCoordinator('postgresql');
  let client: Client;

  before(async function () {
    if (await hasPgvector(env.coordinator.storage.databaseUrl ?? '')) this.skip();
    client = env.client();
    for (const input of SEED) await client.add_knowledge.mutate(input);
  });

  it('/healthz is 200 ok and says semantic search is unavailable, why, and how to enable it', async () => {
    const response = await fetch(`${env.url}/healthz`);
    assert.equal(response.status, 200);
    const body = (await response.json()) as { status: string; knowledge: { semantic: boolean; reason: string; how_to_enable: string; reembed: unknown } };
    assert.equal(body.status, 'ok');
    assert.equal(body.knowledge.semantic, false);
    assert.match(body.knowledge.reason, /no pgvector extension/);
    assert.match(body.knowledge.how_to_enable, /apt install postgresql-\d+-pgvector.*pgvector\/pgvector:pg\d+.*restart the coordinator/);
    assert.equal(body.knowledge.reembed, null);
  });

  it('hybrid search degrades to keyword search, says so, and still ranks the right entry first', async () => {
    const result = await client.search_knowledge.query({ query: 'webhook handler called twice for the same payment' });
    assert.equal(result.mode, 'keyword');
    assert.equal(result.semantic_available, false);
    assert.match(result.notice ?? '', /semantic search is unavailable: .*no pgvector.* keyword results only\. To enable: install pgvector/);
    assert.equal(result.results[0]?.entry.title, 'The payment webhook retries up to five times');
    assert.equal(result.results[0]?.semantic_score, null);
    assert.ok((result.results[0]?.keyword_score ?? 0) > 0);
    const quoted = await client.search_knowledge.query({ query: '"full text" -elasticsearchx', mode: 'keyword' });
    assert.equal(quoted.results[0]?.entry.title, 'Search uses PostgreSQL full text instead of Elasticsearch');
  });

  it('semantic-only search is refused as UNAVAILABLE with how to enable it', async () => {
    await rejectsWith(client.search_knowledge.query({ query: 'login session', mode: 'semantic' }), 'UNAVAILABLE', {
      message: /semantic search is unavailable on this database: .*pgvector.*To enable: install pgvector.*Use mode keyword/,
    });
  });

  it('add, update, list, delete work (nothing is embedded)', async () => {
    const added = await client.add_knowledge.mutate({ kind: 'decision', title: 'Keep the coordinator stateless', body: 'All state lives in PostgreSQL so replicas can scale out.', tags: ['scale'] });
    assert.equal(added.warnings, undefined);
    const updated = await client.update_knowledge.mutate({ knowledge_id: added.key, body: 'All state lives in PostgreSQL; replicas share it through NATS events.' });
    assert.match(updated.body, /NATS/);
    const found = await client.search_knowledge.query({ query: 'replicas NATS' });
    assert.equal(found.results[0]?.entry.key, added.key);
    assert.deepEqual((await client.list_knowledge.query({ tag: 'scale' })).map((e) => e.key), [added.key]);
    await client.delete_knowledge.mutate({ knowledge_id: added.key });
    assert.deepEqual(await client.list_knowledge.query({ tag: 'scale' }), []);
  });

  it('duplicate advice does not need pgvector; tasks, claims and locks work as always', async () => {
    const agent = await client.register_agent.mutate({ name: 'pg-worker' });
    const first = await client.create_task.mutate({ title: 'Rotate the API signing keys', files: ['src/keys.ts'] });
    const second = await client.create_task.mutate({ title: 'Rotate API signing keys' });
    assert.match(second.warnings?.[0] ?? '', new RegExp(`^possible duplicate of ${first.key} `));
    const unrelated = await client.create_task.mutate({ title: 'Document the onboarding flow' });
    assert.equal(unrelated.warnings, undefined);
    const claimed = await client.get_next_task.mutate({ agent_id: agent.agent_id });
    assert.equal(claimed.task?.key, first.key);
    assert.deepEqual(claimed.locks.map((l) => l.path), ['src/keys.ts']);
    const done = await client.complete_task.mutate({ task_id: first.key, agent_id: agent.agent_id });
    assert.equal(done.status, 'done');
  });
});

describe('agent-coordinator serve on postgresql without pgvector', function () {
  let pgHandle: PostgresHandle | null = null;
  before(async function () {
    this.timeout(120_000);
    pgHandle = await provisionPostgres();
    if (!pgHandle || (await hasPgvector(pgHandle.url))) this.skip();
  });
  after(() => pgHandle?.drop());

  it('says at startup that knowledge search is unavailable and how to enable it', async function () {
    this.timeout(60_000);
    const url = pgHandle?.url ?? '';
    const child = execFile(process.execPath, [CLI_MAIN, 'serve', '--database-url', url, '--port', '0']);
    let stderr = '';
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no startup line in time: ${stderr}`)), 45_000);
        child.stderr?.on('data', (chunk: Buffer) => {
          stderr += chunk.toString();
          if (/knowledge: .*\n/.test(stderr)) {
            clearTimeout(timer);
            resolve();
          }
        });
        child.on('exit', (code) => reject(new Error(`serve exited with ${String(code)}: ${stderr}`)));
      });
    } finally {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    }
    assert.match(stderr, /listening on http:\/\/127\.0\.0\.1:\d+ \(PostgreSQL/);
    assert.match(stderr, /knowledge: semantic search UNAVAILABLE — the PostgreSQL server has no pgvector extension .* Keyword search and everything else work\. To enable: install pgvector/);
  });
});
