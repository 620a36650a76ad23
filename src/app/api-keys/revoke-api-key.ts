import { notFound, ok, type Result } from '../../core/result.ts';
import { setApiKeyRevoked } from '../../db/repositories/api-key.repository.ts';
import { recordAudit } from '../../db/repositories/audit.repository.ts';
import type { ApiKeyRow } from '../../db/schema.ts';
import { type Db, runInTransaction } from '../../db/transaction.ts';

/** Revokes an API key of the organization: it stops working at once. The API and the back office call it. */
export async function revokeApiKey(
  db: Db,
  input: { organizationId: string; apiKeyId: string; actor: string },
): Promise<Result<ApiKeyRow>> {
  return runInTransaction(db, async (trx) => {
    const row = await setApiKeyRevoked(trx, input.organizationId, input.apiKeyId);
    if (!row) return notFound('api_key');
    await recordAudit(trx, {
      organizationId: input.organizationId,
      subjectType: 'api_key',
      subjectId: row.id,
      action: 'api_key.revoked',
      actor: input.actor,
    });
    return ok(row);
  });
}
