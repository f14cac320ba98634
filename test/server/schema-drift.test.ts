/**
 * The entities (server/src/db/entities.ts) are the one schema: after the baseline migrations m001..mNNN run
 * on a fresh embedded database, MikroORM's schema comparator finds nothing to change. A migration that
 * disagrees with the entities (or an entity edited without its generated migration) fails here.
 */
import assert from 'node:assert/strict';
import { PGlite } from '@electric-sql/pglite';
import { MikroORM } from '@mikro-orm/pglite';
import { ORM_OPTIONS } from '../../server/src/db/database.ts';

describe('schema drift (entities against migrations, PGlite)', function () {
  this.timeout(120_000);

  it('the migrated schema is what the entities describe', async () => {
    const pglite = await PGlite.create();
    const orm = await MikroORM.init({ ...ORM_OPTIONS, dbName: 'coordinator', driverOptions: { pglite } });
    try {
      await orm.migrator.up();
      const diff = await orm.schema.getUpdateSchemaSQL({ wrap: false, safe: false, dropTables: true });
      assert.equal(diff.trim(), '', `the entities and the migrations disagree; the comparator would run:\n${diff}`);
    } finally {
      await orm.close(true);
      await pglite.close();
    }
  });
});
