/**
 * Arguments of the client commands: their flags through `util.parseArgs` (common/command-line.ts:
 * `--flag value`, `--flag=value`, booleans, `--` to end flags), and the `key=value` pairs of
 * `create-task`. Each command declares the options it takes, so a misspelt flag is a usage error
 * (exit 1) instead of being silently ignored.
 */
import { readFlags, type FlagSpec, type ParsedFlags } from '../common/command-line.ts';

/** Bad command-line shape: printed with the command's usage, exit code 1. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export type OptionSpec = FlagSpec;
export type ParsedArgs = ParsedFlags;

/** The command's flags (common/command-line.ts); a bad shape is a UsageError. */
export const parseArgs = (argv: readonly string[], spec: OptionSpec): ParsedArgs => readFlags(argv, spec, (message) => new UsageError(message));

/** Splits `key=value` arguments; every key must be one of `keys`, and each may appear once. */
export function parsePairs<K extends string>(args: readonly string[], keys: readonly K[]): Partial<Record<K, string>> {
  const pairs: Partial<Record<K, string>> = {};
  for (const arg of args) {
    const eq = arg.indexOf('=');
    const key = keys.find((k) => k === arg.slice(0, eq));
    if (eq <= 0 || key === undefined) throw new UsageError(`unexpected argument "${arg}"; expected key=value with key one of ${keys.join(', ')}`);
    if (pairs[key] !== undefined) throw new UsageError(`${key}= given twice`);
    pairs[key] = arg.slice(eq + 1);
  }
  return pairs;
}

/** `a,b, c` → `['a', 'b', 'c']`; empty items are dropped. */
export function splitList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** Refuses positionals beyond the first `allowed`. */
export function noExtra(positionals: readonly string[], allowed = 0): void {
  const extra = positionals[allowed];
  if (extra !== undefined) throw new UsageError(`unexpected argument "${extra}"`);
}
