import type { AdminSessionRow, AdminSignInTokenRow } from '../back-office-schema.ts';
import type { AdminUserRow } from '../schema.ts';
import type { Executor } from '../transaction.ts';

/** The admin users with this address, in every organization (one address may administer several). */
export async function findAdminUsersByEmail(db: Executor, email: string): Promise<AdminUserRow[]> {
  return db
    .selectFrom('admin_users')
    .selectAll()
    .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()))
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export async function recordSignInRequest(
  db: Executor,
  request: { emailKey: string; clientKey: string; at: Date },
): Promise<void> {
  await db
    .insertInto('admin_sign_in_requests')
    .values({ email_key: request.emailKey, client_key: request.clientKey, created_at: request.at })
    .execute();
}

/** Requests for links since `since`, for one address and from one client. */
export async function countSignInRequests(
  db: Executor,
  keys: { emailKey: string; clientKey: string },
  since: Date,
): Promise<{ forEmail: number; fromClient: number }> {
  const row = await db
    .selectFrom('admin_sign_in_requests')
    .select((eb) => [
      eb.fn.countAll<string | number>().filterWhere('email_key', '=', keys.emailKey).as('forEmail'),
      eb.fn.countAll<string | number>().filterWhere('client_key', '=', keys.clientKey).as('fromClient'),
    ])
    .where('created_at', '>', since)
    .where((eb) => eb.or([eb('email_key', '=', keys.emailKey), eb('client_key', '=', keys.clientKey)]))
    .executeTakeFirstOrThrow();
  return { forEmail: Number(row.forEmail), fromClient: Number(row.fromClient) };
}

/** Requests older than `before` count for no limit any more. */
export async function deleteSignInRequestsBefore(db: Executor, before: Date): Promise<void> {
  await db.deleteFrom('admin_sign_in_requests').where('created_at', '<', before).execute();
}

export async function insertSignInToken(
  db: Executor,
  token: Omit<AdminSignInTokenRow, 'used_at'>,
): Promise<void> {
  await db.insertInto('admin_sign_in_tokens').values(token).execute();
}

/**
 * Uses a sign-in token: marks it used and returns whose it is, in one statement, so two clicks on the same
 * link cannot both sign in. Undefined for an unknown, used or expired token.
 */
export async function consumeSignInToken(
  db: Executor,
  tokenHash: string,
  now: Date,
): Promise<{ organizationId: string; adminUserId: string } | undefined> {
  const row = await db
    .updateTable('admin_sign_in_tokens')
    .set({ used_at: now })
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .returning(['organization_id', 'admin_user_id'])
    .executeTakeFirst();
  return row ? { organizationId: row.organization_id, adminUserId: row.admin_user_id } : undefined;
}

export async function insertSession(
  db: Executor,
  session: Omit<AdminSessionRow, 'revoked_at' | 'id'>,
): Promise<void> {
  await db.insertInto('admin_sessions').values(session).execute();
}

/** The session with this id hash and its admin user, while it is neither revoked nor expired at `now`. */
export async function findLiveSession(
  db: Executor,
  idHash: string,
  now: Date,
): Promise<{ session: AdminSessionRow; admin: AdminUserRow } | undefined> {
  const row = await db
    .selectFrom('admin_sessions')
    .innerJoin('admin_users', (join) =>
      join
        .onRef('admin_users.id', '=', 'admin_sessions.admin_user_id')
        .onRef('admin_users.organization_id', '=', 'admin_sessions.organization_id'),
    )
    .selectAll('admin_sessions')
    .select([
      'admin_users.name as admin_name',
      'admin_users.email as admin_email',
      'admin_users.language as admin_language',
      'admin_users.created_at as admin_created_at',
      'admin_users.notify_comments as admin_notify_comments',
      'admin_users.notify_payments as admin_notify_payments',
    ])
    .where('admin_sessions.id_hash', '=', idHash)
    .where('admin_sessions.revoked_at', 'is', null)
    .where('admin_sessions.expires_at', '>', now)
    .where('admin_sessions.idle_expires_at', '>', now)
    .executeTakeFirst();
  if (!row) return undefined;
  const {
    admin_name,
    admin_email,
    admin_language,
    admin_created_at,
    admin_notify_comments,
    admin_notify_payments,
    ...session
  } = row;
  return {
    session,
    admin: {
      id: session.admin_user_id,
      organization_id: session.organization_id,
      name: admin_name,
      email: admin_email,
      language: admin_language,
      created_at: admin_created_at,
      notify_comments: admin_notify_comments,
      notify_payments: admin_notify_payments,
    },
  };
}

