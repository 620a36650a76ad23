import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decimalStringToMinor,
  fromMollieAmount,
  isMollieCurrency,
  MOLLIE_CURRENCY_DECIMALS,
  minorToDecimalString,
  toMollieAmount,
} from '../../src/payments/mollie/mollie-amount.ts';
import { toMollieLocale } from '../../src/payments/mollie/mollie-locale.ts';

describe('minorToDecimalString and decimalStringToMinor', () => {
  it.each([
    [0, 2, '0.00'],
    [1, 2, '0.01'],
    [1050, 2, '10.50'],
    [123456789, 2, '1234567.89'],
    [0, 0, '0'],
    [1000, 0, '1000'],
    [5, 3, '0.005'],
    [12345, 3, '12.345'],
    [Number.MAX_SAFE_INTEGER, 2, '90071992547409.91'],
  ])('%i with %i decimals is %s', (minor, decimals, text) => {
    expect(minorToDecimalString(minor, decimals)).toBe(text);
    expect(decimalStringToMinor(text, decimals)).toBe(minor);
  });

  it.each([-1, 1.5, Number.NaN, Number.MAX_SAFE_INTEGER + 1])('refuses %s minor units', (minor) => {
    expect(() => minorToDecimalString(minor, 2)).toThrow(RangeError);
  });

  it.each([
    ['10.5', 2],
    ['10.500', 2],
    ['10', 2],
    ['.50', 2],
    ['-1.00', 2],
    ['+1.00', 2],
    ['1e3', 0],
    [' 1.00', 2],
    ['1,00', 2],
    ['1000.0', 0],
    ['', 0],
    ['0x10', 0],
    ['90071992547409.92', 2],
  ])('refuses %j with %i decimals', (text, decimals) => {
    expect(() => decimalStringToMinor(text, decimals)).toThrow(RangeError);
  });

  it('round-trips every amount, EUR (2), JPY (0) and KWD (3) alike', () => {
    fc.assert(
      fc.property(fc.maxSafeNat(), fc.constantFrom(0, 2, 3), (minor, decimals) => {
        const text = minorToDecimalString(minor, decimals);
        expect(text).toMatch(decimals === 0 ? /^\d+$/ : new RegExp(`^\\d+\\.\\d{${decimals}}$`));
        expect(decimalStringToMinor(text, decimals)).toBe(minor);
      }),
    );
  });
});

describe('toMollieAmount and fromMollieAmount', () => {
  it('writes EUR with 2 decimals and JPY and ISK with none, as Mollie wants', () => {
    expect(toMollieAmount(12345, 'EUR')).toEqual({ currency: 'EUR', value: '123.45' });
    expect(toMollieAmount(12345, 'JPY')).toEqual({ currency: 'JPY', value: '12345' });
    expect(toMollieAmount(990, 'ISK')).toEqual({ currency: 'ISK', value: '990' });
    expect(toMollieAmount(1999, 'HUF')).toEqual({ currency: 'HUF', value: '19.99' });
  });

  it('round-trips minor → Mollie amount → minor for EUR and JPY', () => {
    fc.assert(
      fc.property(fc.maxSafeNat(), fc.constantFrom('EUR', 'JPY'), (minor, currency) => {
        expect(fromMollieAmount(toMollieAmount(minor, currency))).toBe(minor);
      }),
    );
  });

  it('refuses currencies Mollie does not take (KWD has 3 decimals, but no Mollie method)', () => {
    expect(isMollieCurrency('KWD')).toBe(false);
    expect(() => toMollieAmount(1000, 'KWD')).toThrow(RangeError);
    expect(() => fromMollieAmount({ currency: 'KWD', value: '1.000' })).toThrow(RangeError);
    expect(isMollieCurrency('toString')).toBe(false);
  });

  it('lists exponents that are 2 except JPY and ISK', () => {
    const zero = Object.entries(MOLLIE_CURRENCY_DECIMALS)
      .filter(([, decimals]) => decimals !== 2)
      .map(([code]) => code);
    expect(zero.sort()).toEqual(['ISK', 'JPY']);
  });
});

describe('toMollieLocale', () => {
  it.each([
    ['fr-BE', 'fr_BE'],
    ['nl-BE', 'nl_BE'],
    ['de-DE', 'de_DE'],
    ['en', 'en_US'],
    ['en-GB', 'en_GB'],
    ['en-IE', 'en_US'],
    ['fr', 'fr_FR'],
    ['nl', 'nl_NL'],
    ['de', 'de_DE'],
    ['de-BE', 'de_DE'],
    ['de-AT', 'de_AT'],
    ['FR-be', 'fr_BE'],
    ['fr_BE', 'fr_BE'],
    ['pt-BR', 'pt_PT'],
    ['it', 'it_IT'],
    ['sr-Latn-RS', null],
    ['ja-JP', null],
    ['', null],
  ])('%j → %j', (tag, expected) => {
    expect(toMollieLocale(tag)).toBe(expected);
  });
});
