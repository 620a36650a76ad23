import { recordAudit } from '../../db/repositories/audit.repository.ts';
import { findCustomer } from '../../db/repositories/customer.repository.ts';
import { loadInvoiceAggregate } from '../../db/repositories/invoice.repository.ts';
import { findOrganization } from '../../db/repositories/organization.repository.ts';
import type { PaymentAttemptRow } from '../../db/schema.ts';
import type { Trx } from '../../db/transaction.ts';
import { type JobSender, QUEUES } from '../../jobs/job-queue.ts';
import type { PaymentProviderName, ProviderPayment } from '../../payments/payment-provider.ts';
import type { InvoiceNotificationEvent } from '../emails/queue-invoice-notification.ts';
import { amountDueOf } from '../invoices/invoice-view.ts';

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
  | 'refund'
  | 'chargeback'
  | 'transfer_reported';

/** One provider event being applied, in its transaction, under the invoice's row lock. */
export interface ProviderEventContext {
  readonly trx: Trx;
  readonly jobs: JobSender;
  readonly organizationId: string;
  readonly provider: PaymentProviderName;
  /** The attempt as read under the lock. */
  readonly attempt: PaymentAttemptRow;
  readonly invoiceId: string;
  /** The checkout as the provider reports it now. */
  readonly truth: ProviderPayment;
  readonly now: Date;
}

/** The one audit entry of an event's effect on the invoice, by the provider. */
export async function auditProviderEvent(
  ctx: ProviderEventContext,
  action: string,
  data: Record<string, unknown>,
): Promise<void> {
  await recordAudit(ctx.trx, {
    organizationId: ctx.organizationId,
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
    organizationId: ctx.organizationId,
    invoiceId: ctx.invoiceId,
    event,
  });
}

/** The invoice's amount due on `asOf`, as it stands in the transaction. */
export async function amountDueAfter(ctx: ProviderEventContext, asOf: string) {
  const [organization, aggregate] = await Promise.all([
    findOrganization(ctx.trx, ctx.organizationId),
    loadInvoiceAggregate(ctx.trx, ctx.organizationId, ctx.invoiceId),
  ]);
  if (!organization || !aggregate) throw new Error(`Invoice ${ctx.invoiceId} vanished`);
  const customer = await findCustomer(ctx.trx, ctx.organizationId, aggregate.invoice.customer_id);
  return amountDueOf(aggregate, organization, customer?.kind ?? 'company', asOf);
}
