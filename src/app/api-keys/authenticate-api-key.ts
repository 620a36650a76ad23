import { findActiveApiKeyByHash, touchApiKey } from '../../db/repositories/api-key.repository.ts';
import type { ApiKeyRow } from '../../db/schema.ts';
import type { Executor } from '../../db/transaction.ts';
import { hashApiKey, looksLikeApiKey } from './api-key-secret.ts';

/** A key's use is written at most this often (not on every request). */
export const API_KEY_TOUCH_EVERY_SECONDS = 60;

/**
 * The active API key for a bearer token, or null. Its use is recorded (`last_used_at`), at most once a
 * minute per key, so a busy integration costs one write a minute rather than one a request.
 */
export async function authenticateApiKey(db: Executor, token: string, now: Date): Promise<ApiKeyRow | null> {
  if (!looksLikeApiKey(token)) return null;
  const key = await findActiveApiKeyByHash(db, hashApiKey(token));
  if (!key) return null;
  const last = key.last_used_at?.getTime();
  if (last === undefined || now.getTime() - last >= API_KEY_TOUCH_EVERY_SECONDS * 1000) {
    await touchApiKey(db, key.id, now, API_KEY_TOUCH_EVERY_SECONDS);
    return { ...key, last_used_at: now };
  }
  return key;
}
