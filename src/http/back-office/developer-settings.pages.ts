import { z } from 'zod';
import { issueApiKey } from '../../app/api-keys/issue-api-key.ts';
import { revokeApiKey } from '../../app/api-keys/revoke-api-key.ts';
import { createWebhookEndpoint } from '../../app/webhooks/create-webhook-endpoint.ts';
import { deleteWebhookEndpoint } from '../../app/webhooks/delete-webhook-endpoint.ts';
import { WEBHOOK_EVENT_TYPES } from '../../app/webhooks/emit-webhook-event.ts';
import { redeliverWebhook } from '../../app/webhooks/redeliver-webhook.ts';
import { rotateWebhookSecret } from '../../app/webhooks/rotate-webhook-secret.ts';
import { updateWebhookEndpoint } from '../../app/webhooks/update-webhook-endpoint.ts';
import type { FieldError } from '../../back-office/view-models.ts';
import {
  API_KEY_FIELD_LABELS,
  apiKeyPaths,
  renderApiKeysPage,
} from '../../back-office/views/api-keys-page.ts';
import {
  isWebhookNotice,
  renderWebhookEndpointPage,
  renderWebhooksPage,
  WEBHOOK_FIELD_LABELS,
  type WebhookForm,
  type WebhookNotice,
  webhookPaths,
} from '../../back-office/views/webhooks-page.ts';
import { type Failure, isNotFound } from '../../core/result.ts';
import { decodeCreatedAtCursor, encodeCreatedAtCursor } from '../../db/keyset-cursor.ts';
import { listApiKeys } from '../../db/repositories/api-key.repository.ts';
import {
  findWebhookDelivery,
  findWebhookEndpoint,
  listWebhookDeliveries,
  listWebhookEndpoints,
} from '../../db/repositories/webhook.repository.ts';
import type { WebhookEndpointRow } from '../../db/schema.ts';
import { describeFormFailure, describeFormIssues, failureResponse } from '../api/error-table.ts';
import { ApiKeyCreateSchema, IdParams } from '../api/schemas.ts';
import { WebhookEndpointCreateSchema, WebhookEndpointUpdateSchema } from '../api/webhooks.routes.ts';
import { type BackOfficeContext, type BackOfficeResult, backOfficeRoute } from './back-office-kit.ts';
import { settingsLabelIn } from './settings.pages.ts';

/**
 * Settings for the business's developers (issue 12): API keys, and webhook endpoints with their delivery
 * log (the outbox is in `outbox.pages.ts`). Every action calls the use case the API calls, validated by the
 * API's own schema; a secret (a new key, a webhook's signing secret) is shown in the answer to the post
 * that made it, never in a URL, and never again.
 */

export const DELIVERIES_PAGE_SIZE = 25;

export const DoneQuery = z.object({ done: z.string().max(20).optional() });
const PagedQuery = z.object({ done: z.string().max(20).optional(), cursor: z.string().max(200).optional() });
const EndpointParams = IdParams('endpointId');

/** A use case's refusal that is no field's, in the admin's words. */
export const failureText = (ctx: BackOfficeContext<unknown, unknown>, failure: Failure) =>
  failureResponse(failure, ctx.lang).body.error.message;

/** A schema's issues as form errors, `events.0` being the events field. */
const formIssues = (ctx: BackOfficeContext<unknown, unknown>, error: z.ZodError, labels: object) =>
  describeFormIssues(error, ctx.lang, settingsLabelIn(ctx.lang, labels as Record<string, 'fieldName'>)).map(
    (e): FieldError => ({ ...e, field: e.field.split('.')[0] ?? e.field }),
  );

// API keys

