/**
 * Builds the embedded database's starting image (src/db/data-image.ts): initdb and every migration run
 * once, here, in a temporary folder, and PGlite dumps the result as a gzipped tarball into
 * server/dist/pgdata.tar.gz (or the path given as the first argument). A first start on an empty folder
 * then unpacks it instead of running initdb. Run it after a migration or a PGlite upgrade; a package build
 * runs it before bundling.
 *
 *   node server/scripts/build-data-image.ts [OUT]
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { sql as raw } from 'kysely';
import { openDatabase, PGLITE_SHARED_BUFFERS } from '../src/db/database.ts';
import { DATA_IMAGE_FILE } from '../src/db/data-image.ts';

const out = resolve(process.argv[2] ?? fileURLToPath(new URL(`../dist/${DATA_IMAGE_FILE}`, import.meta.url)));
const started = Date.now();
const dataDir = await mkdtemp(join(tmpdir(), 'ac-data-image-'));
try {
  // An image must never seed a folder from an older image: build from initdb (no image is read when
  // AGENT_COORDINATOR_NO_DATA_IMAGE is set).
  process.env['AGENT_COORDINATOR_NO_DATA_IMAGE'] = '1';
  const database = await openDatabase({ engine: 'pglite', dataDir });
  await raw`checkpoint`.execute(database.db);
  await database.close();
  // Reopened bare, as the server opens it, only to dump: the migrated folder after a clean shutdown.
  const pglite = await PGlite.create({ dataDir, extensions: { vector }, startParams: [...PGlite.defaultStartParams, '-c', `shared_buffers=${PGLITE_SHARED_BUFFERS}`] });
  const image = await pglite.dumpDataDir('gzip');
  await pglite.close();
  await mkdir(dirname(out), { recursive: true });
  await writeFile(out, Buffer.from(await image.arrayBuffer()));
  console.log(`wrote ${out} (${(image.size / 1024 / 1024).toFixed(1)} MiB) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
} finally {
  await rm(dataDir, { recursive: true, force: true });
}
