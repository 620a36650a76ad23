import { addDays, compareDates, diffDays, type IsoDate, isIsoDate } from './dates.ts';
import {
  assertLateFeePolicy,
  computeInterest,
  computeLateFee,
  type FeeWaivers,
  type LateFeePolicy,
} from './late-fees.ts';
import { assertMinor, currencyExponent, minorFromBigInt } from './money.ts';

/** EUR 40, the fixed recovery compensation of the Late Payment Directive 2011/7/EU (Article 6). */
const FIXED_COMPENSATION_EUR_MINOR = 4000;

/** A credit note issued against the invoice; `totalMinor` is the credited amount (positive). */
export interface AmountDueCreditNote {
  id: string;
  number: string;
  issueDate: IsoDate;
  totalMinor: number;
}

/** A payment received for the invoice; a refund has a negative `amountMinor`. */
export interface AmountDuePayment {
  id: string;
  paidOn: IsoDate;
  amountMinor: number;
  method?: string | null;
}

/** Everything the amount due of one invoice depends on; `asOf` is "today" in the organization's zone. */
export interface AmountDueInput {
  currency: string;
  totalMinor: number;
  dueDate: IsoDate;
  issueDate: IsoDate;
  creditNotes: readonly AmountDueCreditNote[];
  payments: readonly AmountDuePayment[];
  policy: LateFeePolicy | null;
  waivers: FeeWaivers;
  customerKind: 'company' | 'person';
  asOf: IsoDate;
}

/** One line of the "view calculation" table; the amounts add up to `amountDueMinor`. */
export type CalculationLine =
  | { kind: 'invoice_total'; amountMinor: number }
  /** Negative: the credited amount. */
  | { kind: 'credit_note'; amountMinor: number; creditNoteId: string; number: string; date: IsoDate }
  /** Negative for a payment, positive for a refund. */
  | { kind: 'payment'; amountMinor: number; paymentId: string; date: IsoDate; method: string | null }
  | { kind: 'late_fee'; amountMinor: number; rateBp: number; minimumMinor: number; baseMinor: number }
  | { kind: 'compensation'; amountMinor: number }
  /** One line per interest period `from`..`to` (both included). */
  | {
      kind: 'interest';
      amountMinor: number;
      rateBp: number;
      from: IsoDate;
      to: IsoDate;
      days: number;
      baseMinor: number;
    };

/** Where the invoice stands for the customer. */
export type PaymentStatus = 'unpaid' | 'overdue' | 'partially_paid' | 'paid' | 'credited';

/** The amount due of an invoice on a given day and how it was reached. Amounts in minor units. */
export interface AmountDue {
  currency: string;
  lines: CalculationLine[];
  /** Σ lines; negative when the customer paid or was credited more than owed. */
  amountDueMinor: number;
  /** −amountDueMinor when that is negative (the customer has a credit balance), else 0. */
  creditBalanceMinor: number;
  creditedMinor: number;
  /** Net of refunds. */
  paidMinor: number;
  lateFeeMinor: number;
  interestMinor: number;
  compensationMinor: number;
  /** total − credited − paid; fees and interest excluded; may be negative. */
  principalOutstandingMinor: number;
  status: PaymentStatus;
  /** Past the due date with principal outstanding; also true for a partially paid invoice. */
  overdue: boolean;
  /** Days past the due date when overdue, else 0. */
  overdueDays: number;
  /** The day the amount due reached ≤ 0 for good, when the status is 'paid'; else null. */
  paidOn: IsoDate | null;
  /** Credits, payments, fees or interest change the amount (the portal then offers "view calculation"). */
  hasAdjustments: boolean;
}

/** A credit note or payment, as a change of the principal on its date. */
interface PrincipalEvent {
  date: IsoDate;
  /** What the event takes off the principal (negative for a refund). */
  reduction: bigint;
  line: Extract<CalculationLine, { kind: 'credit_note' | 'payment' }>;
}

function assertIsoDate(d: IsoDate, what: string): void {
  if (!isIsoDate(d)) {
    throw new RangeError(`${what} must be a calendar date YYYY-MM-DD, got ${JSON.stringify(d)}`);
  }
}

/**
 * Credit notes and payments dated on or before `asOf`, in date order; on one day credit notes come
 * before payments, each in input order.
 */
