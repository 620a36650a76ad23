import { notFound, ok, type Result } from '../../core/result.ts';
import { recordAudit } from '../../db/repositories/audit.repository.ts';
import { countUnreadComments, markCommentsRead } from '../../db/repositories/comment.repository.ts';
import { findInvoice } from '../../db/repositories/invoice.repository.ts';
import { type Db, runInTransaction } from '../../db/transaction.ts';

/**
 * The business has read an invoice's thread (opened the invoice in the back office, or said so through
 * the API): its customer comments still unread are marked read as of `now`, and when there were any,
 * `invoice.comments_read` goes on the invoice's history. Only the organization's issued invoices have
 * threads; any other id is `INVOICE_NOT_FOUND`. Returns how many it marked and what is left unread in the
 * whole inbox (for the back office's badge).
 */
export async function markInvoiceCommentsRead(
  db: Db,
  input: { organizationId: string; invoiceId: string; actor: string; now: Date },
): Promise<Result<{ markedRead: number; unreadCount: number }>> {
  return runInTransaction(db, async (trx) => {
    const invoice = await findInvoice(trx, input.organizationId, input.invoiceId);
    if (invoice?.state !== 'issued') return notFound('invoice');
    const markedRead = await markCommentsRead(trx, input.organizationId, invoice.id, input.now);
    if (markedRead > 0) {
      await recordAudit(trx, {
        organizationId: input.organizationId,
        subjectType: 'invoice',
        subjectId: invoice.id,
        action: 'invoice.comments_read',
        actor: input.actor,
        data: { markedRead },
      });
    }
    return ok({ markedRead, unreadCount: await countUnreadComments(trx, input.organizationId) });
  });
}
