import { type Kysely, sql } from 'kysely';
import { DEFAULT_INVOICE_TEMPLATES } from '../../mail/default-templates.ts';

/**
 * Invoice e-mail templates per organization (R1). Every organization has one default template per
 * language, which it can edit but not delete, and may add more. Organizations that exist when this
 * migration runs get the default templates of this version.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table email_templates (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid not null references organizations (id) on delete cascade,
      name text not null,
      language text not null,
      subject text not null,
      body text not null,
      is_default boolean not null default false,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (organization_id, id),
      unique (organization_id, name)
    )`.execute(db);
  await sql`
    create unique index email_templates_default on email_templates (organization_id, language) where is_default`.execute(
    db,
  );
  for (const [language, template] of Object.entries(DEFAULT_INVOICE_TEMPLATES)) {
    await sql`
      insert into email_templates (organization_id, name, language, subject, body, is_default)
      select id, ${`Default (${language})`}, ${language}, ${template.subject}, ${template.body}, true
      from organizations`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists email_templates`.execute(db);
}
