import type { Insertable, Updateable } from 'kysely';
import { sql } from 'kysely';
import { pastCursor } from '../keyset-cursor.ts';
import type { CustomerRow, CustomersTable } from '../schema.ts';
import type { Executor } from '../transaction.ts';

export async function insertCustomer(db: Executor, values: Insertable<CustomersTable>): Promise<CustomerRow> {
  return db.insertInto('customers').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function findCustomer(
  db: Executor,
  organizationId: string,
  customerId: string,
): Promise<CustomerRow | undefined> {
  return db
    .selectFrom('customers')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('id', '=', customerId)
    .executeTakeFirst();
}

export async function updateCustomer(
  db: Executor,
  organizationId: string,
  customerId: string,
  values: Updateable<CustomersTable>,
): Promise<CustomerRow | undefined> {
  return db
    .updateTable('customers')
    .set({ ...values, updated_at: new Date() })
    .where('organization_id', '=', organizationId)
    .where('id', '=', customerId)
    .returningAll()
    .executeTakeFirst();
}

/** Keyset page by (created_at, id); `after` is the last row of the previous page. */
export async function listCustomers(
  db: Executor,
  organizationId: string,
  options: { limit: number; after?: { createdAt: Date; id: string }; search?: string },
): Promise<CustomerRow[]> {
  let q = db.selectFrom('customers').selectAll().where('organization_id', '=', organizationId);
  if (options.search) {
    const pattern = `%${options.search.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb) => eb(eb.fn('lower', ['name']), 'like', pattern));
  }
  // NOTE: the cursor carries the time to the millisecond and the column keeps microseconds: compared at
  // full precision, the last row of a page (a few microseconds after its cursor) came back on every page.
  const createdMs = sql<Date>`date_trunc('milliseconds', created_at)`;
  if (options.after) {
    q = q.where(pastCursor(createdMs, { key: options.after.createdAt, id: options.after.id }, 'asc'));
  }
  return q.orderBy(createdMs).orderBy('id').limit(options.limit).execute();
}

/** The kind (company or person) of each of these customers: what their invoices' amounts due depend on. */
export async function findCustomerKinds(
  db: Executor,
  organizationId: string,
  customerIds: readonly string[],
): Promise<Map<string, CustomerRow['kind']>> {
  if (customerIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('customers')
    .select(['id', 'kind'])
    .where('organization_id', '=', organizationId)
    .where('id', 'in', [...new Set(customerIds)])
    .execute();
  return new Map(rows.map((r) => [r.id, r.kind]));
}
