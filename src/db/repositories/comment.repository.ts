import type { CommentRow } from '../schema.ts';
import type { Executor } from '../transaction.ts';

/** The comments on an invoice, oldest first: the API's list and the portal's thread. */
export async function listInvoiceComments(
  db: Executor,
  organizationId: string,
  invoiceId: string,
): Promise<CommentRow[]> {
  return db
    .selectFrom('comments')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('invoice_id', '=', invoiceId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export async function findInvoiceComment(
  db: Executor,
  owner: { organizationId: string; invoiceId: string },
  commentId: string,
): Promise<CommentRow | undefined> {
  return db
    .selectFrom('comments')
    .selectAll()
    .where('organization_id', '=', owner.organizationId)
    .where('invoice_id', '=', owner.invoiceId)
    .where('id', '=', commentId)
    .executeTakeFirst();
}
