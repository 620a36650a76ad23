import { langOr } from '../../core/lang.ts';
import { fail, ok, type Result } from '../../core/result.ts';
import {
  countSignInRequests,
  deleteSignInRequestsBefore,
  findAdminUsersByEmail,
  insertSignInToken,
  recordSignInRequest,
} from '../../db/repositories/admin-session.repository.ts';
import { listAdminUsers } from '../../db/repositories/admin-user.repository.ts';
import { findOrganization } from '../../db/repositories/organization.repository.ts';
import type { AdminUserRow, OrganizationRow } from '../../db/schema.ts';
import { type Db, runInTransaction, type Trx } from '../../db/transaction.ts';
import type { JobSender } from '../../jobs/job-queue.ts';
import { renderSignInEmail } from '../../mail/render-sign-in-email.ts';
import { emailBranding, inlineImages, senderName } from '../emails/email-context.ts';
import { type MailSettings, queueOutgoingEmail } from '../emails/queue-outgoing-email.ts';
import { clientKey, emailKey, newSecret, secretHash } from './sign-in-secrets.ts';

export const SIGN_IN_LIMITS = {
  /** How long a sign-in link opens a session. */
  linkMinutes: 15,
  /** Links asked for one address, and from one client address, within the window. */
  perEmail: 5,
  perClient: 20,
  windowMinutes: 15,
} as const;

/** Where a sign-in link leads: a page whose button (a POST) opens the session, so a mail scanner that
 * follows links cannot use it up. */
export const SIGN_IN_PATH = '/admin/sign-in';

export const signInUrl = (publicBaseUrl: string, token: string) =>
  `${publicBaseUrl}${SIGN_IN_PATH}?token=${encodeURIComponent(token)}`;

/** Creates a one-time sign-in token for an admin, inside the caller's transaction. */
export async function issueSignInToken(
  trx: Trx,
  admin: Pick<AdminUserRow, 'id' | 'organization_id'>,
  now: Date,
): Promise<{ token: string; expiresAt: Date }> {
  const token = newSecret();
  const expiresAt = new Date(now.getTime() + SIGN_IN_LIMITS.linkMinutes * 60_000);
  await insertSignInToken(trx, {
    token_hash: secretHash(token),
    organization_id: admin.organization_id,
    admin_user_id: admin.id,
    created_at: now,
    expires_at: expiresAt,
  });
  return { token, expiresAt };
}

/**
 * Issues a sign-in link for an admin and queues its e-mail, in the admin's language and the
 * organization's look, inside the caller's transaction. `invitedBy` makes it their invitation.
 */
export async function sendSignInLink(
  trx: Trx,
  deps: { jobs: JobSender; mail: MailSettings },
  input: { admin: AdminUserRow; organization: OrganizationRow; now: Date; invitedBy?: string | null },
): Promise<{ token: string; expiresAt: Date }> {
  const { admin, organization } = input;
  const { token, expiresAt } = await issueSignInToken(trx, admin, input.now);
  await queueOutgoingEmail(trx, deps.jobs, deps.mail.mailFrom, {
    organizationId: organization.id,
    invoiceId: null,
    kind: 'sign-in',
    dedupeKey: null,
    fromName: senderName(organization),
    replyTo: null,
    to: [admin.email],
    language: admin.language,
    email: renderSignInEmail({
      language: langOr(admin.language),
      branding: emailBranding(organization),
      designedLayout: organization.email_designed_layout,
      signInUrl: signInUrl(deps.mail.publicBaseUrl, token),
      invitedBy: input.invitedBy ?? null,
    }),
    attachments: inlineImages(organization, false),
  });
  return { token, expiresAt };
}

export interface SignInLink {
  admin: AdminUserRow;
  /** The token the link carries (shown once, in the e-mail). */
  token: string;
  expiresAt: Date;
}

/**
 * Asks for sign-in links for an address: one per organization the address administers, each e-mailed to
 * the admin in their language and that organization's look (none for an unknown address: the caller
 * answers the same either way). Every request counts toward the limits per address and per client, known
 * address or not; over either, nothing is created and the answer says when to try again.
 */
export async function requestSignIn(
  deps: { db: Db; appSecret: string; jobs: JobSender; mail: MailSettings },
  input: { email: string; clientAddress: string; now: Date },
): Promise<Result<SignInLink[]>> {
  const keys = {
    emailKey: emailKey(deps.appSecret, input.email),
    clientKey: clientKey(deps.appSecret, input.clientAddress),
  };
  const windowStart = new Date(input.now.getTime() - SIGN_IN_LIMITS.windowMinutes * 60_000);
  return runInTransaction(deps.db, async (trx) => {
    const counts = await countSignInRequests(trx, keys, windowStart);
    if (counts.forEmail >= SIGN_IN_LIMITS.perEmail || counts.fromClient >= SIGN_IN_LIMITS.perClient) {
      return fail('SIGN_IN_RATE_LIMITED', undefined, {
        retryAfterSeconds: SIGN_IN_LIMITS.windowMinutes * 60,
      });
    }
    await recordSignInRequest(trx, { ...keys, at: input.now });
    await deleteSignInRequestsBefore(trx, windowStart);
    const admins = await findAdminUsersByEmail(trx, input.email.trim());
    const links: SignInLink[] = [];
    for (const admin of admins) {
      const organization = await findOrganization(trx, admin.organization_id);
      if (!organization) throw new Error(`Organization ${admin.organization_id} vanished`);
      const { token, expiresAt } = await sendSignInLink(trx, deps, { admin, organization, now: input.now });
      links.push({ admin, token, expiresAt });
    }
    return ok(links);
  });
}

/**
 * A one-time sign-in link for the organization's first admin, without an e-mail: what `npm start` prints
 * for the embedded demo. Undefined when the organization has no admin.
 */
export async function issueDemoSignInLink(
  db: Db,
  input: { organizationId: string; publicBaseUrl: string; now: Date },
): Promise<{ url: string; email: string } | undefined> {
  const [admin] = await listAdminUsers(db, input.organizationId);
  if (!admin) return undefined;
  const { token } = await db.transaction().execute((trx) => issueSignInToken(trx, admin, input.now));
  return { url: signInUrl(input.publicBaseUrl, token), email: admin.email };
}
