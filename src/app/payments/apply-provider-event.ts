import { isUuid } from '../../core/uuid.ts';
import { recordAudit } from '../../db/repositories/audit.repository.ts';
import { findCustomer } from '../../db/repositories/customer.repository.ts';
import { findInvoice, loadInvoiceAggregate } from '../../db/repositories/invoice.repository.ts';
import { findOrganization } from '../../db/repositories/organization.repository.ts';
import type { PaymentAttemptRow, PaymentAttemptStatus } from '../../db/schema.ts';
import type { Db, Trx } from '../../db/transaction.ts';
import { dateInTimeZone, isEndedAttempt } from '../../domain/index.ts';
import { type JobSender, QUEUES } from '../../jobs/job-queue.ts';
import type { PaymentProviderName, ProviderPayment } from '../../payments/payment-provider.ts';
import type { InvoiceNotificationEvent } from '../emails/queue-invoice-notification.ts';
import { amountDueOf } from '../invoices/invoice-view.ts';
import { refreshSettlement } from '../invoices/refresh-settlement.ts';
import { emitWebhookEvent } from '../webhooks/emit-webhook-event.ts';
import { type PaymentProviderDeps, paidWithLabel, providerForEvent } from './payment-providers.ts';

export interface ApplyEventDeps extends PaymentProviderDeps {
  jobs: JobSender;
  clock: () => Date;
}

export type ApplyOutcome =
  | 'unknown_checkout'
  | 'no_change'
  | 'open'
  | 'pending'
  | 'paid'
  | 'already_paid'
  | 'currency_mismatch'
  | 'failed'
  | 'refund'
  | 'chargeback'
  | 'transfer_reported';

/** Queues an invoice e-mail job in the transaction: it exists exactly when the payment it reports does. */
async function notify(
  trx: Trx,
  jobs: JobSender,
  organizationId: string,
  invoiceId: string,
  event: InvoiceNotificationEvent,
) {
  await jobs.sendInTransaction(trx, QUEUES.invoiceNotification, { organizationId, invoiceId, event });
}

/**
 * Applies one stored provider notification (the `payment-event` job), whatever it said: the checkout is
 * read back from the provider, and that truth is applied under the invoice's row lock.
 *
 * - paid: the payment is recorded once under its provider payment id (unique), dated the day of the quote
 *   when it pays exactly the quote (so interest accrued since the customer clicked does not leave a
 *   remainder), else the day it was paid, and flagged `underpaid`/`overpaid` when it differs from the
 *   quote. The invoice's settlement is refreshed; admins and the customer are e-mailed (R17); the webhooks
 *   get `invoice.paid`.
 * - pending: a delayed method or a bank transfer; a transfer's instructions are kept and the invoice stays
 *   unpaid, awaiting the transfer (R19).
 * - failed, canceled, expired: the attempt ends and counts toward the 5-failures lock (R18), unless it was
 *   already paid (events may come in any order).
 * - refunded or charged back (totals from the provider): the difference is recorded as a negative payment,
 *   the admins are told, the webhooks get `payment.refunded`.
 *
 * Duplicates, replays, out-of-order and concurrent events change nothing twice. A provider outage throws,
 * so the job is retried later.
 */
export async function applyProviderEvent(
  deps: ApplyEventDeps,
  job: { organizationId: string; eventRowId: string },
): Promise<ApplyOutcome> {
  const event = await deps.db
    .selectFrom('provider_events')
    .selectAll()
    .where('organization_id', '=', job.organizationId)
    .where('id', '=', job.eventRowId)
    .executeTakeFirst();
  if (!event) throw new Error(`Provider event ${job.eventRowId} does not exist`);
  const provider = await providerForEvent(deps, job.organizationId, event.provider);
  const reference = event.checkout_id ?? event.payment_id;
  if (!provider || !reference) return finishEvent(deps.db, event.id, 'unknown_checkout', deps.clock());
  const truth = await provider.fetchPayment(
    event.checkout_id ? { checkoutId: event.checkout_id } : { paymentId: reference },
  );
  const outcome = await deps.db
    .transaction()
    .execute((trx) => applyTruth(trx, deps, job.organizationId, event.provider, truth));
  return finishEvent(deps.db, event.id, outcome, deps.clock());
}

async function finishEvent(
  db: Db,
  eventRowId: string,
  outcome: ApplyOutcome,
  now: Date,
): Promise<ApplyOutcome> {
  await db
    .updateTable('provider_events')
    .set({ applied_at: now, outcome })
    .where('id', '=', eventRowId)
    .execute();
  return outcome;
}

