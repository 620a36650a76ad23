import { describe, expect, it } from 'vitest';
import { openSecret, sealSecret } from '../../src/app/secrets/secret-box.ts';

const box = {
  appSecret: 'test-secret-0123456789abcdef0123456789abcdef',
  purpose: 'webhook-endpoint-secret:v1',
};
const plaintext = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

function flipFirstChar(part: string): string {
  return (part[0] === 'A' ? 'B' : 'A') + part.slice(1);
}

describe('secret box', () => {
  it('round-trips, with a fresh IV every time and nothing of the plaintext in the output', () => {
    const one = sealSecret(box, plaintext);
    const two = sealSecret(box, plaintext);
    expect(one).toMatch(/^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]+$/);
    expect(one).not.toBe(two);
    expect(one).not.toContain('MfKQ9r8');
    expect(openSecret(box, one)).toBe(plaintext);
    expect(openSecret(box, two)).toBe(plaintext);
    expect(openSecret(box, sealSecret(box, 'ünïcødé ✓'))).toBe('ünïcødé ✓');
  });

  const sealed = sealSecret({ ...box, associatedData: 'org-1' }, plaintext);
  const [version, iv, tag, ciphertext] = sealed.split('.') as [string, string, string, string];

  it.each([
    ['a changed ciphertext', [version, iv, tag, flipFirstChar(ciphertext)].join('.'), {}],
    ['a changed tag', [version, iv, flipFirstChar(tag), ciphertext].join('.'), {}],
    ['a changed IV', [version, flipFirstChar(iv), tag, ciphertext].join('.'), {}],
    ['a truncated tag', [version, iv, tag.slice(0, 10), ciphertext].join('.'), {}],
    ['an unknown version', ['v2', iv, tag, ciphertext].join('.'), {}],
    ['a missing part', [version, iv, ciphertext].join('.'), {}],
    ['another APP_SECRET', sealed, { appSecret: 'another-secret-0123456789abcdef0123456789' }],
    ['another purpose', sealed, { purpose: 'payment-provider-key:v1' }],
    ['other associated data', sealed, { associatedData: 'org-2' }],
    ['no associated data', sealed, { associatedData: undefined }],
  ])('refuses %s', (_what, value, override) => {
    expect(openSecret({ ...box, associatedData: 'org-1' }, sealed)).toBe(plaintext);
    expect(() => openSecret({ ...box, associatedData: 'org-1', ...override }, value)).toThrow(/secret-box/);
  });
});
