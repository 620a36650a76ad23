import { type Insertable, sql } from 'kysely';
import { pastCursor } from '../keyset-cursor.ts';
import type { CommentRow, CommentsTable } from '../schema.ts';
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

export async function insertComment(db: Executor, values: Insertable<CommentsTable>): Promise<CommentRow> {
  return db.insertInto('comments').values(values).returningAll().executeTakeFirstOrThrow();
}

/** Marks the customer's comments on an invoice read (the business opened or answered the thread). */
export async function markCommentsRead(
  db: Executor,
  owner: { organizationId: string; invoiceId: string },
  now: Date,
): Promise<number> {
  const result = await db
    .updateTable('comments')
    .set({ read_at: now })
    .where('organization_id', '=', owner.organizationId)
    .where('invoice_id', '=', owner.invoiceId)
    .where('author_kind', '=', 'customer')
    .where('read_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** How many customer comments the business has not read. */
export async function countUnreadComments(db: Executor, organizationId: string): Promise<number> {
  const row = await db
    .selectFrom('comments')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('organization_id', '=', organizationId)
    .where('author_kind', '=', 'customer')
    .where('read_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export interface InboxComment {
  id: string;
  invoiceId: string;
  invoiceNumber: string;
  customerName: string;
  body: string;
  createdAt: Date;
  readAt: Date | null;
}

/** Customers' comments, newest first, keyset by (created_at, id); optionally the unread ones only. */
export async function listCommentInbox(
  db: Executor,
  organizationId: string,
  options: { limit: number; unreadOnly: boolean; before?: { createdAt: Date; id: string } },
): Promise<InboxComment[]> {
  let q = db
    .selectFrom('comments')
    .innerJoin('invoices', (join) =>
      join
        .onRef('invoices.id', '=', 'comments.invoice_id')
        .onRef('invoices.organization_id', '=', 'comments.organization_id'),
    )
    .select([
      'comments.id',
      'comments.invoice_id as invoiceId',
      'invoices.number as invoiceNumber',
      'comments.author_name as customerName',
      'comments.body',
      'comments.created_at as createdAt',
      'comments.read_at as readAt',
    ])
    .where('comments.organization_id', '=', organizationId)
    .where('comments.author_kind', '=', 'customer');
  if (options.unreadOnly) q = q.where('comments.read_at', 'is', null);
  // The cursor carries milliseconds and the column microseconds: compared truncated (see listCustomers).
  const createdMs = sql<Date>`date_trunc('milliseconds', comments.created_at)`;
  if (options.before) {
    const cursor = { key: options.before.createdAt, id: options.before.id };
    q = q.where(pastCursor(createdMs, cursor, 'desc', 'comments.id'));
  }
  return q.orderBy(createdMs, 'desc').orderBy('comments.id', 'desc').limit(options.limit).execute();
}
