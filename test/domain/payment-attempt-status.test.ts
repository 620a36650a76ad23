import { describe, expect, it } from 'vitest';
import {
  attemptStatusAfter,
  declineCounts,
  isEndedAttempt,
  isFailedAttempt,
  lockOutcomeOf,
  PAYMENT_ATTEMPT_STATUSES,
  type PaymentAttemptStatus,
  REPORTED_PAYMENT_STATUSES,
  type ReportedPaymentStatus,
  reportedStatusOf,
} from '../../src/domain/index.ts';

type Row = readonly [PaymentAttemptStatus, ...PaymentAttemptStatus[]];

/**
 * Every attempt status (rows) against every reported status (columns, in REPORTED_PAYMENT_STATUSES
 * order): the status the attempt has afterwards. Written out by hand, not computed.
 */
const COLUMNS: readonly ReportedPaymentStatus[] = [
  'open',
  'pending',
  'paid',
  'failed',
  'canceled',
  'expired',
];

// A card or other immediate method.
const CARD: readonly Row[] = [
  // from, then after: open, pending, paid, failed, canceled, expired
  ['creating', 'creating', 'pending', 'paid', 'failed', 'canceled', 'expired'],
  ['open', 'open', 'pending', 'paid', 'failed', 'canceled', 'expired'],
  ['pending', 'pending', 'pending', 'paid', 'failed', 'canceled', 'expired'],
  ['paid', 'paid', 'paid', 'paid', 'paid', 'paid', 'paid'],
  ['failed', 'failed', 'failed', 'paid', 'failed', 'failed', 'failed'],
  ['canceled', 'canceled', 'canceled', 'paid', 'canceled', 'canceled', 'canceled'],
  ['expired', 'expired', 'expired', 'paid', 'expired', 'expired', 'expired'],
  ['superseded', 'superseded', 'superseded', 'paid', 'superseded', 'superseded', 'superseded'],
  ['unavailable', 'unavailable', 'unavailable', 'paid', 'unavailable', 'unavailable', 'unavailable'],
];

// A bank transfer through the provider, the provider giving its instructions (R19): `open` with
// instructions is awaited, and the provider's `paid` never makes it paid.
const TRANSFER: readonly Row[] = [
  // from, then after: open, pending, paid, failed, canceled, expired
  ['creating', 'pending', 'pending', 'creating', 'failed', 'canceled', 'expired'],
  ['open', 'pending', 'pending', 'open', 'failed', 'canceled', 'expired'],
  ['pending', 'pending', 'pending', 'pending', 'failed', 'canceled', 'expired'],
  ['paid', 'paid', 'paid', 'paid', 'paid', 'paid', 'paid'],
  ['failed', 'failed', 'failed', 'failed', 'failed', 'failed', 'failed'],
  ['canceled', 'canceled', 'canceled', 'canceled', 'canceled', 'canceled', 'canceled'],
  ['expired', 'expired', 'expired', 'expired', 'expired', 'expired', 'expired'],
  ['superseded', 'superseded', 'superseded', 'superseded', 'superseded', 'superseded', 'superseded'],
  ['unavailable', 'unavailable', 'unavailable', 'unavailable', 'unavailable', 'unavailable', 'unavailable'],
];

const cases = (table: readonly Row[]) =>
  table.flatMap(([from, ...after]) => COLUMNS.map((reported, i) => [from, reported, after[i]] as const));

describe('attemptStatusAfter', () => {
  it('has a table row for every attempt status and a column for every reported status', () => {
    expect(COLUMNS).toEqual(REPORTED_PAYMENT_STATUSES);
    for (const table of [CARD, TRANSFER]) {
      expect(table.map(([from]) => from)).toEqual(PAYMENT_ATTEMPT_STATUSES);
      for (const row of table) expect(row).toHaveLength(COLUMNS.length + 1);
    }
  });

  it.each(cases(CARD))('a card attempt %s, reported %s, becomes %s', (from, reported, expected) => {
    const report = { status: reported, isBankTransfer: false, hasTransferInstructions: false };
    expect(attemptStatusAfter(from, report)).toBe(expected);
    // Instructions without a transfer attempt change nothing.
    expect(attemptStatusAfter(from, { ...report, hasTransferInstructions: true })).toBe(expected);
  });

  it.each(cases(TRANSFER))(
    'a transfer attempt %s, reported %s with instructions, becomes %s',
    (from, reported, expected) => {
      expect(
        attemptStatusAfter(from, { status: reported, isBankTransfer: true, hasTransferInstructions: true }),
      ).toBe(expected);
    },
  );

  it.each(PAYMENT_ATTEMPT_STATUSES)(
    'a transfer attempt %s reported open without instructions stays as it is',
    (from) => {
      expect(
        attemptStatusAfter(from, { status: 'open', isBankTransfer: true, hasTransferInstructions: false }),
      ).toBe(from);
    },
  );
});

describe('reportedStatusOf', () => {
  it.each([
    ['open', false, false, 'open'],
    ['open', false, true, 'open'],
    ['open', true, false, 'open'],
    ['open', true, true, 'pending'],
    ['paid', true, true, 'paid'],
    ['expired', true, true, 'expired'],
  ] as const)(
    '%s (transfer %s, instructions %s) means %s',
    (status, isBankTransfer, hasTransferInstructions, expected) => {
      expect(reportedStatusOf({ status, isBankTransfer, hasTransferInstructions })).toBe(expected);
    },
  );
});

// status, ended, counts as failed, lock outcome
const ENDS = [
  ['creating', false, false, null],
  ['open', false, false, null],
  ['pending', false, false, null],
  ['paid', true, false, 'paid'],
  ['failed', true, true, 'failed'],
  ['canceled', true, true, 'failed'],
  ['expired', true, true, 'failed'],
  ['superseded', true, false, null],
  ['unavailable', true, false, null],
] as const;

describe('the ends and the failures (R18)', () => {
  it('has a row for every status', () => {
    expect(ENDS.map(([status]) => status)).toEqual(PAYMENT_ATTEMPT_STATUSES);
  });

  it.each(ENDS)('%s: ended %s, a failure %s, counted by the lock as %s', (status, ended, failed, outcome) => {
    expect(isEndedAttempt(status)).toBe(ended);
    expect(isFailedAttempt(status)).toBe(failed);
    expect(lockOutcomeOf(status)).toBe(outcome);
  });
});

describe('a declined try on a checkout left open (R18)', () => {
  it.each(
    PAYMENT_ATTEMPT_STATUSES.flatMap((attemptStatus) =>
      REPORTED_PAYMENT_STATUSES.map((reported) => [attemptStatus, reported] as const),
    ),
  )('attempt %s, checkout reported %s', (attemptStatus, reported) => {
    // Counted only while both the checkout and the attempt are still open: an ended checkout is counted by
    // its attempt's own status, once.
    const expected = reported === 'open' && !isEndedAttempt(attemptStatus);
    expect(declineCounts({ isDeclineNotice: true, reported, attemptStatus })).toBe(expected);
    expect(declineCounts({ isDeclineNotice: false, reported, attemptStatus })).toBe(false);
  });

  it('counts an open attempt’s decline and not a failed checkout’s', () => {
    expect(declineCounts({ isDeclineNotice: true, reported: 'open', attemptStatus: 'open' })).toBe(true);
    expect(declineCounts({ isDeclineNotice: true, reported: 'failed', attemptStatus: 'open' })).toBe(false);
    expect(declineCounts({ isDeclineNotice: true, reported: 'open', attemptStatus: 'superseded' })).toBe(
      false,
    );
  });
});
