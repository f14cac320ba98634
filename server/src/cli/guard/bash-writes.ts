/**
 * Which files a Bash command line will write, found before it runs — conservatively: only forms whose
 * targets are written in the command itself are recognised, and a path computed at run time is skipped
 * (listed in `skipped`), never guessed. Recognised:
 * - output redirections `>`, `>>`, `>|`, `&>`, `&>>`, `N>` (not `N>&M`, not /dev/*);
 * - `tee`, `sed -i` / `--in-place`, `perl -i`, `touch`, `truncate`, `dd of=`, `rm`, `unlink`;
 * - `mv` (sources and destination), `cp`, `ln` and `install` (destination; into it when it is a folder);
 * - `git checkout [REF] -- PATH…` (without `--`, operands that exist as files), `git restore PATH…`
 *   (not `--staged` alone), `git rm PATH…` (not `--cached`), `git mv`;
 * - through `cd DIR`, `git -C DIR`, `sudo`, `env`, `nohup`, `time`, `command`, `exec`, `nice`,
 *   `timeout`, assignments, `if/then/do` and subshells.
 * Not recognised (the commit guard still sees the result): interpreters and build tools (`python`,
 * `node`, `npm`, `make`), `find -delete`, `xargs`, `git stash/reset/merge/pull/rebase/switch/apply`,
 * commands inside `$(…)`, and paths with `$VAR`, `~` or `[...]`.
 */
import { basename, resolve } from 'node:path';
import { splitCommands, type ShellWord, type SimpleCommand } from './shell-words.ts';

export interface BashWrite {
  /** Absolute, resolved against the directory the command runs in; may contain `*` or `?` (a glob). */
  readonly path: string;
  /** What writes it: `>`, `tee`, `sed -i`, `git checkout`, … */
  readonly via: string;
  /** When `path` is a folder, these names inside it are what is written (cp or mv into a folder). */
  readonly into?: readonly string[];
  /** Only counts when the path exists (`git checkout X` without `--`: X may be a branch). */
  readonly ifExists?: boolean;
}

export interface BashAnalysis {
  readonly writes: readonly BashWrite[];
  /** Writes seen but not resolvable before the command runs, each with the reason. */
  readonly skipped: readonly string[];
}

const RESERVED = new Set(['if', 'then', 'else', 'elif', 'fi', 'do', 'done', 'while', 'until', '!', '{', '}', 'time']);
const WRAPPERS = new Set(['sudo', 'command', 'nohup', 'exec', 'nice', 'builtin', 'doas']);
const WRITE_REDIRECTS = new Set(['>', '>>', '>|', '&>', '&>>', '<>']);
const GIT_WHOLE_TREE = new Set(['stash', 'reset', 'merge', 'pull', 'rebase', 'switch', 'apply', 'am', 'cherry-pick', 'revert', 'clean']);

interface Context {
  cwd: string | null;
  readonly writes: BashWrite[];
  readonly skipped: string[];
}

export function bashWrites(command: string, cwd: string): BashAnalysis {
  const context: Context = { cwd, writes: [], skipped: [] };
  const stack: (string | null)[] = [];
  for (const simple of splitCommands(command)) {
    if (simple.group === '(') stack.push(context.cwd);
    else if (simple.group === ')') context.cwd = stack.length > 0 ? (stack.pop() ?? null) : context.cwd;
    else analyse(simple, context);
  }
  return { writes: context.writes, skipped: context.skipped };
}

function analyse(simple: SimpleCommand, context: Context): void {
  for (const r of simple.redirections) {
    if (WRITE_REDIRECTS.has(r.op) || (r.op === '>&' && !/^[0-9-]+$/.test(r.target.text))) add(context, r.target, r.op);
  }
  const words = stripPrefixes(simple.words);
  const [head, ...args] = words;
  if (!head || head.dynamic) return;
  const name = basename(head.text);
  switch (name) {
    case 'cd':
    case 'pushd': {
      const target = args.find((a) => !a.text.startsWith('-'));
      context.cwd = target && !target.dynamic && !target.glob && context.cwd !== null ? resolve(context.cwd, target.text) : target?.text.startsWith('/') && !target.dynamic ? target.text : null;
      return;
    }
    case 'tee':
      return each(context, operands(args, []).files, 'tee');
    case 'sed':
      return inPlace(context, args, 'sed -i', ['e', 'f', 'l'], ['expression', 'file', 'line-length']);
    case 'perl':
      return inPlace(context, args, 'perl -i', ['e', 'E', 'M', 'I', 'm'], []);
    case 'touch':
      return each(context, operands(args, ['d', 'r', 't', 'date', 'reference']).files, 'touch');
    case 'truncate':
      return each(context, operands(args, ['s', 'r', 'size', 'reference']).files, 'truncate');
    case 'rm':
    case 'unlink':
      return each(context, operands(args, []).files, name);
    case 'dd':
      for (const a of args) if (a.text.startsWith('of=')) add(context, { ...a, text: a.text.slice(3) }, 'dd of=');
      return;
    case 'mv':
    case 'cp':
    case 'ln':
    case 'install':
      return copyLike(context, name, args);
    case 'git':
      return git(context, args);
    default:
      return;
  }
}

