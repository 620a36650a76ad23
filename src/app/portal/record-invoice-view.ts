import { ok } from '../../core/result.ts';
import { recordAudit } from '../../db/repositories/audit.repository.ts';
import { type Db, runInTransaction } from '../../db/transaction.ts';
import type { JobSender } from '../../jobs/job-queue.ts';
import { emitWebhookEvent } from '../webhooks/emit-webhook-event.ts';

/**
 * Notes the first time a customer opens one of their issued invoices in the portal: sets
 * `invoices.first_viewed_at`, records it on the invoice's history and emits `invoice.viewed`, in one
 * transaction. Later views change nothing. The update is conditional (`first_viewed_at is null`), so of
 * two views racing only one finds the invoice unviewed and only one event is sent. Returns whether this
 * was the first view.
 */
export async function recordInvoiceView(
  deps: { db: Db; jobs: JobSender },
  input: { organizationId: string; customerId: string; invoiceId: string; now: Date },
): Promise<boolean> {
  const result = await runInTransaction(deps.db, async (trx) => {
    const invoice = await trx
      .updateTable('invoices')
      .set({ first_viewed_at: input.now })
      .where('organization_id', '=', input.organizationId)
      .where('customer_id', '=', input.customerId)
      .where('id', '=', input.invoiceId)
      .where('state', '=', 'issued')
      .where('first_viewed_at', 'is', null)
      .returning(['id', 'number'])
      .executeTakeFirst();
    if (!invoice) return ok(false);
    await recordAudit(trx, {
      organizationId: input.organizationId,
      subjectType: 'invoice',
      subjectId: invoice.id,
      action: 'invoice.viewed',
      actor: 'customer',
    });
    await emitWebhookEvent(trx, deps.jobs, {
      organizationId: input.organizationId,
      type: 'invoice.viewed',
      occurredAt: input.now,
      data: {
        invoiceId: invoice.id,
        invoiceNumber: invoice.number,
        customerId: input.customerId,
        viewedAt: input.now.toISOString(),
      },
    });
    return ok(true);
  });
  return result.ok && result.value;
}
