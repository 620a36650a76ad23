import { notFound, ok, type Result } from '../../core/result.ts';
import { recordAudit } from '../../db/repositories/audit.repository.ts';
import { type Db, runInTransaction } from '../../db/transaction.ts';

/**
 * Removes an endpoint with its delivery log (the foreign key cascades). Jobs still queued for its
 * deliveries find nothing and end quietly.
 */
export async function deleteWebhookEndpoint(
  db: Db,
  input: { organizationId: string; endpointId: string; actor: string },
): Promise<Result<{ id: string }>> {
  return runInTransaction(db, async (trx) => {
    const row = await trx
      .deleteFrom('webhook_endpoints')
      .where('organization_id', '=', input.organizationId)
      .where('id', '=', input.endpointId)
      .returning(['id', 'url'])
      .executeTakeFirst();
    if (!row) return notFound('webhook_endpoint');
    await recordAudit(trx, {
      organizationId: input.organizationId,
      subjectType: 'organization',
      subjectId: input.organizationId,
      action: 'webhook_endpoint.deleted',
      actor: input.actor,
      data: { endpointId: row.id, url: row.url },
    });
    return ok({ id: row.id });
  });
}