async function findAttempt(
  trx: Trx,
  organizationId: string,
  provider: PaymentProviderName,
  truth: ProviderPayment,
): Promise<PaymentAttemptRow | undefined> {
  const byCheckout = await trx
    .selectFrom('payment_attempts')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('provider', '=', provider)
    .where('checkout_id', '=', truth.checkoutId)
    .executeTakeFirst();
  if (byCheckout || !truth.attemptId || !isUuid(truth.attemptId)) return byCheckout;
  // By our metadata only when the attempt has no checkout yet (it crashed before recording it): another
  // checkout carrying the same id must not attach to an attempt that has its own.
  return trx
    .selectFrom('payment_attempts')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('provider', '=', provider)
    .where('id', '=', truth.attemptId)
    .where('checkout_id', 'is', null)
    .executeTakeFirst();
}

async function applyTruth(
  trx: Trx,
  deps: ApplyEventDeps,
  organizationId: string,
  provider: PaymentProviderName,
  truth: ProviderPayment,
): Promise<ApplyOutcome> {
  // The attempt to learn the invoice (no lock); the invoice's row lock then serialises every writer of
  // its payments, and the attempt is read again under it.
  const found = await findAttempt(trx, organizationId, provider, truth);
  if (!found) return 'unknown_checkout';
  const invoice = await findInvoice(trx, organizationId, found.invoice_id, { forUpdate: true });
  if (!invoice) return 'unknown_checkout';
  const attempt =
    (await trx.selectFrom('payment_attempts').selectAll().where('id', '=', found.id).executeTakeFirst()) ??
    found;
  const now = deps.clock();
  const setAttempt = (
    values: Partial<{
      status: PaymentAttemptStatus;
      failure_reason: string | null;
      bank_transfer: string | null;
      provider_payment_id: string | null;
      ended_at: Date | null;
    }>,
  ) =>
    trx
      .updateTable('payment_attempts')
      .set({ ...values, updated_at: now })
      .where('id', '=', attempt.id)
      .execute();

  let outcome: ApplyOutcome = 'no_change';
  // Mollie keeps a bank transfer `open` while it waits for the money: its instructions say it is awaited.
  const status =
    truth.status === 'open' && truth.bankTransfer && attempt.is_bank_transfer ? 'pending' : truth.status;
  switch (status) {
    case 'open':
      outcome = 'open';
      break;
    case 'pending':
      if (!isEndedAttempt(attempt.status)) {
        await setAttempt({
          status: 'pending',
          provider_payment_id: truth.paymentId,
          bank_transfer: truth.bankTransfer ? JSON.stringify(truth.bankTransfer) : null,
        });
        if (attempt.status !== 'pending' && attempt.is_bank_transfer) {
          await recordAudit(trx, {
            organizationId,
            subjectType: 'invoice',
            subjectId: invoice.id,
            action: 'invoice.awaiting_transfer',
            actor: `provider:${provider}`,
            data: { attemptId: attempt.id, instructions: truth.bankTransfer },
          });
        }
        outcome = 'pending';
      }
      break;
    case 'failed':
    case 'canceled':
    case 'expired':
      if (!isEndedAttempt(attempt.status)) {
        await setAttempt({ status, failure_reason: truth.failureReason, ended_at: now });
        await recordAudit(trx, {
          organizationId,
          subjectType: 'invoice',
          subjectId: invoice.id,
          action: 'invoice.payment_failed',
          actor: `provider:${provider}`,
          data: { attemptId: attempt.id, status: truth.status, reason: truth.failureReason },
        });
        outcome = 'failed';
      }
      break;
    case 'paid':
      outcome = await recordPaid(trx, deps, {
        organizationId,
        provider,
        attempt,
        invoiceId: invoice.id,
        truth,
        now,
      });
      break;
  }
  const reversal = await recordReversals(trx, deps, {
    organizationId,
    provider,
    attempt,
    invoiceId: invoice.id,
    truth,
    now,
  });
  return reversal ?? outcome;
}

/** Notes a reason on the attempt; true only the first time, so a replayed event says nothing again. */
async function noteOnce(trx: Trx, attemptId: string, reason: string, now: Date): Promise<boolean> {
  const noted = await trx
    .updateTable('payment_attempts')
    .set({ failure_reason: reason, updated_at: now })
    .where('id', '=', attemptId)
    .where((eb) => eb('failure_reason', 'is', null).or('failure_reason', '<>', reason))
    .returning('id')
    .executeTakeFirst();
  return noted !== undefined;
}

interface Applying {
  organizationId: string;
  provider: PaymentProviderName;
  attempt: PaymentAttemptRow;
  invoiceId: string;
  truth: ProviderPayment;
  now: Date;
}

