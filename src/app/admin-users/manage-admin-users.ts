import { fail, notFound, ok, type Result } from '../../core/result.ts';
import {
  deleteAdminUser,
  insertAdminUser,
  listAdminUsers,
  updateAdminUser,
} from '../../db/repositories/admin-user.repository.ts';
import { recordAudit } from '../../db/repositories/audit.repository.ts';
import type { AdminUserRow } from '../../db/schema.ts';
import { type Db, isUniqueViolation, runInTransaction } from '../../db/transaction.ts';

export interface AdminUserInput {
  name: string;
  email: string;
  language: string;
}

export async function addAdminUser(
  db: Db,
  input: { organizationId: string; admin: AdminUserInput; actor: string },
): Promise<Result<AdminUserRow>> {
  try {
    return await runInTransaction(db, async (trx) => {
      const admin = await insertAdminUser(trx, { organization_id: input.organizationId, ...input.admin });
      await recordAudit(trx, {
        organizationId: input.organizationId,
        subjectType: 'admin_user',
        subjectId: admin.id,
        action: 'admin_user.added',
        actor: input.actor,
      });
      return ok(admin);
    });
  } catch (error) {
    if (isUniqueViolation(error, 'admin_users_email')) return fail('DUPLICATE_EMAIL', 'email');
    throw error;
  }
}

export async function changeAdminUser(
  db: Db,
  input: { organizationId: string; adminUserId: string; changes: Partial<AdminUserInput>; actor: string },
): Promise<Result<AdminUserRow>> {
  try {
    return await runInTransaction(db, async (trx) => {
      const admin = await updateAdminUser(trx, input.organizationId, input.adminUserId, input.changes);
      if (!admin) return notFound('admin_user');
      await recordAudit(trx, {
        organizationId: input.organizationId,
        subjectType: 'admin_user',
        subjectId: admin.id,
        action: 'admin_user.updated',
        actor: input.actor,
        data: { fields: Object.keys(input.changes) },
      });
      return ok(admin);
    });
  } catch (error) {
    if (isUniqueViolation(error, 'admin_users_email')) return fail('DUPLICATE_EMAIL', 'email');
    throw error;
  }
}

/** Removes an admin; the last one stays, someone must receive the notifications. */
export async function removeAdminUser(
  db: Db,
  input: { organizationId: string; adminUserId: string; actor: string },
): Promise<Result<{ id: string }>> {
  return runInTransaction(db, async (trx) => {
    // NOTE: the organization row lock serialises concurrent removals, so two cannot remove the last two.
    await trx
      .selectFrom('organizations')
      .select('id')
      .where('id', '=', input.organizationId)
      .forUpdate()
      .execute();
    const admins = await listAdminUsers(trx, input.organizationId);
    if (!admins.some((a) => a.id === input.adminUserId)) return notFound('admin_user');
    if (admins.length === 1) return fail('LAST_ADMIN', 'adminUserId');
    await deleteAdminUser(trx, input.organizationId, input.adminUserId);
    await recordAudit(trx, {
      organizationId: input.organizationId,
      subjectType: 'admin_user',
      subjectId: input.adminUserId,
      action: 'admin_user.removed',
      actor: input.actor,
    });
    return ok({ id: input.adminUserId });
  });
}
