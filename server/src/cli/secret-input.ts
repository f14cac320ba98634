/**
 * Passwords come from stdin, never from arguments (those show in `ps` and in the shell's history): typed
 * at a terminal after a prompt on stderr with nothing echoed, or the first line of whatever is piped in
 * (`printf '%s\n' "$PASSWORD" | agent-coordinator login alice`).
 */
import { UsageError } from './args.ts';

/** Enough for any password the server accepts; a huge pipe is not read to its end. */
const MAX_PIPED_BYTES = 64 * 1024;

/** What is used of stdin: a terminal in raw mode, or a stream read to its first line. */
export interface SecretInput extends AsyncIterable<unknown> {
  readonly isTTY?: boolean | undefined;
  setRawMode(raw: boolean): unknown;
  setEncoding(encoding: 'utf8'): unknown;
  resume(): unknown;
  pause(): unknown;
  on(event: 'data', listener: (chunk: unknown) => void): unknown;
  off(event: 'data', listener: (chunk: unknown) => void): unknown;
}

export interface SecretIo {
  readonly input: SecretInput;
  /** Where prompts go: stderr, so stdout stays the command's result. */
  readonly prompt: (text: string) => void;
}

const defaultIo = (): SecretIo => ({ input: process.stdin, prompt: (text) => void process.stderr.write(text) });

/** Ctrl-C at the prompt. */
export class CancelledError extends Error {
  override readonly name = 'CancelledError';
}

/** A password: typed at the terminal (`prompt` shown, nothing echoed) or the first line of piped stdin. */
export async function readSecret(prompt: string, io: SecretIo = defaultIo()): Promise<string> {
  const secret = io.input.isTTY ? await typeSecret(prompt, io) : await pipedSecret(io);
  if (secret === '') throw new UsageError(io.input.isTTY ? 'no password typed' : 'no password on stdin: pipe it in, or run the command at a terminal to be asked for it');
  return secret;
}

/** A new password: at a terminal asked twice (the two must match); piped, the first line. */
export async function readNewSecret(prompt: string, io: SecretIo = defaultIo()): Promise<string> {
  const secret = await readSecret(prompt, io);
  if (io.input.isTTY && (await readSecret('Again: ', io)) !== secret) throw new UsageError('the two passwords differ; nothing was changed');
  return secret;
}

async function pipedSecret(io: SecretIo): Promise<string> {
  let text = '';
  for await (const chunk of io.input) {
    text += Buffer.isBuffer(chunk) ? chunk.toString('utf8') : String(chunk);
    if (text.includes('\n') || text.length > MAX_PIPED_BYTES) break;
  }
  return (text.split(/\r?\n/, 1)[0] ?? '').slice(0, MAX_PIPED_BYTES);
}

function typeSecret(prompt: string, io: SecretIo): Promise<string> {
  const input = io.input;
  io.prompt(prompt);
  return new Promise((resolve, reject) => {
    let typed: TypedSecret = { value: '', done: null };
    const finish = (): void => {
      input.off('data', onData);
      input.setRawMode(false);
      input.pause();
      io.prompt('\n');
      if (typed.done === 'cancel') reject(new CancelledError('cancelled'));
      else resolve(typed.value);
    };
    const onData = (chunk: unknown): void => {
      typed = typeKeys(typed.value, String(chunk));
      if (typed.done !== null) finish();
    };
    input.setRawMode(true);
    input.setEncoding('utf8');
    input.on('data', onData);
    input.resume();
  });
}

export interface TypedSecret {
  readonly value: string;
  /** `enter`: the line is complete; `cancel`: Ctrl-C (or Ctrl-D on an empty line); null: keep reading. */
  readonly done: 'enter' | 'cancel' | null;
}

/**
 * What a chunk of raw-mode terminal input does to the secret typed so far: printable characters are
 * added, Backspace removes one, Ctrl-U clears, Enter ends, Ctrl-C cancels, escape sequences (arrow keys)
 * and other control characters are ignored.
 */
export function typeKeys(value: string, chunk: string): TypedSecret {
  let chars = Array.from(value);
  const keys = Array.from(chunk);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] ?? '';
    if (key === '\r' || key === '\n') return { value: chars.join(''), done: 'enter' };
    if (key === '\u0003') return { value: '', done: 'cancel' };
    if (key === '\u0004') return chars.length > 0 ? { value: chars.join(''), done: 'enter' } : { value: '', done: 'cancel' };
    if (key === '\u007f' || key === '\b') chars = chars.slice(0, -1);
    else if (key === '\u0015') chars = [];
    else if (key === '\u001b') i = skipEscape(keys, i);
    else if (key >= ' ') chars.push(key);
  }
  return { value: chars.join(''), done: null };
}

/** The index of the last character of the escape sequence starting at `start` (CSI `ESC [ ... final` or SS3 `ESC O x`). */
function skipEscape(keys: readonly string[], start: number): number {
  const kind = keys[start + 1];
  if (kind === 'O') return start + 2;
  if (kind !== '[') return start;
  let i = start + 2;
  while (i < keys.length && !/[@-~]/.test(keys[i] ?? '')) i++;
  return i;
}