async function recordPaid(trx: Trx, deps: ApplyEventDeps, a: Applying): Promise<ApplyOutcome> {
  const { truth, attempt, organizationId, invoiceId, now } = a;
  // R19: a bank transfer through a provider is no proof of payment. The invoice stays awaiting the
  // transfer until an admin, having seen the money, records the payment by hand.
  if (attempt.is_bank_transfer) {
    if (await noteOnce(trx, attempt.id, 'reported_received_by_provider', now)) {
      await recordAudit(trx, {
        organizationId,
        subjectType: 'invoice',
        subjectId: invoiceId,
        action: 'invoice.transfer_reported',
        actor: `provider:${a.provider}`,
        data: { attemptId: attempt.id, amountMinor: truth.amountMinor, currency: truth.currency },
      });
      // The admins are told, so they look at their bank account and record it.
      const organization = await findOrganization(trx, organizationId);
      const today = dateInTimeZone(now, organization?.time_zone ?? 'UTC');
      const due = await amountDueAfter(trx, organizationId, invoiceId, today);
      await notify(trx, deps.jobs, organizationId, invoiceId, {
        kind: 'transfer-reported',
        eventKey: attempt.id,
        amountMinor: truth.amountMinor,
        date: today,
        method: paidWithLabel(truth.methodName ?? attempt.method_name, a.provider),
        amountDueAfterMinor: Math.max(0, due.amountDueMinor),
      });
    }
    return 'transfer_reported';
  }
  // A payment in another currency than the quote cannot be recorded against the invoice: said once, and
  // left to the business (the provider holds the money).
  if (truth.currency.toUpperCase() !== attempt.currency) {
    if (await noteOnce(trx, attempt.id, 'currency_mismatch', now)) {
      await recordAudit(trx, {
        organizationId,
        subjectType: 'invoice',
        subjectId: invoiceId,
        action: 'invoice.payment_currency_mismatch',
        actor: `provider:${a.provider}`,
        data: {
          attemptId: attempt.id,
          paid: `${truth.amountMinor} ${truth.currency}`,
          quote: `${attempt.quote_minor} ${attempt.currency}`,
        },
      });
    }
    return 'currency_mismatch';
  }
  if (attempt.status !== 'paid') {
    await trx
      .updateTable('payment_attempts')
      .set({
        status: 'paid',
        provider_payment_id: truth.paymentId,
        ended_at: now,
        updated_at: now,
        bank_transfer: null,
      })
      .where('id', '=', attempt.id)
      .execute();
  }
  const organization = await findOrganization(trx, organizationId);
  if (!organization) throw new Error(`Organization ${organizationId} vanished`);
  const paidOn =
    truth.amountMinor === attempt.quote_minor
      ? attempt.quoted_on
      : dateInTimeZone(truth.paidAt ?? now, organization.time_zone);
  const flag =
    truth.amountMinor < attempt.quote_minor
      ? 'underpaid'
      : truth.amountMinor > attempt.quote_minor
        ? 'overpaid'
        : null;
  const method = paidWithLabel(truth.methodName ?? attempt.method_name, a.provider);
  const inserted = await trx
    .insertInto('payments')
    .values({
      organization_id: organizationId,
      invoice_id: invoiceId,
      amount_minor: truth.amountMinor,
      currency: attempt.currency,
      paid_on: paidOn,
      method,
      source: 'provider',
      provider: a.provider,
      provider_payment_id: truth.paymentId ?? truth.checkoutId,
      attempt_id: attempt.id,
      flag,
    })
    .onConflict((oc) => oc.columns(['provider', 'provider_payment_id']).doNothing())
    .returning(['id', 'amount_minor'])
    .executeTakeFirst();
  if (!inserted) return 'already_paid';
  await refreshSettlement(trx, organizationId, invoiceId);
  const due = await amountDueAfter(trx, organizationId, invoiceId, paidOn);
  await recordAudit(trx, {
    organizationId,
    subjectType: 'invoice',
    subjectId: invoiceId,
    action: 'invoice.payment_received',
    actor: `provider:${a.provider}`,
    data: { paymentId: inserted.id, attemptId: attempt.id, amountMinor: truth.amountMinor, method, flag },
  });
  const money = {
    eventKey: inserted.id,
    amountMinor: truth.amountMinor,
    date: paidOn,
    method,
    amountDueAfterMinor: Math.max(0, due.amountDueMinor),
  };
  await notify(trx, deps.jobs, organizationId, invoiceId, { kind: 'payment-received', ...money });
  await notify(trx, deps.jobs, organizationId, invoiceId, { kind: 'payment-confirmation', ...money });
  await emitWebhookEvent(trx, deps.jobs, {
    organizationId,
    type: 'invoice.paid',
    occurredAt: now,
    data: {
      invoiceId,
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

async function amountDueAfter(trx: Trx, organizationId: string, invoiceId: string, asOf: string) {
  const [organization, aggregate] = await Promise.all([
    findOrganization(trx, organizationId),
    loadInvoiceAggregate(trx, organizationId, invoiceId),
  ]);
  if (!organization || !aggregate) throw new Error(`Invoice ${invoiceId} vanished`);
  const customer = await findCustomer(trx, organizationId, aggregate.invoice.customer_id);
  return amountDueOf(aggregate, organization, customer?.kind ?? 'company', asOf);
}

/**
 * Refunds and chargebacks: the provider gives totals, so each is kept as one negative payment per kind
 * (`<payment id>:refunds`, `<payment id>:chargebacks`) following the provider's total both ways: a growth
 * is reported to the admins and the webhooks, a decrease (a chargeback the business won) is recorded and
 * audited. Order-proof: whatever event arrives, the totals are the provider's.
 */
async function recordReversals(trx: Trx, deps: ApplyEventDeps, a: Applying): Promise<ApplyOutcome | null> {
  const { truth, organizationId, invoiceId, now } = a;
  const paymentId = truth.paymentId ?? truth.checkoutId;
  let outcome: ApplyOutcome | null = null;
  for (const [kind, total] of [
    ['refund', truth.refundedMinor],
    ['chargeback', truth.chargedBackMinor],
  ] as const) {
    const original = await trx
      .selectFrom('payments')
      .select(['method', 'currency'])
      .where('provider', '=', a.provider)
      .where('provider_payment_id', '=', paymentId)
      .where('organization_id', '=', organizationId)
      .executeTakeFirst();
    if (!original) continue;
    const key = `${paymentId}:${kind === 'refund' ? 'refunds' : 'chargebacks'}`;
    const existing = await trx
      .selectFrom('payments')
      .select(['id', 'amount_minor'])
      .where('provider', '=', a.provider)
      .where('provider_payment_id', '=', key)
      .where('organization_id', '=', organizationId)
      .executeTakeFirst();
    const already = existing ? -existing.amount_minor : 0;
    if (total === already) continue;
    const organization = await findOrganization(trx, organizationId);
    const today = dateInTimeZone(now, organization?.time_zone ?? 'UTC');
    if (total < already && existing) {
      // A chargeback the business won (or a refund the provider undid): the provider's total went down.
      if (total === 0) await trx.deleteFrom('payments').where('id', '=', existing.id).execute();
      else
        await trx
          .updateTable('payments')
          .set({ amount_minor: -total })
          .where('id', '=', existing.id)
          .execute();
      await refreshSettlement(trx, organizationId, invoiceId);
      await recordAudit(trx, {
        organizationId,
        subjectType: 'invoice',
        subjectId: invoiceId,
        action: kind === 'refund' ? 'invoice.refund_reversed' : 'invoice.chargeback_reversed',
        actor: `provider:${a.provider}`,
        data: { paymentId, totalMinor: total, previousMinor: already },
      });
      continue;
    }
    if (existing) {
      await trx.updateTable('payments').set({ amount_minor: -total }).where('id', '=', existing.id).execute();
    } else {
      await trx
        .insertInto('payments')
        .values({
          organization_id: organizationId,
          invoice_id: invoiceId,
          amount_minor: -total,
          currency: original.currency,
          paid_on: today,
          method: original.method,
          source: 'provider',
          provider: a.provider,
          provider_payment_id: key,
          attempt_id: a.attempt.id,
          note: kind === 'refund' ? 'Refund' : 'Chargeback',
        })
        .execute();
    }
    await refreshSettlement(trx, organizationId, invoiceId);
    const due = await amountDueAfter(trx, organizationId, invoiceId, today);
    await recordAudit(trx, {
      organizationId,
      subjectType: 'invoice',
      subjectId: invoiceId,
      action: kind === 'refund' ? 'invoice.payment_refunded' : 'invoice.payment_charged_back',
      actor: `provider:${a.provider}`,
      data: { paymentId, totalMinor: total, newMinor: total - already },
    });
    await notify(trx, deps.jobs, organizationId, invoiceId, {
      kind,
      eventKey: `${key}:${total}`,
      amountMinor: total - already,
      date: today,
      method: original.method,
      amountDueAfterMinor: Math.max(0, due.amountDueMinor),
    });
    await emitWebhookEvent(trx, deps.jobs, {
      organizationId,
      type: 'payment.refunded',
      occurredAt: now,
      data: {
        invoiceId,
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
