import type { EventLog } from '../../core/event-log.ts';
import { findCustomer } from '../../db/repositories/customer.repository.ts';
import { findInvoice } from '../../db/repositories/invoice.repository.ts';
import { findOrganization } from '../../db/repositories/organization.repository.ts';
import {
  endAttempt,
  findPaymentAttempt,
  findPaymentAttemptOfCheckout,
  markAttemptPending,
} from '../../db/repositories/payment.repository.ts';
import { hasPaymentDecline, recordPaymentDecline } from '../../db/repositories/payment-decline.repository.ts';
import {
  findProviderEvent,
  recordProviderEventOutcome,
} from '../../db/repositories/provider-event.repository.ts';
import type { OrganizationRow, ProviderEventRow } from '../../db/schema.ts';
import type { Trx } from '../../db/transaction.ts';
import { attemptStatusAfter, declineCounts, isFailedAttempt, reportedStatusOf } from '../../domain/index.ts';
import type { JobSender } from '../../jobs/job-queue.ts';
import type { PaymentProvider, ProviderPayment } from '../../payments/payment-provider.ts';
import type { SettlementContext } from '../invoices/refresh-settlement.ts';
import { loadInvoicePaymentState } from './invoice-payment-state.ts';
import { type PaymentProviderDeps, providerForEvent } from './payment-providers.ts';
import {
  type ApplyOutcome,
  auditProviderEvent,
  type ProviderEventContext,
} from './provider-event-context.ts';
import { recordProviderPayment } from './record-provider-payment.ts';
import { recordProviderReversals } from './record-provider-reversals.ts';

export interface ApplyEventDeps extends PaymentProviderDeps {
  jobs: JobSender;
  clock: () => Date;
  log?: EventLog;
}

/**
 * Applies one stored provider notification (the `payment-event` job), whatever it said: the checkout is
 * read back from the provider, and that truth is applied under the invoice's row lock.
 *
 * - the attempt's status follows the provider's (`domain/payment-attempt-status.ts`): pending (a delayed
 *   method or a bank transfer, whose instructions are kept: the invoice stays unpaid, awaiting it, R19),
 *   failed, canceled or expired (counting toward the 5-failures lock, R18), never leaving an ended state;
 * - declined (a card declined on a Stripe checkout, which stays open for another try): counted once per
 *   notice toward the same lock, the attempt left open — unless that decline blocks paying: then the
 *   attempt ends and its checkout is ended at the provider, so it takes no more cards meanwhile;
 * - paid: the payment is recorded once (`record-provider-payment.ts`);
 * - refunded or charged back (totals from the provider): the difference is recorded as a negative payment
 *   (`record-provider-reversals.ts`).
 *
 * Duplicates, replays, out-of-order and concurrent events change nothing twice. A provider outage throws,
 * so the job is retried later.
 */
export async function applyProviderEvent(
  deps: ApplyEventDeps,
  job: { organizationId: string; eventRowId: string },
): Promise<ApplyOutcome> {
  const event = await findProviderEvent(deps.db, job.organizationId, job.eventRowId);
  if (!event) throw new Error(`Provider event ${job.eventRowId} does not exist`);
  const finish = async (outcome: ApplyOutcome) => {
    await recordProviderEventOutcome(deps.db, event, outcome, deps.clock());
    return outcome;
  };
  const organization = await findOrganization(deps.db, job.organizationId);
  if (!organization) throw new Error(`Organization ${job.organizationId} does not exist`);
  const provider = await providerForEvent(deps, organization, event.provider);
  const reference = event.checkout_id ?? event.payment_id;
  if (!provider || !reference) return finish('unknown_checkout');
  const truth = await provider.fetchPayment(
    event.checkout_id ? { checkoutId: event.checkout_id } : { paymentId: reference },
  );
  const applied = await deps.db
    .transaction()
    .execute((trx) => applyTruth(trx, deps, organization, { event, provider, truth }));
  if (applied.lockedCheckoutId) {
    // Best effort: the checkout would otherwise take more cards until it expires (within the hour).
    await provider
      .expireCheckout(applied.lockedCheckoutId)
      .catch((error: unknown) =>
        deps.log?.warn(
          { checkoutId: applied.lockedCheckoutId, error: String(error) },
          'a checkout could not be ended when paying was blocked',
        ),
      );
  }
  return finish(applied.outcome);
}

