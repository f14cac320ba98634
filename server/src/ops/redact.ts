/**
 * Keeps credentials out of logs. By name: a field whose key says password, passphrase, secret, token,
 * authorization, cookie or api key (at the end of the key) has its value replaced, however deep. By shape, in any text: `Bearer <x>`,
 * the coordinator's tokens (`act_` + id + secret, and any `ac…_` token of 16+ characters) and the
 * password in a URL's user info (`postgres://user:pw@host`). Values pass through otherwise unchanged;
 * cycles and very deep objects are cut, not followed.
 */
export const REDACTED = '[redacted]';

/** Keys ending in one of these words (`password`, `newPassword`, `agent_token`; not `tokens_used`). */
const SECRET_KEY = /(pass(word|phrase)?|secret|token|authori[sz]ation|cookie|api[-_]?key)$/i;
const PATTERNS: readonly (readonly [RegExp, string])[] = [
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi, `$1 ${REDACTED}`],
  [/\bac[a-z]?_[A-Za-z0-9_-]{16,}/g, REDACTED],
  [/\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@]*):[^\s@/]+@/gi, `$1:${REDACTED}@`],
];
const MAX_DEPTH = 8;

export function redactText(text: string): string {
  return PATTERNS.reduce((out, [pattern, replacement]) => out.replace(pattern, replacement), text);
}

/** A copy of `value` with secrets replaced (strings by shape, object fields by name). */
export function redactSecrets(value: unknown, depth = 0, seen: WeakSet<object> = new WeakSet()): unknown {
  if (typeof value === 'string') return redactText(value);
  if (typeof value !== 'object' || value === null) return value;
  if (seen.has(value) || depth >= MAX_DEPTH) return '[cut]';
  seen.add(value);
  try {
    if (Array.isArray(value)) return value.map((item) => redactSecrets(item, depth + 1, seen));
    if (value instanceof Error) return redactSecrets({ error: value.message, stack: value.stack }, depth + 1, seen);
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = SECRET_KEY.test(key) && typeof item === 'string' ? REDACTED : redactSecrets(item, depth + 1, seen);
    return out;
  } finally {
    seen.delete(value); // only the path above is a cycle; the same object twice side by side is not
  }
}
