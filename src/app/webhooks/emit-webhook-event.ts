import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Trx } from '../../db/transaction.ts';
import { type JobSender, QUEUES } from '../../jobs/job-queue.ts';

/** The events an organization can subscribe a webhook endpoint to (B10). */
export const WEBHOOK_EVENT_TYPES = [
  'invoice.sent',
  'invoice.viewed',
  'comment.created',
  'invoice.paid',
  'payment.refunded',
] as const;

export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

export interface WebhookEvent {
  organizationId: string;
  type: WebhookEventType;
  /** When it happened (the clock is the caller's). */
  occurredAt: Date;
  /** What happened: ids and the facts a receiving system needs without calling back. */
  data: Record<string, unknown>;
}

/**
 * Records an event for every enabled endpoint of the organization subscribed to its type, and queues one
 * delivery job each, inside the caller's transaction: the deliveries exist exactly when the change they
 * report was committed. The body is fixed here (`{ id, type, createdAt, organizationId, data }`), so every
 * retry sends, and signs, the same bytes. Returns the event id (the same for every endpoint).
 */
export async function emitWebhookEvent(trx: Trx, jobs: JobSender, event: WebhookEvent): Promise<string> {
  const eventId = randomUUID();
  const endpoints = await trx
    .selectFrom('webhook_endpoints')
    .select('id')
    .where('organization_id', '=', event.organizationId)
    .where('enabled', '=', true)
    .where(sql<boolean>`${event.type} = any(events)`)
    .execute();
  if (endpoints.length === 0) return eventId;
  const body = JSON.stringify({
    id: eventId,
    type: event.type,
    createdAt: event.occurredAt.toISOString(),
    organizationId: event.organizationId,
    data: event.data,
  });
  const deliveries = await trx
    .insertInto('webhook_deliveries')
    .values(
      endpoints.map((endpoint) => ({
        organization_id: event.organizationId,
        endpoint_id: endpoint.id,
        event_id: eventId,
        event_type: event.type,
        body,
      })),
    )
    .returning('id')
    .execute();
  for (const delivery of deliveries) {
    await jobs.sendInTransaction(trx, QUEUES.webhookDeliver, {
      organizationId: event.organizationId,
      deliveryId: delivery.id,
    });
  }
  return eventId;
}
