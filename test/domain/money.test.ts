import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  assertMinor,
  basisPointsToPercent,
  CURRENCY_EXPONENTS,
  currencyExponent,
  formatMinorPlain,
  isCurrencyCode,
  minorFromBigInt,
  parseDecimal,
  parseMajorToMinor,
  percentToBasisPoints,
  roundHalfAwayFromZero,
  trimDecimal,
} from '../../src/domain/money.ts';

describe('CURRENCY_EXPONENTS and currencyExponent', () => {
  it.each([
    ['EUR', 2],
    ['USD', 2],
    ['GBP', 2],
    ['CHF', 2],
    ['SEK', 2],
    ['NOK', 2],
    ['DKK', 2],
    ['PLN', 2],
    ['CZK', 2],
    ['HUF', 2],
    ['RON', 2],
    ['BGN', 2],
    ['CAD', 2],
    ['AUD', 2],
    ['NZD', 2],
    ['JPY', 0],
    ['KRW', 0],
    ['ISK', 0],
    ['CLP', 0],
    ['KWD', 3],
    ['BHD', 3],
    ['JOD', 3],
    ['OMR', 3],
    ['TND', 3],
  ])('%s has %i decimals', (code, exponent) => {
    expect(CURRENCY_EXPONENTS[code]).toBe(exponent);
    expect(currencyExponent(code)).toBe(exponent);
    expect(isCurrencyCode(code)).toBe(true);
  });

  it.each(['eur', 'XXX', '', 'EURO', 'toString', 'constructor', '__proto__'])(
    '%j is not a currency',
    (code) => {
      expect(isCurrencyCode(code)).toBe(false);
      expect(() => currencyExponent(code)).toThrow(RangeError);
    },
  );

  it('cannot be changed at run time', () => {
    expect(Object.isFrozen(CURRENCY_EXPONENTS)).toBe(true);
  });
});

describe('roundHalfAwayFromZero', () => {
  it.each([
    [5n, 2n, 3n], // 2.5
    [-5n, 2n, -3n], // -2.5
    [5n, -2n, -3n],
    [-5n, -2n, 3n],
    [3n, 2n, 2n], // 1.5
    [-3n, 2n, -2n],
    [1n, 2n, 1n], // 0.5
    [-1n, 2n, -1n],
    [149n, 100n, 1n], // 1.49
    [-149n, 100n, -1n],
    [151n, 100n, 2n],
    [-151n, 100n, -2n],
    [1n, 3n, 0n], // 0.333…
    [2n, 3n, 1n], // 0.666…
    [-2n, 3n, -1n],
    [0n, 7n, 0n],
    [14n, 7n, 2n],
    [-14n, 7n, -2n],
    [10n ** 30n + 5n, 10n, 10n ** 29n + 1n], // far beyond 2^53, still exact
  ])('%s / %s rounds to %s', (numerator, denominator, expected) => {
    expect(roundHalfAwayFromZero(numerator, denominator)).toBe(expected);
  });

  it('refuses a zero denominator', () => {
    expect(() => roundHalfAwayFromZero(1n, 0n)).toThrow(RangeError);
  });

  it('is the nearest integer, and ties go away from zero', () => {
    fc.assert(
      fc.property(
        fc.bigInt(),
        fc.bigInt().filter((d) => d !== 0n),
        (numerator, denominator) => {
          const rounded = roundHalfAwayFromZero(numerator, denominator);
          const abs = (x: bigint) => (x < 0n ? -x : x);
          const twiceError = 2n * abs(numerator - rounded * denominator);
          expect(twiceError <= abs(denominator)).toBe(true);
          if (twiceError === abs(denominator)) {
            expect(abs(rounded * denominator) > abs(numerator)).toBe(true);
          }
        },
      ),
    );
  });
});

describe('assertMinor', () => {
  it.each([0, 1, -1, 1234, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER])('accepts %d', (amount) => {
    expect(assertMinor(amount)).toBe(amount);
  });

  it('turns -0 into 0', () => {
    expect(Object.is(assertMinor(-0), 0)).toBe(true);
  });

  it.each([0.5, -1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53, -(2 ** 53)])('refuses %d', (amount) => {
    expect(() => assertMinor(amount)).toThrow(RangeError);
  });

  it('names the amount in the message', () => {
    expect(() => assertMinor(1.5, 'unitPriceMinor')).toThrow(/unitPriceMinor/);
  });
});

describe('minorFromBigInt', () => {
  it('converts safe values and refuses the others', () => {
    expect(minorFromBigInt(-42n)).toBe(-42);
    expect(minorFromBigInt(BigInt(Number.MAX_SAFE_INTEGER))).toBe(Number.MAX_SAFE_INTEGER);
    expect(() => minorFromBigInt(BigInt(Number.MAX_SAFE_INTEGER) + 1n)).toThrow(RangeError);
    expect(() => minorFromBigInt(BigInt(Number.MIN_SAFE_INTEGER) - 1n)).toThrow(RangeError);
  });
});

