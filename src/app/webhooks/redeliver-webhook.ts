import { fail, notFound, ok, type Result } from '../../core/result.ts';
import { recordAudit } from '../../db/repositories/audit.repository.ts';
import type { WebhookDeliveryRow } from '../../db/schema.ts';
import { type Db, runInTransaction } from '../../db/transaction.ts';
import { type JobSender, QUEUES } from '../../jobs/job-queue.ts';

/**
 * Sends one delivery again, with the same event id and body (a receiver that already has it can drop
 * it by `webhook-id`): the delivery goes back to pending and a job is queued in the same transaction,
 * with the queue's full retry schedule. A delivery still pending is refused, as it already has a job;
 * so is one whose endpoint is disabled, as the job would only fail it again.
 */
export async function redeliverWebhook(
  deps: { db: Db; jobs: JobSender },
  input: { organizationId: string; deliveryId: string; actor: string },
): Promise<Result<WebhookDeliveryRow>> {
  return runInTransaction(deps.db, async (trx) => {
    const current = await trx
      .selectFrom('webhook_deliveries')
      .innerJoin('webhook_endpoints', (join) =>
        join
          .onRef('webhook_endpoints.id', '=', 'webhook_deliveries.endpoint_id')
          .onRef('webhook_endpoints.organization_id', '=', 'webhook_deliveries.organization_id'),
      )
      .select(['webhook_deliveries.id', 'webhook_deliveries.status', 'webhook_endpoints.enabled'])
      .where('webhook_deliveries.organization_id', '=', input.organizationId)
      .where('webhook_deliveries.id', '=', input.deliveryId)
      .forUpdate()
      .executeTakeFirst();
    if (!current) return notFound('webhook_delivery');
    if (current.status === 'pending') return fail('WEBHOOK_DELIVERY_PENDING', 'deliveryId');
    if (!current.enabled) return fail('WEBHOOK_ENDPOINT_DISABLED', 'deliveryId');
    const delivery = await trx
      .updateTable('webhook_deliveries')
      .set({ status: 'pending', delivered_at: null })
      .where('organization_id', '=', input.organizationId)
      .where('id', '=', current.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      organizationId: input.organizationId,
      subjectType: 'organization',
      subjectId: input.organizationId,
      action: 'webhook_delivery.redelivered',
      actor: input.actor,
      data: { deliveryId: delivery.id, endpointId: delivery.endpoint_id, previousStatus: current.status },
    });
    await deps.jobs.sendInTransaction(trx, QUEUES.webhookDeliver, {
      organizationId: input.organizationId,
      deliveryId: delivery.id,
    });
    return ok(delivery);
  });
}
