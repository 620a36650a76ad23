import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  belgianStructuredReference,
  describePaymentReference,
  formatRfReference,
  isValidBelgianStructuredReference,
  isValidRfReference,
  paymentReferenceFromNumber,
  rfReference,
} from '../../src/domain/payment-reference.ts';

describe('belgianStructuredReference', () => {
  it.each<[number | bigint, string]>([
    [108_068_171, '+++010/8068/17183+++'], // 108068171 mod 97 = 83
    [108_068_171n, '+++010/8068/17183+++'],
    [97, '+++000/0000/09797+++'], // 97 mod 97 = 0 → check 97
    [0, '+++000/0000/00097+++'], // 0 mod 97 = 0 → check 97
    [1, '+++000/0000/00101+++'],
    [9_999_999_999, '+++999/9999/99948+++'], // 9999999999 = 97 × 103092783 + 48
  ])('%s → %s', (base, expected) => {
    expect(belgianStructuredReference(base)).toBe(expected);
  });

  it.each<number | bigint>([-1, 10_000_000_000, 10_000_000_000n, 1.5, Number.NaN])(
    'refuses the base %s',
    (base) => {
      expect(() => belgianStructuredReference(base)).toThrow(RangeError);
    },
  );
});

describe('isValidBelgianStructuredReference', () => {
  it.each([
    ['+++010/8068/17183+++', true],
    ['***010/8068/17183***', true],
    ['010/8068/17183', true],
    ['010806817183', true],
    [' +++010 / 8068 / 17183+++ ', true],
    ['+++000/0000/09797+++', true],
    ['+++010/8068/17184+++', false], // wrong check digits
    ['+++011/8068/17183+++', false], // one digit changed
    ['+++010/8068/1718+++', false], // 11 digits
    ['+++010/8068/171830+++', false], // 13 digits
    ['+++010/8068/17183***', false], // mismatched wrappers
    ['+++010/8068/17183', false],
    ['++010/8068/17183++', false],
    ['+++000/0000/00000+++', false], // check 00 never occurs
    ['+++000/0000/09700+++', false], // 97 mod 97 is written 97, not 00
    ['+++010-8068-17183+++', false],
    ['RF18539007547034', false],
    ['', false],
  ])('%j → %s', (s, expected) => {
    expect(isValidBelgianStructuredReference(s)).toBe(expected);
  });

  it('accepts every generated reference and refuses it with any single digit changed', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 9_999_999_999n }),
        fc.integer({ min: 0, max: 11 }),
        fc.integer({ min: 1, max: 9 }),
        (base, position, shift) => {
          const reference = belgianStructuredReference(base);
          expect(isValidBelgianStructuredReference(reference)).toBe(true);
          const digits = reference.replace(/\D/g, '');
          const changedDigit = String((Number(digits[position]) + shift) % 10);
          const changed = digits.slice(0, position) + changedDigit + digits.slice(position + 1);
          expect(changed).not.toBe(digits);
          expect(isValidBelgianStructuredReference(changed)).toBe(false);
        },
      ),
    );
  });
});

describe('ISO 11649 RF references', () => {
  it.each([
    ['539007547034', 'RF18539007547034'],
    ['5390 0754 7034', 'RF18539007547034'],
    // '7' + 'RF00' → 7271500; 7271500 mod 97 = 89 (97 × 74963 = 7271411); 98 − 89 = 9 → '09'
    ['7', 'RF097'],
    ['inv2026', 'RF73INV2026'],
    ['INV20260042', 'RF73INV20260042'],
    ['JKLMNOPQRSTUVWXYZ0001', 'RF64JKLMNOPQRSTUVWXYZ0001'], // 21 characters, the longest
  ])('rfReference(%j) = %s', (reference, expected) => {
    expect(rfReference(reference)).toBe(expected);
  });

  it.each(['', '   ', 'INV-1', 'ÉTÉ1', '1234567890123456789012'])('rfReference refuses %j', (reference) => {
    expect(() => rfReference(reference)).toThrow(RangeError);
  });

  it.each([
    ['RF18539007547034', true],
    ['RF18 5390 0754 7034', true],
    ['rf18539007547034', true],
    ['RF097', true],
    ['RF73INV2026', true],
    ['RF19539007547034', false], // check digits off by one
    ['RF18539007547035', false], // reference changed
    ['RF18', false], // no reference
    ['RF181234567890123456789012', false], // 22 characters
    ['RF18-5390-0754-7034', false],
    ['XX18539007547034', false],
    ['', false],
  ])('isValidRfReference(%j) = %s', (s, expected) => {
    expect(isValidRfReference(s)).toBe(expected);
  });

  it.each([
    // '36' + 'RF02' → 36271502 = 97 × 373933 + 1, valid; 36271599 is also 1 mod 97, but 99 is never issued.
    ['RF0236', 'RF9936'],
    ['RF9854', 'RF0154'], // 98 ≡ 1 (mod 97)
    ['RF9772', 'RF0072'], // 97 ≡ 0 (mod 97)
  ])('accepts %s but not %s, whose check digits are out of the range 02..98', (valid, outOfRange) => {
    expect(isValidRfReference(valid)).toBe(true);
    expect(isValidRfReference(outOfRange)).toBe(false);
  });

  it('groups by four for print', () => {
    expect(formatRfReference('RF18539007547034')).toBe('RF18 5390 0754 7034');
    expect(formatRfReference('rf18 5390 0754 7034')).toBe('RF18 5390 0754 7034');
    expect(formatRfReference('RF73INV2026')).toBe('RF73 INV2 026');
  });

  it('always validates what it generates, raw and formatted', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Z0-9]{1,21}$/), (reference) => {
        const rf = rfReference(reference);
        expect(rf.slice(4)).toBe(reference);
        expect(isValidRfReference(rf)).toBe(true);
        expect(isValidRfReference(formatRfReference(rf))).toBe(true);
      }),
    );
  });
});

