import { z } from 'zod';
import { createWebhookEndpoint } from '../../app/webhooks/create-webhook-endpoint.ts';
import { deleteWebhookEndpoint } from '../../app/webhooks/delete-webhook-endpoint.ts';
import { WEBHOOK_USER_AGENT } from '../../app/webhooks/deliver-webhook.ts';
import { WEBHOOK_EVENT_TYPES } from '../../app/webhooks/emit-webhook-event.ts';
import { redeliverWebhook } from '../../app/webhooks/redeliver-webhook.ts';
import { rotateWebhookSecret } from '../../app/webhooks/rotate-webhook-secret.ts';
import { updateWebhookEndpoint } from '../../app/webhooks/update-webhook-endpoint.ts';
import {
  WEBHOOK_DESCRIPTION_MAX_LENGTH,
  WEBHOOK_URL_MAX_LENGTH,
} from '../../app/webhooks/webhook-endpoint-input.ts';
import { fail, notFound } from '../../core/result.ts';
import { decodeCreatedAtCursor, encodeCreatedAtCursor } from '../../db/keyset-cursor.ts';
import {
  findWebhookEndpoint,
  listWebhookDeliveries,
  listWebhookEndpoints,
} from '../../db/repositories/webhook.repository.ts';
import type { WebhookDeliveryRow, WebhookEndpointRow } from '../../db/schema.ts';
import { QUEUE_POLICIES } from '../../jobs/job-queue.ts';
import { route } from './route-kit.ts';
import { IdParams } from './schemas.ts';

const policy = QUEUE_POLICIES['webhook-deliver'];

/** The signature scheme and the events, for the API reference (docs/webhooks.md says the same at length). */
const WEBHOOKS_DESCRIPTION = `Events are POSTed as JSON \`{ id, type, createdAt, organizationId, data }\` and signed as the Standard Webhooks specification (https://www.standardwebhooks.com) defines:

- \`webhook-id\`: the event id, the same on every retry (drop duplicates by it);
- \`webhook-timestamp\`: the attempt's time in unix seconds (refuse it if more than 5 minutes off);
- \`webhook-signature\`: \`v1,\` + base64 HMAC-SHA256 of \`{webhook-id}.{webhook-timestamp}.{raw body}\`, keyed with the base64-decoded part of the \`whsec_…\` secret after the prefix;
- \`content-type: application/json\`, \`user-agent: ${WEBHOOK_USER_AGENT}\`.

Any 2xx answer within 10 seconds is a delivery; anything else (redirects included: they are not followed) is retried up to ${policy.retryLimit} times with exponential backoff from ${policy.retryDelay} s to at most ${(policy.retryDelayMax ?? 0) / 3600} h between tries, then the delivery is failed. Deliveries are at least once. An endpoint whose host resolves to an address that is not public (DNS rebinding) fails at once, its reason in the delivery log.

Events and their \`data\`:
- \`comment.created\`: a customer commented on an invoice in the portal — \`{ invoiceId, invoiceNumber, customerId, commentId, body, createdAt }\`;
- \`invoice.viewed\`: the customer opened the invoice in the portal for the first time — \`{ invoiceId, invoiceNumber, customerId, viewedAt }\`;
- \`invoice.sent\`: an invoice e-mail was accepted by the SMTP server (or kept in the local mailbox) — \`{ invoiceId, invoiceNumber, customerId, emailId, messageId, to, cc, sentAt }\`;
- \`invoice.paid\`, \`payment.refunded\`: payments (sent by the payments feature).`;

function endpointJson(e: WebhookEndpointRow) {
  return {
    id: e.id,
    url: e.url,
    description: e.description,
    events: e.events,
    enabled: e.enabled,
    createdAt: e.created_at.toISOString(),
    updatedAt: e.updated_at.toISOString(),
  };
}

