import {
  insertProviderPayment,
  markAttemptPaid,
  noteAttemptOnce,
} from '../../db/repositories/payment.repository.ts';
import { dateInTimeZone } from '../../domain/index.ts';
import { refreshSettlement } from '../invoices/refresh-settlement.ts';
import { emitWebhookEvent } from '../webhooks/emit-webhook-event.ts';
import { paidWithLabel } from './payment-providers.ts';
import {
  type ApplyOutcome,
  amountDueOn,
  auditProviderEvent,
  notifyInvoice,
  type ProviderEventContext,
  todayOf,
} from './provider-event-context.ts';

/**
 * A checkout the provider reports paid. The payment is recorded once under its provider payment id
 * (unique), dated the day of the quote when it pays exactly the quote (so interest accrued since the
 * customer clicked does not leave a remainder), else the day it was paid, and flagged `underpaid` /
 * `overpaid` when it differs from the quote. The invoice's settlement is refreshed; admins and the
 * customer are e-mailed (R17); the webhooks get `invoice.paid`.
 *
 * Not recorded: a bank transfer (R19: the admins are told to look for it and record it) and a payment in
 * another currency than the quote (said once, and left to the business: the provider holds the money).
 */
export async function recordProviderPayment(ctx: ProviderEventContext): Promise<ApplyOutcome> {
  const { truth, attempt, now } = ctx;
  if (attempt.is_bank_transfer) return reportTransfer(ctx);
  if (truth.currency.toUpperCase() !== attempt.currency) {
    if (await noteAttemptOnce(ctx.trx, attempt, 'currency_mismatch', now)) {
      await auditProviderEvent(ctx, 'invoice.payment_currency_mismatch', {
        attemptId: attempt.id,
        paid: `${truth.amountMinor} ${truth.currency}`,
        quote: `${attempt.quote_minor} ${attempt.currency}`,
      });
    }
    return 'currency_mismatch';
  }
  if (attempt.status !== 'paid') await markAttemptPaid(ctx.trx, attempt, truth.paymentId, now);
  const paidOn =
    truth.amountMinor === attempt.quote_minor
      ? attempt.quoted_on
      : dateInTimeZone(truth.paidAt ?? now, ctx.organization.time_zone);
  const flag =
    truth.amountMinor < attempt.quote_minor
      ? 'underpaid'
      : truth.amountMinor > attempt.quote_minor
        ? 'overpaid'
        : null;
  const method = paidWithLabel(truth.methodName ?? attempt.method_name, ctx.provider);
  const inserted = await insertProviderPayment(ctx.trx, {
    organization_id: ctx.organization.id,
    invoice_id: ctx.invoiceId,
    amount_minor: truth.amountMinor,
    currency: attempt.currency,
    paid_on: paidOn,
    method,
    source: 'provider',
    provider: ctx.provider,
    provider_payment_id: truth.paymentId ?? truth.checkoutId,
    attempt_id: attempt.id,
    flag,
  });
  if (!inserted) return 'already_paid';
  const settlement = await ctx.settlement();
  const after = await refreshSettlement(ctx.trx, ctx.organization.id, ctx.invoiceId, settlement);
  const due = await amountDueOn(ctx, paidOn, after);
  await auditProviderEvent(ctx, 'invoice.payment_received', {
    paymentId: inserted.id,
    attemptId: attempt.id,
    amountMinor: truth.amountMinor,
    method,
    flag,
  });
  const money = {
    eventKey: inserted.id,
    amountMinor: truth.amountMinor,
    date: paidOn,
    method,
    amountDueAfterMinor: Math.max(0, due.amountDueMinor),
  };
  await notifyInvoice(ctx, { kind: 'payment-received', ...money });
  await notifyInvoice(ctx, { kind: 'payment-confirmation', ...money });
  await emitWebhookEvent(ctx.trx, ctx.jobs, {
    organizationId: ctx.organization.id,
    type: 'invoice.paid',
    occurredAt: now,
    data: {
      invoiceId: ctx.invoiceId,
      paymentId: inserted.id,
      amountMinor: truth.amountMinor,
      currency: attempt.currency,
      method,
      paidOn,
      flag,
      amountDueMinor: due.amountDueMinor,
      fullyPaid: due.amountDueMinor <= 0,
    },
  });
  return 'paid';
}

/**
 * R19: a bank transfer through a provider is no proof of payment. The invoice stays awaiting the transfer
 * until an admin, having seen the money, records the payment by hand; the admins are told once, so they
 * look at their bank account and record it.
 */
async function reportTransfer(ctx: ProviderEventContext): Promise<ApplyOutcome> {
  const { truth, attempt, now } = ctx;
  if (await noteAttemptOnce(ctx.trx, attempt, 'reported_received_by_provider', now)) {
    await auditProviderEvent(ctx, 'invoice.transfer_reported', {
      attemptId: attempt.id,
      amountMinor: truth.amountMinor,
      currency: truth.currency,
    });
    const today = todayOf(ctx);
    const due = await amountDueOn(ctx, today);
    await notifyInvoice(ctx, {
      kind: 'transfer-reported',
      eventKey: attempt.id,
      amountMinor: truth.amountMinor,
      date: today,
      method: paidWithLabel(truth.methodName ?? attempt.method_name, ctx.provider),
      amountDueAfterMinor: Math.max(0, due.amountDueMinor),
    });
  }
  return 'transfer_reported';
}