async function applyTruth(
  trx: Trx,
  deps: ApplyEventDeps,
  organization: OrganizationRow,
  input: { event: ProviderEventRow; provider: PaymentProvider; truth: ProviderPayment },
): Promise<{ outcome: ApplyOutcome; lockedCheckoutId?: string | null }> {
  const { event, truth } = input;
  const provider = event.provider;
  // The attempt to learn the invoice (no lock); the invoice's row lock then serialises every writer of
  // its payments, and the attempt is read again under it.
  const found = await findPaymentAttemptOfCheckout(trx, organization.id, provider, truth);
  if (!found) return { outcome: 'unknown_checkout' };
  const invoice = await findInvoice(trx, organization.id, found.invoice_id, { forUpdate: true });
  if (!invoice) return { outcome: 'unknown_checkout' };
  let settlement: Promise<SettlementContext> | undefined;
  const ctx: ProviderEventContext = {
    trx,
    jobs: deps.jobs,
    organization,
    provider,
    attempt: (await findPaymentAttempt(trx, organization.id, found.id)) ?? found,
    invoiceId: invoice.id,
    truth,
    now: deps.clock(),
    // Only a change of the invoice's money needs the customer: read on first use, once.
    settlement: () => {
      settlement ??= findCustomer(trx, organization.id, invoice.customer_id).then((customer) => ({
        organization,
        customerKind: customer?.kind ?? 'company',
      }));
      return settlement;
    },
  };
  const declined = declineCounts({
    isDeclineNotice: input.provider.isDeclineNotice(event.event_type),
    reported: truth.status,
    attemptStatus: ctx.attempt.status,
  });
  if (declined) return recordDecline(ctx, invoice, event.event_id);
  const outcome = truth.status === 'paid' ? await recordProviderPayment(ctx) : await followStatus(ctx);
  return { outcome: (await recordProviderReversals(ctx)) ?? outcome };
}

/**
 * One declined try, counted toward the lock once per provider event; the checkout stays open for another
 * try, unless this decline blocked paying (R18): then the attempt ends and its checkout is to be ended at
 * the provider too, so it takes no more cards while the pay button is blocked.
 */
async function recordDecline(
  ctx: ProviderEventContext,
  invoice: Parameters<typeof loadInvoicePaymentState>[1],
  eventId: string,
): Promise<{ outcome: ApplyOutcome; lockedCheckoutId?: string | null }> {
  const { trx, organization, invoiceId, attempt } = ctx;
  if (await hasPaymentDecline(trx, { organizationId: organization.id, invoiceId, eventId }))
    return { outcome: 'no_change' };
  await recordPaymentDecline(trx, {
    organizationId: organization.id,
    invoiceId,
    provider: ctx.provider,
    decline: { attemptId: attempt.id, eventId, reason: ctx.truth.declineReason, at: ctx.now },
  });
  const state = await loadInvoicePaymentState(trx, invoice, ctx.now);
  if (!state.lock.locked) return { outcome: 'declined' };
  await endAttempt(trx, attempt, { status: 'expired', reason: 'payment_locked', from: 'open' }, ctx.now);
  return { outcome: 'declined', lockedCheckoutId: attempt.checkout_id };
}

/** An attempt's status follows what the provider reports, until it has ended. */
async function followStatus(ctx: ProviderEventContext): Promise<ApplyOutcome> {
  const { attempt, truth, now } = ctx;
  const report = {
    status: truth.status,
    isBankTransfer: attempt.is_bank_transfer,
    hasTransferInstructions: truth.bankTransfer !== null,
  };
  const reported = reportedStatusOf(report);
  const next = attemptStatusAfter(attempt.status, report);
  if (reported === 'pending' && next === 'pending') {
    await markAttemptPending(
      ctx.trx,
      attempt,
      { providerPaymentId: truth.paymentId, bankTransfer: truth.bankTransfer },
      now,
    );
    if (attempt.status !== 'pending' && attempt.is_bank_transfer) {
      await auditProviderEvent(ctx, 'invoice.awaiting_transfer', {
        attemptId: attempt.id,
        instructions: truth.bankTransfer,
      });
    }
    return 'pending';
  }
  if (isFailedAttempt(next) && next !== attempt.status) {
    await endAttempt(ctx.trx, attempt, { status: next, reason: truth.failureReason }, now);
    await auditProviderEvent(ctx, 'invoice.payment_failed', {
      attemptId: attempt.id,
      status: truth.status,
      reason: truth.failureReason,
    });
    return 'failed';
  }
  return reported === 'open' ? 'open' : 'no_change';
}
