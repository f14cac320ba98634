/**
 * Command-line flags through Node's `util.parseArgs`, with the house's error messages: every parser of
 * the server (the client commands, `serve`'s settings, `mcp`) declares its flags and gets positionals,
 * values and booleans back, or an error naming the flag and what to do.
 *
 * Decisions: long flags only (`--name value`, `--name=value`); a word starting with a single dash
 * (`-x`, `-`) is a positional, as before, so a value such as a title may start with one; `--` ends the
 * flags; a flag given twice keeps the last value. util.parseArgs runs non-strict with tokens, and the
 * checks are made here, so that the messages say `--flag needs a value` / `unknown option --flag;
 * options: …` rather than Node's generic ones.
 */
import { parseArgs, type ParseArgsOptionsConfig } from 'node:util';

export interface FlagSpec {
  /** Flags that take a value, without the leading `--`. */
  readonly values?: readonly string[];
  /** Boolean flags, without the leading `--`. */
  readonly booleans?: readonly string[];
}

export interface ParsedFlags {
  readonly positionals: readonly string[];
  readonly values: ReadonlyMap<string, string>;
  readonly booleans: ReadonlySet<string>;
}

/** Parses `argv`; a bad shape throws `fail(message)` (a usage error for the CLI, a plain Error elsewhere). */
export function readFlags(argv: readonly string[], spec: FlagSpec, fail: (message: string) => Error = (message) => new Error(message)): ParsedFlags {
  const valueNames = spec.values ?? [];
  const booleanNames = spec.booleans ?? [];
  const options: ParseArgsOptionsConfig = Object.fromEntries([
    ...valueNames.map((name) => [name, { type: 'string' }] as const),
    ...booleanNames.map((name) => [name, { type: 'boolean' }] as const),
  ]);
  const { tokens } = parseArgs({ args: [...argv], options, strict: false, allowPositionals: true, tokens: true });
  const positionals: string[] = [];
  const values = new Map<string, string>();
  const booleans = new Set<string>();
  let lastShortIndex = -1;
  for (const token of tokens) {
    if (token.kind === 'positional') positionals.push(token.value);
    if (token.kind !== 'option') continue;
    if (!token.rawName.startsWith('--')) {
      // `-x` or `-abc` (one token per letter, same index): the word itself, once, as a positional
      if (token.index !== lastShortIndex) positionals.push(argv[token.index] ?? token.rawName);
      lastShortIndex = token.index;
      continue;
    }
    const name = token.name;
    if (booleanNames.includes(name)) {
      if (token.inlineValue) throw fail(`--${name} takes no value`);
      booleans.add(name);
    } else if (valueNames.includes(name)) {
      if (token.value === undefined) throw fail(`--${name} needs a value`);
      values.set(name, token.value);
    } else {
      const known = [...valueNames, ...booleanNames].map((n) => `--${n}`).join(' ');
      throw fail(`unknown option --${name}; options: ${known}`);
    }
  }
  return { positionals, values, booleans };
}
