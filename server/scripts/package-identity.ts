/**
 * The CLI package's name and version, shared by the bundle (which tells the CLI what it was built as,
 * src/cli/package-info.ts) and the packer. The version is the server workspace's.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/** The published name: `npx agent-coordinator` and `npm install -g agent-coordinator` once it is published. */
export const PACKAGE_NAME = 'agent-coordinator';

const Manifest = z.object({ version: z.string().min(1) });

/** The `version` of a package.json (the server's when no path is given). */
export function manifestVersion(path = join(dirname(fileURLToPath(import.meta.url)), '..', 'package.json')): string {
  return Manifest.parse(JSON.parse(readFileSync(path, 'utf8'))).version;
}