function principalEventsUpTo(input: AmountDueInput): PrincipalEvent[] {
  const creditEvents = input.creditNotes.map((creditNote, index): PrincipalEvent => {
    assertIsoDate(creditNote.issueDate, `creditNotes[${index}].issueDate`);
    const totalMinor = assertMinor(creditNote.totalMinor, `creditNotes[${index}].totalMinor`);
    return {
      date: creditNote.issueDate,
      reduction: BigInt(totalMinor),
      line: {
        kind: 'credit_note',
        amountMinor: 0 - totalMinor,
        creditNoteId: creditNote.id,
        number: creditNote.number,
        date: creditNote.issueDate,
      },
    };
  });
  const paymentEvents = input.payments.map((payment, index): PrincipalEvent => {
    assertIsoDate(payment.paidOn, `payments[${index}].paidOn`);
    const amountMinor = assertMinor(payment.amountMinor, `payments[${index}].amountMinor`);
    return {
      date: payment.paidOn,
      reduction: BigInt(amountMinor),
      line: {
        kind: 'payment',
        amountMinor: 0 - amountMinor,
        paymentId: payment.id,
        date: payment.paidOn,
        method: payment.method ?? null,
      },
    };
  });
  // Array.prototype.sort is stable, so equal dates keep credit notes first and the input order.
  return [...creditEvents, ...paymentEvents]
    .filter((event) => compareDates(event.date, input.asOf) <= 0)
    .sort((a, b) => compareDates(a.date, b.date));
}

/** The principal left after every event dated on or before `date`. */
function principalAfter(totalMinor: bigint, events: readonly PrincipalEvent[], date: IsoDate): bigint {
  let principal = totalMinor;
  for (const event of events) {
    if (compareDates(event.date, date) <= 0) {
      principal -= event.reduction;
    }
  }
  return principal;
}

/** Distinct event dates, ascending. */
function distinctDates(events: readonly PrincipalEvent[]): IsoDate[] {
  const dates: IsoDate[] = [];
  for (const event of events) {
    if (dates.at(-1) !== event.date) {
      dates.push(event.date);
    }
  }
  return dates;
}

/**
 * Computes what the customer owes on `asOf`, line by line.
 *
 * Rules:
 * - Events are credit notes (on their issueDate) and payments (on their paidOn; refunds are negative).
 *   Only events dated on or before `asOf` count; later-dated ones are ignored. Principal outstanding =
 *   total − credited − paid.
 * - **Overdue** when `asOf` is after `dueDate` and principal outstanding > 0. `overdueDays` = asOf − dueDate.
 * - The invoice **became overdue** when `asOf` is after `dueDate` and the principal outstanding after the
 *   events dated on or before `dueDate` is > 0. Paying later does not undo that: the late fee and the
 *   compensation stay due.
 * - **Late fee** (once, when it became overdue, unless waived):
 *   max(round(lateFeeBp × outstanding at due date / 10000), lateFeeMinimumMinor); 0 when both are 0.
 * - **Fixed compensation** of 4000 minor units (EUR 40) when the policy claims it, the customer is a
 *   company, the currency is EUR and the invoice became overdue, unless waived.
 * - **Interest** (unless waived) accrues from the day after `dueDate` on the principal only, never on fees:
 *   the boundaries are `dueDate`, each distinct event date after `dueDate`, and `asOf`; period (a, b]
 *   earns round(principal after events dated ≤ a × annualInterestRateBp × (b − a) / (10000 × 365)).
 *   A period whose principal is ≤ 0 or whose interest rounds to 0 has no line, so interest stops while
 *   nothing is outstanding (and would resume if a refund reopened the principal). Lines show
 *   `from` = a + 1 day, `to` = b.
 * - amountDue = total − credited − paid + lateFee + compensation + interest.
 * - **Status**: 'credited' if something was credited and credited ≥ total; else 'paid' if amountDue ≤ 0;
 *   else 'partially_paid' if paid > 0 or credited > 0; else 'overdue' if overdue; else 'unpaid'.
 * - **paidOn** (status 'paid' only): the first event date from which the running amount due (principal,
 *   plus fees once past the due date, plus interest of the periods ended so far) stays ≤ 0; with no
 *   events (a zero invoice) the issue date.
 * - Lines: invoice_total, credit notes and payments in date order (credit notes first on the same day),
 *   late_fee, compensation, then interest lines in period order. Zero fees get no line.
 *
 * @throws RangeError on an unsupported currency, an invalid date, or an amount that is not a safe integer.
 */