function deliveryJson(d: WebhookDeliveryRow) {
  return {
    id: d.id,
    endpointId: d.endpoint_id,
    eventId: d.event_id,
    eventType: d.event_type,
    status: d.status,
    attempts: d.attempts,
    lastStatusCode: d.last_status_code,
    lastError: d.last_error,
    lastAttemptAt: d.last_attempt_at?.toISOString() ?? null,
    deliveredAt: d.delivered_at?.toISOString() ?? null,
    createdAt: d.created_at.toISOString(),
    payload: JSON.parse(d.body) as unknown,
  };
}

const WebhookUrl = z.url().max(WEBHOOK_URL_MAX_LENGTH).meta({
  description:
    'Where events are POSTed: https:// to a public internet address (loopback, private, link-local, reserved and cloud metadata addresses are refused, also when a name resolves to one at delivery time), or http:// for localhost, 127.0.0.1 or [::1] where the operator allows private addresses (development).',
  example: 'https://erp.example.com/hooks/invoice-portal',
});
const WebhookEvents = z
  .array(z.enum(WEBHOOK_EVENT_TYPES))
  .min(1)
  .max(20)
  .meta({ description: 'The event types to receive.', example: ['comment.created', 'invoice.viewed'] });
const WebhookDescription = z.string().trim().max(WEBHOOK_DESCRIPTION_MAX_LENGTH).nullable().optional();

export const WebhookEndpointCreateSchema = z.strictObject({
  url: WebhookUrl,
  events: WebhookEvents,
  description: WebhookDescription,
  enabled: z.boolean().optional(),
});
export const WebhookEndpointUpdateSchema = WebhookEndpointCreateSchema.partial().refine(
  (v) => Object.keys(v).length > 0,
  { message: 'empty' },
);
const WebhookDeliveryListQuerySchema = z.strictObject({
  status: z.enum(['pending', 'delivered', 'failed']).optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
  cursor: z.string().max(200).optional(),
});
const EndpointParams = IdParams('endpointId');
const DeliveryParams = IdParams('deliveryId');

const TAG = 'Webhooks';

