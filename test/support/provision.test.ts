import assert from 'node:assert/strict';
import pg from 'pg';
import { isPortOpen } from './free-port.ts';
import { provisionNats, type NatsHandle } from './nats.ts';
import { provisionPostgres, type PostgresHandle } from './postgres.ts';

describe('test support', () => {
  describe('provisionPostgres', () => {
    let first: PostgresHandle | null = null;
    let second: PostgresHandle | null = null;

    before(async function () {
      first = await provisionPostgres();
      if (!first) return this.skip();
      second = await provisionPostgres();
    });

    after(async () => {
      await first?.drop();
      await second?.drop();
    });

    it('gives each caller its own empty database', async () => {
      assert.ok(first && second);
      assert.notEqual(first.url, second.url);
      const client = new pg.Client({ connectionString: first.url });
      await client.connect();
      try {
        const { rows } = await client.query<{ name: string }>('SELECT current_database() AS name');
        assert.match(rows[0]?.name ?? '', /^ac_test_[0-9a-f]+$/);
      } finally {
        await client.end();
      }
    });

    it('drops the database even while a connection is open', async () => {
      assert.ok(second);
      const client = new pg.Client({ connectionString: second.url });
      client.on('error', () => {}); // the forced drop terminates this connection
      await client.connect();
      const { url } = second;
      await second.drop();
      second = null;
      await client.end().catch(() => {});
      const after = new pg.Client({ connectionString: url });
      await assert.rejects(after.connect(), /does not exist/);
      await after.end().catch(() => {});
    });
  });

  describe('provisionNats', () => {
    let nats: NatsHandle | null = null;

    before(async function () {
      nats = await provisionNats();
      if (!nats) this.skip();
    });

    after(() => nats?.stop());

    it('gives a reachable server URL', async () => {
      assert.ok(nats);
      const url = new URL(nats.url);
      assert.equal(await isPortOpen(url.hostname, Number(url.port || 4222)), true);
    });
  });
});