function stripPrefixes(words: readonly ShellWord[]): readonly ShellWord[] {
  let k = 0;
  while (k < words.length) {
    const word = words[k] as ShellWord;
    const text = word.text;
    if (RESERVED.has(text) || /^[A-Za-z_][A-Za-z0-9_]*=/.test(text)) k++;
    else if (text === 'env' || WRAPPERS.has(text)) {
      k++;
      while (k < words.length && /^(-|[A-Za-z_][A-Za-z0-9_]*=)/.test(words[k]?.text ?? '')) k++;
    } else if (text === 'timeout') {
      k++;
      while (k < words.length && (words[k]?.text ?? '').startsWith('-')) k++;
      k++; // the duration
    } else break;
  }
  return words.slice(k);
}

/** Splits arguments into options and operands; `valued` lists the options (short letters or long names) that take a value. */
function operands(args: readonly ShellWord[], valued: readonly string[]): { files: ShellWord[]; flags: Set<string>; values: Map<string, ShellWord> } {
  const files: ShellWord[] = [];
  const flags = new Set<string>();
  const values = new Map<string, ShellWord>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as ShellWord;
    const text = arg.text;
    if (text === '--') {
      files.push(...args.slice(i + 1));
      break;
    }
    if (text.startsWith('--')) {
      const [name = '', inline] = text.slice(2).split(/=(.*)/s, 2);
      flags.add(name);
      if (inline !== undefined) values.set(name, { ...arg, text: inline });
      else if (valued.includes(name) && args[i + 1]) values.set(name, args[++i] as ShellWord);
    } else if (text.startsWith('-') && text.length > 1) {
      for (let c = 1; c < text.length; c++) {
        const letter = text[c] ?? '';
        flags.add(letter);
        if (valued.includes(letter)) {
          const rest = text.slice(c + 1);
          if (rest !== '') values.set(letter, { ...arg, text: rest });
          else if (args[i + 1]) values.set(letter, args[++i] as ShellWord);
          break;
        }
      }
    } else files.push(arg);
  }
  return { files, flags, values };
}

/** sed and perl: in place only with `-i` (anywhere in a cluster; what follows it is the backup suffix). */
function inPlace(context: Context, args: readonly ShellWord[], via: string, scriptLetters: readonly string[], scriptNames: readonly string[]): void {
  let editsInPlace = false;
  let scriptGiven = false;
  const positional: ShellWord[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as ShellWord;
    const text = arg.text;
    if (text === '--') {
      positional.push(...args.slice(i + 1));
      break;
    }
    if (text.startsWith('--')) {
      const name = text.slice(2).split('=')[0] ?? '';
      if (name === 'in-place') editsInPlace = true;
      if (scriptNames.includes(name)) {
        if (name === 'expression' || name === 'file') scriptGiven = true;
        if (!text.includes('=')) i++;
      }
      continue;
    }
    if (text.startsWith('-') && text.length > 1) {
      for (let c = 1; c < text.length; c++) {
        const letter = text[c] ?? '';
        if (letter === 'i') {
          editsInPlace = true;
          break;
        }
        if (scriptLetters.includes(letter)) {
          if (letter === 'e' || letter === 'E' || letter === 'f') scriptGiven = true;
          if (c === text.length - 1) i++;
          break;
        }
      }
      continue;
    }
    positional.push(arg);
  }
  if (!editsInPlace) return;
  each(context, scriptGiven ? positional : positional.slice(1), via);
}

