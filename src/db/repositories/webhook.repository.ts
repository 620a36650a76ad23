import { sql } from 'kysely';
import type { CreatedAtKey } from '../keyset-cursor.ts';
import { pastCursor } from '../keyset-cursor.ts';
import type { WebhookDeliveryRow, WebhookEndpointRow } from '../schema.ts';
import type { Executor } from '../transaction.ts';

export async function listWebhookEndpoints(
  db: Executor,
  organizationId: string,
): Promise<WebhookEndpointRow[]> {
  return db
    .selectFrom('webhook_endpoints')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export async function findWebhookEndpoint(
  db: Executor,
  organizationId: string,
  endpointId: string,
): Promise<WebhookEndpointRow | undefined> {
  return db
    .selectFrom('webhook_endpoints')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('id', '=', endpointId)
    .executeTakeFirst();
}

/**
 * An endpoint's delivery log, newest first, after a keyset cursor.
 *
 * NOTE: `created_at` has microseconds and a cursor carries a JavaScript date (milliseconds), so both
 * the order and the comparison use the time truncated to milliseconds (ties broken by id): compared
 * at full precision, rows in the same millisecond as the cursor could be skipped.
 */
export async function listWebhookDeliveries(
  db: Executor,
  organizationId: string,
  endpointId: string,
  options: { limit: number; before?: CreatedAtKey; status?: WebhookDeliveryRow['status'] },
): Promise<WebhookDeliveryRow[]> {
  const createdMs = sql<Date>`date_trunc('milliseconds', created_at)`;
  let q = db
    .selectFrom('webhook_deliveries')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('endpoint_id', '=', endpointId);
  if (options.status) q = q.where('status', '=', options.status);
  if (options.before) {
    q = q.where(pastCursor(createdMs, { key: options.before.createdAt, id: options.before.id }, 'desc'));
  }
  return q.orderBy(createdMs, 'desc').orderBy('id', 'desc').limit(options.limit).execute();
}

export async function findWebhookDelivery(
  db: Executor,
  organizationId: string,
  deliveryId: string,
): Promise<WebhookDeliveryRow | undefined> {
  return db
    .selectFrom('webhook_deliveries')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('id', '=', deliveryId)
    .executeTakeFirst();
}

/**
 * Retention: deletes up to `limit` delivered or failed deliveries created before `before`, oldest first
 * (their attempts are counted on the row, so they go with it). A pending delivery is never deleted.
 */
export async function deleteEndedWebhookDeliveries(
  db: Executor,
  input: { before: Date; limit: number },
): Promise<number> {
  const result = await db
    .deleteFrom('webhook_deliveries')
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('webhook_deliveries')
        .select('id')
        .where('status', '<>', 'pending')
        .where('created_at', '<', input.before)
        .orderBy('created_at')
        .limit(input.limit),
    )
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
