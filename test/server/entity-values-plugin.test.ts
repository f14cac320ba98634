/**
 * The typed statements' plugin (server/src/db/entity-values-plugin.ts) reads rows exactly as MikroORM's
 * own entity plugin with `convertValues` does, with less work: the same statements — joins of locks,
 * agents and tasks, inserts and updates returning rows, aggregates, raw SQL — run through both on one
 * migrated PGlite and give deep-equal rows. And why a row needs no knowledge of which table each column
 * came from: across the entities, a column name is read the same way wherever it appears, but `id`.
 */
import assert from 'node:assert/strict';
import { PGlite } from '@electric-sql/pglite';
import { MikroORM } from '@mikro-orm/pglite';
import { MikroKyselyPlugin, type SqlEntityManager } from '@mikro-orm/sql';
import { sql, type Kysely } from 'kysely';
import { ORM_OPTIONS } from '../../server/src/db/database.ts';
import type { DB } from '../../server/src/db/entities.ts';
import { EntityValuesPlugin, tablesIn } from '../../server/src/db/entity-values-plugin.ts';

describe('the typed statements plugin reads what the ORM plugin reads', function () {
  this.timeout(120_000);
  let pglite: PGlite;
  let orm: MikroORM;
  let ours: Kysely<DB>;
  let theirs: Kysely<DB>;

  before(async () => {
    pglite = await PGlite.create();
    orm = await MikroORM.init({ ...ORM_OPTIONS, dbName: 'coordinator', driverOptions: { pglite } });
    await orm.migrator.up();
    const em = orm.em.fork() as SqlEntityManager;
    const base = em.getKysely() as unknown as Kysely<DB>;
    ours = base.withPlugin(new EntityValuesPlugin(em));
    theirs = base.withPlugin(new MikroKyselyPlugin(em, { convertValues: true }));
  });

  after(async () => {
    await orm.close(true);
    await pglite.close();
  });

  /** Runs the statement through both plugins: the ORM's first, then ours on the same state. */
  async function same<T>(statement: (db: Kysely<DB>) => Promise<T>, label: string): Promise<T> {
    const expected = await statement(theirs);
    const actual = await statement(ours);
    assert.deepEqual(actual, expected, label);
    return actual;
  }

  it('gives deep-equal rows for inserts, joins, updates, aggregates and raw SQL', async () => {
    const [alice, bob] = await Promise.all(
      ['alice', 'bob'].map(async (name) => (await ours.insertInto('agents').values({ id: crypto.randomUUID(), project: 'p', name, kind: 'claude-code', capabilities: ['ts'] }).returningAll().executeTakeFirstOrThrow()).id),
    );
    assert.ok(alice && bob);
    const task = await ours
      .insertInto('tasks')
      .values({ id: crypto.randomUUID(), project: 'p', title: 'T', priority: 'high', priority_rank: 1, capabilities: [], files: ['src/a.ts'], claimed_by_id: alice, status: 'claimed', claimed_at: sql<string>`now()` })
      .returning(['id', 'key_number', 'claimed_at', 'files'])
      .executeTakeFirstOrThrow();
    for (const [agent, path] of [[alice, 'src/a.ts'], [bob, 'src/b.ts']] as const) {
      await ours
        .insertInto('file_locks')
        .values({ id: crypto.randomUUID(), project: 'p', path, mode: 'exclusive', agent_id: agent, task_id: agent === alice ? task.id : null, ttl_seconds: 60, expires_at: sql<string>`now() + interval '1 minute'` })
        .execute();
    }

    const rows = await same(
      (db) =>
        db
          .selectFrom('file_locks as l')
          .innerJoin('agents as a', 'a.id', 'l.agent_id')
          .leftJoin('tasks as tk', 'tk.id', 'l.task_id')
          .select(['l.id', 'l.path', 'l.mode', 'a.name as agent_name', 'tk.key_number', 'tk.key_number as renamed_key', 'tk.key_number as tk_key_number', 'l.acquired_at', 'l.expires_at', 'l.fencing_token', 'a.capabilities', 'tk.files'])
          .orderBy('l.path')
          .execute(),
      'locks joined with agents and tasks',
    );
    assert.equal(rows.length, 2);
    assert.equal(typeof rows[0]?.fencing_token, 'number', 'a bigint column reads as a number');
    assert.match(String(rows[0]?.expires_at), /Z$/, 'a timestamp reads as an ISO string');
    assert.deepEqual(rows[1]?.files, null, 'a null array from an outer join stays null, as in the ORM plugin');
    assert.equal(typeof rows[0]?.tk_key_number, 'number', 'a column renamed alias_column reads as that alias\'s column');

    await same((db) => db.selectFrom('tasks').selectAll().execute(), 'select *');
    await same((db) => db.selectFrom('agents').where('id', 'in', db.selectFrom('file_locks').select('agent_id')).select(['id', 'last_heartbeat_at', 'offline_at']).orderBy('name').execute(), 'a subquery');
    await same((db) => db.selectFrom('file_locks').select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.max('fencing_token').as('fencing_token')]).execute(), 'aggregates named like a column');
    await same((db) => db.updateTable('agents').set({ offline_at: sql<string>`now()` }).where('name', '=', 'zed').returningAll().execute(), 'an update that matches nothing');
    await same((db) => db.updateTable('tasks').set({ progress_note: 'half' }).where('id', '=', task.id).returning(['key_number', 'updated_at', 'progress_note']).execute(), 'an update returning');
    await same((db) => sql<{ now: Date; key_number: string }>`select now() as now, 7::bigint as key_number`.execute(db).then((r) => r.rows.map((row) => Object.keys(row))), 'raw SQL names no table');
  });

  it('finds the tables a statement names, each under its alias, once', () => {
    const node = ours.selectFrom('file_locks as l').innerJoin('agents as a', 'a.id', 'l.agent_id').where('l.task_id', 'in', ours.selectFrom('tasks').select('id')).selectAll().toOperationNode();
    assert.deepEqual(tablesIn(node).filter((t) => ['file_locks', 'agents', 'tasks'].includes(t.table)), [
      { alias: 'l', table: 'file_locks' },
      { alias: 'a', table: 'agents' },
      { alias: 'tasks', table: 'tasks' },
    ]);
  });

  /** `id` is the one exception: a uuid in most tables, a bigint in events and policy_audit (see the plugin's doc). */
  it('reads a column name the same way in every table that has it, but id', () => {
    const readers = new Map<string, Set<string>>();
    for (const meta of orm.getMetadata().getAll().values()) {
      for (const prop of meta.props) {
        for (const field of prop.fieldNames ?? []) {
          const reader = prop.customType?.constructor.name ?? (prop.runtimeType === 'boolean' || prop.runtimeType === 'Date' ? prop.runtimeType : 'as is');
          readers.set(field, (readers.get(field) ?? new Set()).add(reader));
        }
      }
    }
    const ambiguous = [...readers].filter(([, kinds]) => kinds.size > 1).map(([field, kinds]) => `${field}: ${[...kinds].join(', ')}`);
    assert.deepEqual(ambiguous, ['id: UuidType, SafeBigIntType']);
  });
});