export function computeAmountDue(input: AmountDueInput): AmountDue {
  currencyExponent(input.currency);
  const totalMinor = assertMinor(input.totalMinor, 'totalMinor');
  assertIsoDate(input.dueDate, 'dueDate');
  assertIsoDate(input.issueDate, 'issueDate');
  assertIsoDate(input.asOf, 'asOf');
  const policy = input.policy === null ? null : assertLateFeePolicy(input.policy);

  const total = BigInt(totalMinor);
  const events = principalEventsUpTo(input);
  let credited = 0n;
  let paid = 0n;
  for (const event of events) {
    if (event.line.kind === 'credit_note') credited += event.reduction;
    else paid += event.reduction;
  }
  const principal = total - credited - paid;

  const pastDue = compareDates(input.asOf, input.dueDate) > 0;
  const outstandingAtDue = principalAfter(total, events, input.dueDate);
  const becameOverdue = pastDue && outstandingAtDue > 0n;
  const overdue = pastDue && principal > 0n;

  const lateFeeMinor =
    becameOverdue && policy !== null && !input.waivers.lateFee
      ? computeLateFee(minorFromBigInt(outstandingAtDue, 'outstanding at due date'), policy)
      : 0;
  const compensationMinor =
    becameOverdue &&
    policy?.fixedCompensationB2B === true &&
    input.customerKind === 'company' &&
    input.currency === 'EUR' &&
    !input.waivers.compensation
      ? FIXED_COMPENSATION_EUR_MINOR
      : 0;

  const interestLines: Extract<CalculationLine, { kind: 'interest' }>[] = [];
  if (pastDue && policy !== null && policy.annualInterestRateBp > 0 && !input.waivers.interest) {
    const boundaries = [
      input.dueDate,
      ...distinctDates(events).filter((date) => compareDates(date, input.dueDate) > 0 && date !== input.asOf),
      input.asOf,
    ];
    for (let index = 1; index < boundaries.length; index += 1) {
      const periodStart = boundaries[index - 1] as IsoDate;
      const periodEnd = boundaries[index] as IsoDate;
      const base = principalAfter(total, events, periodStart);
      if (base <= 0n) {
        continue;
      }
      const baseMinor = minorFromBigInt(base, 'interest base');
      const days = diffDays(periodStart, periodEnd);
      const amountMinor = computeInterest(baseMinor, policy.annualInterestRateBp, days);
      if (amountMinor !== 0) {
        interestLines.push({
          kind: 'interest',
          amountMinor,
          rateBp: policy.annualInterestRateBp,
          from: addDays(periodStart, 1),
          to: periodEnd,
          days,
          baseMinor,
        });
      }
    }
  }
  const interest = interestLines.reduce((sum, line) => sum + BigInt(line.amountMinor), 0n);
  const amountDue = principal + BigInt(lateFeeMinor) + BigInt(compensationMinor) + interest;

  const lines: CalculationLine[] = [{ kind: 'invoice_total', amountMinor: totalMinor }];
  for (const event of events) {
    lines.push(event.line);
  }
  if (lateFeeMinor !== 0 && policy !== null) {
    lines.push({
      kind: 'late_fee',
      amountMinor: lateFeeMinor,
      rateBp: policy.lateFeeBp,
      minimumMinor: policy.lateFeeMinimumMinor,
      baseMinor: minorFromBigInt(outstandingAtDue, 'outstanding at due date'),
    });
  }
  if (compensationMinor !== 0) {
    lines.push({ kind: 'compensation', amountMinor: compensationMinor });
  }
  lines.push(...interestLines);

  let status: PaymentStatus;
  if (credited > 0n && credited >= total) status = 'credited';
  else if (amountDue <= 0n) status = 'paid';
  else if (paid > 0n || credited > 0n) status = 'partially_paid';
  else if (overdue) status = 'overdue';
  else status = 'unpaid';

  let paidOn: IsoDate | null = null;
  if (status === 'paid') {
    const feesMinor = BigInt(lateFeeMinor + compensationMinor);
    let settledOn: IsoDate | null = null;
    for (const date of distinctDates(events)) {
      // Every event date is an interest boundary, so the interest accrued by `date` is whole periods.
      const interestSoFar = interestLines
        .filter((line) => compareDates(line.to, date) <= 0)
        .reduce((sum, line) => sum + BigInt(line.amountMinor), 0n);
      const feesSoFar = compareDates(date, input.dueDate) > 0 ? feesMinor : 0n;
      const runningAmountDue = principalAfter(total, events, date) + feesSoFar + interestSoFar;
      if (runningAmountDue > 0n) settledOn = null;
      else settledOn ??= date;
    }
    paidOn = settledOn ?? input.issueDate;
  }

  return {
    currency: input.currency,
    lines,
    amountDueMinor: minorFromBigInt(amountDue, 'amount due'),
    creditBalanceMinor: amountDue < 0n ? minorFromBigInt(-amountDue, 'credit balance') : 0,
    creditedMinor: minorFromBigInt(credited, 'credited amount'),
    paidMinor: minorFromBigInt(paid, 'paid amount'),
    lateFeeMinor,
    interestMinor: minorFromBigInt(interest, 'interest'),
    compensationMinor,
    principalOutstandingMinor: minorFromBigInt(principal, 'principal outstanding'),
    status,
    overdue,
    overdueDays: overdue ? diffDays(input.dueDate, input.asOf) : 0,
    paidOn,
    hasAdjustments: lines.some((line) => line.kind !== 'invoice_total' && line.amountMinor !== 0),
  };
}
