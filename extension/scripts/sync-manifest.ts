/**
 * Writes the generated part of package.json (`contributes.languageModelTools`) from the shared catalogue.
 * The build runs it; `npm run sync-manifest` runs it alone. A unit test fails when they drift apart.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { languageModelTools } from './lm-tool-manifest.ts';

const file = join(dirname(fileURLToPath(import.meta.url)), '..', 'package.json');

/** Updates package.json when the generated tools differ; true when it wrote. */
export function syncManifest(): boolean {
  const text = readFileSync(file, 'utf8');
  const manifest = JSON.parse(text) as { contributes: Record<string, unknown> };
  manifest.contributes['languageModelTools'] = languageModelTools();
  const next = `${JSON.stringify(manifest, null, 2)}\n`;
  if (next === text) return false;
  writeFileSync(file, next);
  return true;
}

if (import.meta.main) console.log(syncManifest() ? 'package.json: languageModelTools updated' : 'package.json: languageModelTools already current');
