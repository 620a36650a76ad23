import {
  deletePayment,
  findProviderPayments,
  insertPayment,
  setPaymentAmount,
} from '../../db/repositories/payment.repository.ts';
import { refreshSettlement } from '../invoices/refresh-settlement.ts';
import { emitWebhookEvent } from '../webhooks/emit-webhook-event.ts';
import {
  type ApplyOutcome,
  amountDueOn,
  auditProviderEvent,
  notifyInvoice,
  type ProviderEventContext,
  todayOf,
} from './provider-event-context.ts';

const REVERSALS = [
  { kind: 'refund', suffix: 'refunds', note: 'Refund' },
  { kind: 'chargeback', suffix: 'chargebacks', note: 'Chargeback' },
] as const;

/**
 * Refunds and chargebacks: the provider gives totals, so each is kept as one negative payment per kind
 * (`<payment id>:refunds`, `<payment id>:chargebacks`) following the provider's total both ways: a growth
 * is reported to the admins and the webhooks (`payment.refunded`), a decrease (a chargeback the business
 * won) is recorded and audited. Order-proof: whatever event arrives, the totals are the provider's.
 * Returns the last kind that grew, or null.
 */
export async function recordProviderReversals(ctx: ProviderEventContext): Promise<ApplyOutcome | null> {
  const { truth, now } = ctx;
  const paymentId = truth.paymentId ?? truth.checkoutId;
  const keys = REVERSALS.map(({ suffix }) => `${paymentId}:${suffix}`);
  // The payment and its two reversal rows, in one query: each kind below changes its own row only.
  const rows = await findProviderPayments(ctx.trx, ctx.organization.id, ctx.provider, [paymentId, ...keys]);
  const original = rows.find((p) => p.provider_payment_id === paymentId);
  if (!original) return null;
  const today = todayOf(ctx);
  let outcome: ApplyOutcome | null = null;
  for (const { kind, suffix, note } of REVERSALS) {
    const total = kind === 'refund' ? truth.refundedMinor : truth.chargedBackMinor;
    const key = `${paymentId}:${suffix}`;
    const existing = rows.find((p) => p.provider_payment_id === key);
    const already = existing ? -existing.amount_minor : 0;
    if (total === already) continue;
    const settlement = await ctx.settlement();
    if (total < already && existing) {
      // A chargeback the business won (or a refund the provider undid): the provider's total went down.
      if (total === 0) await deletePayment(ctx.trx, ctx.organization.id, existing.id);
      else await setPaymentAmount(ctx.trx, ctx.organization.id, existing.id, -total);
      await refreshSettlement(ctx.trx, ctx.organization.id, ctx.invoiceId, settlement);
      await auditProviderEvent(
        ctx,
        kind === 'refund' ? 'invoice.refund_reversed' : 'invoice.chargeback_reversed',
        { paymentId, totalMinor: total, previousMinor: already },
      );
      continue;
    }
    if (existing) await setPaymentAmount(ctx.trx, ctx.organization.id, existing.id, -total);
    else
      await insertPayment(ctx.trx, {
        organization_id: ctx.organization.id,
        invoice_id: ctx.invoiceId,
        amount_minor: -total,
        currency: original.currency,
        paid_on: today,
        method: original.method,
        source: 'provider',
        provider: ctx.provider,
        provider_payment_id: key,
        attempt_id: ctx.attempt.id,
        note,
      });
    const after = await refreshSettlement(ctx.trx, ctx.organization.id, ctx.invoiceId, settlement);
    const due = await amountDueOn(ctx, today, after);
    await auditProviderEvent(
      ctx,
      kind === 'refund' ? 'invoice.payment_refunded' : 'invoice.payment_charged_back',
      { paymentId, totalMinor: total, newMinor: total - already },
    );
    await notifyInvoice(ctx, {
      kind,
      eventKey: `${key}:${total}`,
      amountMinor: total - already,
      date: today,
      method: original.method,
      amountDueAfterMinor: Math.max(0, due.amountDueMinor),
    });
    await emitWebhookEvent(ctx.trx, ctx.jobs, {
      organizationId: ctx.organization.id,
      type: 'payment.refunded',
      occurredAt: now,
      data: {
        invoiceId: ctx.invoiceId,
        providerPaymentId: paymentId,
        kind,
        amountMinor: total - already,
        totalMinor: total,
        currency: original.currency,
        amountDueMinor: due.amountDueMinor,
      },
    });
    outcome = kind;
  }
  return outcome;
}
