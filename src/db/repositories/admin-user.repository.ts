import type { AdminUserRow } from '../schema.ts';
import type { Executor } from '../transaction.ts';

export async function insertAdminUser(
  db: Executor,
  values: { organization_id: string; name: string; email: string; language: string },
): Promise<AdminUserRow> {
  return db.insertInto('admin_users').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function listAdminUsers(db: Executor, organizationId: string): Promise<AdminUserRow[]> {
  return db
    .selectFrom('admin_users')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export async function findAdminUser(
  db: Executor,
  organizationId: string,
  id: string,
): Promise<AdminUserRow | undefined> {
  return db
    .selectFrom('admin_users')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function updateAdminUser(
  db: Executor,
  organizationId: string,
  id: string,
  values: Partial<{
    name: string;
    email: string;
    language: string;
    notify_comments: boolean;
    notify_payments: boolean;
  }>,
): Promise<AdminUserRow | undefined> {
  return db
    .updateTable('admin_users')
    .set(values)
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

export async function deleteAdminUser(db: Executor, organizationId: string, id: string): Promise<boolean> {
  const result = await db
    .deleteFrom('admin_users')
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}
