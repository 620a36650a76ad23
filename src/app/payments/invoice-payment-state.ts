import type { BankTransferJson, PaymentAttemptRow } from '../../db/schema.ts';
import type { Executor } from '../../db/transaction.ts';
import { type PaymentLock, type PaymentOutcome, paymentLock } from '../../domain/index.ts';

/** Attempt statuses that count as a failed payment (R18); an outage (`unavailable`) never does. */
export const FAILED_ATTEMPT_STATUSES = ['failed', 'canceled', 'expired'] as const;

/** Where online payment of one invoice stands: the 5-failures lock (R18) and a transfer being awaited (R19). */
export interface InvoicePaymentState {
  lock: PaymentLock;
  /** A bank transfer the customer chose through a provider, not yet received: the invoice stays unpaid. */
  awaitingTransfer: { attemptId: string; since: Date; instructions: BankTransferJson | null } | null;
  attempts: PaymentAttemptRow[];
}

export async function loadInvoicePaymentState(
  db: Executor,
  organizationId: string,
  invoiceId: string,
  now: Date,
): Promise<InvoicePaymentState> {
  const attempts = await db
    .selectFrom('payment_attempts')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('invoice_id', '=', invoiceId)
    .orderBy('created_at', 'desc')
    .execute();
  return invoicePaymentState(attempts, now);
}

export function invoicePaymentState(attempts: PaymentAttemptRow[], now: Date): InvoicePaymentState {
  const outcomes = attempts.flatMap((a): PaymentOutcome[] =>
    a.status === 'paid'
      ? [{ outcome: 'paid' as const, at: a.ended_at ?? a.updated_at }]
      : (FAILED_ATTEMPT_STATUSES as readonly string[]).includes(a.status)
        ? [{ outcome: 'failed' as const, at: a.ended_at ?? a.updated_at }]
        : [],
  );
  const transfer = attempts.find((a) => a.is_bank_transfer && a.status === 'pending');
  return {
    lock: paymentLock(outcomes, now),
    awaitingTransfer: transfer
      ? { attemptId: transfer.id, since: transfer.updated_at, instructions: transfer.bank_transfer }
      : null,
    attempts,
  };
}
