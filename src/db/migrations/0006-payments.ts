import { type Kysely, sql } from 'kysely';

/**
 * Online payments (R14–R20).
 *
 * - `payment_accounts`: an organization's connected Stripe or Mollie account; the credentials sealed with
 *   a key derived from APP_SECRET, never returned.
 * - `payment_attempts`: one per checkout opened from the portal, with its frozen quote (amount and currency
 *   due when it was opened), its checkout, and how it ended; the 5-failures rule reads them.
 * - `provider_events`: every provider notification, stored once per organization and provider event id
 *   (one Stripe account may serve two organizations, and each must apply its copy), then applied by a job
 *   that re-reads the truth from the provider.
 * - `payments.attempt_id`, `payments.flag`: a provider payment's attempt, and `underpaid`/`overpaid`
 *   when its amount differs from the quote.
 * - `demo_payments`: the demo provider's own state (the demo organization's TEST checkout).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table payment_accounts (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid not null references organizations (id) on delete cascade,
      provider text not null check (provider in ('stripe', 'mollie')),
      credentials_encrypted text not null,
      account_name text,
      test_mode boolean not null,
      connected_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (organization_id, id),
      unique (organization_id, provider)
    )`.execute(db);

  await sql`
    create table payment_attempts (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid not null references organizations (id) on delete cascade,
      invoice_id uuid not null,
      provider text not null check (provider in ('stripe', 'mollie', 'demo')),
      method_id text not null,
      method_name text not null,
      is_bank_transfer boolean not null default false,
      quote_minor bigint not null check (quote_minor > 0),
      currency char(3) not null,
      quoted_on date not null,
      checkout_id text,
      checkout_url text,
      expires_at timestamptz,
      status text not null default 'creating' check (status in
        ('creating', 'open', 'pending', 'paid', 'failed', 'canceled', 'expired', 'superseded', 'unavailable')),
      provider_payment_id text,
      failure_reason text,
      bank_transfer jsonb,
      ended_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (organization_id, id),
      unique (provider, checkout_id),
      foreign key (organization_id, invoice_id) references invoices (organization_id, id) on delete cascade
    )`.execute(db);
  await sql`create index payment_attempts_invoice on payment_attempts (organization_id, invoice_id, created_at desc)`.execute(
    db,
  );
  // One checkout being opened or open per invoice: a double click cannot open two.
  await sql`
    create unique index payment_attempts_live on payment_attempts (organization_id, invoice_id)
      where status in ('creating', 'open')`.execute(db);

  await sql`
    create table provider_events (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid not null references organizations (id) on delete cascade,
      provider text not null check (provider in ('stripe', 'mollie', 'demo')),
      event_id text not null,
      event_type text,
      checkout_id text,
      payment_id text,
      received_at timestamptz not null default now(),
      applied_at timestamptz,
      outcome text,
      unique (organization_id, id),
      unique (organization_id, provider, event_id)
    )`.execute(db);

  await sql`alter table payments add column attempt_id uuid`.execute(db);
  await sql`alter table payments add column flag text check (flag in ('underpaid', 'overpaid'))`.execute(db);
  await sql`
    alter table payments add constraint payments_attempt_fkey
      foreign key (organization_id, attempt_id) references payment_attempts (organization_id, id)`.execute(
    db,
  );

  await sql`
    create table demo_payments (
      id text primary key,
      organization_id uuid not null references organizations (id) on delete cascade,
      attempt_id uuid not null,
      amount_minor bigint not null,
      currency char(3) not null,
      method_id text not null,
      status text not null default 'open' check (status in ('open', 'pending', 'paid', 'failed', 'canceled', 'expired')),
      return_url text not null,
      webhook_url text not null,
      paid_at timestamptz,
      refunded_minor bigint not null default 0,
      created_at timestamptz not null default now()
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists demo_payments`.execute(db);
  await sql`alter table payments drop constraint if exists payments_attempt_fkey`.execute(db);
  await sql`alter table payments drop column if exists flag`.execute(db);
  await sql`alter table payments drop column if exists attempt_id`.execute(db);
  await sql`drop table if exists provider_events`.execute(db);
  await sql`drop table if exists payment_attempts`.execute(db);
  await sql`drop table if exists payment_accounts`.execute(db);
}