async function apiKeysPage(
  ctx: BackOfficeContext<unknown, unknown>,
  options: { created?: { name: string; key: string }; errors?: FieldError[]; revoked?: boolean },
  status = 200,
): Promise<BackOfficeResult> {
  const keys = await listApiKeys(ctx.deps.db, ctx.organization.id);
  return {
    status,
    page: renderApiKeysPage({
      chrome: ctx.chrome('settings'),
      keys: keys.map((k) => ({
        id: k.id,
        name: k.name,
        prefix: k.prefix,
        createdAt: k.created_at,
        lastUsedAt: k.last_used_at,
        revokedAt: k.revoked_at,
      })),
      values: options.errors ? ctx.form : {},
      errors: options.errors ?? [],
      created: options.created ?? null,
      revoked: options.revoked ?? false,
    }),
  };
}

const apiKeyPages = [
  backOfficeRoute({
    method: 'GET',
    path: '/settings/api-keys',
    name: 'apiKeys',
    query: DoneQuery,
    handler: async (ctx) => apiKeysPage(ctx, { revoked: ctx.query.done === 'revoked' }),
  }),
  backOfficeRoute({
    method: 'POST',
    path: '/settings/api-keys',
    name: 'createApiKey',
    handler: async (ctx) => {
      const parsed = ApiKeyCreateSchema.safeParse({ name: ctx.form.name ?? '' });
      if (!parsed.success) {
        return apiKeysPage(ctx, { errors: formIssues(ctx, parsed.error, API_KEY_FIELD_LABELS) }, 422);
      }
      const { apiKey, key } = await ctx.deps.db
        .transaction()
        .execute((trx) =>
          issueApiKey(trx, { organizationId: ctx.organization.id, name: parsed.data.name, actor: ctx.actor }),
        );
      // The key is in this answer only: a redirect would have to carry it in its URL.
      return apiKeysPage(ctx, { created: { name: apiKey.name, key } }, 201);
    },
  }),
  backOfficeRoute({
    method: 'POST',
    path: '/settings/api-keys/:apiKeyId/revoke',
    name: 'revokeApiKey',
    params: IdParams('apiKeyId'),
    handler: async (ctx) => {
      const result = await revokeApiKey(ctx.deps.db, {
        organizationId: ctx.organization.id,
        apiKeyId: ctx.params.apiKeyId,
        actor: ctx.actor,
      });
      return result.ok ? { redirect: `${apiKeyPaths.list}?done=revoked` } : { notFound: true };
    },
  }),
];

// Webhooks

/** The endpoint form as the API's input: the events ticked, an empty description null. */
function webhookInput(
  ctx: BackOfficeContext<unknown, unknown>,
  withEnabled: boolean,
): Record<string, unknown> {
  const description = (ctx.form.description ?? '').trim();
  return {
    url: (ctx.form.url ?? '').trim(),
    events: [...(ctx.formAll.events ?? [])],
    description: description === '' ? null : description,
    ...(withEnabled ? { enabled: ctx.form.enabled === '1' } : {}),
  };
}

const typedForm = (ctx: BackOfficeContext<unknown, unknown>, errors: FieldError[]): WebhookForm => ({
  eventTypes: WEBHOOK_EVENT_TYPES,
  values: ctx.form,
  events: ctx.formAll.events ?? [],
  errors,
});

const endpointForm = (e: WebhookEndpointRow): WebhookForm => ({
  eventTypes: WEBHOOK_EVENT_TYPES,
  values: { url: e.url, description: e.description ?? '', enabled: e.enabled ? '1' : '' },
  events: e.events,
  errors: [],
});

/** A refusal of the endpoint form: each error next to its field. */
const webhookErrors = (ctx: BackOfficeContext<unknown, unknown>, failure: Failure) => [
  describeFormFailure(failure, ctx.lang, settingsLabelIn(ctx.lang, WEBHOOK_FIELD_LABELS), 'url'),
];

