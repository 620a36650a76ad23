import { findActiveApiKeyByHash } from '../../db/repositories/api-key.repository.ts';
import type { ApiKeyRow } from '../../db/schema.ts';
import type { Executor } from '../../db/transaction.ts';
import { hashApiKey, looksLikeApiKey } from './api-key-secret.ts';

/** The active API key for a bearer token, or null. */
export async function authenticateApiKey(db: Executor, token: string): Promise<ApiKeyRow | null> {
  if (!looksLikeApiKey(token)) return null;
  return (await findActiveApiKeyByHash(db, hashApiKey(token))) ?? null;
}