function copyLike(context: Context, name: string, args: readonly ShellWord[]): void {
  const { files, values, flags } = operands(args, ['t', 'target-directory', 'S', 'suffix', 'm', 'mode', 'o', 'owner', 'g', 'group']);
  const targetDirectory = values.get('t') ?? values.get('target-directory');
  if (name === 'install' && flags.has('d')) return each(context, files, 'install -d');
  let sources: ShellWord[];
  let destination: ShellWord | undefined;
  if (targetDirectory) {
    sources = files;
    destination = targetDirectory;
  } else if (name === 'ln' && files.length === 1) {
    sources = files;
    destination = files[0] ? { ...files[0], text: basename(files[0].text) } : undefined;
  } else {
    sources = files.slice(0, -1);
    destination = files.at(-1);
  }
  if (!destination || sources.length === 0) return;
  if (name === 'mv') each(context, sources, 'mv');
  const into = sources.filter((s) => !s.dynamic).map((s) => basename(s.text));
  add(context, destination, name, targetDirectory ? { into, intoOnly: true } : { into });
}

function git(context: Context, args: readonly ShellWord[]): void {
  let i = 0;
  let cwd = context.cwd;
  for (; i < args.length; i++) {
    const text = args[i]?.text ?? '';
    if (text === '-C') {
      const dir = args[++i];
      cwd = dir && !dir.dynamic && cwd !== null ? resolve(cwd, dir.text) : null;
    } else if (text === '-c' || text === '--git-dir' || text === '--work-tree' || text === '--namespace') i++;
    else if (!text.startsWith('-')) break;
  }
  const sub = args[i]?.text;
  const rest = args.slice(i + 1);
  const inner: Context = { cwd, writes: context.writes, skipped: context.skipped };
  if (sub === undefined) return;
  if (GIT_WHOLE_TREE.has(sub)) {
    context.skipped.push(`git ${sub}: rewrites files that cannot be listed before it runs`);
    return;
  }
  if (sub === 'checkout') {
    const dashDash = rest.findIndex((a) => a.text === '--');
    if (dashDash >= 0) return each(inner, rest.slice(dashDash + 1), 'git checkout');
    const { files, flags } = operands(rest, ['b', 'B', 'orphan']);
    if (flags.has('b') || flags.has('B') || flags.has('orphan') || flags.has('p') || flags.has('patch')) return;
    for (const f of files) add(inner, f, 'git checkout', { ifExists: true });
    return;
  }
  if (sub === 'restore') {
    const { files, flags } = operands(rest, ['s', 'source']);
    if ((flags.has('staged') || flags.has('S')) && !(flags.has('worktree') || flags.has('W'))) return;
    return each(inner, files, 'git restore');
  }
  if (sub === 'rm') {
    const { files, flags } = operands(rest, []);
    if (flags.has('cached') || flags.has('n') || flags.has('dry-run')) return;
    return each(inner, files, 'git rm');
  }
  if (sub === 'mv') {
    const { files } = operands(rest, []);
    const destination = files.at(-1);
    const sources = files.slice(0, -1);
    if (!destination || sources.length === 0) return;
    each(inner, sources, 'git mv');
    add(inner, destination, 'git mv', { into: sources.filter((s) => !s.dynamic).map((s) => basename(s.text)) });
  }
}

function each(context: Context, words: readonly ShellWord[], via: string): void {
  for (const word of words) add(context, word, via);
}

function add(context: Context, word: ShellWord, via: string, extra: { into?: readonly string[]; ifExists?: boolean; intoOnly?: boolean } = {}): void {
  const text = word.text;
  if (text === '' || text.startsWith('/dev/') || text.startsWith('/proc/') || text === '-') return;
  if (word.dynamic || /\[/.test(word.glob ? text : '')) {
    context.skipped.push(`${via} ${text}: the path is computed when the command runs`);
    return;
  }
  if (context.cwd === null && !text.startsWith('/')) {
    context.skipped.push(`${via} ${text}: the folder it runs in is not known (cd to a computed path)`);
    return;
  }
  const path = resolve(context.cwd ?? '/', text);
  if (extra.intoOnly && extra.into) {
    // `-t DIR`: the names land inside DIR, whatever DIR is.
    for (const name of extra.into) context.writes.push({ path: resolve(path, name), via });
    return;
  }
  context.writes.push({
    path,
    via,
    ...(extra.into && extra.into.length > 0 ? { into: extra.into } : {}),
    ...(extra.ifExists ? { ifExists: true } : {}),
  });
}