async function webhooksPage(
  ctx: BackOfficeContext<unknown, unknown>,
  options: { form?: WebhookForm; deleted?: boolean },
  status = 200,
): Promise<BackOfficeResult> {
  const endpoints = await listWebhookEndpoints(ctx.deps.db, ctx.organization.id);
  return {
    status,
    page: renderWebhooksPage({
      chrome: ctx.chrome('settings'),
      endpoints,
      form: options.form ?? { eventTypes: WEBHOOK_EVENT_TYPES, values: {}, events: [], errors: [] },
      deleted: options.deleted ?? false,
    }),
  };
}

/** An endpoint's page: its form, its delivery log from `cursor`, and what just happened. */
async function endpointPage(
  ctx: BackOfficeContext<unknown, unknown>,
  endpoint: WebhookEndpointRow,
  options: {
    form?: WebhookForm;
    secret?: string;
    notice?: WebhookNotice | null;
    failure?: string;
    cursor?: string;
  },
  status = 200,
): Promise<BackOfficeResult> {
  const before = decodeCreatedAtCursor(options.cursor);
  if (before === null) return { notFound: true };
  const rows = await listWebhookDeliveries(ctx.deps.db, ctx.organization.id, endpoint.id, {
    limit: DELIVERIES_PAGE_SIZE + 1,
    ...(before ? { before } : {}),
  });
  const deliveries = rows.slice(0, DELIVERIES_PAGE_SIZE);
  const last = deliveries.at(-1);
  const base = webhookPaths.endpoint(endpoint.id);
  return {
    status,
    page: renderWebhookEndpointPage({
      chrome: ctx.chrome('settings'),
      endpoint,
      form: options.form ?? endpointForm(endpoint),
      secret: options.secret ?? null,
      notice: options.notice ?? null,
      failure: options.failure ?? null,
      deliveries: deliveries.map((d) => ({
        id: d.id,
        eventId: d.event_id,
        eventType: d.event_type,
        status: d.status,
        attempts: d.attempts,
        lastStatusCode: d.last_status_code,
        lastError: d.last_error,
        createdAt: d.created_at,
        lastAttemptAt: d.last_attempt_at,
        deliveredAt: d.delivered_at,
      })),
      nextUrl:
        rows.length > DELIVERIES_PAGE_SIZE && last
          ? `${base}?cursor=${encodeURIComponent(encodeCreatedAtCursor(last))}`
          : null,
      firstUrl: options.cursor ? base : null,
    }),
  };
}

type EndpointContext = BackOfficeContext<{ endpointId: string }, unknown>;

const loadEndpoint = (ctx: EndpointContext) =>
  findWebhookEndpoint(ctx.deps.db, ctx.organization.id, ctx.params.endpointId);

