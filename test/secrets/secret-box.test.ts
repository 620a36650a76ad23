import { createCipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  isSealedWithCurrent,
  openSecret,
  resealSecret,
  sealSecret,
  secretKeyId,
} from '../../src/app/secrets/secret-box.ts';
import { secretRing } from '../../src/core/secret-ring.ts';

const OLD = 'test-secret-0123456789abcdef0123456789abcdef';
const NEW = 'rotated-secret-fedcba9876543210fedcba9876543210';
const OTHER = 'another-secret-0123456789abcdef0123456789';
const purpose = 'webhook-endpoint-secret:v1';
const box = { appSecret: OLD, purpose };
const ring = secretRing(OLD);
const plaintext = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

function flipFirstChar(part: string): string {
  return (part[0] === 'A' ? 'B' : 'A') + part.slice(1);
}

/** A value in the format written before key ids (`v1.<iv>.<tag>.<ciphertext>`), made as that code did. */
function sealV1(appSecret: string, value: string, associatedData?: string): string {
  const key = Buffer.from(
    hkdfSync('sha256', Buffer.from(appSecret), Buffer.from('invoice-portal/secret-box'), purpose, 32),
  );
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  if (associatedData !== undefined) cipher.setAAD(Buffer.from(associatedData));
  const ciphertext = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
  return ['v1', iv, cipher.getAuthTag(), ciphertext]
    .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
    .join('.');
}

describe('secret box', () => {
  it('round-trips, with a fresh IV every time, the key id of the sealing secret and nothing of the plaintext', () => {
    const one = sealSecret(box, plaintext);
    const two = sealSecret(box, plaintext);
    expect(one).toMatch(/^v2\.[A-Za-z0-9_-]{11}\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]+$/);
    expect(one.split('.')[1]).toBe(secretKeyId(OLD));
    expect(secretKeyId(NEW)).not.toBe(secretKeyId(OLD));
    expect(one).not.toBe(two);
    expect(one).not.toContain('MfKQ9r8');
    expect(openSecret({ ring, purpose }, one)).toBe(plaintext);
    expect(openSecret({ ring, purpose }, two)).toBe(plaintext);
    expect(openSecret({ ring, purpose }, sealSecret(box, 'ünïcødé ✓'))).toBe('ünïcødé ✓');
  });

  const sealed = sealSecret({ ...box, associatedData: 'org-1' }, plaintext);
  const [version, kid, iv, tag, ciphertext] = sealed.split('.') as [string, string, string, string, string];

  it.each([
    ['a changed ciphertext', [version, kid, iv, tag, flipFirstChar(ciphertext)].join('.'), {}],
    ['a changed tag', [version, kid, iv, flipFirstChar(tag), ciphertext].join('.'), {}],
    ['a changed IV', [version, kid, flipFirstChar(iv), tag, ciphertext].join('.'), {}],
    ['a changed key id', [version, flipFirstChar(kid), iv, tag, ciphertext].join('.'), {}],
    ['a truncated tag', [version, kid, iv, tag.slice(0, 10), ciphertext].join('.'), {}],
    ['an unknown version', ['v3', kid, iv, tag, ciphertext].join('.'), {}],
    ['a v1 value with a key id', ['v1', kid, iv, tag, ciphertext].join('.'), {}],
    ['a missing part', [version, kid, iv, ciphertext].join('.'), {}],
    ['another APP_SECRET', sealed, { ring: secretRing(OTHER) }],
    ['another purpose', sealed, { purpose: 'payment-provider-key:v1' }],
    ['other associated data', sealed, { associatedData: 'org-2' }],
    ['no associated data', sealed, { associatedData: undefined }],
  ])('refuses %s', (_what, value, override) => {
    expect(openSecret({ ring, purpose, associatedData: 'org-1' }, sealed)).toBe(plaintext);
    expect(() => openSecret({ ring, purpose, associatedData: 'org-1', ...override }, value)).toThrow(
      /secret-box/,
    );
  });

  it('opens a value sealed under a previous secret with the ring of a rotation, and names the missing key otherwise', () => {
    const rotated = secretRing(NEW, [OLD]);
    expect(openSecret({ ring: rotated, purpose, associatedData: 'org-1' }, sealed)).toBe(plaintext);
    expect(() => openSecret({ ring: secretRing(NEW), purpose, associatedData: 'org-1' }, sealed)).toThrow(
      `sealed with key ${secretKeyId(OLD)}, which is neither APP_SECRET nor in APP_SECRET_PREVIOUS`,
    );
    // New values are sealed with the current secret only.
    const fresh = sealSecret({ appSecret: rotated.current, purpose }, plaintext);
    expect(openSecret({ ring: secretRing(NEW), purpose }, fresh)).toBe(plaintext);
    expect(() => openSecret({ ring: secretRing(OLD), purpose }, fresh)).toThrow(/secret-box/);
  });

  it('still opens v1 values (written before key ids) with any secret of the ring', () => {
    const legacy = sealV1(OLD, plaintext, 'org-1');
    expect(openSecret({ ring: secretRing(OLD), purpose, associatedData: 'org-1' }, legacy)).toBe(plaintext);
    expect(
      openSecret({ ring: secretRing(NEW, [OTHER, OLD]), purpose, associatedData: 'org-1' }, legacy),
    ).toBe(plaintext);
    expect(() =>
      openSecret({ ring: secretRing(NEW, [OTHER]), purpose, associatedData: 'org-1' }, legacy),
    ).toThrow(/does not open/);
  });

  it('reseals v1 and previous-key values with the current secret, and leaves current ones alone', () => {
    const rotated = secretRing(NEW, [OLD]);
    const options = { ring: rotated, purpose, associatedData: 'org-1' };
    for (const old of [sealed, sealV1(OLD, plaintext, 'org-1')]) {
      expect(isSealedWithCurrent(rotated, old)).toBe(false);
      const resealed = resealSecret(options, old);
      expect(resealed?.split('.').slice(0, 2)).toEqual(['v2', secretKeyId(NEW)]);
      expect(isSealedWithCurrent(rotated, resealed ?? '')).toBe(true);
      expect(resealSecret(options, resealed ?? '')).toBeNull();
      // Once resealed, the old secret can go.
      expect(openSecret({ ...options, ring: secretRing(NEW) }, resealed ?? '')).toBe(plaintext);
    }
    expect(() => resealSecret({ ...options, ring: secretRing(NEW, [OTHER]) }, sealed)).toThrow(/secret-box/);
  });
});
