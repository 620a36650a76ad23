import { insertApiKey } from '../../db/repositories/api-key.repository.ts';
import { recordAudit } from '../../db/repositories/audit.repository.ts';
import type { ApiKeyRow } from '../../db/schema.ts';
import type { Executor } from '../../db/transaction.ts';
import { generateApiKey } from './api-key-secret.ts';

/** Creates an API key for an organization; the plain key is returned once and never stored. */
export async function issueApiKey(
  db: Executor,
  input: { organizationId: string; name: string; actor: string },
): Promise<{ apiKey: ApiKeyRow; key: string }> {
  const { key, prefix, hash } = generateApiKey();
  const apiKey = await insertApiKey(db, {
    organization_id: input.organizationId,
    name: input.name,
    prefix,
    key_hash: hash,
  });
  await recordAudit(db, {
    organizationId: input.organizationId,
    subjectType: 'api_key',
    subjectId: apiKey.id,
    action: 'api_key.created',
    actor: input.actor,
    data: { name: input.name, prefix },
  });
  return { apiKey, key };
}
