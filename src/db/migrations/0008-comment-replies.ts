import { type Kysely, sql } from 'kysely';

/**
 * Two-way comment threads (issue 11, B8): the business replies to its customers' comments, and reads them
 * in an inbox.
 *
 * - `comments.read_at`: when the business read a customer's comment (a reply on the invoice, or opening it
 *   in the back office); null while unread. Only customer comments are read or unread: the check keeps it
 *   null on the business's own replies. Comments written before this migration start unread.
 * - `comments.created_at` keeps milliseconds (`timestamptz(3)`), the precision of a JavaScript `Date` and
 *   of the inbox's keyset cursor, so the cursor compares with the column itself and the inbox index serves
 *   it (the other listings truncate in the query, which no index can serve).
 * - `comments_inbox`, `comments_unread`: the inbox, newest first per organization, all or unread only (and
 *   the unread count), as partial indexes on customer comments.
 * - `outgoing_emails.kind` takes `comment-reply`: the reply is e-mailed to the customer.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table comments alter column created_at type timestamptz(3)`.execute(db);
  await sql`alter table comments add column read_at timestamptz(3)`.execute(db);
  await sql`
    alter table comments add constraint comments_read_customer_only
      check (read_at is null or author_kind = 'customer')`.execute(db);
  await sql`
    create index comments_inbox on comments (organization_id, created_at desc, id desc)
      where author_kind = 'customer'`.execute(db);
  await sql`
    create index comments_unread on comments (organization_id, created_at desc, id desc)
      where author_kind = 'customer' and read_at is null`.execute(db);

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
  await sql`drop index if exists comments_unread`.execute(db);
  await sql`drop index if exists comments_inbox`.execute(db);
  await sql`alter table comments drop constraint if exists comments_read_customer_only`.execute(db);
  await sql`alter table comments drop column if exists read_at`.execute(db);
  await sql`alter table comments alter column created_at type timestamptz`.execute(db);
}
