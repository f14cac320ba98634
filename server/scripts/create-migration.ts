/**
 * `npm run migration:create --workspace server -- <name>`: generates the next migration from the entities
 * (db/migration-writer.ts) into server/src/db/migrations/mNNN-<name>.ts and lists it in migrations/index.ts.
 * With nothing to change it says so and writes nothing. Afterwards: describe the change in the file's
 * comment, and run the schema-drift test (test/server/schema-drift.test.ts).
 */
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { ORM_OPTIONS } from '../src/db/database.ts';
import { generateMigration, withMigrationListed } from '../src/db/migration-writer.ts';

const name = process.argv[2];
if (!name) {
  console.error('usage: npm run migration:create --workspace server -- <name>   (lowercase words joined by hyphens, e.g. held-locks)');
  process.exit(2);
}
const folder = new URL('../src/db/migrations/', import.meta.url);
try {
  const migration = await generateMigration(ORM_OPTIONS, name);
  if (!migration) {
    console.log('the entities and the migrations agree: no migration to generate');
    process.exit(0);
  }
  const file = new URL(`${migration.name}.ts`, folder);
  await writeFile(file, migration.source, { flag: 'wx' });
  const index = new URL('index.ts', folder);
  await writeFile(index, withMigrationListed(await readFile(index, 'utf8'), migration));
  console.log(`wrote ${fileURLToPath(file)} (${migration.statements.length} statement(s)) and listed it in migrations/index.ts`);
  console.log('next: say in its comment what changed and why, then run test/server/schema-drift.test.ts');
} catch (error) {
  console.error(`migration:create: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
