import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/app/demo/seed-demo.ts';
import { organizationProviders, sealCredentials } from '../../src/app/payments/payment-providers.ts';
import { isValidPortalCsrfToken, portalCsrfToken } from '../../src/app/portal-links/portal-link.ts';
import { resealStoredSecrets } from '../../src/app/secrets/reseal-stored-secrets.ts';
import { secretKeyId } from '../../src/app/secrets/secret-box.ts';
import { deliverWebhook } from '../../src/app/webhooks/deliver-webhook.ts';
import { webhookEgress } from '../../src/app/webhooks/webhook-egress.ts';
import { verifyWebhookSignature } from '../../src/app/webhooks/webhook-signature.ts';
import { secretRing } from '../../src/core/secret-ring.ts';
import { findOrganization } from '../../src/db/repositories/organization.repository.ts';
import { buildApp } from '../../src/http/build-app.ts';
import { jobSender } from '../../src/jobs/job-queue.ts';
import type { PaymentProvider, ProviderCredentials } from '../../src/payments/payment-provider.ts';
import { type ApiHarness, createApiHarness } from '../support/api-harness.ts';
import { adminGet, adminPost, signInAs } from '../support/back-office.ts';
import { contractDatabaseKinds } from '../support/test-env.ts';

/**
 * An APP_SECRET rotation as an operator does it (docs/operations.md): the harness's app runs with the old
 * secret; after the rotation the same database is served by an app whose APP_SECRET is new and whose
 * APP_SECRET_PREVIOUS holds the old one; `resealStoredSecrets` (the `rotate-secrets` command) moves every
 * stored secret to the new one; then the old secret is dropped.
 */

const NEW = 'rotated-app-secret-fedcba9876543210fedcba98765432';
const now = new Date('2026-05-30T10:00:00Z');

