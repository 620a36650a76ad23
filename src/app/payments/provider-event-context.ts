import { recordAudit } from '../../db/repositories/audit.repository.ts';
import { type InvoiceAggregate, loadInvoiceAggregate } from '../../db/repositories/invoice.repository.ts';
import type { OrganizationRow, PaymentAttemptRow } from '../../db/schema.ts';
import type { Trx } from '../../db/transaction.ts';
import { dateInTimeZone } from '../../domain/index.ts';
import { type JobSender, QUEUES } from '../../jobs/job-queue.ts';
import type { PaymentProviderName, ProviderPayment } from '../../payments/payment-provider.ts';
import type { InvoiceNotificationEvent } from '../emails/queue-invoice-notification.ts';
import { amountDueOf } from '../invoices/invoice-view.ts';
import type { SettlementContext } from '../invoices/refresh-settlement.ts';

/** What applying a provider event did, kept on the event row. */
export type ApplyOutcome =
  | 'unknown_checkout'
  | 'no_change'
  | 'open'
  | 'pending'
  | 'paid'
  | 'already_paid'
  | 'currency_mismatch'
  | 'failed'
  | 'declined'
  | 'refund'
  | 'chargeback'
  | 'transfer_reported';

/** One provider event being applied, in its transaction, under the invoice's row lock. */
export interface ProviderEventContext {
  readonly trx: Trx;
  readonly jobs: JobSender;
  /** Read once for the event, and passed down. */
  readonly organization: OrganizationRow;
  readonly provider: PaymentProviderName;
  /** The attempt as read under the lock. */
  readonly attempt: PaymentAttemptRow;
  readonly invoiceId: string;
  /** The checkout as the provider reports it now. */
  readonly truth: ProviderPayment;
  readonly now: Date;
  /** The organization and the customer's kind, what the invoice's amount due needs (the customer read once). */
  settlement(): Promise<SettlementContext>;
}

/** The one audit entry of an event's effect on the invoice, by the provider. */
export async function auditProviderEvent(
  ctx: ProviderEventContext,
  action: string,
  data: Record<string, unknown>,
): Promise<void> {
  await recordAudit(ctx.trx, {
    organizationId: ctx.organization.id,
    subjectType: 'invoice',
    subjectId: ctx.invoiceId,
    action,
    actor: `provider:${ctx.provider}`,
    data,
  });
}

/** Queues an invoice e-mail job in the transaction: it exists exactly when the payment it reports does. */
export async function notifyInvoice(
  ctx: ProviderEventContext,
  event: InvoiceNotificationEvent,
): Promise<void> {
  await ctx.jobs.sendInTransaction(ctx.trx, QUEUES.invoiceNotification, {
    organizationId: ctx.organization.id,
    invoiceId: ctx.invoiceId,
    event,
  });
}

/** The invoice's amount due on `asOf`: of `aggregate` (as a refresh of its settlement returned it), else as it stands. */
export async function amountDueOn(ctx: ProviderEventContext, asOf: string, aggregate?: InvoiceAggregate) {
  const current = aggregate ?? (await loadInvoiceAggregate(ctx.trx, ctx.organization.id, ctx.invoiceId));
  if (!current) throw new Error(`Invoice ${ctx.invoiceId} vanished`);
  const { organization, customerKind } = await ctx.settlement();
  return amountDueOf(current, organization, customerKind, asOf);
}

/** Today in the organization's time zone, for what the event records now (a refund's date…). */
export function todayOf(ctx: ProviderEventContext): string {
  return dateInTimeZone(ctx.now, ctx.organization.time_zone);
}
