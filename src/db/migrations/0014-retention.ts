import { type Kysely, sql } from 'kysely';

/**
 * Retention (issue 13): old records are pruned in bounded batches by the maintenance job.
 *
 * - `outgoing_emails.body_pruned_at`: when the message's text, HTML and attachment references were
 *   dropped; the row (recipients, subject, status, Message-ID, dates) stays.
 * - Partial indexes on what each prune looks for, oldest first, so a batch reads only prunable rows: sent or
 *   failed messages with a body, ended webhook deliveries, provider notifications applied or given up.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table outgoing_emails add column body_pruned_at timestamptz`.execute(db);
  await sql`
    create index outgoing_emails_body_prunable on outgoing_emails (coalesce(sent_at, failed_at, queued_at))
    where body_pruned_at is null and status <> 'queued'`.execute(db);
  await sql`
    create index webhook_deliveries_ended on webhook_deliveries (created_at)
    where status <> 'pending'`.execute(db);
  await sql`
    create index provider_events_settled on provider_events (received_at)
    where applied_at is not null or outcome = 'gave_up'`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index provider_events_settled`.execute(db);
  await sql`drop index webhook_deliveries_ended`.execute(db);
  await sql`drop index outgoing_emails_body_prunable`.execute(db);
  await sql`alter table outgoing_emails drop column body_pruned_at`.execute(db);
}
