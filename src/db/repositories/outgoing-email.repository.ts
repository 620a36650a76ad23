import { sql } from 'kysely';
import { type CreatedAtKey, pastCursor } from '../keyset-cursor.ts';
import type { OutgoingEmailRow } from '../schema.ts';
import type { Executor } from '../transaction.ts';

/** One of the organization's messages (the outbox, the local mailbox). */
export async function findOutgoingEmail(
  db: Executor,
  organizationId: string,
  emailId: string,
): Promise<OutgoingEmailRow | undefined> {
  return db
    .selectFrom('outgoing_emails')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('id', '=', emailId)
    .executeTakeFirst();
}

/** The e-mails about an invoice, the newest first. */
export async function listInvoiceEmails(
  db: Executor,
  organizationId: string,
  invoiceId: string,
  limit: number,
): Promise<OutgoingEmailRow[]> {
  return db
    .selectFrom('outgoing_emails')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('invoice_id', '=', invoiceId)
    .orderBy('queued_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

/**
 * The organization's outbox: every message, newest first, all or of one status, after a keyset cursor
 * (`queued_at` keeps milliseconds since 0010, so the cursor compares with the column and the
 * `outgoing_emails_outbox` indexes serve the page).
 */
export async function listOutboxEmails(
  db: Executor,
  organizationId: string,
  options: { limit: number; before?: CreatedAtKey; status?: OutgoingEmailRow['status'] },
): Promise<OutgoingEmailRow[]> {
  let q = db.selectFrom('outgoing_emails').selectAll().where('organization_id', '=', organizationId);
  if (options.status) q = q.where('status', '=', options.status);
  if (options.before) {
    q = q.where(pastCursor('queued_at', { key: options.before.createdAt, id: options.before.id }, 'desc'));
  }
  return q.orderBy('queued_at', 'desc').orderBy('id', 'desc').limit(options.limit).execute();
}

/** The local mailbox's list: the organization's newest messages, with the organization's name. */
export async function listMailboxEmails(
  db: Executor,
  organizationId: string,
  limit: number,
): Promise<(OutgoingEmailRow & { organizationName: string })[]> {
  return db
    .selectFrom('outgoing_emails')
    .innerJoin('organizations', 'organizations.id', 'outgoing_emails.organization_id')
    .selectAll('outgoing_emails')
    .select('organizations.legal_name as organizationName')
    .where('outgoing_emails.organization_id', '=', organizationId)
    .orderBy('outgoing_emails.queued_at', 'desc')
    .orderBy('outgoing_emails.id', 'desc')
    .limit(limit)
    .execute();
}

/**
 * Retention: drops the text, HTML and attachment references of up to `limit` sent or failed messages last
 * touched before `before`, oldest first, keeping the row (recipients, subject, status, Message-ID, dates).
 * A queued message is never touched. Returns how many were pruned; fewer than `limit` means none is left.
 */
export async function pruneEmailBodies(
  db: Executor,
  input: { before: Date; now: Date; limit: number },
): Promise<number> {
  const result = await db
    .updateTable('outgoing_emails')
    .set({ text_body: '', html_body: null, attachments: JSON.stringify([]), body_pruned_at: input.now })
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('outgoing_emails')
        .select('id')
        .where('body_pruned_at', 'is', null)
        .where('status', '<>', 'queued')
        .where(sql<Date>`coalesce(sent_at, failed_at, queued_at)`, '<', input.before)
        .orderBy(sql`coalesce(sent_at, failed_at, queued_at)`)
        .limit(input.limit),
    )
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
