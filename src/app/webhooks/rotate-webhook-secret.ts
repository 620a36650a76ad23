import { notFound, ok, type Result } from '../../core/result.ts';
import { recordAudit } from '../../db/repositories/audit.repository.ts';
import type { WebhookEndpointRow } from '../../db/schema.ts';
import { type Db, runInTransaction } from '../../db/transaction.ts';
import { sealWebhookSecret } from './webhook-secret-box.ts';
import { generateWebhookSecret } from './webhook-signature.ts';

/**
 * Replaces an endpoint's signing secret and returns the new one, once. The old secret stops at once:
 * every attempt from now on, retries of older events included, is signed with the new one.
 */
export async function rotateWebhookSecret(
  deps: { db: Db; appSecret: string },
  input: { organizationId: string; endpointId: string; actor: string; now: Date },
): Promise<Result<{ endpoint: WebhookEndpointRow; secret: string }>> {
  const secret = generateWebhookSecret();
  return runInTransaction(deps.db, async (trx) => {
    const endpoint = await trx
      .updateTable('webhook_endpoints')
      .set({
        secret_encrypted: sealWebhookSecret(deps.appSecret, input.organizationId, secret),
        updated_at: input.now,
      })
      .where('organization_id', '=', input.organizationId)
      .where('id', '=', input.endpointId)
      .returningAll()
      .executeTakeFirst();
    if (!endpoint) return notFound('webhook_endpoint');
    await recordAudit(trx, {
      organizationId: input.organizationId,
      subjectType: 'organization',
      subjectId: input.organizationId,
      action: 'webhook_endpoint.secret_rotated',
      actor: input.actor,
      data: { endpointId: endpoint.id },
    });
    return ok({ endpoint, secret });
  });
}
