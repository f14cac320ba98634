/**
 * A tiny argv parser for the client commands: positionals, `--flag value` and `--flag=value` options,
 * boolean flags, `--` to end options, and the `key=value` pairs of `create-task`. Each command declares
 * the options it takes, so a misspelt flag is a usage error (exit 1) instead of being silently ignored.
 */

/** Bad command-line shape: printed with the command's usage, exit code 1. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export interface OptionSpec {
  /** Options that take a value, without the leading `--`. */
  readonly values?: readonly string[];
  /** Boolean flags, without the leading `--`. */
  readonly booleans?: readonly string[];
}

export interface ParsedArgs {
  readonly positionals: readonly string[];
  readonly values: ReadonlyMap<string, string>;
  readonly booleans: ReadonlySet<string>;
}

export function parseArgs(argv: readonly string[], spec: OptionSpec): ParsedArgs {
  const positionals: string[] = [];
  const values = new Map<string, string>();
  const booleans = new Set<string>();
  const valueNames = spec.values ?? [];
  const booleanNames = spec.booleans ?? [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('--') || arg.length === 2) {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq === -1 ? undefined : eq);
    if (booleanNames.includes(name)) {
      if (eq !== -1) throw new UsageError(`--${name} takes no value`);
      booleans.add(name);
    } else if (valueNames.includes(name)) {
      const value = eq === -1 ? argv[++i] : arg.slice(eq + 1);
      if (value === undefined) throw new UsageError(`--${name} needs a value`);
      values.set(name, value);
    } else {
      const known = [...valueNames, ...booleanNames].map((n) => `--${n}`).join(' ');
      throw new UsageError(`unknown option --${name}; options: ${known}`);
    }
  }
  return { positionals, values, booleans };
}

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
