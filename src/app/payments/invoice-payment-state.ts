import { hasPendingTransferAttempt, listPaymentAttempts } from '../../db/repositories/payment.repository.ts';
import {
  listPaymentDeclines,
  type PaymentDecline,
} from '../../db/repositories/payment-decline.repository.ts';
import type { BankTransferJson, InvoiceRow, PaymentAttemptRow } from '../../db/schema.ts';
import type { Executor } from '../../db/transaction.ts';
import { lockOutcomeOf, type PaymentLock, type PaymentOutcome, paymentLock } from '../../domain/index.ts';

/** Where online payment of one invoice stands: the 5-failures lock (R18) and a transfer being awaited (R19). */
export interface InvoicePaymentState {
  lock: PaymentLock;
  /** A bank transfer the customer chose through a provider, not yet received: the invoice stays unpaid. */
  awaitingTransfer: { attemptId: string; since: Date; instructions: BankTransferJson | null } | null;
  attempts: PaymentAttemptRow[];
}

/** The invoice columns the state depends on. */
type InvoiceRef = Pick<InvoiceRow, 'organization_id' | 'id' | 'settled_on'>;

export async function loadInvoicePaymentState(
  db: Executor,
  invoice: InvoiceRef,
  now: Date,
): Promise<InvoicePaymentState> {
  const attempts = await listPaymentAttempts(db, invoice.organization_id, invoice.id);
  const declines = await listPaymentDeclines(db, invoice.organization_id, invoice.id);
  return invoicePaymentState(attempts, invoice, now, declines);
}

/**
 * R19: a bank transfer chosen through a provider is awaited while its attempt is `pending` and the invoice
 * is still open (once the business records the payment, nothing is awaited any more).
 */
const isAwaitedTransfer = (attempt: PaymentAttemptRow, invoice: InvoiceRef): boolean =>
  attempt.is_bank_transfer && attempt.status === 'pending' && invoice.settled_on === null;

/** Whether a transfer is awaited on the invoice: the same rule as the state's, as one indexed query. */
export async function awaitsTransfer(db: Executor, invoice: InvoiceRef): Promise<boolean> {
  if (invoice.settled_on !== null) return false;
  return hasPendingTransferAttempt(db, invoice.organization_id, invoice.id);
}

export function invoicePaymentState(
  attempts: PaymentAttemptRow[],
  invoice: InvoiceRef,
  now: Date,
  /** Declined tries on checkouts left open (R18 counts each as a failed payment). */
  declines: readonly PaymentDecline[] = [],
): InvoicePaymentState {
  const outcomes = attempts.flatMap((a): PaymentOutcome[] => {
    const outcome = lockOutcomeOf(a.status);
    return outcome ? [{ outcome, at: a.ended_at ?? a.updated_at }] : [];
  });
  for (const decline of declines) outcomes.push({ outcome: 'failed', at: decline.at });
  const transfer = attempts.find((a) => isAwaitedTransfer(a, invoice));
  return {
    lock: paymentLock(outcomes, now),
    awaitingTransfer: transfer
      ? { attemptId: transfer.id, since: transfer.updated_at, instructions: transfer.bank_transfer }
      : null,
    attempts,
  };
}
