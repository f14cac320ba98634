/**
 * Generating the next migration from the entities (server/src/db/migration-writer.ts, behind
 * `npm run migration:create`): nothing while the entities and the migrations agree; for an entity added
 * here, a migration in the project's form that, run after the others on a fresh database, leaves the
 * schema comparator nothing to do; and the index gets its import and its entry.
 */
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { defineEntity, p } from '@mikro-orm/core';
import { MikroORM } from '@mikro-orm/pglite';
import { ORM_OPTIONS } from '../../server/src/db/database.ts';
import { generateMigration, splitStatements, withMigrationListed } from '../../server/src/db/migration-writer.ts';
import { Agent } from '../../server/src/modules/agent/agent.entity.ts';

/** A table no migration creates: what a developer adds to an entity file before generating its migration. */
const Widget = defineEntity({
  name: 'Widget',
  tableName: 'widgets',
  properties: {
    id: p.uuid().primary(),
    project: p.text(),
    label: p.text(),
    owner: () => p.manyToOne(Agent).mapToPk().nullable().deleteRule('set null').foreignKeyName('widgets_owner_id_fkey'),
  },
});

const withWidget = { ...ORM_OPTIONS, entities: [...ORM_OPTIONS.entities, Widget] };

describe('migration writer (entities → the next migration, PGlite)', function () {
  this.timeout(180_000);
  // Inside the test package, so the generated file resolves @mikro-orm/migrations as the server does.
  const folder = fileURLToPath(new URL('../artifacts/migration-writer/', import.meta.url));
  before(() => mkdirSync(folder, { recursive: true }));
  after(() => rmSync(folder, { recursive: true, force: true }));

  it('generates nothing while the entities and the migrations agree', async () => {
    assert.equal(await generateMigration(ORM_OPTIONS, 'nothing'), null);
  });

  it('refuses a name that is not lowercase words joined by hyphens, saying which form to use', async () => {
    await assert.rejects(generateMigration(ORM_OPTIONS, 'Held_Locks'), /use lowercase words joined by hyphens/);
  });

  it('writes an added entity as the next migration; run after the others, it leaves no drift', async () => {
    const migration = await generateMigration(withWidget, 'widgets', new Date('2026-12-06T00:00:00Z'));
    assert.ok(migration, 'a migration is generated');
    const next = String(ORM_OPTIONS.migrations.migrationsList.length + 1).padStart(3, '0');
    assert.equal(migration.name, `m${next}-widgets`);
    assert.equal(migration.className, `M${next}Widgets`);
    assert.ok(migration.statements.some((s) => /^create table "widgets"/.test(s)), migration.statements.join('\n'));
    assert.ok(migration.statements.some((s) => /widgets_owner_id_fkey/.test(s)), 'the foreign key by its entity name');
    assert.match(migration.source, /Generated from the entities on 2026-12-06/);
    assert.match(migration.source, /this\.addSql\(`create table "widgets" \(/, 'SQL as a template literal, as the other migrations write it');

    const file = `${folder}${migration.name}.ts`;
    writeFileSync(file, migration.source);
    const loaded: Record<string, unknown> = await import(pathToFileURL(file).href);
    const pglite = await PGlite.create();
    const orm = await MikroORM.init({
      ...withWidget,
      migrations: { ...withWidget.migrations, migrationsList: [...withWidget.migrations.migrationsList, { name: migration.name, class: loaded[migration.className] as never }] },
      dbName: 'coordinator',
      driverOptions: { pglite },
    });
    try {
      await orm.migrator.up();
      const left = await orm.schema.getUpdateSchemaSQL({ wrap: false, safe: false, dropTables: true });
      assert.equal(left.trim(), '', `drift after the generated migration:\n${left}`);
    } finally {
      await orm.close(true);
      await pglite.close();
    }
  });

  it('lists the migration in the index: its import after the others, its entry last', () => {
    const index = `import { M001Core } from './m001-core.ts';\n\nexport const MIGRATIONS = [\n  { name: 'm001-core', class: M001Core },\n];\n`;
    assert.equal(
      withMigrationListed(index, { name: 'm002-widgets', className: 'M002Widgets' }),
      `import { M001Core } from './m001-core.ts';\nimport { M002Widgets } from './m002-widgets.ts';\n\nexport const MIGRATIONS = [\n  { name: 'm001-core', class: M001Core },\n  { name: 'm002-widgets', class: M002Widgets },\n];\n`,
    );
  });

  it('splits the comparator script into statements, without its set/begin/commit wrapping', () => {
    assert.deepEqual(splitStatements(`set names 'utf8';\ncreate table "a" ("id" uuid);\n\nalter table "a" add column "b" text;\n`), ['create table "a" ("id" uuid)', 'alter table "a" add column "b" text']);
  });
});
