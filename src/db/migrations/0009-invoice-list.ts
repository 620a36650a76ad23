import { type Kysely, sql } from 'kysely';

/**
 * The back office's invoice list and home page (issue 11), fast for an organization with 100,000 invoices.
 *
 * - `paid_minor` (Σ payments, refunds negative) and `credited_minor` (Σ credit notes) on `invoices`, kept
 *   by `refreshSettlement` in the same transactions as `settled_on`, so the status filters and the home
 *   page's sums read one row per invoice instead of joining payments and credit notes. Backfilled here.
 * - One partial btree index per list filter, each ending in (issue_date desc, id desc) so a page is read in
 *   keyset order: all, draft, open (issued, not settled), settled, partially paid (open with money
 *   received or something credited), credited (any credit note). Overdue reads the open index and filters on the due date.
 * - `invoices_open_due`: open invoices by due date with what the home page sums, for the outstanding,
 *   overdue and due-this-week figures.
 * - No index for "contains" search: pg_trgm GIN indexes work on both databases, but at 100,000 invoices
 *   PostgreSQL never chose them over walking `invoices_list` (bench/back-office-list.bench.ts), and loading
 *   the extension into PGlite added about 1.4 s to every start.
 * - `audit_events_invoice_activity`: the home page's recent activity, newest first.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table invoices add column paid_minor bigint not null default 0`.execute(db);
  await sql`alter table invoices add column credited_minor bigint not null default 0`.execute(db);
  await sql`
    update invoices i set
      paid_minor = coalesce((select sum(p.amount_minor) from payments p
        where p.organization_id = i.organization_id and p.invoice_id = i.id), 0),
      credited_minor = coalesce((select sum(c.total_minor) from credit_notes c
        where c.organization_id = i.organization_id and c.invoice_id = i.id), 0)
    where exists (select 1 from payments p where p.organization_id = i.organization_id and p.invoice_id = i.id)
       or exists (select 1 from credit_notes c where c.organization_id = i.organization_id and c.invoice_id = i.id)
  `.execute(db);

  await sql`create index invoices_list on invoices (organization_id, issue_date desc, id desc)`.execute(db);
  await sql`
    create index invoices_list_draft on invoices (organization_id, issue_date desc, id desc)
      where state = 'draft'`.execute(db);
  await sql`
    create index invoices_list_open on invoices (organization_id, issue_date desc, id desc)
      where state = 'issued' and settled_on is null`.execute(db);
  await sql`
    create index invoices_list_settled on invoices (organization_id, issue_date desc, id desc)
      where state = 'issued' and settled_on is not null`.execute(db);
  await sql`
    create index invoices_list_partially_paid on invoices (organization_id, issue_date desc, id desc)
      where state = 'issued' and settled_on is null and (paid_minor > 0 or credited_minor > 0)`.execute(db);
  await sql`
    create index invoices_list_credited on invoices (organization_id, issue_date desc, id desc)
      where credited_minor > 0`.execute(db);
  await sql`
    create index invoices_open_due on invoices (organization_id, due_date)
      include (currency, total_minor, paid_minor, credited_minor)
      where state = 'issued' and settled_on is null`.execute(db);
  await sql`
    create index audit_events_invoice_activity on audit_events (organization_id, id desc)
      where subject_type = 'invoice' and action in ('invoice.viewed', 'invoice.commented',
        'invoice.payment_received', 'invoice.payment_recorded', 'invoice.payment_failed', 'invoice.email_failed')`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const index of [
    'audit_events_invoice_activity',
    'invoices_open_due',
    'invoices_list_credited',
    'invoices_list_partially_paid',
    'invoices_list_settled',
    'invoices_list_open',
    'invoices_list_draft',
    'invoices_list',
  ]) {
    await sql`drop index if exists ${sql.table(index)}`.execute(db);
  }
  await sql`alter table invoices drop column credited_minor`.execute(db);
  await sql`alter table invoices drop column paid_minor`.execute(db);
}
