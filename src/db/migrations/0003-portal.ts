import { type Kysely, sql } from 'kysely';

/**
 * The customer portal.
 * - Portal links are derived (HMAC of customer id and link version with APP_SECRET): no token is stored.
 *   Rotating bumps the version, revoking stamps `portal_revoked_at`; either way old links stop working.
 * - `settled_on`: the date an issued invoice stopped being open (paid or fully credited), kept up to date by
 *   every use case that changes payments, credit notes or waivers, so the history's Open and Paid tabs are
 *   plain indexed queries even for a customer with 10,000 invoices.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table customers add column portal_link_version integer not null default 1`.execute(db);
  await sql`alter table customers add column portal_revoked_at timestamptz`.execute(db);
  await sql`alter table invoices add column settled_on date`.execute(db);
  await sql`drop index invoices_customer`.execute(db);
  await sql`
    create index invoices_customer_history on invoices
      (organization_id, customer_id, state, (settled_on is null), issue_date desc, id desc)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists invoices_customer_history`.execute(db);
  await sql`create index invoices_customer on invoices (organization_id, customer_id, issue_date desc, id)`.execute(
    db,
  );
  await sql`alter table invoices drop column settled_on`.execute(db);
  await sql`alter table customers drop column portal_revoked_at`.execute(db);
  await sql`alter table customers drop column portal_link_version`.execute(db);
}
