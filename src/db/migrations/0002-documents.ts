import { type Kysely, sql } from 'kysely';

/**
 * Stored PDFs. The service stays stateless: the document a customer received lives in the database.
 * One current document per invoice or credit note; a re-render or an upload supersedes the previous one,
 * which is kept (the history of what was sent stays answerable).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table documents (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid not null references organizations (id) on delete cascade,
      owner_type text not null check (owner_type in ('invoice', 'credit_note')),
      owner_id uuid not null,
      source text not null check (source in ('rendered', 'uploaded')),
      content bytea not null,
      content_type text not null,
      byte_size integer not null,
      sha256 text not null,
      renderer_version text,
      created_at timestamptz not null default now(),
      superseded_at timestamptz,
      unique (organization_id, id)
    )`.execute(db);
  await sql`
    create unique index documents_current on documents (organization_id, owner_type, owner_id)
    where superseded_at is null`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists documents`.execute(db);
}
