/**
 * Reading the adapters file: `.agent-coordinator/adapters.json` in the repository root, then
 * `adapters.json` in the data folder (a name in both: the repository's wins, since it travels with the
 * code). JSON checked against AdaptersFileSchema; a problem names the file and the field.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AdaptersFileSchema, CoordinatorError, type AdaptersFile } from '@agent-coordinator/shared';

export const adaptersFilePaths = (repoRoot: string, dataDir: string): readonly string[] => [
  join(repoRoot, '.agent-coordinator', 'adapters.json'),
  join(dataDir, 'adapters.json'),
];

const fieldOf = (path: readonly PropertyKey[]): string =>
  path.reduce<string>((out, part) => (typeof part === 'number' ? `${out}[${part}]` : `${out}${out === '' ? '' : '.'}${String(part)}`), '');

export const parseAdaptersFile = (path: string, text: string): AdaptersFile => {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new CoordinatorError('VALIDATION', `${path}: not valid JSON (${(error as Error).message}); fix the file and check with \`agent-coordinator adapters\``);
  }
  const parsed = AdaptersFileSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((issue) => ({ field: fieldOf(issue.path) || '(file)', message: issue.message }));
  throw new CoordinatorError('VALIDATION', `${path}: ${issues.map((i) => `${i.field}: ${i.message}`).join('; ')}`, issues);
};

/** The files that exist, merged: later files add names, earlier files win on a name both define. */
export const readAdaptersFiles = (paths: readonly string[]): AdaptersFile => {
  const merged: { commands: NonNullable<AdaptersFile['commands']>; max_concurrent: NonNullable<AdaptersFile['max_concurrent']> } = { commands: {}, max_concurrent: {} };
  for (const path of [...paths].reverse()) {
    if (!existsSync(path)) continue;
    const file = parseAdaptersFile(path, readFileSync(path, 'utf8'));
    Object.assign(merged.commands, file.commands);
    Object.assign(merged.max_concurrent, file.max_concurrent);
  }
  return merged;
};

export type { AdaptersFile };
