/**
 * How the CLI finds the command a command line asks for (issue #19: one name per operation). Each
 * command that runs an operation is named after it, in kebab-case (`get-next-task` runs get_next_task);
 * the short names people and scripts already type (`next`, `lock`, `mission create`) stay as aliases,
 * like `docker ps` for `docker container ls`. Aliases are declared beside the command they stand for and
 * resolved here and nowhere else; the usage lists each command once, its aliases beside it.
 *
 * A short command that ran two operations (`runs` lists runs or, given a RUN_ID, shows one) is an alias
 * of both: each says by `when` which arguments are its own, and by `args` how the alias's arguments
 * become the command's (`message --thread ID` is `get-thread ID`). The alias without `when` is the
 * fallback, so an incomplete command line still reaches a command that says what is missing.
 */

/** Resolves with the exit code when it is not 0 without being a failure (a hook refusing: 2). */
export type Command = (args: readonly string[]) => Promise<void | number>;

export interface Alias {
  /** The words typed: `lock`, `mission create`. */
  readonly name: string;
  /** The alias as the usage shows it, where its arguments choose the command: `runs RUN_ID`. */
  readonly shown?: string;
  /** Whether the arguments after the alias are for this command; unset: the alias always is. */
  readonly when?: (args: readonly string[]) => boolean;
  /** The command's arguments for the alias's; unset: the same. */
  readonly args?: (args: readonly string[]) => readonly string[];
}

export interface CommandEntry {
  readonly run: Command;
  /** What follows the name, as the usage shows it. */
  readonly args: string;
  /** What the command does, in a few words. */
  readonly summary: string;
  readonly aliases?: readonly (string | Alias)[];
}

/** Canonical name → command. A name may be two words where it is not an operation (`knowledge status`). */
export type CommandTable = Readonly<Record<string, CommandEntry>>;

export interface ResolvedCommand {
  /** The canonical name, whatever was typed. */
  readonly name: string;
  readonly entry: CommandEntry;
  /** The arguments for the command (an alias's rewritten). */
  readonly args: readonly string[];
}

const aliasOf = (alias: string | Alias): Alias => (typeof alias === 'string' ? { name: alias } : alias);

/**
 * The command `words` name, or undefined. `globals` (options given before the name) are put before the
 * command's arguments, after an alias's rewriting, so they never look like an argument to it.
 */
export function resolveCommand(table: CommandTable, words: readonly string[], globals: readonly string[] = []): ResolvedCommand | undefined {
  // Two words first: `mission create` is an alias even though `mission` alone is nothing.
  for (const length of [2, 1]) {
    if (words.length < length) continue;
    const typed = words.slice(0, length).join(' ');
    const rest = words.slice(length);
    const entry = Object.hasOwn(table, typed) ? table[typed] : undefined;
    if (entry !== undefined) return { name: typed, entry, args: [...globals, ...rest] };
    const candidates = Object.entries(table).flatMap(([name, command]) =>
      (command.aliases ?? []).map(aliasOf).flatMap((alias) => (alias.name === typed ? [{ name, entry: command, alias }] : [])),
    );
    // Those that look at the arguments first; the one that does not is the fallback.
    const chosen = candidates.find((c) => c.alias.when?.(rest) === true) ?? candidates.find((c) => c.alias.when === undefined);
    if (chosen !== undefined) return { name: chosen.name, entry: chosen.entry, args: [...globals, ...(chosen.alias.args?.(rest) ?? rest)] };
  }
  return undefined;
}

/** The second words of the two-word names that start with `word` (`mission` → create, list, …); empty when it starts none. */
export function subcommandsOf(table: CommandTable, word: string): readonly string[] {
  const names = Object.entries(table).flatMap(([name, entry]) => [name, ...(entry.aliases ?? []).map((a) => aliasOf(a).name)]);
  return [...new Set(names.flatMap((name) => (name.startsWith(`${word} `) ? [name.slice(word.length + 1)] : [])))];
}

/** `(alias: next)`, `(aliases: mission add-task NAME, sprint add-task NAME)`, or nothing. */
export function aliasesText(entry: CommandEntry): string {
  const shown = (entry.aliases ?? []).map((a) => aliasOf(a)).map((a) => a.shown ?? a.name);
  return shown.length === 0 ? '' : ` (alias${shown.length > 1 ? 'es' : ''}: ${shown.join(', ')})`;
}

/** One command's usage line: its name, its aliases, its arguments. */
export const commandUsage = (name: string, entry: CommandEntry): string => `${name}${aliasesText(entry)} ${entry.args}`;

/** The usage line of every command, each once. */
export const usageLines = (table: CommandTable): readonly string[] => Object.entries(table).map(([name, entry]) => `${commandUsage(name, entry)}   ${entry.summary}`);

/**
 * The positionals of a command line, with their indexes, for an alias that looks at them: `--flag value`
 * is skipped for the flags in `valueFlags`, any other `--flag` is taken as a boolean, `--` ends the flags
 * (the same shapes as common/command-line.ts; the command itself still parses them strictly).
 */
export function positionals(args: readonly string[], valueFlags: readonly string[]): readonly { readonly index: number; readonly value: string }[] {
  const found: { index: number; value: string }[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (arg === '--') return [...found, ...args.slice(i + 1).map((value, k) => ({ index: i + 1 + k, value }))];
    if (!arg.startsWith('--')) found.push({ index: i, value: arg });
    else if (!arg.includes('=') && valueFlags.includes(arg.slice(2))) i++;
  }
  return found;
}

/** The value of `--name value` or `--name=value` in `args`, and where it is; undefined when absent. */
export function optionValue(args: readonly string[], name: string): { readonly value: string; readonly indexes: readonly number[] } | undefined {
  let found: { value: string; indexes: number[] } | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (arg === '--') break;
    if (arg.startsWith(`--${name}=`)) found = { value: arg.slice(name.length + 3), indexes: [i] };
    else if (arg === `--${name}` && args[i + 1] !== undefined) found = { value: args[i + 1] ?? '', indexes: [i, ++i] };
  }
  return found;
}
