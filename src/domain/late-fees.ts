import { minorFromBigInt, roundHalfAwayFromZero } from './money.ts';

/**
 * An organization's late-payment policy. All zero / false means no fees at all.
 */
export interface LateFeePolicy {
  /** One-time late fee as a share of the amount outstanding at the due date, in basis points. */
  lateFeeBp: number;
  /** The late fee is at least this much (minor units), when the invoice became overdue. */
  lateFeeMinimumMinor: number;
  /** Yearly interest on the outstanding principal, in basis points (12.5 % = 1250). */
  annualInterestRateBp: number;
  /** Claim the EU fixed recovery compensation of EUR 40 (Directive 2011/7/EU) from companies. */
  fixedCompensationB2B: boolean;
}

/** Charges the organization waived for one invoice. */
export interface FeeWaivers {
  lateFee: boolean;
  interest: boolean;
  compensation: boolean;
}

const DAYS_PER_YEAR = 365n;

function assertNonNegativeInteger(value: number, what: string): bigint {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${what} must be a non-negative safe integer, got ${String(value)}`);
  }
  return BigInt(value);
}

/**
 * Checks that every number of the policy is a non-negative safe integer.
 *
 * @throws RangeError naming the first invalid field.
 */
export function assertLateFeePolicy(policy: LateFeePolicy): LateFeePolicy {
  assertNonNegativeInteger(policy.lateFeeBp, 'lateFeeBp');
  assertNonNegativeInteger(policy.lateFeeMinimumMinor, 'lateFeeMinimumMinor');
  assertNonNegativeInteger(policy.annualInterestRateBp, 'annualInterestRateBp');
  return policy;
}

/**
 * The one-time late fee on an amount outstanding at the due date:
 * max(round(lateFeeBp × outstanding / 10000), lateFeeMinimumMinor), rounded half away from zero.
 * 0 when nothing is outstanding (≤ 0) or when the policy has neither a percentage nor a minimum.
 *
 * @example computeLateFee(12_345, { lateFeeBp: 1000, lateFeeMinimumMinor: 500, … }); // 1235 (1234.5)
 * @throws RangeError on a non-integer amount or a negative or non-integer policy value.
 */
export function computeLateFee(outstandingMinor: number, policy: LateFeePolicy): number {
  if (!Number.isSafeInteger(outstandingMinor)) {
    throw new RangeError(`outstandingMinor must be a safe integer, got ${String(outstandingMinor)}`);
  }
  const rateBp = assertNonNegativeInteger(policy.lateFeeBp, 'lateFeeBp');
  const minimum = assertNonNegativeInteger(policy.lateFeeMinimumMinor, 'lateFeeMinimumMinor');
  if (outstandingMinor <= 0 || (rateBp === 0n && minimum === 0n)) {
    return 0;
  }
  const percentageFee = roundHalfAwayFromZero(rateBp * BigInt(outstandingMinor), 10_000n);
  return Math.max(minorFromBigInt(percentageFee, 'late fee'), policy.lateFeeMinimumMinor);
}

/**
 * Simple interest on `baseMinor` for `days` days at a yearly rate:
 * round(baseMinor × rateBp × days / (10000 × 365)), rounded half away from zero. The year is always
 * 365 days, leap years included, so a day costs the same all year. 0 when the base is ≤ 0 (interest is
 * never negative).
 *
 * @example computeInterest(100_000, 1250, 30); // 1027 (1027.397…)
 * @throws RangeError on a non-integer base, or a negative or non-integer rate or number of days.
 */
export function computeInterest(baseMinor: number, rateBp: number, days: number): number {
  if (!Number.isSafeInteger(baseMinor)) {
    throw new RangeError(`baseMinor must be a safe integer, got ${String(baseMinor)}`);
  }
  const rate = assertNonNegativeInteger(rateBp, 'rateBp');
  const dayCount = assertNonNegativeInteger(days, 'days');
  if (baseMinor <= 0) {
    return 0;
  }
  const interest = roundHalfAwayFromZero(BigInt(baseMinor) * rate * dayCount, 10_000n * DAYS_PER_YEAR);
  return minorFromBigInt(interest, 'interest');
}