describe('parseDecimal', () => {
  it.each([
    ['12', 4, 12n, 0],
    ['-1.5', 4, -15n, 1],
    ['0.125', 4, 125n, 3],
    ['1.50', 4, 15n, 1],
    ['1.2345', 4, 12345n, 4],
    ['1.23450', 4, 12345n, 4],
    ['007', 0, 7n, 0],
    ['-0', 2, 0n, 0],
    ['0.000', 0, 0n, 0],
    ['123456789012345678901234567890.5', 1, 1234567890123456789012345678905n, 1],
  ])('%j (max %i decimals) is %s / 10^%i', (text, maxDecimals, units, scale) => {
    expect(parseDecimal(text, maxDecimals)).toEqual({ units, scale });
  });

  it.each([
    '',
    '-',
    '1.',
    '.5',
    '+1',
    ' 1',
    '1 ',
    '1e3',
    '1,5',
    '1 000',
    'abc',
    '0x10',
    '--1',
    '1.2.3',
    'Infinity',
    '١٢',
  ])('refuses %j', (text) => {
    expect(parseDecimal(text, 4)).toBeNull();
  });

  it('refuses more significant decimals than allowed', () => {
    expect(parseDecimal('1.23456', 4)).toBeNull();
    expect(parseDecimal('0.5', 0)).toBeNull();
  });

  it('refuses an invalid maxDecimals', () => {
    expect(() => parseDecimal('1', -1)).toThrow(RangeError);
    expect(() => parseDecimal('1', 1.5)).toThrow(RangeError);
  });
});

describe('parseMajorToMinor', () => {
  it.each([
    ['12.34', 'EUR', 1234],
    ['12', 'EUR', 1200],
    ['12.3', 'EUR', 1230],
    ['12.340', 'EUR', 1234],
    ['-0.05', 'EUR', -5],
    ['0', 'EUR', 0],
    ['1234', 'JPY', 1234],
    ['1.234', 'KWD', 1234],
    ['0.001', 'KWD', 1],
    ['90071992547409.91', 'EUR', Number.MAX_SAFE_INTEGER],
  ])('%j %s is %d minor units', (text, currency, expected) => {
    expect(parseMajorToMinor(text, currency)).toBe(expected);
  });

  it.each([
    ['1.234', 'EUR'], // a fraction of a cent
    ['12.5', 'JPY'],
    ['1.0001', 'KWD'],
    ['12,34', 'EUR'],
    ['', 'EUR'],
    ['90071992547409.92', 'EUR'], // one cent beyond the safe range
  ])('%j %s is refused', (text, currency) => {
    expect(parseMajorToMinor(text, currency)).toBeNull();
  });

  it('throws on an unknown currency', () => {
    expect(() => parseMajorToMinor('1', 'XXX')).toThrow(RangeError);
  });
});

describe('formatMinorPlain', () => {
  it.each([
    [1234, 'EUR', '12.34'],
    [-1234, 'EUR', '-12.34'],
    [5, 'EUR', '0.05'],
    [-5, 'EUR', '-0.05'],
    [0, 'EUR', '0.00'],
    [100, 'EUR', '1.00'],
    [1234, 'JPY', '1234'],
    [-7, 'JPY', '-7'],
    [1234, 'KWD', '1.234'],
    [5, 'KWD', '0.005'],
    [Number.MAX_SAFE_INTEGER, 'EUR', '90071992547409.91'],
  ])('%d %s is %j', (amount, currency, expected) => {
    expect(formatMinorPlain(amount, currency)).toBe(expected);
  });

  it('refuses fractions and unknown currencies', () => {
    expect(() => formatMinorPlain(1.5, 'EUR')).toThrow(RangeError);
    expect(() => formatMinorPlain(1, 'XXX')).toThrow(RangeError);
  });

  it('is read back exactly by parseMajorToMinor', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }),
        fc.constantFrom('EUR', 'JPY', 'KWD'),
        (amount, currency) => {
          expect(parseMajorToMinor(formatMinorPlain(amount, currency), currency)).toBe(amount);
        },
      ),
    );
  });
});

describe('percentToBasisPoints', () => {
  it.each([
    ['21', 2100],
    ['5.5', 550],
    ['12,5', 1250],
    ['0', 0],
    [' 6 ', 600],
    ['100', 10000],
    ['0.01', 1],
  ])('%j is %d basis points', (text, bp) => {
    expect(percentToBasisPoints(text)).toBe(bp);
  });
  it.each(['', '21%', '-1', '0.001', 'abc', '1e2'])('%j is refused', (text) => {
    expect(percentToBasisPoints(text)).toBeNull();
  });
});

describe('basisPointsToPercent', () => {
  it.each([
    [2100, '21'],
    [550, '5.5'],
    [1250, '12.5'],
    [0, '0'],
    [1, '0.01'],
    [10000, '100'],
    [605, '6.05'],
  ])('%d basis points are %j', (bp, text) => {
    expect(basisPointsToPercent(bp)).toBe(text);
  });
  it.each([-1, 1.5, Number.NaN])('%d is refused', (bp) => {
    expect(() => basisPointsToPercent(bp)).toThrow(RangeError);
  });
  it('is the inverse of percentToBasisPoints', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000_000 }), (bp) => {
        expect(percentToBasisPoints(basisPointsToPercent(bp))).toBe(bp);
      }),
    );
  });
});

describe('trimDecimal', () => {
  it.each([
    ['2.5000', '2.5'],
    ['3.0000', '3'],
    ['-0.1000', '-0.1'],
    ['10', '10'],
    ['100.0', '100'],
    ['0.0001', '0.0001'],
    ['abc', 'abc'],
  ])('%j is %j', (text, trimmed) => {
    expect(trimDecimal(text)).toBe(trimmed);
  });
});