export const webhookRoutes = [
  route({
    method: 'GET',
    path: '/webhook-endpoints',
    operationId: 'listWebhookEndpoints',
    summary: 'List the URLs that receive your events (B10). Secrets are never shown again.',
    description: WEBHOOKS_DESCRIPTION,
    tag: TAG,
    handler: async ({ deps, organization }) => ({
      body: { data: (await listWebhookEndpoints(deps.db, organization.id)).map(endpointJson) },
    }),
  }),
  route({
    method: 'POST',
    path: '/webhook-endpoints',
    operationId: 'createWebhookEndpoint',
    summary: 'Register a URL for events; the answer carries the signing secret, shown this once.',
    description: WEBHOOKS_DESCRIPTION,
    tag: TAG,
    body: WebhookEndpointCreateSchema,
    handler: async ({ deps, organization, body, actor }) => {
      const result = await createWebhookEndpoint(deps, {
        organizationId: organization.id,
        endpoint: body,
        actor,
      });
      return result.ok
        ? { body: { ...endpointJson(result.value.endpoint), secret: result.value.secret } }
        : result;
    },
  }),
  route({
    method: 'GET',
    path: '/webhook-endpoints/:endpointId',
    operationId: 'getWebhookEndpoint',
    summary: 'Get a webhook endpoint (without its secret).',
    tag: TAG,
    params: EndpointParams,
    handler: async ({ deps, organization, params }) => {
      const row = await findWebhookEndpoint(deps.db, organization.id, params.endpointId);
      return row ? { body: endpointJson(row) } : notFound('webhook_endpoint');
    },
  }),
  route({
    method: 'PATCH',
    path: '/webhook-endpoints/:endpointId',
    operationId: 'updateWebhookEndpoint',
    summary: 'Change an endpoint’s URL, events, description, or enable/disable it.',
    description:
      'Disabling stops new events at once; deliveries still queued for the endpoint end as failed ("the endpoint is disabled") and can be redelivered after enabling it again.',
    tag: TAG,
    params: EndpointParams,
    body: WebhookEndpointUpdateSchema,
    handler: async ({ deps, organization, params, body, actor, now }) => {
      const result = await updateWebhookEndpoint(deps, {
        organizationId: organization.id,
        endpointId: params.endpointId,
        changes: body,
        actor,
        now,
      });
      return result.ok ? { body: endpointJson(result.value) } : result;
    },
  }),
  route({
    method: 'DELETE',
    path: '/webhook-endpoints/:endpointId',
    operationId: 'deleteWebhookEndpoint',
    summary: 'Delete an endpoint and its delivery log.',
    tag: TAG,
    params: EndpointParams,
    handler: async ({ deps, organization, params, actor }) => {
      const result = await deleteWebhookEndpoint(deps.db, {
        organizationId: organization.id,
        endpointId: params.endpointId,
        actor,
      });
      return result.ok ? {} : result;
    },
  }),
  route({
    method: 'POST',
    path: '/webhook-endpoints/:endpointId/rotate-secret',
    operationId: 'rotateWebhookSecret',
    summary: 'Replace the signing secret; the new one is in the answer, shown this once.',
    description:
      'The old secret stops at once: every attempt from now on, retries of older events included, is signed with the new secret.',
    tag: TAG,
    params: EndpointParams,
    successStatus: 200,
    handler: async ({ deps, organization, params, actor, now }) => {
      const result = await rotateWebhookSecret(deps, {
        organizationId: organization.id,
        endpointId: params.endpointId,
        actor,
        now,
      });
      return result.ok
        ? { body: { ...endpointJson(result.value.endpoint), secret: result.value.secret } }
        : result;
    },
  }),
  route({
    method: 'GET',
    path: '/webhook-endpoints/:endpointId/deliveries',
    operationId: 'listWebhookDeliveries',
    summary: 'The delivery log of an endpoint, newest first (keyset pagination), with each event’s payload.',
    description:
      '`status` is `pending` (queued or between retries), `delivered` (a 2xx answer) or `failed` (retries exhausted, or the endpoint disabled). `attempts`, `lastStatusCode`, `lastError` and `lastAttemptAt` describe the latest try.',
    tag: TAG,
    params: EndpointParams,
    query: WebhookDeliveryListQuerySchema,
    handler: async ({ deps, organization, params, query }) => {
      const endpoint = await findWebhookEndpoint(deps.db, organization.id, params.endpointId);
      if (!endpoint) return notFound('webhook_endpoint');
      const limit = query.limit ?? 50;
      const before = decodeCreatedAtCursor(query.cursor);
      if (before === null) return fail('VALIDATION_FAILED', 'query.cursor');
      const rows = await listWebhookDeliveries(deps.db, organization.id, endpoint.id, {
        limit: limit + 1,
        ...(before ? { before } : {}),
        ...(query.status ? { status: query.status } : {}),
      });
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      return {
        body: {
          data: page.map(deliveryJson),
          nextCursor: rows.length > limit && last ? encodeCreatedAtCursor(last) : null,
        },
      };
    },
  }),
  route({
    method: 'POST',
    path: '/webhook-deliveries/:deliveryId/redeliver',
    operationId: 'redeliverWebhook',
    summary: 'Send a delivered or failed event to its endpoint again (same event id and body).',
    description:
      'The delivery goes back to `pending` with a fresh retry schedule. A pending delivery is refused (it is already being retried), as is one whose endpoint is disabled.',
    tag: TAG,
    params: DeliveryParams,
    successStatus: 202,
    handler: async ({ deps, organization, params, actor }) => {
      const result = await redeliverWebhook(deps, {
        organizationId: organization.id,
        deliveryId: params.deliveryId,
        actor,
      });
      return result.ok ? { body: deliveryJson(result.value) } : result;
    },
  }),
];
