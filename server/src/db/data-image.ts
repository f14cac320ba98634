/**
 * The embedded database's starting image: a data folder that initdb has already created and every
 * migration up to the build has already run in, dumped by PGlite (`dumpDataDir`) as a gzipped tarball.
 * A first start on an empty folder unpacks it (untar.ts) and opens it instead of running initdb, which takes 5–40 s here and peaks above 1 GiB of memory; unpacking takes well under a second.
 * Migrations newer than the image still run on top of it, as on any older folder.
 *
 * `npm run build:data-image --workspace server` (server/scripts/build-data-image.ts) writes it to
 * `server/dist/pgdata.tar.gz`; a bundled server finds it beside its own code (`./pgdata.tar.gz` next to
 * the bundle). Without the file, or when the PGlite in use cannot read it (built by another version), the
 * first start falls back to initdb. The image holds no secret and no row of data: accounts, tokens and
 * projects are created by the server on first use; it only shares PostgreSQL's system identifier, which
 * matters for physical replication, which PGlite does not do.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

export const DATA_IMAGE_FILE = 'pgdata.tar.gz';

/** Where an image may be, first match wins: beside a bundle in dist/, then the source tree's server/dist/. */
export const dataImageCandidates = (): readonly string[] => [
  fileURLToPath(new URL(`./${DATA_IMAGE_FILE}`, import.meta.url)),
  fileURLToPath(new URL(`../../dist/${DATA_IMAGE_FILE}`, import.meta.url)),
];

/** The image's bytes (a gzipped tar), or null when none was built (or AGENT_COORDINATOR_NO_DATA_IMAGE is set: the image's own build). */
export async function readDataImage(): Promise<Uint8Array | null> {
  if (process.env['AGENT_COORDINATOR_NO_DATA_IMAGE']) return null;
  for (const path of dataImageCandidates()) {
    const bytes = await readFile(path).catch(() => null);
    if (bytes) return bytes;
  }
  return null;
}
