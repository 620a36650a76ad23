import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  assertLateFeePolicy,
  computeInterest,
  computeLateFee,
  type LateFeePolicy,
} from '../../src/domain/late-fees.ts';

function policy(lateFeeBp: number, lateFeeMinimumMinor: number): LateFeePolicy {
  return { lateFeeBp, lateFeeMinimumMinor, annualInterestRateBp: 0, fixedCompensationB2B: false };
}

describe('computeLateFee', () => {
  it.each([
    [12_345, 1000, 500, 1235], // 10 % of 123.45 = 12.345 → 12.35
    [-12_345, 1000, 500, 0], // nothing outstanding
    [3000, 1000, 500, 500], // 10 % = 3.00 < minimum 5.00
    [5000, 1000, 500, 500], // 10 % = 5.00 = minimum
    [5010, 1000, 500, 501],
    [0, 1000, 500, 0],
    [100_000, 0, 0, 0], // no fee configured
    [10, 0, 1500, 1500], // minimum only
    [1, 250, 0, 0], // 2.5 % of 0.01 = 0.00025 → 0
    [20, 250, 0, 1], // 2.5 % of 0.20 = 0.005 → 0.01
    [Number.MAX_SAFE_INTEGER, 10_000, 0, Number.MAX_SAFE_INTEGER],
  ])('on %d at %d bp with minimum %d: %d', (outstanding, bp, minimum, expected) => {
    expect(computeLateFee(outstanding, policy(bp, minimum))).toBe(expected);
  });

  it('refuses invalid inputs', () => {
    expect(() => computeLateFee(1.5, policy(1000, 0))).toThrow(RangeError);
    expect(() => computeLateFee(100, policy(-1, 0))).toThrow(RangeError);
    expect(() => computeLateFee(100, policy(1000, 0.5))).toThrow(RangeError);
    expect(() => computeLateFee(Number.MAX_SAFE_INTEGER, policy(20_000, 0))).toThrow(RangeError);
  });
});

describe('computeInterest', () => {
  it.each([
    [100_000, 1250, 30, 1027], // 1000.00 × 12.5 % × 30 / 365 = 10.27397 → 10.27
    [100_000, 1000, 365, 10_000], // one year at 10 %
    [100_000, 1000, 366, 10_027], // 10 000 × 366 / 365 = 10 027.397 → 10 027
    [1825, 1000, 1, 1], // 18.25 × 10 % / 365 = 0.005 exactly → 0.01
    [1824, 1000, 1, 0], // 0.004997… → 0
    [0, 1000, 10, 0],
    [-500, 1000, 10, 0], // never negative
    [100_000, 1000, 0, 0],
    [100_000, 0, 30, 0],
    [Number.MAX_SAFE_INTEGER, 10_000, 365, Number.MAX_SAFE_INTEGER], // exact beyond 2^53 in between
  ])('%d at %d bp for %d days: %d', (base, rateBp, days, expected) => {
    expect(computeInterest(base, rateBp, days)).toBe(expected);
  });

  it('refuses invalid inputs', () => {
    expect(() => computeInterest(100, 1000, -1)).toThrow(RangeError);
    expect(() => computeInterest(100, 1000, 1.5)).toThrow(RangeError);
    expect(() => computeInterest(100, -1, 1)).toThrow(RangeError);
    expect(() => computeInterest(0.5, 1000, 1)).toThrow(RangeError);
  });

  it('never decreases with more days or a larger base', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1000, max: 10_000_000_000 }),
        fc.integer({ min: 0, max: 10_000 }),
        fc.nat(2000),
        fc.nat(2000),
        fc.nat(1_000_000),
        (base, rateBp, days, moreDays, moreBase) => {
          const interest = computeInterest(base, rateBp, days);
          expect(interest).toBeGreaterThanOrEqual(0);
          expect(computeInterest(base, rateBp, days + moreDays)).toBeGreaterThanOrEqual(interest);
          expect(computeInterest(base + moreBase, rateBp, days)).toBeGreaterThanOrEqual(interest);
        },
      ),
    );
  });
});

describe('assertLateFeePolicy', () => {
  it('accepts a valid policy and names the first invalid field', () => {
    const valid: LateFeePolicy = {
      lateFeeBp: 1000,
      lateFeeMinimumMinor: 0,
      annualInterestRateBp: 800,
      fixedCompensationB2B: true,
    };
    expect(assertLateFeePolicy(valid)).toBe(valid);
    expect(() => assertLateFeePolicy({ ...valid, annualInterestRateBp: -5 })).toThrow(/annualInterestRateBp/);
  });
});
