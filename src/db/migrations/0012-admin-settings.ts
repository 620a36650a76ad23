import { type Kysely, sql } from 'kysely';

/**
 * The back office's admins and sign-in settings (issue 12).
 *
 * - `admin_users.notify_comments`, `notify_payments`: which notification e-mails an admin receives
 *   (customer comments; payments, refunds, chargebacks and reported transfers). Everyone receives both
 *   until they opt out, as before.
 * - `admin_sessions.id`: a public id for a session, so "your sessions" can name one in a URL without its
 *   secret (the cookie's value) or the hash it is looked up by.
 * - `admin_passkeys`: an admin's WebAuthn credentials (passkeys), per organization admin: the credential id
 *   (base64url, unique: an authenticator never makes the same one twice), the COSE public key, the
 *   signature counter, the transports the browser reported, a name, when made and last used.
 * - `admin_passkey_challenges`: a WebAuthn challenge, stored as its SHA-256 until used once or expired:
 *   `register` ones belong to the admin who asked from their session, `sign-in` ones to nobody yet (the
 *   client's HMACed IP address bounds how many one client holds).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table admin_users add column notify_comments boolean not null default true`.execute(db);
  await sql`alter table admin_users add column notify_payments boolean not null default true`.execute(db);

  await sql`alter table admin_sessions add column id uuid not null default gen_random_uuid()`.execute(db);
  await sql`create unique index admin_sessions_id on admin_sessions (id)`.execute(db);

  await sql`
    create table admin_passkeys (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid not null references organizations (id) on delete cascade,
      admin_user_id uuid not null,
      credential_id text not null,
      public_key bytea not null,
      counter bigint not null default 0,
      transports text[] not null default '{}',
      name text not null,
      created_at timestamptz not null,
      last_used_at timestamptz,
      foreign key (organization_id, admin_user_id) references admin_users (organization_id, id) on delete cascade
    )`.execute(db);
  await sql`create unique index admin_passkeys_credential on admin_passkeys (credential_id)`.execute(db);
  await sql`create index admin_passkeys_admin on admin_passkeys (organization_id, admin_user_id)`.execute(db);

  await sql`
    create table admin_passkey_challenges (
      challenge_hash text primary key,
      purpose text not null check (purpose in ('register', 'sign-in')),
      organization_id uuid references organizations (id) on delete cascade,
      admin_user_id uuid,
      client_key text,
      created_at timestamptz not null,
      expires_at timestamptz not null,
      foreign key (organization_id, admin_user_id) references admin_users (organization_id, id) on delete cascade,
      check ((purpose = 'register') = (admin_user_id is not null))
    )`.execute(db);
  await sql`create index admin_passkey_challenges_expiry on admin_passkey_challenges (expires_at)`.execute(
    db,
  );
  await sql`create index admin_passkey_challenges_client on admin_passkey_challenges (client_key, created_at)`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists admin_passkey_challenges`.execute(db);
  await sql`drop table if exists admin_passkeys`.execute(db);
  await sql`drop index if exists admin_sessions_id`.execute(db);
  await sql`alter table admin_sessions drop column if exists id`.execute(db);
  await sql`alter table admin_users drop column if exists notify_payments`.execute(db);
  await sql`alter table admin_users drop column if exists notify_comments`.execute(db);
}
