import { z } from 'zod';
import {
  endOtherSessions,
  endYourSession,
  listYourSessions,
} from '../../app/back-office-auth/admin-sessions.ts';
import {
  finishPasskeyRegistration,
  PASSKEY_LIMITS,
  removePasskey,
  startPasskeyRegistration,
} from '../../app/back-office-auth/passkeys.ts';
import type { FieldError } from '../../back-office/view-models.ts';
import {
  type AccountNotice,
  renderAccountSecurityPage,
} from '../../back-office/views/account-security-page.ts';
import { adminPaths } from '../../back-office/views/layout.ts';
import { settingsPath } from '../../back-office/views/settings-layout.ts';
import { listAdminPasskeys } from '../../db/repositories/admin-passkey.repository.ts';
import { backOfficeMessage } from '../../i18n/back-office-messages.ts';
import { IdParams } from '../api/schemas.ts';
import { type BackOfficeContext, type BackOfficeResult, backOfficeRoute } from './back-office-kit.ts';

/**
 * Settings → Your sign-in (issue 12): the signed-in admin's own sessions (end one, end all others) and
 * passkeys (add one, remove one). Everyone sees only their own: another admin's session or passkey id is
 * not found, like another organization's.
 */

const NOTICES = ['sessionEnded', 'othersEnded', 'passkeyAdded', 'passkeyRemoved'] as const;

const whose = (ctx: BackOfficeContext<unknown, unknown>) => ({
  organizationId: ctx.organization.id,
  adminUserId: ctx.admin.id,
});

async function accountPage(
  ctx: BackOfficeContext<unknown, unknown>,
  options: {
    notice?: AccountNotice | null;
    passkeyForm?: { values: Readonly<Record<string, string>>; errors: readonly FieldError[] };
  },
  status = 200,
): Promise<BackOfficeResult> {
  const [sessions, passkeys] = await Promise.all([
    listYourSessions(ctx.deps.db, { ...whose(ctx), sessionId: ctx.sessionId, now: ctx.now }),
    listAdminPasskeys(ctx.deps.db, whose(ctx)),
  ]);
  return {
    status,
    page: renderAccountSecurityPage({
      chrome: ctx.chrome('settings'),
      sessions,
      passkeys: passkeys.map((p) => ({
        id: p.id,
        name: p.name,
        createdAt: p.created_at,
        lastUsedAt: p.last_used_at,
      })),
      passkeyForm: options.passkeyForm ?? { values: {}, errors: [] },
      notice: options.notice ?? null,
    }),
  };
}

const done = (notice: AccountNotice): BackOfficeResult => ({
  redirect: `${settingsPath('account')}?done=${notice}`,
});

const passkeyDeps = (ctx: BackOfficeContext<unknown, unknown>) => ({
  db: ctx.deps.db,
  appSecret: ctx.deps.appSecret,
  publicBaseUrl: ctx.deps.publicBaseUrl,
});

export const accountSecurityPages = [
  backOfficeRoute({
    method: 'GET',
    path: '/settings/account',
    name: 'accountSettings',
    query: z.object({ done: z.enum(NOTICES).optional().catch(undefined) }),
    handler: async (ctx) => accountPage(ctx, { notice: ctx.query.done ?? null }),
  }),
  backOfficeRoute({
    method: 'POST',
    path: '/settings/account/sessions/:sessionId/end',
    name: 'endSession',
    params: IdParams('sessionId'),
    handler: async (ctx) => {
      const ended = await endYourSession(ctx.deps.db, {
        ...whose(ctx),
        sessionId: ctx.sessionId,
        endSessionId: ctx.params.sessionId,
        now: ctx.now,
      });
      if (ended === 'not-found') return { notFound: true };
      if (ended === 'ended-this-one')
        return { redirect: `${adminPaths.signIn}?notice=signedOut`, endSession: true };
      return done('sessionEnded');
    },
  }),
  backOfficeRoute({
    method: 'POST',
    path: '/settings/account/sessions/end-others',
    name: 'endOtherSessions',
    handler: async (ctx) => {
      await endOtherSessions(ctx.deps.db, { ...whose(ctx), sessionId: ctx.sessionId, now: ctx.now });
      return done('othersEnded');
    },
  }),
  backOfficeRoute({
    method: 'POST',
    path: '/settings/account/passkeys/options',
    name: 'passkeyRegistrationOptions',
    handler: async (ctx) => ({
      json: await startPasskeyRegistration(passkeyDeps(ctx), {
        admin: ctx.admin,
        organization: ctx.organization,
        now: ctx.now,
      }),
    }),
  }),
  backOfficeRoute({
    method: 'POST',
    path: '/settings/account/passkeys',
    name: 'addPasskey',
    handler: async (ctx) => {
      const name = (ctx.form.name ?? '').trim();
      const refused = (field: string, message: string) =>
        accountPage(ctx, { passkeyForm: { values: { name }, errors: [{ field, message }] } }, 422);
      if (name === '' || name.length > PASSKEY_LIMITS.nameLength) {
        return refused(
          'name',
          backOfficeMessage(ctx.lang, 'passkeyNameInvalid', { max: PASSKEY_LIMITS.nameLength }),
        );
      }
      const result = await finishPasskeyRegistration(passkeyDeps(ctx), {
        admin: ctx.admin,
        name,
        credential: ctx.form.credential ?? '',
        now: ctx.now,
      });
      if (!result.ok) {
        const key =
          result.reason === 'already-registered' ? 'passkeyAlreadyRegistered' : 'passkeyRegistrationFailed';
        return refused('name', backOfficeMessage(ctx.lang, key));
      }
      return done('passkeyAdded');
    },
  }),
  backOfficeRoute({
    method: 'POST',
    path: '/settings/account/passkeys/:passkeyId/remove',
    name: 'removePasskey',
    params: IdParams('passkeyId'),
    handler: async (ctx) => {
      const removed = await removePasskey(ctx.deps.db, { ...whose(ctx), passkeyId: ctx.params.passkeyId });
      return removed ? done('passkeyRemoved') : { notFound: true };
    },
  }),
];
