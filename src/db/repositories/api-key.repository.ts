import type { ApiKeyRow } from '../schema.ts';
import type { Executor } from '../transaction.ts';

export async function insertApiKey(
  db: Executor,
  values: { organization_id: string; name: string; prefix: string; key_hash: string },
): Promise<ApiKeyRow> {
  return db.insertInto('api_keys').values(values).returningAll().executeTakeFirstOrThrow();
}

/** The active key with this hash, or undefined (unknown or revoked). */
export async function findActiveApiKeyByHash(db: Executor, keyHash: string): Promise<ApiKeyRow | undefined> {
  return db
    .selectFrom('api_keys')
    .selectAll()
    .where('key_hash', '=', keyHash)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
}

export async function listApiKeys(db: Executor, organizationId: string): Promise<ApiKeyRow[]> {
  return db
    .selectFrom('api_keys')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/** Records a key's use, unless a use at most `everySeconds` ago is already recorded (one write a minute). */
export async function touchApiKey(db: Executor, id: string, now: Date, everySeconds: number): Promise<void> {
  await db
    .updateTable('api_keys')
    .set({ last_used_at: now })
    .where('id', '=', id)
    .where((eb) =>
      eb.or([
        eb('last_used_at', 'is', null),
        eb('last_used_at', '<=', new Date(now.getTime() - everySeconds * 1000)),
      ]),
    )
    .execute();
}

export async function setApiKeyRevoked(
  db: Executor,
  organizationId: string,
  id: string,
): Promise<ApiKeyRow | undefined> {
  return db
    .updateTable('api_keys')
    .set({ revoked_at: new Date() })
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}
