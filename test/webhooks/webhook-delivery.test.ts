import { randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { portalPaths } from '../../src/app/portal-links/portal-link.ts';
import { WEBHOOK_USER_AGENT } from '../../src/app/webhooks/deliver-webhook.ts';
import { webhookEgress } from '../../src/app/webhooks/webhook-egress.ts';
import { verifyWebhookSignature } from '../../src/app/webhooks/webhook-signature.ts';
import { QUEUE_POLICIES, type QueuePolicies } from '../../src/jobs/job-queue.ts';
import { registerWebhookWorker } from '../../src/workers/webhook-worker.ts';
import { type ApiHarness, createApiHarness, type TestOrganization } from '../support/api-harness.ts';

/**
 * Outgoing webhooks end to end (B10): events made through the portal, delivered by the real worker on
 * the real job queue to a real HTTP server on 127.0.0.1, with a short retry policy.
 */

const POLICIES: QueuePolicies = {
  ...QUEUE_POLICIES,
  // NOTE: pg-boss refuses retryDelayMax without backoff; a backoff capped at 1 s is a fixed 1 s delay.
  'webhook-deliver': {
    retryLimit: 2,
    retryDelay: 1,
    retryBackoff: true,
    retryDelayMax: 1,
    expireInSeconds: 30,
  },
};

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A receiving system: answers each path from a script of status codes, then with its default. */
class Receiver {
  readonly received: Received[] = [];
  readonly scripts = new Map<string, number[]>();
  readonly defaults = new Map<string, number>();
  private server: Server | undefined;
  private port = 0;

  async start(): Promise<void> {
    const server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const path = request.url ?? '/';
        this.received.push({ path, headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
        const status = this.scripts.get(path)?.shift() ?? this.defaults.get(path) ?? 200;
        if (status >= 300 && status < 400) response.setHeader('location', '/redirect-target');
        response
          .writeHead(status, { 'content-type': 'text/plain' })
          .end(status < 300 ? 'ok' : `nope ${status}`);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.server = server;
    this.port = (server.address() as AddressInfo).port;
  }

  url(path: string): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  at(path: string): Received[] {
    return this.received.filter((r) => r.path === path);
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
}

let h: ApiHarness;
const receiver = new Receiver();

/** Polls until `check` returns a value (not undefined/false), or fails at the deadline. */
async function eventually<T>(what: string, check: () => Promise<T | undefined | false>, timeoutMs = 25_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value as T;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function createEndpoint(
  org: TestOrganization,
  path: string,
  events: string[],
  extra: Record<string, unknown> = {},
): Promise<{ id: string; secret: string }> {
  const res = await h.request(org.key, 'POST', '/api/v1/webhook-endpoints', {
    url: receiver.url(path),
    events,
    ...extra,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { id: res.body.id, secret: res.body.secret };
}

async function deliveries(org: TestOrganization, endpointId: string) {
  const res = await h.request(org.key, 'GET', `/api/v1/webhook-endpoints/${endpointId}/deliveries`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  // biome-ignore lint/suspicious/noExplicitAny: the log is read field by field.
  return res.body.data as any[];
}

/** Waits until the endpoint's only delivery is no longer pending, and returns it. */
async function settledDelivery(org: TestOrganization, endpointId: string) {
  return eventually(`the delivery to ${endpointId} to settle`, async () => {
    const [only, ...more] = await deliveries(org, endpointId);
    expect(more).toEqual([]);
    return only && only.status !== 'pending' ? only : undefined;
  });
}

/** An issued invoice of a new customer, and that customer's portal token. */
async function invoiceInPortal(org: TestOrganization) {
  const customer = await h.request(org.key, 'POST', '/api/v1/customers', {
    kind: 'company',
    name: 'Webhook Customer',
    language: 'en',
    emails: [],
  });
  const invoice = await h.request(org.key, 'POST', '/api/v1/invoices', {
    number: `WH-${randomUUID().slice(0, 8)}`,
    customerId: customer.body.id,
    issueDate: '2026-05-01',
    dueDate: '2026-05-31',
    lines: [{ description: 'Audit', quantity: '1', unitPriceMinor: 10000, vatRateBp: 2100 }],
  });
  const link = await h.request(org.key, 'GET', `/api/v1/invoices/${invoice.body.id}/portal-link`);
  const token = /\/p\/([A-Za-z0-9_-]+)\//.exec(link.body.url)?.[1] ?? '';
  return {
    customerId: customer.body.id as string,
    invoiceId: invoice.body.id as string,
    number: invoice.body.number as string,
    token,
  };
}

async function viewInvoice(token: string, invoiceId: string) {
  const page = await h.app.inject({ method: 'GET', url: portalPaths.invoice(token, invoiceId) });
  expect(page.statusCode).toBe(200);
  return page.body;
}

/** Posts a comment as the customer does: from the invoice page, with its form token. */
async function commentInPortal(token: string, invoiceId: string, body: string) {
  const page = await viewInvoice(token, invoiceId);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page)?.[1] ?? '';
  const res = await h.app.inject({
    method: 'POST',
    url: portalPaths.comments(token, invoiceId),
    payload: new URLSearchParams({ body, _csrf: csrf }).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  expect(res.statusCode).toBe(303);
}

beforeAll(async () => {
  await receiver.start();
  h = await createApiHarness({ policies: POLICIES, allowPrivateWebhookAddresses: true });
  await registerWebhookWorker(
    h.boss,
    {
      db: h.database.db,
      appSecret: h.appSecret,
      fetch: globalThis.fetch,
      egress: webhookEgress({ allowPrivateAddresses: true }),
      clock: () => new Date(),
    },
    {
      options: { pollingIntervalSeconds: 0.5, batchSize: 10, concurrency: 1 },
    },
  );
});

afterEach(async () => {
  // Each test starts with no endpoints; jobs left for deleted deliveries end quietly.
  await h.database.db.deleteFrom('webhook_endpoints').execute();
});

afterAll(async () => {
  await h?.close();
  await receiver.stop();
});

describe('outgoing webhooks', () => {
  it('delivers a portal comment as a signed comment.created event that verifies with the endpoint’s secret', async () => {
    const endpoint = await createEndpoint(h.a, '/erp', ['comment.created']);
    const portal = await invoiceInPortal(h.a);
    await commentInPortal(portal.token, portal.invoiceId, 'Please add PO 4500123.');

    const delivery = await settledDelivery(h.a, endpoint.id);
    expect(delivery).toMatchObject({
      status: 'delivered',
      attempts: 1,
      lastStatusCode: 200,
      lastError: null,
    });
    const [request, ...others] = receiver.at('/erp');
    expect(others).toEqual([]);
    if (!request) throw new Error('nothing received');

    const verified = verifyWebhookSignature({
      secret: endpoint.secret,
      headers: request.headers,
      body: request.body,
      now: new Date(),
    });
    expect(verified).toMatchObject({ ok: true });
    expect(request.headers).toMatchObject({
      'content-type': 'application/json',
      'user-agent': WEBHOOK_USER_AGENT,
      'webhook-id': delivery.eventId,
    });
    const event = JSON.parse(request.body);
    expect(event).toEqual({
      id: delivery.eventId,
      type: 'comment.created',
      createdAt: expect.any(String),
      organizationId: h.a.id,
      data: {
        invoiceId: portal.invoiceId,
        invoiceNumber: portal.number,
        customerId: portal.customerId,
        commentId: expect.any(String),
        body: 'Please add PO 4500123.',
        createdAt: event.createdAt,
      },
    });
    expect(delivery.payload).toEqual(event);
    const comments = await h.request(h.a.key, 'GET', `/api/v1/invoices/${portal.invoiceId}/comments`);
    expect(comments.body.data.map((c: { id: string }) => c.id)).toEqual([event.data.commentId]);

    // The same request altered, or checked with another secret, does not verify.
    const tampered = request.body.replace('4500123', '4500999');
    expect(
      verifyWebhookSignature({
        secret: endpoint.secret,
        headers: request.headers,
        body: tampered,
        now: new Date(),
      }),
    ).toEqual({ ok: false, reason: 'bad_signature' });
    const rotated = await h.request(
      h.a.key,
      'POST',
      `/api/v1/webhook-endpoints/${endpoint.id}/rotate-secret`,
    );
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).toMatch(/^whsec_/);
    expect(rotated.body.secret).not.toBe(endpoint.secret);
    expect(
      verifyWebhookSignature({
        secret: rotated.body.secret,
        headers: request.headers,
        body: request.body,
        now: new Date(),
      }),
    ).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('keeps the secret out of every later answer and stores it only sealed', async () => {
    const endpoint = await createEndpoint(h.a, '/sealed', ['invoice.viewed'], { description: 'ERP' });
    expect(endpoint.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const one = await h.request(h.a.key, 'GET', `/api/v1/webhook-endpoints/${endpoint.id}`);
    const list = await h.request(h.a.key, 'GET', '/api/v1/webhook-endpoints');
    for (const text of [JSON.stringify(one.body), JSON.stringify(list.body)]) {
      expect(text).not.toContain('secret');
      expect(text).not.toContain(endpoint.secret.slice(6, 20));
    }
    expect(one.body).toMatchObject({
      id: endpoint.id,
      events: ['invoice.viewed'],
      enabled: true,
      description: 'ERP',
    });
    const row = await h.database.db
      .selectFrom('webhook_endpoints')
      .select('secret_encrypted')
      .where('id', '=', endpoint.id)
      .executeTakeFirstOrThrow();
    expect(row.secret_encrypted).toMatch(/^v2\.[A-Za-z0-9_-]{11}\./);
    expect(row.secret_encrypted).not.toContain(endpoint.secret.slice(6, 20));
  });

  it('retries a receiver that answers 500 twice, then delivers: 3 attempts, the same webhook-id each time', async () => {
    const endpoint = await createEndpoint(h.a, '/flaky', ['comment.created']);
    receiver.scripts.set('/flaky', [500, 500]);
    const portal = await invoiceInPortal(h.a);
    await commentInPortal(portal.token, portal.invoiceId, 'Third time lucky');

    const delivery = await settledDelivery(h.a, endpoint.id);
    expect(delivery).toMatchObject({
      status: 'delivered',
      attempts: 3,
      lastStatusCode: 200,
      lastError: null,
    });
    expect(delivery.deliveredAt).toBe(delivery.lastAttemptAt);
    const requests = receiver.at('/flaky');
    expect(requests).toHaveLength(3);
    expect(new Set(requests.map((r) => r.headers['webhook-id']))).toEqual(new Set([delivery.eventId]));
    for (const request of requests) {
      expect(request.body).toBe(requests[0]?.body);
      expect(
        verifyWebhookSignature({
          secret: endpoint.secret,
          headers: request.headers,
          body: request.body,
          now: new Date(),
        }).ok,
      ).toBe(true);
    }
  });

  it('fails a delivery after the retry limit with the last status, follows no redirect, and redelivers on request', async () => {
    const down = await createEndpoint(h.a, '/down', ['comment.created']);
    const moved = await createEndpoint(h.a, '/moved', ['comment.created']);
    receiver.defaults.set('/down', 503);
    receiver.defaults.set('/moved', 302);
    const portal = await invoiceInPortal(h.a);
    await commentInPortal(portal.token, portal.invoiceId, 'Anyone there?');

    const failed = await settledDelivery(h.a, down.id);
    expect(failed).toMatchObject({ status: 'failed', attempts: 3, lastStatusCode: 503, deliveredAt: null });
    expect(failed.lastError).toBe('HTTP 503: nope 503');
    const redirected = await settledDelivery(h.a, moved.id);
    expect(redirected).toMatchObject({ status: 'failed', attempts: 3, lastStatusCode: 302 });
    expect(redirected.lastError).toContain('redirects are not followed');
    expect(receiver.at('/down')).toHaveLength(3);
    expect(receiver.at('/redirect-target')).toEqual([]);

    // Redeliver: back to pending with a new schedule; a second request while pending is refused.
    const again = await h.request(h.a.key, 'POST', `/api/v1/webhook-deliveries/${failed.id}/redeliver`);
    expect(again.status, JSON.stringify(again.body)).toBe(202);
    expect(again.body).toMatchObject({ id: failed.id, status: 'pending', eventId: failed.eventId });
    const twice = await h.request(
      h.a.key,
      'POST',
      `/api/v1/webhook-deliveries/${failed.id}/redeliver`,
      undefined,
      {
        'accept-language': 'de',
      },
    );
    expect(twice.status).toBe(409);
    expect(twice.body.error).toMatchObject({ code: 'WEBHOOK_DELIVERY_PENDING', field: 'deliveryId' });
    expect(twice.body.error.message).toContain('Zustellung');
    receiver.defaults.set('/down', 204);
    const delivered = await settledDelivery(h.a, down.id);
    expect(delivered).toMatchObject({ status: 'delivered', lastStatusCode: 204, lastError: null });
    expect(delivered.attempts).toBeGreaterThan(3);
    expect(new Set(receiver.at('/down').map((r) => r.headers['webhook-id']))).toEqual(
      new Set([failed.eventId]),
    );

    // A disabled endpoint's delivery cannot be redelivered.
    await h.request(h.a.key, 'PATCH', `/api/v1/webhook-endpoints/${moved.id}`, { enabled: false });
    const refused = await h.request(h.a.key, 'POST', `/api/v1/webhook-deliveries/${redirected.id}/redeliver`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('WEBHOOK_ENDPOINT_DISABLED');
  });

  it('emits invoice.viewed once, on the first view, however many views race', async () => {
    const endpoint = await createEndpoint(h.a, '/views', ['invoice.viewed']);
    const portal = await invoiceInPortal(h.a);
    await Promise.all([
      viewInvoice(portal.token, portal.invoiceId),
      viewInvoice(portal.token, portal.invoiceId),
    ]);
    await viewInvoice(portal.token, portal.invoiceId);

    const delivery = await settledDelivery(h.a, endpoint.id);
    expect(delivery).toMatchObject({ status: 'delivered', eventType: 'invoice.viewed' });
    const invoice = await h.database.db
      .selectFrom('invoices')
      .select('first_viewed_at')
      .where('id', '=', portal.invoiceId)
      .executeTakeFirstOrThrow();
    expect(delivery.payload.data).toEqual({
      invoiceId: portal.invoiceId,
      invoiceNumber: portal.number,
      customerId: portal.customerId,
      viewedAt: invoice.first_viewed_at?.toISOString(),
    });
    const events = await h.request(h.a.key, 'GET', `/api/v1/invoices/${portal.invoiceId}/events`);
    expect(events.body.data.filter((e: { action: string }) => e.action === 'invoice.viewed')).toHaveLength(1);
    expect(receiver.at('/views')).toHaveLength(1);
  });

  it('sends nothing to a disabled endpoint, for an unsubscribed type, or to another organization', async () => {
    const live = await createEndpoint(h.a, '/a-live', ['comment.created']);
    const disabled = await createEndpoint(h.a, '/a-disabled', ['comment.created'], { enabled: false });
    const unsubscribed = await createEndpoint(h.a, '/a-unsubscribed', ['invoice.paid', 'invoice.viewed']);
    const otherOrganization = await createEndpoint(h.b, '/b-all', ['comment.created', 'invoice.viewed']);
    const mine = await invoiceInPortal(h.a);
    await commentInPortal(mine.token, mine.invoiceId, 'Only my own organization hears this.');

    expect(await settledDelivery(h.a, live.id)).toMatchObject({ status: 'delivered' });
    // The viewed event went to the endpoint subscribed to it, and to nobody else.
    expect((await settledDelivery(h.a, unsubscribed.id)).eventType).toBe('invoice.viewed');
    expect(await deliveries(h.a, disabled.id)).toEqual([]);
    expect(await deliveries(h.b, otherOrganization.id)).toEqual([]);
    const notFound = await h.request(h.b.key, 'GET', `/api/v1/webhook-endpoints/${live.id}/deliveries`);
    expect(notFound.status).toBe(404);
    expect(notFound.body.error.code).toBe('WEBHOOK_ENDPOINT_NOT_FOUND');

    // B's own customer reaches B's endpoint, with B's organization id.
    const theirs = await invoiceInPortal(h.b);
    await commentInPortal(theirs.token, theirs.invoiceId, 'Hello B');
    const b = await eventually('both of B’s events', async () => {
      const log = await deliveries(h.b, otherOrganization.id);
      return log.length === 2 && log.every((d) => d.status === 'delivered') ? log : undefined;
    });
    expect(b.map((d) => d.eventType).sort()).toEqual(['comment.created', 'invoice.viewed']);
    expect(b.every((d) => d.payload.organizationId === h.b.id)).toBe(true);
    expect(receiver.at('/a-disabled')).toEqual([]);
    expect(receiver.at('/b-all')).toHaveLength(2);
    expect(
      receiver
        .at('/b-all')
        .map((r) => r.body)
        .join(),
    ).not.toContain(h.a.id);
  });

  it('pages the delivery log newest first with a cursor', async () => {
    const endpoint = await createEndpoint(h.a, '/log', ['comment.created']);
    const portal = await invoiceInPortal(h.a);
    for (const body of ['one', 'two', 'three']) await commentInPortal(portal.token, portal.invoiceId, body);
    const url = `/api/v1/webhook-endpoints/${endpoint.id}/deliveries`;
    const first = await h.request(h.a.key, 'GET', `${url}?limit=2`);
    expect(first.body.data.map((d: { payload: { data: { body: string } } }) => d.payload.data.body)).toEqual([
      'three',
      'two',
    ]);
    const second = await h.request(h.a.key, 'GET', `${url}?limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body.data.map((d: { payload: { data: { body: string } } }) => d.payload.data.body)).toEqual(
      ['one'],
    );
    expect(second.body.nextCursor).toBeNull();
    const forged = await h.request(h.a.key, 'GET', `${url}?cursor=not-a-cursor`);
    expect(forged.status).toBe(400);
    expect(forged.body.error.field).toBe('query.cursor');
  });
});
