import { fail, notFound, ok, type Result } from '../../core/result.ts';
import {
  deleteAdminUser,
  insertAdminUser,
  listAdminUsers,
  updateAdminUser,
} from '../../db/repositories/admin-user.repository.ts';
import { recordAudit } from '../../db/repositories/audit.repository.ts';
import type { AdminUserRow, OrganizationRow } from '../../db/schema.ts';
import { type Db, isUniqueViolation, runInTransaction, type Trx } from '../../db/transaction.ts';
import type { JobSender } from '../../jobs/job-queue.ts';
import { sendSignInLink } from '../back-office-auth/request-sign-in.ts';
import type { MailSettings } from '../emails/queue-outgoing-email.ts';

export interface AdminUserInput {
  name: string;
  email: string;
  language: string;
}

/** What may change of an admin: who they are, and which notification e-mails they receive. */
export type AdminUserChanges = Partial<AdminUserInput & { notifyComments: boolean; notifyPayments: boolean }>;

/** A transaction's work whose unique-address violation is the `DUPLICATE_EMAIL` refusal. */
async function refusingDuplicateEmail<T>(work: () => Promise<Result<T>>): Promise<Result<T>> {
  try {
    return await work();
  } catch (error) {
    if (isUniqueViolation(error, 'admin_users_email')) return fail('DUPLICATE_EMAIL', 'email');
    throw error;
  }
}

async function insertAdmin(
  trx: Trx,
  input: { organizationId: string; admin: AdminUserInput; actor: string },
): Promise<AdminUserRow> {
  const admin = await insertAdminUser(trx, { organization_id: input.organizationId, ...input.admin });
  await recordAudit(trx, {
    organizationId: input.organizationId,
    subjectType: 'admin_user',
    subjectId: admin.id,
    action: 'admin_user.added',
    actor: input.actor,
  });
  return admin;
}

export async function addAdminUser(
  db: Db,
  input: { organizationId: string; admin: AdminUserInput; actor: string },
): Promise<Result<AdminUserRow>> {
  return refusingDuplicateEmail(() => runInTransaction(db, async (trx) => ok(await insertAdmin(trx, input))));
}

/**
 * Adds an admin and e-mails them a sign-in link as their invitation (in their language, naming who
 * invited them), in one transaction: the admin exists exactly when their invitation is queued.
 */
export async function inviteAdminUser(
  deps: { db: Db; jobs: JobSender; mail: MailSettings },
  input: {
    organization: OrganizationRow;
    admin: AdminUserInput;
    invitedBy: string;
    actor: string;
    now: Date;
  },
): Promise<Result<AdminUserRow>> {
  return refusingDuplicateEmail(() =>
    runInTransaction(deps.db, async (trx) => {
      const admin = await insertAdmin(trx, { organizationId: input.organization.id, ...input });
      await sendSignInLink(trx, deps, {
        admin,
        organization: input.organization,
        now: input.now,
        invitedBy: input.invitedBy,
      });
      return ok(admin);
    }),
  );
}

export async function changeAdminUser(
  db: Db,
  input: { organizationId: string; adminUserId: string; changes: AdminUserChanges; actor: string },
): Promise<Result<AdminUserRow>> {
  const { notifyComments, notifyPayments, ...who } = input.changes;
  const values = {
    ...who,
    ...(notifyComments === undefined ? {} : { notify_comments: notifyComments }),
    ...(notifyPayments === undefined ? {} : { notify_payments: notifyPayments }),
  };
  return refusingDuplicateEmail(() =>
    runInTransaction(db, async (trx) => {
      const admin = await updateAdminUser(trx, input.organizationId, input.adminUserId, values);
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
    }),
  );
}

/**
 * Removes an admin; the last one stays, someone must receive the notifications. Their sign-in links,
 * sessions and passkeys go with them (the foreign keys cascade), so a removed admin is signed out at once.
 */
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
