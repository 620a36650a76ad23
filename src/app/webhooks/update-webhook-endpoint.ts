import { notFound, ok, type Result } from '../../core/result.ts';
import { recordAudit } from '../../db/repositories/audit.repository.ts';
import type { WebhookEndpointRow } from '../../db/schema.ts';
import { type Db, runInTransaction } from '../../db/transaction.ts';
import type { WebhookEndpointInput } from './create-webhook-endpoint.ts';
import { checkWebhookEvents, checkWebhookUrl } from './webhook-endpoint-input.ts';

/**
 * Changes an endpoint's URL, events, description or enabled flag. Disabling stops new events at once;
 * deliveries already queued for it end as failed ("endpoint disabled") when their job runs.
 */
export async function updateWebhookEndpoint(
  deps: { db: Db; allowPrivateWebhookAddresses?: boolean },
  input: {
    organizationId: string;
    endpointId: string;
    changes: Partial<WebhookEndpointInput>;
    actor: string;
    now: Date;
  },
): Promise<Result<WebhookEndpointRow>> {
  const { changes } = input;
  if (changes.url !== undefined) {
    const badUrl = checkWebhookUrl(changes.url, {
      allowPrivateAddresses: deps.allowPrivateWebhookAddresses ?? false,
    });
    if (badUrl) return badUrl;
  }
  let events: string[] | undefined;
  if (changes.events !== undefined) {
    const checked = checkWebhookEvents(changes.events);
    if (!checked.ok) return checked;
    events = checked.value;
  }
  return runInTransaction(deps.db, async (trx) => {
    const row = await trx
      .updateTable('webhook_endpoints')
      .set({
        ...(changes.url === undefined ? {} : { url: changes.url }),
        ...(events === undefined ? {} : { events }),
        ...(changes.description === undefined ? {} : { description: changes.description }),
        ...(changes.enabled === undefined ? {} : { enabled: changes.enabled }),
        updated_at: input.now,
      })
      .where('organization_id', '=', input.organizationId)
      .where('id', '=', input.endpointId)
      .returningAll()
      .executeTakeFirst();
    if (!row) return notFound('webhook_endpoint');
    await recordAudit(trx, {
      organizationId: input.organizationId,
      subjectType: 'organization',
      subjectId: input.organizationId,
      action: 'webhook_endpoint.updated',
      actor: input.actor,
      data: { endpointId: row.id, fields: Object.keys(changes) },
    });
    return ok(row);
  });
}
