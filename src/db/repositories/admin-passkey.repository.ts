import type { AdminPasskeyChallengesTable, AdminPasskeyRow } from '../back-office-schema.ts';
import type { Executor } from '../transaction.ts';

/** An admin's passkeys, oldest first. */
export async function listAdminPasskeys(
  db: Executor,
  admin: { organizationId: string; adminUserId: string },
): Promise<AdminPasskeyRow[]> {
  return db
    .selectFrom('admin_passkeys')
    .selectAll()
    .where('organization_id', '=', admin.organizationId)
    .where('admin_user_id', '=', admin.adminUserId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/** The passkey with this WebAuthn credential id, whoever's it is (sign-in finds its admin by it). */
export async function findPasskeyByCredentialId(
  db: Executor,
  credentialId: string,
): Promise<AdminPasskeyRow | undefined> {
  return db
    .selectFrom('admin_passkeys')
    .selectAll()
    .where('credential_id', '=', credentialId)
    .executeTakeFirst();
}

export async function insertAdminPasskey(
  db: Executor,
  values: {
    organization_id: string;
    admin_user_id: string;
    credential_id: string;
    public_key: Uint8Array;
    counter: number;
    transports: string[];
    name: string;
    created_at: Date;
  },
): Promise<AdminPasskeyRow> {
  return db.insertInto('admin_passkeys').values(values).returningAll().executeTakeFirstOrThrow();
}

/** Records a sign-in with a passkey: its new counter and when. */
export async function markPasskeyUsed(db: Executor, id: string, counter: number, at: Date): Promise<void> {
  await db.updateTable('admin_passkeys').set({ counter, last_used_at: at }).where('id', '=', id).execute();
}

/** Removes one of an admin's passkeys; another admin's or organization's is never touched. */
export async function deleteAdminPasskey(
  db: Executor,
  admin: { organizationId: string; adminUserId: string },
  id: string,
): Promise<boolean> {
  const result = await db
    .deleteFrom('admin_passkeys')
    .where('organization_id', '=', admin.organizationId)
    .where('admin_user_id', '=', admin.adminUserId)
    .where('id', '=', id)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}

export async function insertPasskeyChallenge(
  db: Executor,
  challenge: AdminPasskeyChallengesTable,
): Promise<void> {
  await db.insertInto('admin_passkey_challenges').values(challenge).execute();
}

/**
 * Uses a challenge: deletes it and returns it, in one statement, so it serves once. Undefined for an
 * unknown, expired or used one, or one of another purpose.
 */
export async function consumePasskeyChallenge(
  db: Executor,
  challengeHash: string,
  purpose: AdminPasskeyChallengesTable['purpose'],
  now: Date,
): Promise<AdminPasskeyChallengesTable | undefined> {
  const row = await db
    .deleteFrom('admin_passkey_challenges')
    .where('challenge_hash', '=', challengeHash)
    .where('purpose', '=', purpose)
    .returningAll()
    .executeTakeFirst();
  return row && row.expires_at > now ? row : undefined;
}

/** Live sign-in challenges one client asked for since `since` (the per-client limit). */
export async function countClientChallenges(db: Executor, clientKey: string, since: Date): Promise<number> {
  const row = await db
    .selectFrom('admin_passkey_challenges')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('client_key', '=', clientKey)
    .where('created_at', '>', since)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Challenges past their expiry serve for nothing. */
export async function deleteExpiredChallenges(db: Executor, now: Date): Promise<void> {
  await db.deleteFrom('admin_passkey_challenges').where('expires_at', '<=', now).execute();
}

/** Retention: deletes up to `limit` passkey challenges past their expiry. */
export async function deleteExpiredChallengesBatch(
  db: Executor,
  input: { now: Date; limit: number },
): Promise<number> {
  const result = await db
    .deleteFrom('admin_passkey_challenges')
    .where('challenge_hash', 'in', (eb) =>
      eb
        .selectFrom('admin_passkey_challenges')
        .select('challenge_hash')
        .where('expires_at', '<=', input.now)
        .limit(input.limit),
    )
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
