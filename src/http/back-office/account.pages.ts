import { signOut, signOutEverywhere } from '../../app/back-office-auth/admin-sessions.ts';
import { adminPaths } from '../../back-office/views/layout.ts';
import { backOfficeRoute } from './back-office-kit.ts';

/** Signing out: this browser's session, or every session of the admin (a lost phone). */
export const accountPages = [
  backOfficeRoute({
    method: 'POST',
    path: '/sign-out',
    name: 'signOut',
    handler: async (ctx) => {
      await signOut(ctx.deps.db, { sessionId: ctx.sessionId, now: ctx.now });
      return { redirect: `${adminPaths.signIn}?notice=signedOut`, endSession: true };
    },
  }),
  backOfficeRoute({
    method: 'POST',
    path: '/sign-out-everywhere',
    name: 'signOutEverywhere',
    handler: async (ctx) => {
      await signOutEverywhere(ctx.deps.db, {
        organizationId: ctx.organization.id,
        adminUserId: ctx.admin.id,
        now: ctx.now,
      });
      return { redirect: `${adminPaths.signIn}?notice=signedOutEverywhere`, endSession: true };
    },
  }),
];
