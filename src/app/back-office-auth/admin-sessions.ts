import { fail, ok, type Result } from '../../core/result.ts';
import type { AdminSessionRow } from '../../db/back-office-schema.ts';
import {
  consumeSignInToken,
  findLiveSession,
  insertSession,
  revokeAdminSessions,
  revokeSession,
  touchSession,
} from '../../db/repositories/admin-session.repository.ts';
import { recordAudit } from '../../db/repositories/audit.repository.ts';
import type { AdminUserRow } from '../../db/schema.ts';
import { type Db, runInTransaction } from '../../db/transaction.ts';
import { isSecretShaped, newSecret, secretHash } from './sign-in-secrets.ts';

export const SESSION_LIMITS = {
  /** Without use for this long, a session ends. */
  idleHours: 8,
  /** However much it is used, a session ends this long after sign-in. */
  absoluteDays: 30,
  /** A session's use is written at most this often (not on every request). */
  touchEverySeconds: 60,
} as const;

const HOUR = 3_600_000;

export interface SignedIn {
  /** The session id for the cookie: given to the browser once, stored only as its hash. */
  sessionId: string;
  expiresAt: Date;
  admin: AdminUserRow;
}

/** Opens a session with a sign-in link's token; the token is used up whatever happens next. */
export async function completeSignIn(
  db: Db,
  input: { token: string; now: Date; userAgent: string | null },
): Promise<Result<SignedIn>> {
  if (!isSecretShaped(input.token)) return fail('SIGN_IN_LINK_INVALID', 'token');
  return runInTransaction(db, async (trx) => {
    const owner = await consumeSignInToken(trx, secretHash(input.token), input.now);
    if (!owner) return fail('SIGN_IN_LINK_INVALID', 'token');
    const sessionId = newSecret();
    const expiresAt = new Date(input.now.getTime() + SESSION_LIMITS.absoluteDays * 24 * HOUR);
    await insertSession(trx, {
      id_hash: secretHash(sessionId),
      organization_id: owner.organizationId,
      admin_user_id: owner.adminUserId,
      created_at: input.now,
      last_seen_at: input.now,
      idle_expires_at: idleExpiry(input.now, expiresAt),
      expires_at: expiresAt,
      user_agent: input.userAgent?.slice(0, 300) ?? null,
    });
    await recordAudit(trx, {
      organizationId: owner.organizationId,
      subjectType: 'admin_user',
      subjectId: owner.adminUserId,
      action: 'admin.signed_in',
      actor: `admin_user:${owner.adminUserId}`,
    });
    const found = await findLiveSession(trx, secretHash(sessionId), input.now);
    if (!found) throw new Error('The new session vanished');
    return ok({ sessionId, expiresAt, admin: found.admin });
  });
}

const idleExpiry = (now: Date, expiresAt: Date) =>
  new Date(Math.min(now.getTime() + SESSION_LIMITS.idleHours * HOUR, expiresAt.getTime()));

/**
 * The live session of a cookie's id, and its admin; null when there is none (unknown, revoked, idle too
 * long, or past its absolute expiry). A use moves the idle expiry forward, written at most once a minute.
 */
export async function loadSession(
  db: Db,
  input: { sessionId: unknown; now: Date },
): Promise<{ session: AdminSessionRow; admin: AdminUserRow } | null> {
  if (!isSecretShaped(input.sessionId)) return null;
  const found = await findLiveSession(db, secretHash(input.sessionId), input.now);
  if (!found) return null;
  if (input.now.getTime() - found.session.last_seen_at.getTime() >= SESSION_LIMITS.touchEverySeconds * 1000) {
    const idleExpiresAt = idleExpiry(input.now, found.session.expires_at);
    await touchSession(db, found.session.id_hash, input.now, idleExpiresAt);
    found.session = { ...found.session, last_seen_at: input.now, idle_expires_at: idleExpiresAt };
  }
  return found;
}

/** Ends this browser's session. */
export async function signOut(db: Db, input: { sessionId: unknown; now: Date }): Promise<void> {
  if (isSecretShaped(input.sessionId)) await revokeSession(db, secretHash(input.sessionId), input.now);
}

/** Ends every session of the admin, on every device; recorded. */
export async function signOutEverywhere(
  db: Db,
  input: { organizationId: string; adminUserId: string; now: Date },
): Promise<Result<number>> {
  return runInTransaction(db, async (trx) => {
    const ended = await revokeAdminSessions(trx, input, input.now);
    await recordAudit(trx, {
      organizationId: input.organizationId,
      subjectType: 'admin_user',
      subjectId: input.adminUserId,
      action: 'admin.signed_out_everywhere',
      actor: `admin_user:${input.adminUserId}`,
      data: { sessions: ended },
    });
    return ok(ended);
  });
}
