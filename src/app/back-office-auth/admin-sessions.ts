import { fail, ok, type Result } from '../../core/result.ts';
import type { AdminSessionRow } from '../../db/back-office-schema.ts';
import {
  consumeSignInToken,
  findLiveSession,
  insertSession,
  listLiveSessions,
  revokeAdminSessionById,
  revokeAdminSessions,
  revokeOtherAdminSessions,
  revokeSession,
  touchSession,
} from '../../db/repositories/admin-session.repository.ts';
import { recordAudit } from '../../db/repositories/audit.repository.ts';
import type { AdminUserRow } from '../../db/schema.ts';
import { type Db, runInTransaction, type Trx } from '../../db/transaction.ts';
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
    return ok(
      await openSession(trx, { ...owner, now: input.now, userAgent: input.userAgent, method: 'link' }),
    );
  });
}

/**
 * Opens a session for an admin who has just proved who they are (a sign-in link or a passkey), inside the
 * caller's transaction: the one way a session begins.
 */
export async function openSession(
  trx: Trx,
  input: {
    organizationId: string;
    adminUserId: string;
    now: Date;
    userAgent: string | null;
    method: 'link' | 'passkey';
  },
): Promise<SignedIn> {
  const sessionId = newSecret();
  const expiresAt = new Date(input.now.getTime() + SESSION_LIMITS.absoluteDays * 24 * HOUR);
  await insertSession(trx, {
    id_hash: secretHash(sessionId),
    organization_id: input.organizationId,
    admin_user_id: input.adminUserId,
    created_at: input.now,
    last_seen_at: input.now,
    idle_expires_at: idleExpiry(input.now, expiresAt),
    expires_at: expiresAt,
    user_agent: input.userAgent?.slice(0, 300) ?? null,
  });
  await recordAudit(trx, {
    organizationId: input.organizationId,
    subjectType: 'admin_user',
    subjectId: input.adminUserId,
    action: 'admin.signed_in',
    actor: `admin_user:${input.adminUserId}`,
    ...(input.method === 'passkey' ? { data: { with: 'passkey' } } : {}),
  });
  const found = await findLiveSession(trx, secretHash(sessionId), input.now);
  if (!found) throw new Error('The new session vanished');
  return { sessionId, expiresAt, admin: found.admin };
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

/** An admin's own session as "your sessions" lists it. */
export interface YourSession {
  id: string;
  createdAt: Date;
  lastSeenAt: Date;
  userAgent: string | null;
  /** The session of the browser asking. */
  current: boolean;
}

/** The admin's live sessions, this browser's marked, most recently used first. */
export async function listYourSessions(
  db: Db,
  input: { organizationId: string; adminUserId: string; sessionId: string; now: Date },
): Promise<YourSession[]> {
  const current = secretHash(input.sessionId);
  const rows = await listLiveSessions(db, input, input.now);
  return rows.map((row) => ({
    id: row.id,
    createdAt: row.created_at,
    lastSeenAt: row.last_seen_at,
    userAgent: row.user_agent,
    current: row.id_hash === current,
  }));
}

/**
 * Ends one of the admin's own sessions, named by its public id (another device, or this one); recorded.
 * `not-found` for a session that is not theirs or has already ended; `ended-this-one` when it was this
 * browser's.
 */
export async function endYourSession(
  db: Db,
  input: { organizationId: string; adminUserId: string; sessionId: string; endSessionId: string; now: Date },
): Promise<'not-found' | 'ended' | 'ended-this-one'> {
  return db.transaction().execute(async (trx) => {
    const own = await findLiveSession(trx, secretHash(input.sessionId), input.now);
    if (!(await revokeAdminSessionById(trx, input, input.endSessionId, input.now))) return 'not-found';
    await recordAudit(trx, {
      organizationId: input.organizationId,
      subjectType: 'admin_user',
      subjectId: input.adminUserId,
      action: 'admin.session_ended',
      actor: `admin_user:${input.adminUserId}`,
    });
    return own?.session.id === input.endSessionId ? 'ended-this-one' : 'ended';
  });
}

/** Ends every session of the admin but this browser's; recorded with how many ended. */
export async function endOtherSessions(
  db: Db,
  input: { organizationId: string; adminUserId: string; sessionId: string; now: Date },
): Promise<Result<number>> {
  return runInTransaction(db, async (trx) => {
    const ended = await revokeOtherAdminSessions(trx, input, secretHash(input.sessionId), input.now);
    await recordAudit(trx, {
      organizationId: input.organizationId,
      subjectType: 'admin_user',
      subjectId: input.adminUserId,
      action: 'admin.signed_out_elsewhere',
      actor: `admin_user:${input.adminUserId}`,
      data: { sessions: ended },
    });
    return ok(ended);
  });
}
