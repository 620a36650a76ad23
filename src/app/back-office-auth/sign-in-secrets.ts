import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { acceptedSecrets, type SecretRing } from '../../core/secret-ring.ts';

/**
 * The secrets of back-office sign-in. A sign-in link's token and a session id are 256 random bits, given
 * to the browser once and stored only as their SHA-256; the rate limits key addresses and client IPs by
 * an HMAC under APP_SECRET, so the requests table holds neither. A form's CSRF token is an HMAC of the
 * session id: nothing to store, and it dies with the session.
 *
 * During an APP_SECRET rotation a CSRF token made under a previous secret is still accepted (a page shown
 * before the restart still posts); the rate-limit keys use the current secret only (a rotation starts
 * their counts afresh, which only ever lets someone try a little sooner).
 */

/** A new token or session id: 32 random bytes, base64url (43 characters). */
export const newSecret = (): string => randomBytes(32).toString('base64url');

/** What is stored of a token or session id. */
export const secretHash = (secret: string): string =>
  createHash('sha256').update(secret, 'utf8').digest('hex');

/** The shape of a secret we issued; anything else is refused before a lookup. */
export const isSecretShaped = (value: unknown): value is string =>
  typeof value === 'string' && /^[A-Za-z0-9_-]{43}$/.test(value);

const keyed = (appSecret: string, purpose: string, value: string) =>
  createHmac('sha256', appSecret).update(`${purpose}\u0000${value}`, 'utf8').digest('hex');

/** The rate limits' key for an address (case-insensitive) and for a client IP address. */
export const emailKey = (appSecret: string, email: string) =>
  keyed(appSecret, 'sign-in-email:v1', email.trim().toLowerCase());
export const clientKey = (appSecret: string, address: string) =>
  keyed(appSecret, 'sign-in-client:v1', address);

/** The CSRF token of a session's forms. */
export const csrfTokenFor = (appSecret: string, sessionId: string) =>
  keyed(appSecret, 'back-office-csrf:v1', sessionId).slice(0, 43);

export function isValidCsrfToken(ring: SecretRing, sessionId: string, given: unknown): boolean {
  if (typeof given !== 'string') return false;
  const actual = Buffer.from(given);
  return acceptedSecrets(ring).some((secret) => {
    const expected = Buffer.from(csrfTokenFor(secret, sessionId));
    return actual.length === expected.length && timingSafeEqual(actual, expected);
  });
}
