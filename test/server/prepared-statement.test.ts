/**
 * Prepared typed statements (server/src/db/prepared-statement.ts): built and compiled once, then run with
 * new values bound where the placeholders were — several placeholders, a list, a value used twice — with
 * rows read by the entities' column types, on one migrated PGlite through the typed statements' plugin.
 */
import assert from 'node:assert/strict';
import { PGlite } from '@electric-sql/pglite';
import { MikroORM } from '@mikro-orm/pglite';
import type { SqlEntityManager } from '@mikro-orm/sql';
import { sql as raw, type Kysely } from 'kysely';
import { ORM_OPTIONS } from '../../server/src/db/database.ts';
import type { DB } from '../../server/src/db/entities.ts';
import { EntityValuesPlugin } from '../../server/src/db/entity-values-plugin.ts';
import { prepared } from '../../server/src/db/prepared-statement.ts';
import { sqlOf, type Sql } from '../../server/src/db/sql-executor.ts';

describe('prepared typed statements', function () {
  this.timeout(120_000);
  let pglite: PGlite;
  let orm: MikroORM;
  let sql: Sql;

  before(async () => {
    pglite = await PGlite.create();
    orm = await MikroORM.init({ ...ORM_OPTIONS, dbName: 'coordinator', driverOptions: { pglite } });
    await orm.migrator.up();
    const em = orm.em.fork() as SqlEntityManager;
    sql = sqlOf((em.getKysely() as unknown as Kysely<DB>).withPlugin(new EntityValuesPlugin(em)));
    for (const [name, project] of [['ann', 'p'], ['ben', 'p'], ['cy', 'q']] as const) {
      await sql.db.insertInto('agents').values({ id: crypto.randomUUID(), project, name, kind: 'claude-code', capabilities: [name] }).execute();
    }
  });

  after(async () => {
    await orm.close(true);
    await pglite.close();
  });

  it('binds each run its own values where the placeholders were, and compiles once', async () => {
    let builds = 0;
    const agents = prepared<{ project: string; names: string[] }>()((db, p) => {
      builds += 1;
      return db
        .selectFrom('agents')
        .select(['name', 'project', 'capabilities', 'created_at'])
        .where('project', '=', p.project)
        .where('name', '=', (eb) => eb.fn.any(eb.val(p.names)))
        .where('kind', '<>', 'human')
        .orderBy('name');
    });
    const first = await agents(sql, { project: 'p', names: ['ann', 'ben', 'cy'] });
    assert.deepEqual(first.map((r) => r.name), ['ann', 'ben']);
    assert.deepEqual(first[0]?.capabilities, ['ann']);
    assert.match(first[0]?.created_at ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/, 'read by the column type');
    assert.deepEqual((await agents(sql, { project: 'q', names: ['cy'] })).map((r) => r.name), ['cy']);
    assert.deepEqual(await agents(sql, { project: 'p', names: [] }), []);
    assert.equal(builds, 1);
  });

  it('binds a value used twice, and runs writes', async () => {
    const rename = prepared<{ from: string; to: string }>()((db, p) =>
      db
        .updateTable('agents')
        .set({ name: p.to, offline_at: raw<string>`now()` })
        .where('name', '=', p.from)
        .where('name', '<>', p.to)
        .returning(['name', 'offline_at']),
    );
    const [renamed] = await rename(sql, { from: 'ben', to: 'bea' });
    assert.equal(renamed?.name, 'bea');
    assert.match(renamed?.offline_at ?? '', /Z$/);
    assert.deepEqual(await rename(sql, { from: 'bea', to: 'bea' }), []);
  });

  it('refuses a run without a value for a placeholder', async () => {
    const byName = prepared<{ name: string }>()((db, p) => db.selectFrom('agents').select('id').where('name', '=', p.name));
    await assert.rejects(byName(sql, {} as { name: string }), /prepared statement: no value for name/);
  });
});
