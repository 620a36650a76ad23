import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Short secrets at rest (webhook signing secrets, payment-provider keys): AES-256-GCM under a key derived
 * from APP_SECRET with HKDF-SHA256 and a purpose string, so each use has its own key and a value sealed for
 * one purpose never opens for another. The output is `v1.<iv>.<tag>.<ciphertext>`, each part base64url.
 *
 * `associatedData` (optional) binds the value to where it is stored, e.g. the organization id: a sealed
 * value copied into another organization's row then fails to open instead of being used there.
 *
 * NOTE: rotating APP_SECRET makes every sealed value unreadable; the `v1` prefix leaves room for a
 * versioned key list if rotation is ever needed.
 */

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const HKDF_SALT = Buffer.from('invoice-portal/secret-box', 'utf8');
const PART = /^[A-Za-z0-9_-]*$/;

export interface SecretBoxOptions {
  /** APP_SECRET. */
  appSecret: string;
  /** What the value is for, e.g. `webhook-endpoint-secret:v1`; part of the key derivation. */
  purpose: string;
  /** Context the value is bound to (authenticated, not stored). */
  associatedData?: string;
}

function deriveKey(appSecret: string, purpose: string): Buffer {
  if (!appSecret) throw new Error('secret-box: APP_SECRET is empty');
  if (!purpose) throw new Error('secret-box: a purpose is required');
  return Buffer.from(hkdfSync('sha256', Buffer.from(appSecret, 'utf8'), HKDF_SALT, purpose, 32));
}

/** Encrypts `plaintext`; every call uses a fresh random IV, so sealing twice gives two different strings. */
export function sealSecret(options: SecretBoxOptions, plaintext: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', deriveKey(options.appSecret, options.purpose), iv);
  if (options.associatedData !== undefined) cipher.setAAD(Buffer.from(options.associatedData, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [VERSION, iv, tag, ciphertext]
    .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
    .join('.');
}

/**
 * Decrypts a value made by `sealSecret`. Throws when it is malformed, was tampered with, or was sealed
 * with another APP_SECRET, purpose or associated data: a stored secret that does not open is a fault of
 * the deployment, not an expected outcome.
 */
export function openSecret(options: SecretBoxOptions, sealed: string): string {
  const parts = sealed.split('.');
  if (parts.length !== 4 || parts[0] !== VERSION || !parts.slice(1).every((p) => PART.test(p))) {
    throw new Error('secret-box: not a sealed value of a known version');
  }
  const [iv, tag, ciphertext] = parts.slice(1).map((p) => Buffer.from(p, 'base64url')) as [
    Buffer,
    Buffer,
    Buffer,
  ];
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES)
    throw new Error('secret-box: malformed sealed value');
  const decipher = createDecipheriv('aes-256-gcm', deriveKey(options.appSecret, options.purpose), iv, {
    authTagLength: TAG_BYTES,
  });
  if (options.associatedData !== undefined) decipher.setAAD(Buffer.from(options.associatedData, 'utf8'));
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
  } catch {
    throw new Error('secret-box: the value does not open (tampered, or sealed with another key or purpose)');
  }
}
