/**
 * Rate limits hold across replicas: two coordinators on one PostgreSQL (as behind a load balancer) count
 * the same attempts. Wrong logins for one account, alternating between the two, are refused once the
 * account's limit (10 a minute) is passed in all — with per-replica counters they never would be, each
 * replica seeing only half of them. Windows that ended long ago are swept away.
 */
import assert from 'node:assert/strict';
import { ConfigSchema, startServer, type RunningServer } from '@agent-coordinator/server';
import { connect, useCoordinator, type Client } from '../support/coordinator.ts';
import { rejectsWith } from '../support/errors.ts';
import { sqlText } from '../support/sql-text.ts';

const ADMIN = { name: 'root', password: 'correct horse battery staple' };

describe('rate limits across replicas (postgresql)', function () {
  const ctx = useCoordinator('postgresql', { adminName: ADMIN.name, adminPassword: ADMIN.password });

  // Nested, so that the second replica closes before the first one's database is dropped.
  describe('with a second replica on the same database', function () {
    let second: RunningServer;
    const closers: (() => void)[] = [];
    const anonymousAt = (url: string): Client => {
      const connection = connect(url);
      closers.push(connection.close);
      return connection.client;
    };

    before(async () => {
      const databaseUrl = ctx.coordinator.storage.databaseUrl;
      assert.ok(databaseUrl, 'the PostgreSQL suite has a database URL');
      second = await startServer(ConfigSchema.parse({ port: 0, host: '127.0.0.1', databaseUrl }));
    });
    after(async () => {
      closers.forEach((close) => close());
      await second?.close();
    });

    it('counts wrong logins for an account on every replica together', async () => {
      const replicas = [anonymousAt(ctx.url), anonymousAt(second.url)];
      const outcomes: string[] = [];
      for (let attempt = 0; attempt < 12; attempt++) {
        try {
          await replicas[attempt % 2]?.login.mutate({ name: ADMIN.name, password: `wrong guess ${attempt}` });
          outcomes.push('accepted');
        } catch (error) {
          outcomes.push(error instanceof Error && /too many attempts/.test(error.message) ? 'limited' : 'refused');
        }
      }
      assert.deepEqual(outcomes, [...Array<string>(10).fill('refused'), 'limited', 'limited']);
      // The limit is the account's: the right password is refused too until the window ends, on either replica.
      await rejectsWith(anonymousAt(ctx.url).login.mutate(ADMIN), 'RATE_LIMITED', { message: /wait \d+ s/ });
    });

    it('keeps the counters small: a sweep deletes windows that ended long ago and keeps the current ones', async () => {
      const core = ctx.coordinator.server.coordinator;
      await sqlText(core.database, `insert into rate_limit_windows (scope, key, window_start, count) values ('login/address', 'old', now() - interval '2 hours', 3)`);
      await core.sweeper.sweep();
      const left = await sqlText(core.database, `select key from rate_limit_windows where scope = 'login/account'`);
      assert.deepEqual(left.map((row) => row['key']), [ADMIN.name]);
      assert.deepEqual(await sqlText(core.database, `select key from rate_limit_windows where key = 'old'`), []);
    });
  });
});
