import type { Insertable } from 'kysely';
import { type CreatedAtKey, pastCursor } from '../keyset-cursor.ts';
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

/** A customer's comment as the business's inbox lists it: with its invoice and customer. */
export interface InboxComment {
  id: string;
  invoiceId: string;
  invoiceNumber: string;
  customerId: string;
  customerName: string;
  authorName: string;
  body: string;
  createdAt: Date;
  /** Null while unread. */
  readAt: Date | null;
}

/**
 * The business's inbox: its customers' comments, newest first (`created_at desc, id desc`), keyset-paged
 * (`before` is the last row of the previous page; see `keyset-cursor.ts`), all or only the unread ones.
 * The business's own replies are not in it. Served by the partial indexes `comments_inbox` and
 * `comments_unread` (migration 0008); the invoice and customer are joined for the page's rows only.
 */
export async function listCommentInbox(
  db: Executor,
  organizationId: string,
  options: { limit: number; before?: CreatedAtKey; unreadOnly?: boolean },
): Promise<InboxComment[]> {
  let page = db
    .selectFrom('comments')
    .select(['id', 'invoice_id', 'author_name', 'body', 'created_at', 'read_at'])
    .where('organization_id', '=', organizationId)
    .where('author_kind', '=', 'customer');
  if (options.unreadOnly) page = page.where('read_at', 'is', null);
  if (options.before) {
    page = page.where(
      pastCursor('created_at', { key: options.before.createdAt, id: options.before.id }, 'desc'),
    );
  }
  const rows = await db
    .selectFrom(page.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(options.limit).as('c'))
    .innerJoin('invoices', (join) =>
      join.onRef('invoices.id', '=', 'c.invoice_id').on('invoices.organization_id', '=', organizationId),
    )
    .innerJoin('customers', (join) =>
      join
        .onRef('customers.id', '=', 'invoices.customer_id')
        .onRef('customers.organization_id', '=', 'invoices.organization_id'),
    )
    .select([
      'c.id',
      'c.invoice_id',
      'c.author_name',
      'c.body',
      'c.created_at',
      'c.read_at',
      'invoices.number as invoice_number',
      'customers.id as customer_id',
      'customers.name as customer_name',
    ])
    .orderBy('c.created_at', 'desc')
    .orderBy('c.id', 'desc')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    invoiceId: r.invoice_id,
    invoiceNumber: r.invoice_number,
    customerId: r.customer_id,
    customerName: r.customer_name,
    authorName: r.author_name,
    body: r.body,
    createdAt: r.created_at,
    readAt: r.read_at,
  }));
}

/** How many customer comments the business has not read yet. */
export async function countUnreadComments(db: Executor, organizationId: string): Promise<number> {
  const row = await db
    .selectFrom('comments')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('organization_id', '=', organizationId)
    .where('author_kind', '=', 'customer')
    .where('read_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Marks the customer comments of one invoice read as of `now` (those already read keep their time).
 * Returns how many were unread.
 */
export async function markCommentsRead(
  db: Executor,
  organizationId: string,
  invoiceId: string,
  now: Date,
): Promise<number> {
  const rows = await db
    .updateTable('comments')
    .set({ read_at: now })
    .where('organization_id', '=', organizationId)
    .where('invoice_id', '=', invoiceId)
    .where('author_kind', '=', 'customer')
    .where('read_at', 'is', null)
    .returning('id')
    .execute();
  return rows.length;
}

/** Inserts one comment and returns it. */
export async function insertComment(db: Executor, values: Insertable<CommentsTable>): Promise<CommentRow> {
  return db.insertInto('comments').values(values).returningAll().executeTakeFirstOrThrow();
}
