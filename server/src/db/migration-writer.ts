/**
 * Writes the next migration from the entities (issue #19: from m009 on, a schema change is made to the
 * entities first, its migration generated): the statements MikroORM's schema comparator would run to take
 * a database migrated to the last migration to what the entities describe, as a migration class in the
 * project's form (`mNNN-name.ts`, one `addSql` per statement), and the two lines `migrations/index.ts`
 * needs. The comparator is the one the schema-drift test asks, so a generated migration leaves no drift.
 *
 * `server/scripts/create-migration.ts` runs it on the real entities and writes the files; this part only
 * computes, so a test can run it on entities of its own.
 */
import { PGlite } from '@electric-sql/pglite';
import { MikroORM } from '@mikro-orm/pglite';

export interface GeneratedMigration {
  /** `m013-held-locks` */
  readonly name: string;
  /** `M013HeldLocks` */
  readonly className: string;
  /** The migration file's text. */
  readonly source: string;
  /** The comparator's statements, in order. */
  readonly statements: readonly string[];
}

/** What the ORM is initialised with (database.ts's ORM_OPTIONS, or a test's), its migrations listed. */
type MigratedOrmOptions = NonNullable<Parameters<typeof MikroORM.init>[0]> & { readonly migrations: { readonly migrationsList: readonly unknown[] } };

const NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

const pascal = (kebab: string): string =>
  kebab
    .split('-')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('');

/** A statement as a template literal, the form the other migrations write SQL in. */
const templateLiteral = (text: string): string => `\`${text.replaceAll('\\', '\\\\').replaceAll('`', '\\`').replaceAll('${', '\\${')}\``;

/** The statements of the comparator's script (it ends each with `;` and a line break; a function body would keep its own). */
export function splitStatements(script: string): string[] {
  return script
    .split(/;\s*\n/)
    .map((statement) => statement.trim().replace(/;$/, ''))
    .filter((statement) => statement.length > 0 && !/^(set |begin|commit)/i.test(statement));
}

/**
 * The next migration after the `options`' migrations, or null when the entities and the migrations agree.
 * `name` is what the change is, in kebab case (`held-locks`); the number follows the last migration's.
 */
export async function generateMigration(options: MigratedOrmOptions, name: string, today = new Date()): Promise<GeneratedMigration | null> {
  if (!NAME.test(name)) throw new Error(`migration name "${name}": use lowercase words joined by hyphens, e.g. held-locks`);
  const pglite = await PGlite.create();
  const orm = await MikroORM.init({ ...options, dbName: 'coordinator', driverOptions: { pglite } });
  try {
    await orm.migrator.up();
    const script = await orm.schema.getUpdateSchemaSQL({ wrap: false, safe: false, dropTables: true });
    const statements = splitStatements(script);
    if (statements.length === 0) return null;
    const number = String(options.migrations.migrationsList.length + 1).padStart(3, '0');
    const fullName = `m${number}-${name}`;
    const className = `M${number}${pascal(name)}`;
    const source = [
      '/**',
      ` * Generated from the entities on ${today.toISOString().slice(0, 10)} by server/scripts/create-migration.ts. Say here what`,
      ' * changed and why, as the other migrations do; edit a statement only if the schema-drift test still passes.',
      ' */',
      "import { Migration } from '@mikro-orm/migrations';",
      '',
      `export class ${className} extends Migration {`,
      `  override name = '${fullName}';`,
      '',
      '  override up(): void {',
      ...statements.map((statement) => `    this.addSql(${templateLiteral(statement)});`),
      '  }',
      '}',
      '',
    ].join('\n');
    return { name: fullName, className, source, statements };
  } finally {
    await orm.close(true);
    await pglite.close();
  }
}

/** `migrations/index.ts` with the migration imported and listed last. */
export function withMigrationListed(index: string, migration: Pick<GeneratedMigration, 'name' | 'className'>): string {
  const lines = index.split('\n');
  const lastImport = lines.findLastIndex((line) => line.startsWith('import '));
  const listEnd = lines.findLastIndex((line) => line.startsWith('];'));
  if (lastImport < 0 || listEnd < lastImport) throw new Error('migrations/index.ts: expected its imports and the MIGRATIONS list');
  return [
    ...lines.slice(0, lastImport + 1),
    `import { ${migration.className} } from './${migration.name}.ts';`,
    ...lines.slice(lastImport + 1, listEnd),
    `  { name: '${migration.name}', class: ${migration.className} },`,
    ...lines.slice(listEnd),
  ].join('\n');
}
