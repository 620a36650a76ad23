import { type SelectQueryBuilder, sql } from 'kysely';
import type { Database, NewOrganization, OrganizationRow, OrganizationUpdate } from '../schema.ts';
import type { Executor } from '../transaction.ts';

/**
 * Every organization column except the logo bytes, plus their size. The organization is read on every
 * API request; the logo (up to 512 KiB) only when a document is drawn (`findOrganizationLogo`).
 */
const COLUMNS = [
  'id',
  'legal_name',
  'trade_name',
  'vat_number',
  'enterprise_number',
  'address_line1',
  'address_line2',
  'postal_code',
  'city',
  'country',
  'time_zone',
  'default_language',
  'default_currency',
  'email',
  'phone',
  'website',
  'logo_mime',
  'primary_color',
  'accent_color',
  'iban',
  'bic',
  'payment_reference_kind',
  'next_reference_seq',
  'late_fee_bp',
  'late_fee_minimum_minor',
  'interest_rate_bp',
  'fixed_compensation_b2b',
  'is_demo',
  'email_designed_layout',
  'created_at',
  'updated_at',
] as const;

const logoBytes = sql<number | null>`octet_length(logo)`.as('logo_bytes');

export async function insertOrganization(db: Executor, values: NewOrganization): Promise<OrganizationRow> {
  return db
    .insertInto('organizations')
    .values(values)
    .returning([...COLUMNS, logoBytes])
    .executeTakeFirstOrThrow();
}

export async function findOrganization(
  db: Executor,
  organizationId: string,
): Promise<OrganizationRow | undefined> {
  const query: SelectQueryBuilder<Database, 'organizations', OrganizationRow> = db
    .selectFrom('organizations')
    .select([...COLUMNS, logoBytes])
    .where('id', '=', organizationId);
  return query.executeTakeFirst();
}

/** The logo, for drawing documents. */
export async function findOrganizationLogo(
  db: Executor,
  organizationId: string,
): Promise<{ mimeType: string; data: Uint8Array } | null> {
  const row = await db
    .selectFrom('organizations')
    .select(['logo', 'logo_mime'])
    .where('id', '=', organizationId)
    .executeTakeFirst();
  return row?.logo && row.logo_mime ? { mimeType: row.logo_mime, data: new Uint8Array(row.logo) } : null;
}

export async function updateOrganization(
  db: Executor,
  organizationId: string,
  values: OrganizationUpdate,
): Promise<OrganizationRow> {
  return db
    .updateTable('organizations')
    .set({ ...values, updated_at: new Date() })
    .where('id', '=', organizationId)
    .returning([...COLUMNS, logoBytes])
    .executeTakeFirstOrThrow();
}

/**
 * Takes the next payment-reference sequence number. The organization row stays locked until the caller's
 * transaction ends, so call it as late as possible: invoices of one organization are created one at a time
 * only for that last stretch.
 */
export async function takeReferenceSeq(db: Executor, organizationId: string): Promise<number> {
  const row = await db
    .updateTable('organizations')
    .set((eb) => ({ next_reference_seq: eb('next_reference_seq', '+', 1) }))
    .where('id', '=', organizationId)
    .returning('next_reference_seq')
    .executeTakeFirstOrThrow();
  return row.next_reference_seq - 1;
}
