import { type Kysely, sql } from 'kysely';

/**
 * Back-office sign-in (issue 11): admins sign in with a one-time link sent to their address, which opens a
 * server-side session. Only hashes of the link's token and of the session id are stored, so a copy of the
 * database opens nothing.
 *
 * - `admin_sign_in_requests`: every request for a link, known address or not, by the HMAC of the address and
 *   of the client's IP address: the rate limits count them, in the database, so every process sees them.
 * - `admin_sign_in_tokens`: one per admin user a link was sent for; valid until `expires_at`, used once.
 * - `admin_sessions`: one per signed-in browser; ends at `expires_at` (absolute), after `idle_expires_at`
 *   without use (moved forward as it is used), or when revoked (sign out, sign out everywhere).
 * - `outgoing_emails.kind` takes `sign-in`: the link goes out like every other e-mail.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table admin_sign_in_requests (
      id bigint generated always as identity primary key,
      email_key text not null,
      client_key text not null,
      created_at timestamptz not null
    )`.execute(db);
  await sql`create index admin_sign_in_requests_email on admin_sign_in_requests (email_key, created_at)`.execute(
    db,
  );
  await sql`create index admin_sign_in_requests_client on admin_sign_in_requests (client_key, created_at)`.execute(
    db,
  );

  await sql`
    create table admin_sign_in_tokens (
      token_hash text primary key,
      organization_id uuid not null references organizations (id) on delete cascade,
      admin_user_id uuid not null,
      created_at timestamptz not null,
      expires_at timestamptz not null,
      used_at timestamptz,
      foreign key (organization_id, admin_user_id) references admin_users (organization_id, id) on delete cascade
    )`.execute(db);

  await sql`
    create table admin_sessions (
      id_hash text primary key,
      organization_id uuid not null references organizations (id) on delete cascade,
      admin_user_id uuid not null,
      created_at timestamptz not null,
      last_seen_at timestamptz not null,
      idle_expires_at timestamptz not null,
      expires_at timestamptz not null,
      revoked_at timestamptz,
      user_agent text,
      foreign key (organization_id, admin_user_id) references admin_users (organization_id, id) on delete cascade
    )`.execute(db);
  await sql`create index admin_sessions_admin on admin_sessions (organization_id, admin_user_id)`.execute(db);

  await sql`alter table outgoing_emails drop constraint outgoing_emails_kind_check`.execute(db);
  await sql`
    alter table outgoing_emails add constraint outgoing_emails_kind_check check (kind in
      ('invoice', 'comment', 'payment-received', 'payment-confirmation', 'refund', 'chargeback',
       'transfer-reported', 'sign-in'))`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`delete from outgoing_emails where kind = 'sign-in'`.execute(db);
  await sql`alter table outgoing_emails drop constraint outgoing_emails_kind_check`.execute(db);
  await sql`
    alter table outgoing_emails add constraint outgoing_emails_kind_check check (kind in
      ('invoice', 'comment', 'payment-received', 'payment-confirmation', 'refund', 'chargeback',
       'transfer-reported'))`.execute(db);
  for (const table of ['admin_sessions', 'admin_sign_in_tokens', 'admin_sign_in_requests']) {
    await sql`drop table if exists ${sql.table(table)}`.execute(db);
  }
}