/** Records a use of the session: its idle expiry moves forward (never past its absolute expiry). */
export async function touchSession(
  db: Executor,
  idHash: string,
  seenAt: Date,
  idleExpiresAt: Date,
): Promise<void> {
  await db
    .updateTable('admin_sessions')
    .set({ last_seen_at: seenAt, idle_expires_at: idleExpiresAt })
    .where('id_hash', '=', idHash)
    .where('revoked_at', 'is', null)
    .execute();
}

export async function revokeSession(db: Executor, idHash: string, now: Date): Promise<void> {
  await db
    .updateTable('admin_sessions')
    .set({ revoked_at: now })
    .where('id_hash', '=', idHash)
    .where('revoked_at', 'is', null)
    .execute();
}

/** Ends every session of one admin user; returns how many were open. */
export async function revokeAdminSessions(
  db: Executor,
  admin: { organizationId: string; adminUserId: string },
  now: Date,
): Promise<number> {
  const result = await db
    .updateTable('admin_sessions')
    .set({ revoked_at: now })
    .where('organization_id', '=', admin.organizationId)
    .where('admin_user_id', '=', admin.adminUserId)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** An admin's live sessions (neither revoked nor expired at `now`), most recently used first. */
export async function listLiveSessions(
  db: Executor,
  admin: { organizationId: string; adminUserId: string },
  now: Date,
): Promise<AdminSessionRow[]> {
  return db
    .selectFrom('admin_sessions')
    .selectAll()
    .where('organization_id', '=', admin.organizationId)
    .where('admin_user_id', '=', admin.adminUserId)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .where('idle_expires_at', '>', now)
    .orderBy('last_seen_at', 'desc')
    .orderBy('id')
    .execute();
}

/**
 * Ends one live session of an admin, named by its public id; another admin's or organization's is never
 * touched. Returns whether one was ended.
 */
export async function revokeAdminSessionById(
  db: Executor,
  admin: { organizationId: string; adminUserId: string },
  id: string,
  now: Date,
): Promise<boolean> {
  const result = await db
    .updateTable('admin_sessions')
    .set({ revoked_at: now })
    .where('organization_id', '=', admin.organizationId)
    .where('admin_user_id', '=', admin.adminUserId)
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Ends every session of an admin but one (this browser's); returns how many were ended. */
export async function revokeOtherAdminSessions(
  db: Executor,
  admin: { organizationId: string; adminUserId: string },
  keepIdHash: string,
  now: Date,
): Promise<number> {
  const result = await db
    .updateTable('admin_sessions')
    .set({ revoked_at: now })
    .where('organization_id', '=', admin.organizationId)
    .where('admin_user_id', '=', admin.adminUserId)
    .where('id_hash', '<>', keepIdHash)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Retention: deletes up to `limit` sessions that ended (signed out, idle too long, or past 30 days). */
export async function deleteEndedSessions(
  db: Executor,
  input: { now: Date; limit: number },
): Promise<number> {
  const result = await db
    .deleteFrom('admin_sessions')
    .where('id_hash', 'in', (eb) =>
      eb
        .selectFrom('admin_sessions')
        .select('id_hash')
        .where((w) =>
          w.or([
            w('revoked_at', 'is not', null),
            w('expires_at', '<=', input.now),
            w('idle_expires_at', '<=', input.now),
          ]),
        )
        .limit(input.limit),
    )
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Retention: deletes up to `limit` sign-in links past their expiry (used or not: neither works any more). */
export async function deleteExpiredSignInTokens(
  db: Executor,
  input: { now: Date; limit: number },
): Promise<number> {
  const result = await db
    .deleteFrom('admin_sign_in_tokens')
    .where('token_hash', 'in', (eb) =>
      eb
        .selectFrom('admin_sign_in_tokens')
        .select('token_hash')
        .where('expires_at', '<=', input.now)
        .limit(input.limit),
    )
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Retention: deletes up to `limit` sign-in requests older than `before` (they count for no limit any more). */
export async function deleteOldSignInRequests(
  db: Executor,
  input: { before: Date; limit: number },
): Promise<number> {
  const result = await db
    .deleteFrom('admin_sign_in_requests')
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('admin_sign_in_requests')
        .select('id')
        .where('created_at', '<', input.before)
        .limit(input.limit),
    )
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
