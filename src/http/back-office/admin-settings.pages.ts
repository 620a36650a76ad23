import { z } from 'zod';
import {
  changeAdminUser,
  inviteAdminUser,
  removeAdminUser,
} from '../../app/admin-users/manage-admin-users.ts';
import type { FieldError } from '../../back-office/view-models.ts';
import {
  type AdminsNotice,
  INVITE_FIELD_LABELS,
  renderAdminsPage,
} from '../../back-office/views/admins-page.ts';
import { adminPaths } from '../../back-office/views/layout.ts';
import { settingsPath } from '../../back-office/views/settings-layout.ts';
import { isNotFound } from '../../core/result.ts';
import { listAdminUsers } from '../../db/repositories/admin-user.repository.ts';
import { describeFormFailure, describeFormIssues } from '../api/error-table.ts';
import { AdminUserCreateSchema, AdminUserUpdateSchema, IdParams } from '../api/schemas.ts';
import { type BackOfficeContext, type BackOfficeResult, backOfficeRoute } from './back-office-kit.ts';
import { settingsLabelIn } from './settings.pages.ts';

/**
 * Settings → Admins (issue 12): the organization's admins; invite one (added and e-mailed a sign-in link
 * as their invitation, in their language); change an admin's language and notifications; remove one (never
 * the last; yourself, and you are signed out). Validated and done by the API's own schemas and use cases
 * (`/admin-users`), so a rule speaks the same way on both.
 */

const AdminParams = IdParams('adminUserId');

async function adminsPage(
  ctx: BackOfficeContext<unknown, unknown>,
  options: {
    invite?: { values: Readonly<Record<string, string>>; errors: readonly FieldError[] };
    refused?: { adminUserId: string; message: string };
    notice?: AdminsNotice | null;
  },
  status = 200,
): Promise<BackOfficeResult> {
  const admins = await listAdminUsers(ctx.deps.db, ctx.organization.id);
  return {
    status,
    page: renderAdminsPage({
      chrome: ctx.chrome('settings'),
      currentAdminId: ctx.admin.id,
      admins: admins.map((a) => ({
        id: a.id,
        name: a.name,
        email: a.email,
        language: a.language,
        notifyComments: a.notify_comments,
        notifyPayments: a.notify_payments,
      })),
      invite: options.invite ?? { values: {}, errors: [] },
      refused: options.refused ?? null,
      notice: options.notice ?? null,
    }),
  };
}

const done = (notice: AdminsNotice): BackOfficeResult => ({
  redirect: `${settingsPath('admins')}?done=${notice}`,
});

export const adminSettingsPages = [
  backOfficeRoute({
    method: 'GET',
    path: '/settings/admins',
    name: 'adminSettings',
    query: z.object({ done: z.enum(['invited', 'saved', 'removed']).optional().catch(undefined) }),
    handler: async (ctx) => adminsPage(ctx, { notice: ctx.query.done ?? null }),
  }),
  backOfficeRoute({
    method: 'POST',
    path: '/settings/admins',
    name: 'inviteAdmin',
    handler: async (ctx) => {
      const label = settingsLabelIn(ctx.lang, INVITE_FIELD_LABELS);
      const values = {
        name: (ctx.form.name ?? '').trim(),
        email: (ctx.form.email ?? '').trim(),
        language: ctx.form.language ?? '',
      };
      const refused = (errors: FieldError[]) => adminsPage(ctx, { invite: { values, errors } }, 422);
      const parsed = AdminUserCreateSchema.safeParse(values);
      if (!parsed.success) return refused(describeFormIssues(parsed.error, ctx.lang, label));
      const result = await inviteAdminUser(
        { db: ctx.deps.db, jobs: ctx.deps.jobs, mail: ctx.deps.mail },
        {
          organization: ctx.organization,
          admin: parsed.data,
          invitedBy: ctx.admin.name,
          actor: ctx.actor,
          now: ctx.now,
        },
      );
      if (!result.ok) return refused([describeFormFailure(result, ctx.lang, label, 'email')]);
      return done('invited');
    },
  }),
  backOfficeRoute({
    method: 'POST',
    path: '/settings/admins/:adminUserId',
    name: 'updateAdmin',
    params: AdminParams,
    handler: async (ctx) => {
      const label = settingsLabelIn(ctx.lang, INVITE_FIELD_LABELS);
      const parsed = AdminUserUpdateSchema.safeParse({ language: ctx.form.language ?? '' });
      const refused = (message: string) =>
        adminsPage(ctx, { refused: { adminUserId: ctx.params.adminUserId, message } }, 422);
      if (!parsed.success) {
        return refused(describeFormIssues(parsed.error, ctx.lang, label)[0]?.message ?? '');
      }
      const result = await changeAdminUser(ctx.deps.db, {
        organizationId: ctx.organization.id,
        adminUserId: ctx.params.adminUserId,
        changes: {
          ...parsed.data,
          notifyComments: ctx.form.notifyComments === '1',
          notifyPayments: ctx.form.notifyPayments === '1',
        },
        actor: ctx.actor,
      });
      if (!result.ok) {
        if (isNotFound(result.code)) return { notFound: true };
        return refused(describeFormFailure(result, ctx.lang, label, 'language').message);
      }
      return done('saved');
    },
  }),
  backOfficeRoute({
    method: 'POST',
    path: '/settings/admins/:adminUserId/remove',
    name: 'removeAdmin',
    params: AdminParams,
    handler: async (ctx) => {
      const result = await removeAdminUser(ctx.deps.db, {
        organizationId: ctx.organization.id,
        adminUserId: ctx.params.adminUserId,
        actor: ctx.actor,
      });
      if (!result.ok) {
        if (isNotFound(result.code)) return { notFound: true };
        const label = settingsLabelIn(ctx.lang, INVITE_FIELD_LABELS);
        const { message } = describeFormFailure(result, ctx.lang, label, 'adminUserId');
        return adminsPage(ctx, { refused: { adminUserId: ctx.params.adminUserId, message } }, 409);
      }
      // Their sessions went with them: removing yourself signs you out here too.
      if (ctx.params.adminUserId === ctx.admin.id) {
        return { redirect: `${adminPaths.signIn}?notice=removedYourself`, endSession: true };
      }
      return done('removed');
    },
  }),
];