describe.each(contractDatabaseKinds())('APP_SECRET rotation [%s]', (kind) => {
  let h: ApiHarness;
  let OLD: string;
  const apps: FastifyInstance[] = [];

  /** The service after the rotation: APP_SECRET=NEW, APP_SECRET_PREVIOUS=`previous`. */
  async function rotatedApp(previous: string[], portalLinksTrustPrevious = true) {
    const app = await buildApp({
      db: h.database.db,
      appSecret: NEW,
      previousSecrets: previous,
      portalLinksTrustPrevious,
      jobs: jobSender(h.boss),
      clock: () => now,
      publicBaseUrl: 'http://portal.test',
      mailFrom: 'invoices@portal.test',
    });
    apps.push(app);
    return app;
  }

  beforeAll(async () => {
    h = await createApiHarness({ kind, now: () => now });
    OLD = h.appSecret;
  }, 60_000);
  afterAll(async () => {
    for (const app of apps) await app.close();
    await h?.close();
  });

  async function newCustomer(): Promise<string> {
    const res = await h.request(h.a.key, 'POST', '/api/v1/customers', {
      kind: 'company',
      name: `Rotation ${randomUUID().slice(0, 6)}`,
      language: 'en',
      emails: [],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.id;
  }

  const open = (app: FastifyInstance, url: string) =>
    app.inject({ method: 'GET', url, remoteAddress: `10.9.0.${Math.floor(Math.random() * 250) + 1}` });

  it('keeps portal links signed with the old secret working while it is trusted, and issues new ones with the new secret', async () => {
    const customerId = await newCustomer();
    const before = await h.request(h.a.key, 'GET', `/api/v1/customers/${customerId}/portal-link`);
    const oldPath = new URL(before.body.url).pathname;
    expect((await open(h.app, oldPath)).statusCode).toBe(200);

    const rotated = await rotatedApp([OLD]);
    expect((await open(rotated, oldPath)).statusCode).toBe(200);
    // The operator said otherwise (PORTAL_LINKS_TRUST_PREVIOUS=false), or dropped the old secret.
    expect((await open(await rotatedApp([OLD], false), oldPath)).statusCode).toBe(404);
    const dropped = await rotatedApp([]);
    expect((await open(dropped, oldPath)).statusCode).toBe(404);

    // The link the business copies now is signed with the new secret: it outlives the old one.
    const after = await rotated.inject({
      method: 'GET',
      url: `/api/v1/customers/${customerId}/portal-link`,
      headers: { authorization: `Bearer ${h.a.key}` },
    });
    const newPath = new URL(after.json().url).pathname;
    expect(newPath).not.toBe(oldPath);
    expect((await open(dropped, newPath)).statusCode).toBe(200);
    expect((await open(h.app, newPath)).statusCode).toBe(404);
  });

  it('accepts a portal form token made before the rotation while the old secret is trusted', () => {
    const token = 'A'.repeat(48);
    const before = portalCsrfToken(OLD, token);
    expect(isValidPortalCsrfToken(secretRing(NEW, [OLD]), token, before)).toBe(true);
    expect(isValidPortalCsrfToken(secretRing(NEW), token, before)).toBe(false);
    expect(isValidPortalCsrfToken(secretRing(NEW), token, portalCsrfToken(NEW, token))).toBe(true);
  });

  it('accepts a back-office form whose CSRF token was made before the rotation, until the old secret is dropped', async () => {
    const session = await signInAs(h, 'admin@alphasrl.example');
    const page = await adminGet(h, session, '/admin/settings/company');
    expect(page.body).toContain(`value="${session.csrf}"`);
    const save = (app: FastifyInstance) =>
      adminPost({ ...h, app }, session, '/admin/settings/company', {
        legalName: 'Alpha SRL',
        tradeName: 'Alpha',
        vatNumber: 'BE0123456749',
        enterpriseNumber: '0123.456.749',
        addressLine1: 'Rue Neuve 1',
        addressLine2: '',
        postalCode: '1000',
        city: 'Bruxelles',
        country: 'BE',
        email: 'factures@alpha.example',
        phone: '',
        website: '',
        timeZone: 'Europe/Brussels',
        defaultLanguage: 'fr',
        defaultCurrency: 'EUR',
      });

    // The session itself is stored in the database and survives any rotation.
    const rotated = await rotatedApp([OLD]);
    expect((await adminGet({ ...h, app: rotated }, session, '/admin/settings/company')).statusCode).toBe(200);
    const saved = await save(rotated);
    expect(saved.statusCode, saved.body).toBe(303);
    expect(saved.headers.location).toBe('/admin/settings/company?done=saved');
    const fingerprint = await h.fingerprint(h.a.id);
    const refused = await save(await rotatedApp([]));
    expect(refused.statusCode).toBe(403);
    expect(await h.fingerprint(h.a.id)).toBe(fingerprint);
    // The page as the rotated app renders it carries a token under the new secret.
    const fresh = await adminGet({ ...h, app: rotated }, session, '/admin/settings/company');
    expect(fresh.body).not.toContain(`value="${session.csrf}"`);
  });

  it('re-encrypts stored secrets with the new secret, after which a webhook endpoint and a payment account work without the old one', async () => {
    // Sealed under the old secret by the running service.
    const endpoint = await h.request(h.a.key, 'POST', '/api/v1/webhook-endpoints', {
      url: 'https://receiver.example/hooks',
      events: ['comment.created'],
    });
    expect(endpoint.status, JSON.stringify(endpoint.body)).toBe(201);
    const credentials: ProviderCredentials = {
      provider: 'mollie',
      apiKey: `test_${randomUUID().replace(/-/g, '')}`,
    };
    await h.database.db
      .insertInto('payment_accounts')
      .values({
        organization_id: h.b.id,
        provider: 'mollie',
        credentials_encrypted: sealCredentials(OLD, h.b.id, credentials),
        account_name: 'Beta BV',
        test_mode: true,
        connected_at: now,
        updated_at: now,
      })
      .execute();

    const delivered: { headers: Headers; body: string }[] = [];
    const receiver: typeof fetch = async (_url, init) => {
      delivered.push({ headers: new Headers(init?.headers), body: String(init?.body) });
      return new Response('ok', { status: 200 });
    };
    const deliver = async (previousSecrets: string[]) => {
      const delivery = await h.database.db
        .insertInto('webhook_deliveries')
        .values({
          organization_id: h.a.id,
          endpoint_id: endpoint.body.id,
          event_id: randomUUID(),
          event_type: 'comment.created',
          body: '{"type":"comment.created"}',
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return deliverWebhook(
        {
          db: h.database.db,
          appSecret: NEW,
          previousSecrets,
          fetch: receiver,
          egress: webhookEgress({ allowPrivateAddresses: false }),
          clock: () => now,
        },
        { organizationId: h.a.id, deliveryId: delivery.id, lastAttempt: true },
      );
    };
    const connected: ProviderCredentials[] = [];
    const providerDeps = (previousSecrets: string[]) => ({
      db: h.database.db,
      appSecret: NEW,
      previousSecrets,
      publicBaseUrl: 'http://portal.test',
      providers: {
        connect: (given: ProviderCredentials) => {
          connected.push(given);
          return {} as PaymentProvider;
        },
      },
    });
    const beta = await findOrganization(h.database.db, h.b.id);
    if (!beta) throw new Error('no organization b');

    // Without the old secret in the ring nothing opens; with it, everything does.
    expect(await deliver([])).toMatchObject({
      kind: 'failed',
      reason: expect.stringContaining('cannot be decrypted'),
    });
    await expect(organizationProviders(providerDeps([]), beta)).rejects.toThrow(/APP_SECRET_PREVIOUS/);
    expect(await deliver([OLD])).toMatchObject({ kind: 'delivered' });

    const ring = secretRing(NEW, [OLD]);
    const first = await resealStoredSecrets(h.database.db, { ring, actor: 'cli', batchSize: 1 });
    expect(first.ok && first.value).toEqual([
      expect.objectContaining({ table: 'webhook_endpoints', resealed: 1, current: 0, unreadable: [] }),
      expect.objectContaining({ table: 'payment_accounts', resealed: 1, current: 0, unreadable: [] }),
    ]);
    const stored = await Promise.all([
      h.database.db
        .selectFrom('webhook_endpoints')
        .select('secret_encrypted as sealed')
        .executeTakeFirstOrThrow(),
      h.database.db
        .selectFrom('payment_accounts')
        .select('credentials_encrypted as sealed')
        .executeTakeFirstOrThrow(),
    ]);
    for (const { sealed } of stored) expect(sealed.split('.').slice(0, 2)).toEqual(['v2', secretKeyId(NEW)]);
    const audit = await h.database.db
      .selectFrom('audit_events')
      .select(['organization_id', 'actor'])
      .where('action', '=', 'stored_secret.resealed')
      .orderBy('organization_id')
      .execute();
    expect(audit).toHaveLength(2);

    // A second run changes nothing.
    const fingerprint = await h.fingerprint();
    const second = await resealStoredSecrets(h.database.db, { ring, actor: 'cli' });
    expect(second.ok && second.value.map((c) => [c.resealed, c.current, c.unreadable.length])).toEqual([
      [0, 1, 0],
      [0, 1, 0],
    ]);
    expect(await h.fingerprint()).toBe(fingerprint);

    // The old secret is dropped: the endpoint still signs with its own secret, the account still connects.
    delivered.length = 0;
    expect(await deliver([])).toMatchObject({ kind: 'delivered' });
    const [sent] = delivered;
    expect(
      verifyWebhookSignature({
        secret: endpoint.body.secret,
        headers: sent?.headers ?? {},
        body: sent?.body ?? '',
        now,
      }),
    ).toMatchObject({ ok: true });
    connected.length = 0;
    expect(await organizationProviders(providerDeps([]), beta)).toHaveLength(1);
    expect(connected).toEqual([credentials]);
  });

  it('leaves a stored secret that no key of the ring opens as it is, and names it', async () => {
    const other = 'another-app-secret-0123456789abcdef0123456789';
    const row = await h.database.db
      .insertInto('payment_accounts')
      .values({
        organization_id: h.a.id,
        provider: 'stripe',
        credentials_encrypted: sealCredentials(other, h.a.id, {
          provider: 'stripe',
          secretKey: 'sk_test_x',
          webhookSecret: 'whsec_x',
        }),
        account_name: 'Alpha SRL',
        test_mode: true,
        connected_at: now,
        updated_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    try {
      const fingerprint = await h.fingerprint();
      const result = await resealStoredSecrets(h.database.db, { ring: secretRing(NEW, [OLD]), actor: 'cli' });
      expect(result.ok && result.value.find((c) => c.table === 'payment_accounts')).toMatchObject({
        resealed: 0,
        unreadable: [row.id],
      });
      expect(await h.fingerprint()).toBe(fingerprint);
    } finally {
      await h.database.db.deleteFrom('payment_accounts').where('id', '=', row.id).execute();
    }
  });
  // Last: it seeds the demo organization, whose rows the counts above do not expect.
  it('accepts the demo checkout form shown before the rotation until the old secret is dropped', async () => {
    const demo = await seedDemo(h.database.db, { today: '2026-05-30', now, actor: 'test' });
    const invoice = demo.cases.find((c) => c.shows.startsWith('unpaid, due in'));
    const link = await h.request(demo.apiKey, 'GET', `/api/v1/invoices/${invoice?.invoiceId}/portal-link`);
    const payPath = `${new URL(link.body.url).pathname}/pay`;
    const form = (app: FastifyInstance, url: string, fields: Record<string, string>) =>
      app.inject({
        method: 'POST',
        url,
        payload: new URLSearchParams(fields).toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
    const payPage = await h.app.inject({ method: 'GET', url: payPath });
    const csrf = /name="_csrf" value="([^"]+)"/.exec(payPage.body)?.[1] ?? '';
    const started = await form(h.app, payPath, { method: 'demo:card', _csrf: csrf });
    expect(started.statusCode, started.body).toBe(303);
    const checkoutPath = new URL(String(started.headers.location)).pathname;
    const page = await h.app.inject({ method: 'GET', url: checkoutPath });
    const token = /name="_token" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
    expect(token).not.toBe('');

    const fingerprint = await h.fingerprint(demo.organization.id);
    const refused = await form(await rotatedApp([]), checkoutPath, { _token: token, outcome: 'canceled' });
    expect(refused.statusCode).toBe(403);
    expect(await h.fingerprint(demo.organization.id)).toBe(fingerprint);
    const ended = await form(await rotatedApp([OLD]), checkoutPath, { _token: token, outcome: 'canceled' });
    expect(ended.statusCode).toBe(303);
  });
});
