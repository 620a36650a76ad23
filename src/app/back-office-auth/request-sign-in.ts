import { fail, ok, type Result } from '../../core/result.ts';
import {
  countSignInRequests,
  deleteSignInRequestsBefore,
  findAdminUsersByEmail,
  insertSignInToken,
  recordSignInRequest,
} from '../../db/repositories/admin-session.repository.ts';
import type { AdminUserRow } from '../../db/schema.ts';
import { type Db, runInTransaction } from '../../db/transaction.ts';
import { clientKey, emailKey, newSecret, secretHash } from './sign-in-secrets.ts';

export const SIGN_IN_LIMITS = {
  /** How long a sign-in link opens a session. */
  linkMinutes: 15,
  /** Links asked for one address, and from one client address, within the window. */
  perEmail: 5,
  perClient: 20,
  windowMinutes: 15,
} as const;

export interface SignInLink {
  admin: AdminUserRow;
  /** The token the link carries (shown once, in the e-mail). */
  token: string;
  expiresAt: Date;
}

/**
 * Asks for sign-in links for an address: one per organization the address administers (none for an
 * unknown address: the caller answers the same either way). Every request counts toward the limits per
 * address and per client, known address or not; over either, nothing is created and the answer says when
 * to try again.
 */
export async function requestSignIn(
  deps: { db: Db; appSecret: string },
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
    const expiresAt = new Date(input.now.getTime() + SIGN_IN_LIMITS.linkMinutes * 60_000);
    const links: SignInLink[] = [];
    for (const admin of admins) {
      const token = newSecret();
      await insertSignInToken(trx, {
        token_hash: secretHash(token),
        organization_id: admin.organization_id,
        admin_user_id: admin.id,
        created_at: input.now,
        expires_at: expiresAt,
      });
      links.push({ admin, token, expiresAt });
    }
    return ok(links);
  });
}
