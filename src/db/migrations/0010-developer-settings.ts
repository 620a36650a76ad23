import { type Kysely, sql } from 'kysely';

/**
 * The back office's settings for developers and its e-mail log (issue 12).
 *
 * - `api_keys.last_used_at`: when the key last authenticated a request, written at most once a minute per
 *   key (like an admin session's use), so the API keys page can show which keys are still in use. Null
 *   for a key not used since this migration.
 * - `outgoing_emails.queued_at` keeps milliseconds (`timestamptz(3)`), the precision of a JavaScript `Date`
 *   and of the outbox's keyset cursor, so the cursor compares with the column itself and the indexes
 *   below serve it (as `comments.created_at` in 0008).
 * - `outgoing_emails_outbox`, `outgoing_emails_outbox_status`: the organization's outbox, newest first,
 *   all or by status.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table api_keys add column last_used_at timestamptz`.execute(db);
  await sql`alter table outgoing_emails alter column queued_at type timestamptz(3)`.execute(db);
  await sql`
    create index outgoing_emails_outbox on outgoing_emails (organization_id, queued_at desc, id desc)`.execute(
    db,
  );
  await sql`
    create index outgoing_emails_outbox_status
      on outgoing_emails (organization_id, status, queued_at desc, id desc)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists outgoing_emails_outbox_status`.execute(db);
  await sql`drop index if exists outgoing_emails_outbox`.execute(db);
  await sql`alter table outgoing_emails alter column queued_at type timestamptz`.execute(db);
  await sql`alter table api_keys drop column if exists last_used_at`.execute(db);
}
