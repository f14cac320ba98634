/**
 * What characters a text input may hold, decided once for every schema. PostgreSQL refuses a NUL byte
 * and a lone UTF-16 surrogate in `text`, so such input used to reach the database and come back as an
 * internal error; terminal escapes and other control characters in a name end up in the CLI's output
 * and the editor's views, where they can rewrite what a person sees. So:
 *
 * - names (`nameText`: agent names, mission and sprint names, anything shown as an identifier) refuse
 *   every control character — C0 (U+0000–U+001F), DEL (U+007F) and C1 (U+0080–U+009F) — and lone
 *   surrogates;
 * - free text (`freeText`: titles, descriptions, notes, reasons, messages, bodies) refuses NUL and lone
 *   surrogates only, keeping newlines, tabs and everything else a person writes.
 *
 * Both refuse with a VALIDATION issue naming the field (validation.ts). Paths and globs have their own
 * rules (path.ts, glob.ts).
 */
import * as z from 'zod';

// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/u;
// eslint-disable-next-line no-control-regex -- finding NUL is the point
const NUL = /\u0000/u;

/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
export function hasLoneSurrogate(value: string): boolean {
  return !value.isWellFormed();
}

export function hasControlCharacter(value: string): boolean {
  return CONTROL.test(value);
}

const NO_CONTROL = 'must not contain control characters (NUL, escape, newline, tab, DEL or U+0080–U+009F): give plain printable text';
const NO_NUL = 'must not contain a NUL character (\\0): remove it and send the text again';
const NO_LONE_SURROGATE = 'must be valid Unicode: it has a lone UTF-16 surrogate (half of a character), which cannot be stored';

/** A string for a name or identifier: no control characters, no lone surrogates. */
export function nameText(): z.ZodString {
  return z
    .string()
    .refine((value) => !hasLoneSurrogate(value), { error: NO_LONE_SURROGATE, abort: true })
    .refine((value) => !hasControlCharacter(value), { error: NO_CONTROL, abort: true });
}

/** A string for free text: newlines and tabs welcome, NUL and lone surrogates refused. */
export function freeText(): z.ZodString {
  return z
    .string()
    .refine((value) => !hasLoneSurrogate(value), { error: NO_LONE_SURROGATE, abort: true })
    .refine((value) => !NUL.test(value), { error: NO_NUL, abort: true });
}
