/**
 * R18: after 5 failed payments in a row on an invoice, the pay button is blocked for one hour. A success
 * resets the count; when the hour is over the count starts again from zero. Pure: the outcomes and `now`
 * are inputs.
 *
 * @module
 */

export const FAILURES_BEFORE_LOCK = 5;
export const LOCK_MILLISECONDS = 60 * 60 * 1000;

/** How a payment attempt ended; outages are not outcomes (they never count, R18). */
export interface PaymentOutcome {
  readonly outcome: 'paid' | 'failed';
  /** When the provider reported it. */
  readonly at: Date;
}

export interface PaymentLock {
  /** Whether paying is blocked now. */
  readonly locked: boolean;
  /** When the block ends (while locked), else null. */
  readonly until: Date | null;
  /** Failures in a row counted toward the next block (0 while locked). */
  readonly failuresInARow: number;
}

/**
 * The lock of an invoice's pay button at `now`, from its attempts' outcomes in any order.
 *
 * @example
 * paymentLock(fiveFailuresEndingAt(t), new Date(t.getTime() + 59 * 60_000)) // { locked: true, until: t + 1 h }
 */
export function paymentLock(outcomes: readonly PaymentOutcome[], now: Date): PaymentLock {
  // At the same instant a failure comes before a success (the success then resets): any input order gives
  // the same answer.
  const ordered = [...outcomes].sort(
    (a, b) =>
      a.at.getTime() - b.at.getTime() || (a.outcome === b.outcome ? 0 : a.outcome === 'failed' ? -1 : 1),
  );
  let count = 0;
  let until: Date | null = null;
  for (const { outcome, at } of ordered) {
    // Outcomes reported while blocked (a late event for an earlier attempt) are not counted again.
    if (until !== null && at.getTime() < until.getTime()) continue;
    until = null;
    if (outcome === 'paid') {
      count = 0;
      continue;
    }
    count += 1;
    if (count >= FAILURES_BEFORE_LOCK) {
      until = new Date(at.getTime() + LOCK_MILLISECONDS);
      count = 0;
    }
  }
  if (until !== null && now.getTime() < until.getTime()) return { locked: true, until, failuresInARow: 0 };
  return { locked: false, until: null, failuresInARow: count };
}