describe('paymentReferenceFromNumber', () => {
  it.each<['be' | 'rf', string, number, string]>([
    ['be', 'INV-2026-0001', 108_068_171, '+++010/8068/17183+++'],
    ['be', 'INV-2026-0001', 97, '+++000/0000/09797+++'],
    ['rf', 'inv-2026/0042', 7, 'RF73INV20260042'],
    ['rf', '---', 42, 'RF3442'], // no letters or digits: the sequence
    ['rf', 'ABCDEFGHIJKLMNOPQRSTUVWXYZ-0001', 1, 'RF64JKLMNOPQRSTUVWXYZ0001'], // the last 21 kept
  ])('%s for %j (seq %d) is %s', (kind, invoiceNumber, seq, expected) => {
    const reference = paymentReferenceFromNumber(kind, invoiceNumber, seq);
    expect(reference).toBe(expected);
    expect(kind === 'be' ? isValidBelgianStructuredReference(reference) : isValidRfReference(reference)).toBe(
      true,
    );
  });

  it('refuses a sequence it cannot use', () => {
    expect(() => paymentReferenceFromNumber('be', 'INV-1', -1)).toThrow(RangeError);
    expect(() => paymentReferenceFromNumber('be', 'INV-1', 10_000_000_000)).toThrow(RangeError);
    expect(() => paymentReferenceFromNumber('rf', '', 1.5)).toThrow(RangeError);
  });
});

describe('describePaymentReference: one rule for the PDF, the portal and the EPC QR code', () => {
  it.each([
    ['+++010/8068/17183+++', 'belgian', '+++010/8068/17183+++', '+++010/8068/17183+++'],
    ['***010/8068/17183***', 'belgian', '+++010/8068/17183+++', '+++010/8068/17183+++'],
    [' 010806817183 ', 'belgian', '+++010/8068/17183+++', '+++010/8068/17183+++'],
    ['RF18539007547034', 'rf', 'RF18 5390 0754 7034', 'RF18539007547034'],
    ['rf18 5390 0754 7034', 'rf', 'RF18 5390 0754 7034', 'RF18539007547034'],
    ['+++010/8068/17184+++', 'free', '+++010/8068/17184+++', '+++010/8068/17184+++'],
    ['RF19539007547034', 'free', 'RF19539007547034', 'RF19539007547034'],
    ['  Order 42 ', 'free', 'Order 42', 'Order 42'],
  ] as const)('%j is %s, shown %j, compact %j', (input, kind, display, compact) => {
    expect(describePaymentReference(input)).toEqual({ kind, display, compact });
  });

  it('describes every generated reference as its own kind, and reads its display back the same', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 9_999_999_999 }),
        fc.stringMatching(/^[A-Z0-9]{1,21}$/),
        (seq, rf) => {
          const belgian = describePaymentReference(belgianStructuredReference(seq));
          expect(belgian.kind).toBe('belgian');
          expect(describePaymentReference(belgian.display)).toEqual(belgian);
          const creditor = describePaymentReference(rfReference(rf));
          expect(creditor.kind).toBe('rf');
          expect(describePaymentReference(creditor.display)).toEqual(creditor);
        },
      ),
    );
  });
});