const webhookPages = [
  backOfficeRoute({
    method: 'GET',
    path: '/settings/webhooks',
    name: 'webhooks',
    query: DoneQuery,
    handler: async (ctx) => webhooksPage(ctx, { deleted: ctx.query.done === 'deleted' }),
  }),
  backOfficeRoute({
    method: 'POST',
    path: '/settings/webhooks',
    name: 'createWebhook',
    handler: async (ctx) => {
      const parsed = WebhookEndpointCreateSchema.safeParse(webhookInput(ctx, false));
      if (!parsed.success) {
        const errors = formIssues(ctx, parsed.error, WEBHOOK_FIELD_LABELS);
        return webhooksPage(ctx, { form: typedForm(ctx, errors) }, 422);
      }
      const result = await createWebhookEndpoint(ctx.deps, {
        organizationId: ctx.organization.id,
        endpoint: parsed.data,
        actor: ctx.actor,
      });
      if (!result.ok) return webhooksPage(ctx, { form: typedForm(ctx, webhookErrors(ctx, result)) }, 422);
      // The signing secret is in this answer only.
      const { endpoint, secret } = result.value;
      return endpointPage(ctx, endpoint, { secret, notice: 'created' }, 201);
    },
  }),
  backOfficeRoute({
    method: 'GET',
    path: '/settings/webhooks/:endpointId',
    name: 'webhookEndpoint',
    params: EndpointParams,
    query: PagedQuery,
    handler: async (ctx) => {
      const endpoint = await loadEndpoint(ctx);
      if (!endpoint) return { notFound: true };
      const done = ctx.query.done;
      return endpointPage(ctx, endpoint, {
        notice: isWebhookNotice(done) ? done : null,
        ...(ctx.query.cursor ? { cursor: ctx.query.cursor } : {}),
      });
    },
  }),
  backOfficeRoute({
    method: 'POST',
    path: '/settings/webhooks/:endpointId',
    name: 'updateWebhook',
    params: EndpointParams,
    handler: async (ctx) => {
      const endpoint = await loadEndpoint(ctx);
      if (!endpoint) return { notFound: true };
      const parsed = WebhookEndpointUpdateSchema.safeParse(webhookInput(ctx, true));
      if (!parsed.success) {
        const errors = formIssues(ctx, parsed.error, WEBHOOK_FIELD_LABELS);
        return endpointPage(ctx, endpoint, { form: typedForm(ctx, errors) }, 422);
      }
      const result = await updateWebhookEndpoint(ctx.deps, {
        organizationId: ctx.organization.id,
        endpointId: endpoint.id,
        changes: parsed.data,
        actor: ctx.actor,
        now: ctx.now,
      });
      if (result.ok) return { redirect: `${webhookPaths.endpoint(endpoint.id)}?done=saved` };
      if (isNotFound(result.code)) return { notFound: true };
      return endpointPage(ctx, endpoint, { form: typedForm(ctx, webhookErrors(ctx, result)) }, 422);
    },
  }),
  backOfficeRoute({
    method: 'POST',
    path: '/settings/webhooks/:endpointId/rotate-secret',
    name: 'rotateWebhookSecret',
    params: EndpointParams,
    handler: async (ctx) => {
      const result = await rotateWebhookSecret(ctx.deps, {
        organizationId: ctx.organization.id,
        endpointId: ctx.params.endpointId,
        actor: ctx.actor,
        now: ctx.now,
      });
      if (!result.ok) return { notFound: true };
      return endpointPage(ctx, result.value.endpoint, { secret: result.value.secret, notice: 'rotated' });
    },
  }),
  backOfficeRoute({
    method: 'POST',
    path: '/settings/webhooks/:endpointId/delete',
    name: 'deleteWebhook',
    params: EndpointParams,
    handler: async (ctx) => {
      const result = await deleteWebhookEndpoint(ctx.deps.db, {
        organizationId: ctx.organization.id,
        endpointId: ctx.params.endpointId,
        actor: ctx.actor,
      });
      return result.ok ? { redirect: `${webhookPaths.list}?done=deleted` } : { notFound: true };
    },
  }),
  backOfficeRoute({
    method: 'POST',
    path: '/settings/webhooks/deliveries/:deliveryId/redeliver',
    name: 'redeliverWebhook',
    params: IdParams('deliveryId'),
    handler: async (ctx) => {
      const delivery = await findWebhookDelivery(ctx.deps.db, ctx.organization.id, ctx.params.deliveryId);
      if (!delivery) return { notFound: true };
      const result = await redeliverWebhook(ctx.deps, {
        organizationId: ctx.organization.id,
        deliveryId: delivery.id,
        actor: ctx.actor,
      });
      if (result.ok) return { redirect: `${webhookPaths.endpoint(delivery.endpoint_id)}?done=redelivered` };
      const endpoint = await findWebhookEndpoint(ctx.deps.db, ctx.organization.id, delivery.endpoint_id);
      if (!endpoint || isNotFound(result.code)) return { notFound: true };
      return endpointPage(ctx, endpoint, { failure: failureText(ctx, result) }, 409);
    },
  }),
];

export const developerSettingsPages = [...apiKeyPages, ...webhookPages];
