/**
 * The server container without a Docker engine: the Dockerfile and docker-compose.yml are read, and the
 * server is started exactly as the container's command would start it (same entry point, same
 * environment; only the addresses of PostgreSQL and NATS and the port and address to bind replaced).
 * The image's HEALTHCHECK command passes against it, its logs are structured JSON, and SIGTERM drains
 * and exits 0. The recipe itself is checked for what the issue asks: multi-stage, non-root, a
 * healthcheck; compose with PostgreSQL+pgvector, NATS 2.10+ with JetStream, two replicas behind one port.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import { connect } from '../support/coordinator.ts';
import { provisionPostgres, type PostgresHandle } from '../support/postgres.ts';
import { REPO_ROOT, readContainerRecipe, type ContainerRecipe } from './support/container.ts';
import { startNatsServer, startReplica, type NatsServer, type Replica } from './support/processes.ts';

const run = promisify(execFile);

describe('the server container', function () {
  this.timeout(120_000);
  let recipe: ContainerRecipe;
  let database: PostgresHandle | null = null;
  let nats: NatsServer | null = null;
  let server: Replica | null = null;

  before(async () => {
    recipe = await readContainerRecipe();
  });
  after(async () => {
    await server?.kill('SIGKILL');
    await nats?.remove();
    await database?.drop();
  });

  it('is a small multi-stage, non-root image with a healthcheck, run by compose with its dependencies', async () => {
    const dockerfile = await readFile(`${REPO_ROOT}Dockerfile`, 'utf8');
    assert.ok((dockerfile.match(/^FROM /gm) ?? []).length >= 2, 'multi-stage');
    // Built as a release is (npm run package), and the image holds only the installed tarball.
    assert.match(dockerfile, /RUN npm run package\b/, 'the build stage packs the CLI package');
    assert.match(dockerfile, /npm install -g [^\n]*agent-coordinator-\*\.tgz/, 'the final stage installs the tarball');
    assert.doesNotMatch(dockerfile.slice(dockerfile.lastIndexOf('\nFROM ')), /COPY (server|shared)\b|node_modules/, 'no sources or build dependencies in the image');
    assert.ok(recipe.user && recipe.user !== 'root' && recipe.user !== '0', 'runs as a non-root user');
    assert.deepEqual(recipe.command, ['agent-coordinator', 'serve']);
    assert.equal(recipe.env['HOST'], '0.0.0.0');
    const ignore = await readFile(`${REPO_ROOT}.dockerignore`, 'utf8');
    for (const excluded of ['**/node_modules', '.git']) assert.ok(ignore.includes(excluded), `.dockerignore leaves out ${excluded}`);

    const compose = parse(await readFile(`${REPO_ROOT}docker-compose.yml`, 'utf8')) as { services: Record<string, { image?: string; command?: string[]; ports?: string[]; environment?: Record<string, string> }> };
    const { services } = compose;
    assert.match(services['postgres']?.image ?? '', /^pgvector\/pgvector:/, 'PostgreSQL with pgvector');
    const natsImage = /^nats:(\d+)\.(\d+)/.exec(services['nats']?.image ?? '');
    assert.ok(natsImage && (Number(natsImage[1]) > 2 || Number(natsImage[2]) >= 10), 'NATS 2.10+');
    assert.ok(services['nats']?.command?.includes('--jetstream'), 'with JetStream');
    const replicas = Object.entries(services).filter(([, s]) => s.environment?.['NATS_URL'] && s.environment['DATABASE_URL']);
    assert.equal(replicas.length, 2, 'two coordinator replicas');
    const published = Object.values(services).flatMap((s) => s.ports ?? []);
    assert.deepEqual(published, ['7421:7421'], 'one port in front of them');
    // Bound to 0.0.0.0 the server refuses to start without accounts: compose insists on the first admin.
    assert.deepEqual(recipe.operatorSupplied, ['COORDINATOR_ADMIN_PASSWORD']);
    assert.match(services['coordinator-1']?.environment?.['COORDINATOR_ADMIN_PASSWORD'] ?? '', /^\$\{COORDINATOR_ADMIN_PASSWORD:\?.+\}$/);
  });

  it("starts as the container's command does, passes its healthcheck, logs JSON and drains on SIGTERM", async function () {
    database = await provisionPostgres();
    nats = await startNatsServer();
    if (!database || !nats) return this.skip();
    server = await startReplica(recipe, { name: 'container', databaseUrl: database.url, natsUrl: nats.url });
    for (const [key, value] of Object.entries(recipe.env)) {
      if (!['DATABASE_URL', 'NATS_URL', 'HOST', 'PORT'].includes(key)) assert.equal(server.env[key], value, `${key} as in the image`);
    }

    const [program = 'node', ...args] = recipe.healthcheck;
    const health = await run(program === 'node' ? process.execPath : program, args, { env: { ...server.env }, timeout: 10_000 }).then(
      () => 0,
      (error: { code?: number }) => error.code ?? 1,
    );
    assert.equal(health, 0, 'the HEALTHCHECK command passes');
    const ready = (await (await fetch(`${server.url}/readyz`)).json()) as { status: string; database: string; nats: string };
    assert.deepEqual([ready.status, ready.database, ready.nats], ['ready', 'up', 'up']);

    const { client, close } = connect(server.url);
    const agent = await client.register_agent.mutate({ name: 'in-the-container' });
    assert.ok(agent.agent_id);
    close();

    assert.equal(await server.kill('SIGTERM'), 0, 'SIGTERM drains and exits 0');
    const lines = server.logLines.filter((l) => l.trim() !== '');
    assert.ok(lines.length >= 3);
    for (const line of lines) {
      const entry = JSON.parse(line) as Record<string, unknown>;
      assert.ok(typeof entry['time'] === 'string' && typeof entry['level'] === 'string' && typeof entry['msg'] === 'string', `structured: ${line}`);
    }
    assert.ok(lines.some((l) => /listening on/.test(l)) && lines.some((l) => /stopped/.test(l)));
  });
});
