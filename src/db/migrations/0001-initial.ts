import { type Kysely, sql } from 'kysely';

/**
 * The first schema. Every table carries `organization_id`, and every foreign key between tenant tables is
 * composite `(organization_id, id)`, so the database itself refuses a row that points at another
 * organization's data (and the schema can later be distributed by tenant).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table organizations (
      id uuid primary key default gen_random_uuid(),
      legal_name text not null,
      trade_name text,
      vat_number text,
      enterprise_number text,
      address_line1 text not null default '',
      address_line2 text,
      postal_code text not null default '',
      city text not null default '',
      country char(2) not null,
      time_zone text not null,
      default_language text not null,
      default_currency char(3) not null,
      email text,
      phone text,
      website text,
      logo bytea,
      logo_mime text,
      primary_color text not null default '#1f4e79',
      accent_color text not null default '#e8f0f8',
      iban text,
      bic text,
      payment_reference_kind text not null default 'be' check (payment_reference_kind in ('be', 'rf')),
      next_reference_seq bigint not null default 1,
      late_fee_bp integer not null default 0 check (late_fee_bp between 0 and 10000),
      late_fee_minimum_minor bigint not null default 0 check (late_fee_minimum_minor >= 0),
      interest_rate_bp integer not null default 0 check (interest_rate_bp between 0 and 10000),
      fixed_compensation_b2b boolean not null default false,
      is_demo boolean not null default false,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db);

  await sql`
    create table admin_users (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid not null references organizations (id) on delete cascade,
      name text not null,
      email text not null,
      language text not null,
      created_at timestamptz not null default now(),
      unique (organization_id, id)
    )`.execute(db);
  await sql`create unique index admin_users_email on admin_users (organization_id, lower(email))`.execute(db);

  await sql`
    create table api_keys (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid not null references organizations (id) on delete cascade,
      name text not null,
      prefix text not null,
      key_hash text not null unique,
      created_at timestamptz not null default now(),
      revoked_at timestamptz,
      unique (organization_id, id)
    )`.execute(db);

  await sql`
    create table customers (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid not null references organizations (id) on delete cascade,
      external_id text,
      kind text not null check (kind in ('company', 'person')),
      name text not null,
      vat_number text,
      enterprise_number text,
      address_line1 text,
      address_line2 text,
      postal_code text,
      city text,
      country char(2),
      language text not null,
      emails text[] not null default '{}',
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (organization_id, id)
    )`.execute(db);
  await sql`create unique index customers_external_id on customers (organization_id, external_id) where external_id is not null`.execute(
    db,
  );
  await sql`create index customers_name on customers (organization_id, lower(name))`.execute(db);

  await sql`
    create table invoices (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid not null references organizations (id) on delete cascade,
      customer_id uuid not null,
      number text not null,
      state text not null check (state in ('draft', 'issued')),
      issue_date date not null,
      due_date date not null,
      currency char(3) not null,
      net_total_minor bigint not null,
      vat_total_minor bigint not null,
      total_minor bigint not null,
      vat_breakdown jsonb not null,
      legal_notes jsonb not null default '[]',
      vat_exemption_reason text,
      payment_reference text,
      notes text,
      waive_late_fee boolean not null default false,
      waive_interest boolean not null default false,
      waive_compensation boolean not null default false,
      imported boolean not null default false,
      issued_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (organization_id, id),
      unique (organization_id, number),
      foreign key (organization_id, customer_id) references customers (organization_id, id)
    )`.execute(db);
  await sql`create index invoices_customer on invoices (organization_id, customer_id, issue_date desc, id)`.execute(
    db,
  );

  await sql`
    create table invoice_lines (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid not null,
      invoice_id uuid not null,
      position integer not null,
      description text not null,
      quantity numeric(18, 4) not null,
      unit_price_minor bigint not null,
      discount_bp integer not null default 0,
      vat_rate_bp integer not null,
      vat_category text not null,
      net_minor bigint not null,
      unique (invoice_id, position),
      foreign key (organization_id, invoice_id) references invoices (organization_id, id) on delete cascade
    )`.execute(db);

  await sql`
    create table credit_notes (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid not null references organizations (id) on delete cascade,
      invoice_id uuid not null,
      customer_id uuid not null,
      number text not null,
      issue_date date not null,
      currency char(3) not null,
      net_total_minor bigint not null,
      vat_total_minor bigint not null,
      total_minor bigint not null,
      vat_breakdown jsonb not null,
      legal_notes jsonb not null default '[]',
      reason text,
      created_at timestamptz not null default now(),
      unique (organization_id, id),
      unique (organization_id, number),
      foreign key (organization_id, invoice_id) references invoices (organization_id, id),
      foreign key (organization_id, customer_id) references customers (organization_id, id)
    )`.execute(db);
  await sql`create index credit_notes_invoice on credit_notes (organization_id, invoice_id)`.execute(db);
  await sql`create index credit_notes_customer on credit_notes (organization_id, customer_id, issue_date desc)`.execute(
    db,
  );

  await sql`
    create table credit_note_lines (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid not null,
      credit_note_id uuid not null,
      position integer not null,
      description text not null,
      quantity numeric(18, 4) not null,
      unit_price_minor bigint not null,
      discount_bp integer not null default 0,
      vat_rate_bp integer not null,
      vat_category text not null,
      net_minor bigint not null,
      unique (credit_note_id, position),
      foreign key (organization_id, credit_note_id) references credit_notes (organization_id, id) on delete cascade
    )`.execute(db);

  await sql`
    create table payments (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid not null references organizations (id) on delete cascade,
      invoice_id uuid not null,
      amount_minor bigint not null,
      currency char(3) not null,
      paid_on date not null,
      method text not null,
      source text not null check (source in ('manual', 'import', 'provider')),
      provider text,
      provider_payment_id text,
      note text,
      created_at timestamptz not null default now(),
      unique (organization_id, id),
      unique (provider, provider_payment_id),
      foreign key (organization_id, invoice_id) references invoices (organization_id, id)
    )`.execute(db);
  await sql`create index payments_invoice on payments (organization_id, invoice_id, paid_on)`.execute(db);

  await sql`
    create table comments (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid not null references organizations (id) on delete cascade,
      invoice_id uuid not null,
      author_kind text not null check (author_kind in ('customer', 'admin')),
      author_name text not null,
      body text not null,
      created_at timestamptz not null default now(),
      unique (organization_id, id),
      foreign key (organization_id, invoice_id) references invoices (organization_id, id)
    )`.execute(db);
  await sql`create index comments_invoice on comments (organization_id, invoice_id, created_at)`.execute(db);

  await sql`
    create table audit_events (
      id bigint generated always as identity primary key,
      organization_id uuid not null references organizations (id) on delete cascade,
      subject_type text not null,
      subject_id uuid,
      action text not null,
      actor text not null,
      data jsonb not null default '{}',
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index audit_events_subject on audit_events (organization_id, subject_type, subject_id, id)`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'audit_events',
    'comments',
    'payments',
    'credit_note_lines',
    'credit_notes',
    'invoice_lines',
    'invoices',
    'customers',
    'api_keys',
    'admin_users',
    'organizations',
  ]) {
    await sql`drop table if exists ${sql.table(table)}`.execute(db);
  }
}
