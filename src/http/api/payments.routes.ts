import { loadInvoicePaymentState } from '../../app/payments/invoice-payment-state.ts';
import { notFound } from '../../core/result.ts';
import { findInvoice } from '../../db/repositories/invoice.repository.ts';
import type { PaymentAttemptRow } from '../../db/schema.ts';
import { route } from './route-kit.ts';
import { IdParams } from './schemas.ts';

function attemptJson(a: PaymentAttemptRow) {
  return {
    id: a.id,
    provider: a.provider,
    methodId: a.method_id,
    methodName: a.method_name,
    isBankTransfer: a.is_bank_transfer,
    quoteMinor: a.quote_minor,
    currency: a.currency,
    quotedOn: a.quoted_on,
    status: a.status,
    checkoutId: a.checkout_id,
    providerPaymentId: a.provider_payment_id,
    failureReason: a.failure_reason,
    bankTransfer: a.bank_transfer,
    expiresAt: a.expires_at?.toISOString() ?? null,
    endedAt: a.ended_at?.toISOString() ?? null,
    createdAt: a.created_at.toISOString(),
  };
}

export const paymentRoutes = [
  route({
    method: 'GET',
    path: '/invoices/:invoiceId/online-payment',
    operationId: 'getInvoiceOnlinePayment',
    summary:
      'Online payment of an invoice: its attempts, a bank transfer awaited (R19), the 5-failures lock (R18).',
    description:
      'Every checkout the customer opened from the portal, newest first, with its frozen quote and how it ended. ' +
      '`awaitingTransfer` is set while the customer chose a bank transfer through the provider and the invoice is ' +
      'still open: a transfer is no proof of payment, so the invoice stays unpaid until you record the payment ' +
      '(`POST /invoices/{id}/payments`). `lockedUntil` is set while online payment is blocked after five failures ' +
      'in a row.',
    tag: 'Payments',
    params: IdParams('invoiceId'),
    handler: async ({ deps, organization, params, now }) => {
      const invoice = await findInvoice(deps.db, organization.id, params.invoiceId);
      if (!invoice) return notFound('invoice');
      const state = await loadInvoicePaymentState(deps.db, invoice, now);
      const awaiting = state.awaitingTransfer;
      return {
        body: {
          awaitingTransfer: awaiting
            ? {
                attemptId: awaiting.attemptId,
                since: awaiting.since.toISOString(),
                instructions: awaiting.instructions,
              }
            : null,
          lockedUntil: state.lock.locked ? (state.lock.until?.toISOString() ?? null) : null,
          failuresInARow: state.lock.failuresInARow,
          data: state.attempts.map(attemptJson),
        },
      };
    },
  }),
];
