import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { acceptedSecrets, type SecretRing } from '../../core/secret-ring.ts';

/**
 * Short secrets at rest (webhook signing secrets, payment-provider keys): AES-256-GCM under a key derived
 * from APP_SECRET with HKDF-SHA256 and a purpose string, so each use has its own key and a value sealed for
 * one purpose never opens for another. The output is `v2.<kid>.<iv>.<tag>.<ciphertext>`, each part
 * base64url, where `kid` names the APP_SECRET that sealed it (a truncated HMAC of a constant under that
 * secret: it identifies the key without revealing anything of it).
 *
 * Opening takes the ring of secrets (current and previous, see core/secret-ring.ts): a `v2` value opens
 * with the ring's secret of its key id; a `v1` value (written before key ids, `v1.<iv>.<tag>.<ciphertext>`)
 * is tried with every secret of the ring. Sealing always uses the current secret, and `resealSecret` moves
 * an older value to it (the `rotate-secrets` command).
 *
 * `associatedData` (optional) binds the value to where it is stored, e.g. the organization id: a sealed
 * value copied into another organization's row then fails to open instead of being used there.
 */

const VERSION = 'v2';
const LEGACY_VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const HKDF_SALT = Buffer.from('invoice-portal/secret-box', 'utf8');
const PART = /^[A-Za-z0-9_-]*$/;

export interface SecretBoxOptions {
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

/** The key id of a secret as written into `v2` values: 64 bits, base64url (11 characters). */
export function secretKeyId(appSecret: string): string {
  return createHmac('sha256', appSecret)
    .update('invoice-portal/secret-box-kid')
    .digest()
    .subarray(0, 8)
    .toString('base64url');
}

/** Encrypts `plaintext` under `appSecret` (the current one); a fresh random IV every call. */
export function sealSecret(options: SecretBoxOptions & { appSecret: string }, plaintext: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', deriveKey(options.appSecret, options.purpose), iv);
  if (options.associatedData !== undefined) cipher.setAAD(Buffer.from(options.associatedData, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [
    VERSION,
    secretKeyId(options.appSecret),
    ...[iv, tag, ciphertext].map((p) => p.toString('base64url')),
  ].join('.');
}

interface ParsedSealed {
  /** Null for a `v1` value, which names no key. */
  kid: string | null;
  iv: Buffer;
  tag: Buffer;
  ciphertext: Buffer;
}

function parseSealed(sealed: string): ParsedSealed {
  const parts = sealed.split('.');
  const legacy = parts[0] === LEGACY_VERSION && parts.length === 4;
  const current = parts[0] === VERSION && parts.length === 5;
  if ((!legacy && !current) || !parts.slice(1).every((p) => PART.test(p))) {
    throw new Error('secret-box: not a sealed value of a known version');
  }
  const kid = current ? (parts[1] ?? '') : null;
  const [iv, tag, ciphertext] = parts.slice(current ? 2 : 1).map((p) => Buffer.from(p, 'base64url')) as [
    Buffer,
    Buffer,
    Buffer,
  ];
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES || (kid !== null && kid.length !== 11))
    throw new Error('secret-box: malformed sealed value');
  return { kid, iv, tag, ciphertext };
}

function tryOpen(appSecret: string, options: SecretBoxOptions, value: ParsedSealed): string | null {
  const decipher = createDecipheriv('aes-256-gcm', deriveKey(appSecret, options.purpose), value.iv, {
    authTagLength: TAG_BYTES,
  });
  if (options.associatedData !== undefined) decipher.setAAD(Buffer.from(options.associatedData, 'utf8'));
  decipher.setAuthTag(value.tag);
  try {
    return Buffer.concat([decipher.update(value.ciphertext), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
}

/**
 * Decrypts a value made by `sealSecret` with the ring's secrets. Throws when it is malformed, was tampered
 * with, or was sealed with a secret not in the ring, another purpose or other associated data: a stored
 * secret that does not open is a fault of the deployment, not an expected outcome.
 */
export function openSecret(options: SecretBoxOptions & { ring: SecretRing }, sealed: string): string {
  const value = parseSealed(sealed);
  const candidates =
    value.kid === null
      ? acceptedSecrets(options.ring)
      : acceptedSecrets(options.ring).filter((secret) => secretKeyId(secret) === value.kid);
  if (candidates.length === 0) {
    throw new Error(
      `secret-box: the value was sealed with key ${value.kid}, which is neither APP_SECRET nor in APP_SECRET_PREVIOUS`,
    );
  }
  for (const secret of candidates) {
    const opened = tryOpen(secret, options, value);
    if (opened !== null) return opened;
  }
  throw new Error('secret-box: the value does not open (tampered, or sealed with another key or purpose)');
}

/** Whether a value is already sealed with the ring's current secret (`rotate-secrets` leaves it alone). */
export function isSealedWithCurrent(ring: SecretRing, sealed: string): boolean {
  const [version, kid] = sealed.split('.');
  return version === VERSION && kid === secretKeyId(ring.current);
}

/**
 * The value sealed anew with the ring's current secret, or null when it already is. Throws, like
 * `openSecret`, when no secret of the ring opens it.
 */
export function resealSecret(
  options: SecretBoxOptions & { ring: SecretRing },
  sealed: string,
): string | null {
  if (isSealedWithCurrent(options.ring, sealed)) return null;
  return sealSecret({ ...options, appSecret: options.ring.current }, openSecret(options, sealed));
}
