/**
 * The lifecycle of a payment attempt (one checkout the customer opened): which status a provider's report
 * moves it to, which statuses are final, and which count as a failed payment for the lock (R18). Pure: the
 * attempt's status and what the provider said are inputs.
 *
 * `creating` (written before the provider is called) → `open` (the checkout exists) → `pending` (a delayed
 * method, a transfer awaited) → `paid`, or it ends `failed`, `canceled` or `expired` at the provider, or
 * `superseded` (the customer chose again) or `unavailable` (an outage, or a click that died) on our side.
 *
 * @module
 */

export type PaymentAttemptStatus =
  | 'creating'
  | 'open'
  | 'pending'
  | 'paid'
  | 'failed'
  | 'canceled'
  | 'expired'
  | 'superseded'
  | 'unavailable';

export const PAYMENT_ATTEMPT_STATUSES: readonly PaymentAttemptStatus[] = [
  'creating',
  'open',
  'pending',
  'paid',
  'failed',
  'canceled',
  'expired',
  'superseded',
  'unavailable',
];

/** What a provider says of a checkout when it is read back (the truth, not the notification). */
export type ReportedPaymentStatus = 'open' | 'pending' | 'paid' | 'failed' | 'canceled' | 'expired';

export const REPORTED_PAYMENT_STATUSES: readonly ReportedPaymentStatus[] = [
  'open',
  'pending',
  'paid',
  'failed',
  'canceled',
  'expired',
];

/**
 * Statuses a provider's later word cannot move back: an attempt the customer replaced (`superseded`) or
 * that met an outage (`unavailable`) ended without being a failure, so its checkout expiring afterwards is
 * no failure either (R18). Only money arriving (`paid`) still overrides them.
 */
export const ENDED_ATTEMPT_STATUSES: readonly PaymentAttemptStatus[] = [
  'paid',
  'failed',
  'canceled',
  'expired',
  'superseded',
  'unavailable',
];

/** Attempt statuses that count as a failed payment (R18); an outage (`unavailable`) never does. */
export const FAILED_ATTEMPT_STATUSES = ['failed', 'canceled', 'expired'] as const;

export type FailedAttemptStatus = (typeof FAILED_ATTEMPT_STATUSES)[number];

/** Whether the attempt has ended: nothing but a payment moves it any more. */
export function isEndedAttempt(status: PaymentAttemptStatus): boolean {
  return ENDED_ATTEMPT_STATUSES.includes(status);
}

/** Whether the status counts toward the 5-failures lock (R18). */
export function isFailedAttempt(status: PaymentAttemptStatus): status is FailedAttemptStatus {
  return (FAILED_ATTEMPT_STATUSES as readonly PaymentAttemptStatus[]).includes(status);
}

/**
 * The attempt's outcome as the lock counts it (R18): `paid` resets, a failure counts, anything else
 * (still going, superseded, an outage) is no outcome.
 */
export function lockOutcomeOf(status: PaymentAttemptStatus): 'paid' | 'failed' | null {
  if (status === 'paid') return 'paid';
  return isFailedAttempt(status) ? 'failed' : null;
}

/** What the provider reported of one attempt's checkout. */
export interface AttemptReport {
  readonly status: ReportedPaymentStatus;
  /** The attempt is a bank transfer chosen through the provider (R19). */
  readonly isBankTransfer: boolean;
  /** The provider gave the transfer's instructions (beneficiary, IBAN, reference). */
  readonly hasTransferInstructions: boolean;
}

/**
 * The status a report means for the attempt: Mollie keeps a bank transfer `open` while it waits for the
 * money, and its instructions say the transfer is awaited (`pending`).
 */
export function reportedStatusOf(report: AttemptReport): ReportedPaymentStatus {
  return report.status === 'open' && report.isBankTransfer && report.hasTransferInstructions
    ? 'pending'
    : report.status;
}

/**
 * The attempt's status after the provider's report; `from` itself when the report does not move it.
 *
 * - `open` changes nothing (the attempt is opened by us, when the checkout is created).
 * - `pending`, `failed`, `canceled`, `expired` move an attempt that has not ended; events come in any
 *   order, so a late one never reopens or fails an ended attempt.
 * - `paid` moves any attempt to `paid` (money arriving overrides an end), except a bank transfer: a
 *   provider's word is no proof of a transfer, which stays awaited until the business records it (R19).
 *
 * @example
 * attemptStatusAfter('open', { status: 'expired', isBankTransfer: false, hasTransferInstructions: false }) // 'expired'
 * attemptStatusAfter('superseded', { status: 'expired', isBankTransfer: false, hasTransferInstructions: false }) // 'superseded'
 */
export function attemptStatusAfter(from: PaymentAttemptStatus, report: AttemptReport): PaymentAttemptStatus {
  const reported = reportedStatusOf(report);
  switch (reported) {
    case 'open':
      return from;
    case 'paid':
      return report.isBankTransfer ? from : 'paid';
    case 'pending':
    case 'failed':
    case 'canceled':
    case 'expired':
      return isEndedAttempt(from) ? from : reported;
  }
}

/**
 * Whether a provider's notice of one declined try counts as a failed payment (R18). A declined card keeps
 * a Stripe checkout open for another try, so its attempt never ends `failed`: the notice itself counts,
 * once per notice. Only while the checkout is still open and the attempt has not ended: a checkout that
 * ended (failed, expired, paid) is counted by its attempt's own status, once, and an outage is no notice.
 *
 * @example
 * declineCounts({ isDeclineNotice: true, reported: 'open', attemptStatus: 'open' }) // true
 * declineCounts({ isDeclineNotice: true, reported: 'failed', attemptStatus: 'open' }) // false: the attempt counts
 */
export function declineCounts(input: {
  isDeclineNotice: boolean;
  reported: ReportedPaymentStatus;
  attemptStatus: PaymentAttemptStatus;
}): boolean {
  return input.isDeclineNotice && input.reported === 'open' && !isEndedAttempt(input.attemptStatus);
}
