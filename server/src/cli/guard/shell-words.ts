/**
 * Splits a POSIX shell command line into simple commands (words and redirections), enough to see what a
 * command writes: quotes, backslashes, comments, the control operators `; & && || |` and newlines,
 * subshell parentheses, and here-documents (whose bodies are text, not commands). Anything computed at
 * run time — `$VAR`, `$(...)`, backquotes, `~` — marks the word `dynamic`; unquoted `* ? [` mark it `glob`.
 */

export interface ShellWord {
  /** The word with quotes removed. */
  readonly text: string;
  /** Contains an expansion whose value only the shell knows. */
  readonly dynamic: boolean;
  /** Contains unquoted glob characters. */
  readonly glob: boolean;
}

export interface Redirection {
  /** `>`, `>>`, `>|`, `&>`, `&>>`, `<`, `<<`, `<<-`, `<<<`, `>&`, `<&`, `<>` (the fd number is dropped). */
  readonly op: string;
  readonly fd: number | null;
  readonly target: ShellWord;
}

export interface SimpleCommand {
  readonly words: readonly ShellWord[];
  readonly redirections: readonly Redirection[];
  /** Marks where a subshell opens or closes (a `cd` inside does not outlive it); no words then. */
  readonly group?: '(' | ')';
}

const OPERATOR_CHARS = new Set([';', '&', '|', '(', ')', '\n']);

export function splitCommands(source: string): SimpleCommand[] {
  const commands: SimpleCommand[] = [];
  let words: ShellWord[] = [];
  let redirections: Redirection[] = [];
  let pendingRedirect: { op: string; fd: number | null } | null = null;
  const heredocs: { delimiter: string; stripTabs: boolean }[] = [];
  let i = 0;

  const endCommand = (): void => {
    if (words.length > 0 || redirections.length > 0) commands.push({ words, redirections });
    words = [];
    redirections = [];
    pendingRedirect = null;
  };
  const pushWord = (word: ShellWord): void => {
    if (pendingRedirect) {
      redirections.push({ ...pendingRedirect, target: word });
      if (pendingRedirect.op === '<<' || pendingRedirect.op === '<<-') heredocs.push({ delimiter: word.text, stripTabs: pendingRedirect.op === '<<-' });
      pendingRedirect = null;
    } else words.push(word);
  };
  const skipHeredocBodies = (): void => {
    // i is just past a newline: each pending here-document's body runs up to its delimiter line.
    while (heredocs.length > 0) {
      const { delimiter, stripTabs } = heredocs.shift() as { delimiter: string; stripTabs: boolean };
      for (;;) {
        if (i >= source.length) return;
        const end = source.indexOf('\n', i);
        const line = source.slice(i, end === -1 ? source.length : end);
        i = end === -1 ? source.length : end + 1;
        if ((stripTabs ? line.replace(/^\t+/, '') : line) === delimiter) break;
      }
    }
  };

  while (i < source.length) {
    const ch = source[i] ?? '';
    if (ch === ' ' || ch === '\t') {
      i++;
      continue;
    }
    if (ch === '\\' && source[i + 1] === '\n') {
      i += 2;
      continue;
    }
    if (ch === '#') {
      while (i < source.length && source[i] !== '\n') i++;
      continue;
    }
    if (OPERATOR_CHARS.has(ch)) {
      // `&>` and `&>>` are redirections, not the background operator.
      if (ch === '&' && source[i + 1] === '>') {
        const op = source[i + 2] === '>' ? '&>>' : '&>';
        pendingRedirect = { op, fd: null };
        i += op.length;
        continue;
      }
      endCommand();
      i++;
      if (ch === '(' || ch === ')') commands.push({ words: [], redirections: [], group: ch });
      if (ch === '\n') skipHeredocBodies();
      continue;
    }
    const redirect = /^([0-9]*)(<<<|<<-|<<|>>|>\||>&|<&|<>|>|<)/.exec(source.slice(i));
    if (redirect && (redirect[1] === '' || isWordStart(source, i))) {
      const op = redirect[2] ?? '>';
      const fd = redirect[1] ? Number(redirect[1]) : null;
      i += redirect[0].length;
      if (op === '>&' || op === '<&') {
        // `2>&1`, `>&-`: duplicating a descriptor writes no file; `>&file` (bash) does.
        const dup = /^\s*([0-9]+|-)(?=[\s;&|()]|$)/.exec(source.slice(i));
        if (dup) {
          i += dup[0].length;
          continue;
        }
      }
      pendingRedirect = { op, fd };
      continue;
    }
    const [word, next] = readWord(source, i);
    i = next;
    pushWord(word);
  }
  endCommand();
  return commands;
}

/** A digit run directly before `>` is a descriptor number only at the start of a word. */
function isWordStart(source: string, i: number): boolean {
  const before = source[i - 1];
  return before === undefined || /[\s;&|()]/.test(before);
}

function readWord(source: string, start: number): [ShellWord, number] {
  let text = '';
  let dynamic = false;
  let glob = false;
  let i = start;
  if (source[i] === '~') dynamic = true;
  while (i < source.length) {
    const ch = source[i] ?? '';
    if (/\s/.test(ch) || OPERATOR_CHARS.has(ch) || ch === '<' || ch === '>') break;
    if (ch === '\\') {
      text += source[i + 1] ?? '';
      i += 2;
    } else if (ch === "'") {
      const end = source.indexOf("'", i + 1);
      const stop = end === -1 ? source.length : end;
      text += source.slice(i + 1, stop);
      i = stop + 1;
    } else if (ch === '"') {
      i++;
      while (i < source.length && source[i] !== '"') {
        const c = source[i] ?? '';
        if (c === '\\' && /["\\$`\n]/.test(source[i + 1] ?? '')) {
          text += source[i + 1];
          i += 2;
          continue;
        }
        if (c === '$' || c === '`') {
          dynamic = true;
          const [skipped, after] = skipExpansion(source, i);
          text += skipped;
          i = after;
          continue;
        }
        text += c;
        i++;
      }
      i++;
    } else if (ch === '$' || ch === '`') {
      dynamic = true;
      const [skipped, after] = skipExpansion(source, i);
      text += skipped;
      i = after;
    } else {
      if (ch === '*' || ch === '?' || ch === '[') glob = true;
      text += ch;
      i++;
    }
  }
  return [{ text, dynamic, glob }, i];
}

/** Skips `$name`, `${...}`, `$(...)`, `$((...))` or a backquoted command, nesting respected. */
function skipExpansion(source: string, start: number): [string, number] {
  let i = start;
  if (source[i] === '`') {
    const end = source.indexOf('`', i + 1);
    i = end === -1 ? source.length : end + 1;
    return [source.slice(start, i), i];
  }
  i++; // '$'
  const open = source[i];
  if (open === '(' || open === '{') {
    const close = open === '(' ? ')' : '}';
    let depth = 0;
    for (; i < source.length; i++) {
      const c = source[i];
      if (c === open) depth++;
      else if (c === close && --depth === 0) {
        i++;
        break;
      } else if (c === "'" || c === '"') {
        const end = source.indexOf(c, i + 1);
        i = end === -1 ? source.length : end;
      }
    }
    return [source.slice(start, i), i];
  }
  if (/[0-9?@*#$!-]/.test(open ?? '')) return [source.slice(start, i + 1), i + 1];
  while (i < source.length && /[A-Za-z0-9_]/.test(source[i] ?? '')) i++;
  return [source.slice(start, i), i];
}
