import { createHash, randomBytes } from 'node:crypto';

const KEY_PREFIX = 'ipk_';

/** A new API key: shown once, only its SHA-256 is stored (a 256-bit random key needs no slow hash). */
export function generateApiKey(): { key: string; prefix: string; hash: string } {
  const key = `${KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
  return { key, prefix: key.slice(0, 12), hash: hashApiKey(key) };
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** Cheap shape check before touching the database. */
export function looksLikeApiKey(value: string): boolean {
  return value.startsWith(KEY_PREFIX) && /^[A-Za-z0-9_-]{40,80}$/.test(value);
}
