import { type Kysely, sql } from 'kysely';

/**
 * Notifications: outgoing e-mails and outgoing webhooks (R2–R4, R12, R17, B10).
 *
 * - `organizations.email_designed_layout`: R4's setting; on, e-mails are HTML with a text alternative.
 * - `invoices.first_viewed_at`: when the customer first opened the invoice in the portal (`invoice.viewed`).
 * - `outgoing_emails`: every message, rendered when queued (what was sent is what is kept), with a stable
 *   Message-ID, its status and the reason of its last failure. `dedupe_key` makes queueing idempotent: a
 *   job that runs twice queues nothing twice.
 * - `webhook_endpoints` and `webhook_deliveries`: where an organization wants events, and one row per event
 *   and endpoint with the exact body that is signed and re-sent on every attempt.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table organizations add column email_designed_layout boolean not null default true`.execute(
    db,
  );
  await sql`alter table invoices add column first_viewed_at timestamptz`.execute(db);

  await sql`
    create table outgoing_emails (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid not null references organizations (id) on delete cascade,
      invoice_id uuid,
      kind text not null check (kind in
        ('invoice', 'comment', 'payment-received', 'payment-confirmation', 'refund', 'chargeback',
         'transfer-reported')),
      dedupe_key text,
      message_id text not null unique,
      from_name text not null,
      reply_to text,
      to_addresses text[] not null check (cardinality(to_addresses) > 0),
      cc_addresses text[] not null default '{}',
      language text not null,
      subject text not null,
      text_body text not null,
      html_body text,
      attachments jsonb not null default '[]',
      status text not null default 'queued' check (status in ('queued', 'sent', 'failed')),
      attempts integer not null default 0,
      last_error text,
      transport text,
      transport_response text,
      queued_at timestamptz not null default now(),
      sent_at timestamptz,
      failed_at timestamptz,
      unique (organization_id, id),
      unique (organization_id, dedupe_key),
      foreign key (organization_id, invoice_id) references invoices (organization_id, id) on delete cascade
    )`.execute(db);
  await sql`create index outgoing_emails_invoice on outgoing_emails (organization_id, invoice_id, queued_at desc)`.execute(
    db,
  );
  await sql`create index outgoing_emails_recent on outgoing_emails (queued_at desc, id desc)`.execute(db);

  await sql`
    create table webhook_endpoints (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid not null references organizations (id) on delete cascade,
      url text not null,
      description text,
      events text[] not null check (cardinality(events) > 0),
      secret_encrypted text not null,
      enabled boolean not null default true,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (organization_id, id)
    )`.execute(db);
  await sql`
    create table webhook_deliveries (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid not null references organizations (id) on delete cascade,
      endpoint_id uuid not null,
      event_id uuid not null,
      event_type text not null,
      body text not null,
      status text not null default 'pending' check (status in ('pending', 'delivered', 'failed')),
      attempts integer not null default 0,
      last_attempt_at timestamptz,
      last_status_code integer,
      last_error text,
      delivered_at timestamptz,
      created_at timestamptz not null default now(),
      unique (organization_id, id),
      unique (endpoint_id, event_id),
      foreign key (organization_id, endpoint_id) references webhook_endpoints (organization_id, id) on delete cascade
    )`.execute(db);
  await sql`
    create index webhook_deliveries_endpoint on webhook_deliveries (organization_id, endpoint_id, created_at desc, id desc)`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists webhook_deliveries`.execute(db);
  await sql`drop table if exists webhook_endpoints`.execute(db);
  await sql`drop table if exists outgoing_emails`.execute(db);
  await sql`alter table invoices drop column if exists first_viewed_at`.execute(db);
  await sql`alter table organizations drop column if exists email_designed_layout`.execute(db);
}
