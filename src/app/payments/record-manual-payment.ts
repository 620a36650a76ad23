import { fail, notFound, ok, type Result } from '../../core/result.ts';
import { recordAudit } from '../../db/repositories/audit.repository.ts';
import { findInvoice } from '../../db/repositories/invoice.repository.ts';
import { deletePayment, findPayment, insertPayment } from '../../db/repositories/payment.repository.ts';
import type { PaymentRow } from '../../db/schema.ts';
import { type Db, runInTransaction } from '../../db/transaction.ts';
import { compareDates } from '../../domain/index.ts';
import { refreshSettlement } from '../invoices/refresh-settlement.ts';

export interface ManualPaymentInput {
  amountMinor: number;
  currency?: string;
  paidOn: string;
  /** bank_transfer, cash, card, cheque, other. */
  method: string;
  note?: string | null;
}

/**
 * Records a payment the business received outside the portal (R14). Paying more than is due is
 * allowed: the amount due becomes a credit balance the API and portal show as such.
 */
export async function recordManualPayment(
  db: Db,
  input: { organizationId: string; invoiceId: string; payment: ManualPaymentInput; actor: string },
): Promise<Result<PaymentRow>> {
  const data = input.payment;
  return runInTransaction(db, async (trx) => {
    const invoice = await findInvoice(trx, input.organizationId, input.invoiceId, { forUpdate: true });
    if (!invoice) return notFound('invoice');
    if (invoice.state !== 'issued') return fail('INVOICE_NOT_ISSUED', 'invoiceId');
    if (data.currency && data.currency.toUpperCase() !== invoice.currency) {
      return fail('CURRENCY_MISMATCH', 'currency', { expected: invoice.currency });
    }
    if (compareDates(data.paidOn, invoice.issue_date) < 0) return fail('VALIDATION_FAILED', 'paidOn');
    const payment = await insertPayment(trx, {
      organization_id: input.organizationId,
      invoice_id: invoice.id,
      amount_minor: data.amountMinor,
      currency: invoice.currency,
      paid_on: data.paidOn,
      method: data.method,
      source: 'manual',
      note: data.note ?? null,
    });
    await refreshSettlement(trx, input.organizationId, invoice.id);
    await recordAudit(trx, {
      organizationId: input.organizationId,
      subjectType: 'invoice',
      subjectId: invoice.id,
      action: 'invoice.payment_recorded',
      actor: input.actor,
      data: {
        paymentId: payment.id,
        amountMinor: payment.amount_minor,
        method: payment.method,
        paidOn: payment.paid_on,
      },
    });
    return ok(payment);
  });
}

/** Removes a payment recorded by mistake; payments from a provider are never removed by hand. */
export async function removeManualPayment(
  db: Db,
  input: { organizationId: string; invoiceId: string; paymentId: string; actor: string },
): Promise<Result<{ id: string }>> {
  return runInTransaction(db, async (trx) => {
    const invoice = await findInvoice(trx, input.organizationId, input.invoiceId, { forUpdate: true });
    if (!invoice) return notFound('invoice');
    const payment = await findPayment(trx, input.organizationId, invoice.id, input.paymentId);
    if (!payment) return notFound('payment');
    if (payment.source === 'provider') return fail('PAYMENT_NOT_REMOVABLE', 'paymentId');
    await deletePayment(trx, input.organizationId, payment.id);
    await refreshSettlement(trx, input.organizationId, invoice.id);
    await recordAudit(trx, {
      organizationId: input.organizationId,
      subjectType: 'invoice',
      subjectId: invoice.id,
      action: 'invoice.payment_removed',
      actor: input.actor,
      data: { paymentId: payment.id, amountMinor: payment.amount_minor, paidOn: payment.paid_on },
    });
    return ok({ id: payment.id });
  });
}
