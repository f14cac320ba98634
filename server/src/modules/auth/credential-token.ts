/**
 * Credential tokens: `act_` + the credential's id (32 hex) + a 256-bit secret (43 base64url characters).
 * The id finds the row; only a SHA-256 of the secret is stored and it is compared in constant time, so
 * neither a database leak nor response timing gives a usable token away.
 */
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';

const PREFIX = 'act_';
const TOKEN = /^act_([0-9a-f]{32})([A-Za-z0-9_-]{43})$/;

export interface NewCredentialToken {
  readonly id: string;
  readonly token: string;
  readonly secretHash: Buffer;
}

export function newCredentialToken(): NewCredentialToken {
  const id = randomUUID();
  const secret = randomBytes(32).toString('base64url');
  return { id, token: `${PREFIX}${id.replaceAll('-', '')}${secret}`, secretHash: hashSecret(secret) };
}

/** The credential id and secret of a well-formed token; null for anything else. */
export function parseCredentialToken(token: string): { readonly id: string; readonly secret: string } | null {
  const match = TOKEN.exec(token);
  if (!match?.[1] || !match[2]) return null;
  const hex = match[1];
  const id = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  return { id, secret: match[2] };
}

export function secretMatches(secret: string, storedHash: Uint8Array): boolean {
  const hash = hashSecret(secret);
  return storedHash.length === hash.length && timingSafeEqual(hash, storedHash);
}

function hashSecret(secret: string): Buffer {
  return createHash('sha256').update(secret).digest();
}
