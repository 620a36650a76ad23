import { type Kysely, sql } from 'kysely';

/**
 * Two-way comment threads (issue 11, B8):
 * - `comments.read_at`: when the business read a customer's comment (null: unread), for the back
 *   office's inbox; replies by the business are written read.
 * - an index for the inbox, newest first per organization.
 * - `outgoing_emails.kind` takes `comment-reply`: the business's reply e-mailed to the customer.
 *
 * Frozen: imports nothing of ours.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table comments add column read_at timestamptz`.execute(db);
  // Replies written before this migration are the business's own: read.
  await sql`update comments set read_at = created_at where author_kind = 'admin'`.execute(db);
  await sql`create index comments_inbox on comments (organization_id, created_at desc, id desc)`.execute(db);
  await sql`alter table outgoing_emails drop constraint outgoing_emails_kind_check`.execute(db);
  await sql`
    alter table outgoing_emails add constraint outgoing_emails_kind_check check (kind in
      ('invoice', 'comment', 'payment-received', 'payment-confirmation', 'refund', 'chargeback',
       'transfer-reported', 'sign-in', 'comment-reply'))`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`delete from outgoing_emails where kind = 'comment-reply'`.execute(db);
  await sql`alter table outgoing_emails drop constraint outgoing_emails_kind_check`.execute(db);
  await sql`
    alter table outgoing_emails add constraint outgoing_emails_kind_check check (kind in
      ('invoice', 'comment', 'payment-received', 'payment-confirmation', 'refund', 'chargeback',
       'transfer-reported', 'sign-in'))`.execute(db);
  await sql`drop index if exists comments_inbox`.execute(db);
  await sql`alter table comments drop column read_at`.execute(db);
}
