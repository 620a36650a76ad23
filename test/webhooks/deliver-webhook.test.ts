import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebhookEndpoint } from '../../src/app/webhooks/create-webhook-endpoint.ts';
import { deliverWebhook } from '../../src/app/webhooks/deliver-webhook.ts';
import { webhookEgress } from '../../src/app/webhooks/webhook-egress.ts';
import { type ApiHarness, createApiHarness } from '../support/api-harness.ts';

/**
 * One attempt of the delivery worker, called directly on a real database against real sockets: the
 * failure paths the end-to-end tests do not reach (connection refused, timeout, disabled endpoint,
 * a secret that does not open, an already delivered event).
 */

let h: ApiHarness;
let server: Server;
let baseUrl = '';
let requests = 0;
// The receivers here listen on 127.0.0.1: private addresses are allowed, as the operator's setting does.
const egress = webhookEgress({ allowPrivateAddresses: true });

beforeAll(async () => {
  h = await createApiHarness();
  server = createServer((request, response) => {
    requests += 1;
    if (request.url === '/hang') return; // never answers
    if (request.url === '/verbose') {
      response.writeHead(500).end('x'.repeat(100_000));
      return;
    }
    response.writeHead(200).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await h?.close();
  await egress.dispatcher.close();
});

async function pendingDelivery(url: string, options: { enabled?: boolean } = {}) {
  const created = await createWebhookEndpoint(
    { db: h.database.db, appSecret: h.appSecret, allowPrivateWebhookAddresses: true },
    {
      organizationId: h.a.id,
      endpoint: { url, events: ['comment.created'], enabled: options.enabled ?? true },
      actor: 'test',
    },
  );
  if (!created.ok) throw new Error(created.code);
  return h.database.db
    .insertInto('webhook_deliveries')
    .values({
      organization_id: h.a.id,
      endpoint_id: created.value.endpoint.id,
      event_id: randomUUID(),
      event_type: 'comment.created',
      body: '{"type":"comment.created"}',
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

const deps = (overrides: { appSecret?: string; timeoutMs?: number } = {}) => ({
  db: h.database.db,
  appSecret: overrides.appSecret ?? h.appSecret,
  fetch: globalThis.fetch,
  egress,
  clock: () => new Date('2026-05-30T10:00:00Z'),
  ...(overrides.timeoutMs ? { timeoutMs: overrides.timeoutMs } : {}),
});

async function row(id: string) {
  return h.database.db
    .selectFrom('webhook_deliveries')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
}

describe('deliverWebhook', () => {
  it('retries a refused connection, and fails it on the last attempt', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const delivery = await pendingDelivery(`http://127.0.0.1:${port}/gone`);
    const job = { organizationId: h.a.id, deliveryId: delivery.id };

    const first = await deliverWebhook(deps(), { ...job, lastAttempt: false });
    expect(first).toMatchObject({ kind: 'retry', reason: 'request failed: ECONNREFUSED' });
    expect(await row(delivery.id)).toMatchObject({
      status: 'pending',
      attempts: 1,
      last_status_code: null,
      last_error: 'request failed: ECONNREFUSED',
      last_attempt_at: new Date('2026-05-30T10:00:00Z'),
    });
    expect(await deliverWebhook(deps(), { ...job, lastAttempt: true })).toMatchObject({ kind: 'failed' });
    expect(await row(delivery.id)).toMatchObject({ status: 'failed', attempts: 2, delivered_at: null });
  });

  it('gives up on a receiver that does not answer in time', async () => {
    const delivery = await pendingDelivery(`${baseUrl}/hang`);
    const outcome = await deliverWebhook(deps({ timeoutMs: 200 }), {
      organizationId: h.a.id,
      deliveryId: delivery.id,
      lastAttempt: false,
    });
    expect(outcome).toEqual({ kind: 'retry', reason: 'no answer within 0.2 s' });
    expect(await row(delivery.id)).toMatchObject({ status: 'pending', attempts: 1, last_status_code: null });
  });

  it('keeps only the start of a long error answer', async () => {
    const delivery = await pendingDelivery(`${baseUrl}/verbose`);
    await deliverWebhook(deps(), { organizationId: h.a.id, deliveryId: delivery.id, lastAttempt: false });
    const after = await row(delivery.id);
    expect(after.last_status_code).toBe(500);
    expect(after.last_error).toMatch(/^HTTP 500: x+$/);
    expect(after.last_error?.length).toBeLessThanOrEqual(500);
  });

  it('sends nothing for a disabled endpoint, or with a secret that does not open, and fails the delivery', async () => {
    const before = requests;
    const disabled = await pendingDelivery(`${baseUrl}/ok`, { enabled: false });
    expect(
      await deliverWebhook(deps(), { organizationId: h.a.id, deliveryId: disabled.id, lastAttempt: false }),
    ).toEqual({ kind: 'failed', reason: 'the endpoint is disabled' });
    expect(await row(disabled.id)).toMatchObject({
      status: 'failed',
      attempts: 0,
      last_error: 'the endpoint is disabled',
    });

    const sealedElsewhere = await pendingDelivery(`${baseUrl}/ok`);
    const outcome = await deliverWebhook(deps({ appSecret: 'another-app-secret-0123456789abcdef0123' }), {
      organizationId: h.a.id,
      deliveryId: sealedElsewhere.id,
      lastAttempt: false,
    });
    expect(outcome.kind).toBe('failed');
    expect((await row(sealedElsewhere.id)).last_error).toContain('cannot be decrypted');
    expect(requests).toBe(before);
  });

  it('skips a delivery that is already delivered, and one that no longer exists', async () => {
    const delivery = await pendingDelivery(`${baseUrl}/ok`);
    const job = { organizationId: h.a.id, deliveryId: delivery.id, lastAttempt: false };
    expect(await deliverWebhook(deps(), job)).toEqual({ kind: 'delivered', statusCode: 200 });
    const before = requests;
    expect((await deliverWebhook(deps(), job)).kind).toBe('skipped');
    expect(await row(delivery.id)).toMatchObject({ status: 'delivered', attempts: 1 });
    expect((await deliverWebhook(deps(), { ...job, deliveryId: randomUUID() })).kind).toBe('skipped');
    // Another organization's id never finds the delivery.
    expect((await deliverWebhook(deps(), { ...job, organizationId: h.b.id })).kind).toBe('skipped');
    expect(requests).toBe(before);
  });
});
