import type { NewOrganization, OrganizationRow, OrganizationUpdate } from '../schema.ts';
import type { Executor } from '../transaction.ts';

export async function insertOrganization(db: Executor, values: NewOrganization): Promise<OrganizationRow> {
  return db.insertInto('organizations').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function findOrganization(
  db: Executor,
  organizationId: string,
): Promise<OrganizationRow | undefined> {
  return db.selectFrom('organizations').selectAll().where('id', '=', organizationId).executeTakeFirst();
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
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Takes the next payment-reference sequence number atomically (row lock held until commit). */
export async function takeReferenceSeq(db: Executor, organizationId: string): Promise<number> {
  const row = await db
    .updateTable('organizations')
    .set((eb) => ({ next_reference_seq: eb('next_reference_seq', '+', 1) }))
    .where('id', '=', organizationId)
    .returning('next_reference_seq')
    .executeTakeFirstOrThrow();
  return row.next_reference_seq - 1;
}

export async function listDemoOrganizations(db: Executor): Promise<OrganizationRow[]> {
  return db
    .selectFrom('organizations')
    .selectAll()
    .where('is_demo', '=', true)
    .orderBy('created_at')
    .execute();
}
