import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webhookEgress } from '../../src/app/webhooks/webhook-egress.ts';
import { registerWebhookWorker } from '../../src/workers/webhook-worker.ts';
import { type ApiHarness, createApiHarness } from '../support/api-harness.ts';
import { type AdminSession, signInAs } from '../support/back-office.ts';
import { contractDatabaseKinds } from '../support/test-env.ts';

/**
 * The back office's settings for developers and its outbox (issue 12), over HTTP on both databases: API
 * keys (a new key shown once and working, revoked and refused), webhook endpoints (a delivery in the log
 * after an event, a new secret shown once, a redelivery), the outbox (newest first in pages, a status
 * filter, a retry). Refusals come next to their field, in the admin's language, and change nothing.
 */

type Fields = Record<string, string> | [string, string][];

/** A receiving system on 127.0.0.1 that answers 200 and keeps what it got. */
class Receiver {
  readonly received: { path: string; body: string }[] = [];
  private server: Server | undefined;
  private port = 0;

  async start(): Promise<void> {
    const server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        this.received.push({ path: request.url ?? '/', body: Buffer.concat(chunks).toString('utf8') });
        response.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.server = server;
    this.port = (server.address() as AddressInfo).port;
  }

  url(path: string): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  at(path: string) {
    return this.received.filter((r) => r.path === path);
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
}

async function eventually<T>(what: string, check: () => Promise<T | undefined | false>, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value as T;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

describe.each(contractDatabaseKinds())('back-office developer settings [%s]', (kind) => {
  let h: ApiHarness;
  let fr: AdminSession;
  let en: AdminSession;
  const receiver = new Receiver();

  const get = (url: string, session = fr) =>
    h.app.inject({ method: 'GET', url, headers: { cookie: session.cookie } });
  const post = (url: string, fields: Fields, session = fr) =>
    h.app.inject({
      method: 'POST',
      url,
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'sec-fetch-site': 'same-origin',
        cookie: session.cookie,
      },
      payload: new URLSearchParams([
        ['_csrf', session.csrf],
        ...(Array.isArray(fields) ? fields : Object.entries(fields)),
      ]).toString(),
    });

  beforeAll(async () => {
    await receiver.start();
    h = await createApiHarness({ kind, now: () => new Date(), allowPrivateWebhookAddresses: true });
    await registerWebhookWorker(
      h.boss,
      {
        db: h.database.db,
        appSecret: h.appSecret,
        fetch: globalThis.fetch,
        egress: webhookEgress({ allowPrivateAddresses: true }),
        clock: () => new Date(),
      },
      { options: { pollingIntervalSeconds: 0.5, batchSize: 10, concurrency: 1 } },
    );
    const admin = await h.request(h.a.key, 'POST', '/api/v1/admin-users', {
      name: 'Dev Eloper',
      email: 'dev@alphasrl.example',
      language: 'en',
    });
    expect(admin.status).toBe(201);
    fr = await signInAs(h, 'admin@alphasrl.example');
    en = await signInAs(h, 'dev@alphasrl.example');
  }, 60_000);
  afterAll(async () => {
    await h?.close();
    await receiver.stop();
  });

  describe('API keys', () => {
    it('shows a new key once, in the answer to its creation; the key works and is never shown again', async () => {
      const settings = await get('/admin/settings/company');
      expect(settings.body).toContain('href="/admin/settings/api-keys"');

      const res = await post('/admin/settings/api-keys', { name: 'CI deploy' });
      expect(res.statusCode).toBe(201);
      expect(res.headers.location).toBeUndefined();
      expect(res.body).toContain('La clé « CI deploy » est créée');
      expect(res.body).toContain('elle ne sera plus affichée');
      expect(res.body).toContain('data-copy="new-api-key"');
      const key = /id="new-api-key" type="text" readonly value="(ipk_[A-Za-z0-9_-]+)"/.exec(res.body)?.[1];
      if (!key) throw new Error('no key shown');

      const api = await h.request(key, 'GET', '/api/v1/organization');
      expect(api.status).toBe(200);
      expect(api.body.id).toBe(h.a.id);

      const list = await get('/admin/settings/api-keys');
      expect(list.statusCode).toBe(200);
      expect(list.body).not.toContain(key);
      expect(list.body).toContain(`<code>${key.slice(0, 12)}…</code>`);
      expect(list.body).not.toContain('id="new-api-key"');
      // Its use is recorded: the row shows when, not "not used yet".
      const row = list.body.split('<tr>').find((r) => r.includes('CI deploy')) ?? '';
      expect(row).toMatch(/<td data-label="Dernière utilisation"><time datetime=/);
    });

    it('revokes a key with its clearly labelled button: the key is refused from then on', async () => {
      const created = await post('/admin/settings/api-keys', { name: 'Old sync' });
      const key = /value="(ipk_[A-Za-z0-9_-]+)"/.exec(created.body)?.[1] ?? '';
      const keys = await h.request(h.a.key, 'GET', '/api/v1/api-keys');
      const id = keys.body.data.find((k: { name: string }) => k.name === 'Old sync')?.id;
      const list = await get('/admin/settings/api-keys');
      expect(list.body).toContain(
        `action="/admin/settings/api-keys/${id}/revoke"><input type="hidden" name="_csrf" value="${fr.csrf}"><button class="button button-danger" type="submit">Révoquer la clé « Old sync »</button>`,
      );

      const res = await post(`/admin/settings/api-keys/${id}/revoke`, {});
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toBe('/admin/settings/api-keys?done=revoked');
      expect((await h.request(key, 'GET', '/api/v1/organization')).status).toBe(401);
      const after = await get('/admin/settings/api-keys?done=revoked');
      expect(after.body).toContain('La clé est révoquée');
      expect(after.body).not.toContain(`/admin/settings/api-keys/${id}/revoke`);
    });

    it.each([
      ['fr', 'Nom de la clé ne peut pas être vide.'],
      ['en', 'Key name must not be empty.'],
    ])('refuses an empty name next to the field (%s), changing nothing', async (lang, message) => {
      const before = await h.fingerprint();
      const res = await post('/admin/settings/api-keys', { name: '  ' }, lang === 'fr' ? fr : en);
      expect(res.statusCode).toBe(422);
      expect(res.body).toContain(`<p class="field-error" id="settings-name-error">${message}</p>`);
      expect(res.body).toContain('href="#settings-name"');
      expect(res.body).not.toContain('id="new-api-key"');
      expect(await h.fingerprint()).toBe(before);
    });
  });

  describe('webhooks', () => {
    let endpointId = '';
    let firstSecret = '';

    it('adds an endpoint and shows its signing secret once', async () => {
      const res = await post('/admin/settings/webhooks', [
        ['url', receiver.url('/erp')],
        ['description', 'ERP'],
        ['events', 'invoice.viewed'],
        ['events', 'comment.created'],
      ]);
      expect(res.statusCode).toBe(201);
      expect(res.body).toContain('Le point de terminaison est ajouté.');
      expect(res.body).toContain('data-copy="webhook-secret"');
      firstSecret =
        /id="webhook-secret" type="text" readonly value="(whsec_[^"]+)"/.exec(res.body)?.[1] ?? '';
      expect(firstSecret).not.toBe('');
      endpointId = new RegExp(`action="/admin/settings/webhooks/(${UUID})"`).exec(res.body)?.[1] ?? '';
      const api = await h.request(h.a.key, 'GET', `/api/v1/webhook-endpoints/${endpointId}`);
      expect(api.body).toMatchObject({
        url: receiver.url('/erp'),
        description: 'ERP',
        events: ['invoice.viewed', 'comment.created'],
        enabled: true,
      });

      const page = await get(`/admin/settings/webhooks/${endpointId}`);
      expect(page.statusCode).toBe(200);
      expect(page.body).not.toContain('whsec_');
      const list = await get('/admin/settings/webhooks');
      expect(list.body).toContain(`href="/admin/settings/webhooks/${endpointId}"`);
      expect(list.body).not.toContain('whsec_');
    });

    it('shows the delivery of an event in the endpoint’s log, and redelivers it', async () => {
      const customer = await h.request(h.a.key, 'POST', '/api/v1/customers', {
        kind: 'company',
        name: 'Hook Customer',
        language: 'en',
        emails: [],
      });
      const invoice = await h.request(h.a.key, 'POST', '/api/v1/invoices', {
        number: 'WH-1',
        customerId: customer.body.id,
        issueDate: '2026-05-01',
        dueDate: '2026-05-31',
        lines: [{ description: 'Audit', quantity: '1', unitPriceMinor: 10000, vatRateBp: 2100 }],
      });
      const link = await h.request(h.a.key, 'GET', `/api/v1/invoices/${invoice.body.id}/portal-link`);
      const url = new URL(link.body.url);
      expect((await h.app.inject({ method: 'GET', url: `${url.pathname}${url.search}` })).statusCode).toBe(
        200,
      );

      const page = await eventually('the delivery to show as delivered', async () => {
        const res = await get(`/admin/settings/webhooks/${endpointId}`);
        return res.body.includes('badge-delivered') ? res.body : undefined;
      });
      expect(page).toContain('<code>invoice.viewed</code>');
      expect(page).toMatch(/data-label="Réponse">200/);
      expect(receiver.at('/erp')).toHaveLength(1);

      const deliveryId =
        new RegExp(`action="/admin/settings/webhooks/deliveries/(${UUID})/redeliver"`).exec(page)?.[1] ?? '';
      const res = await post(`/admin/settings/webhooks/deliveries/${deliveryId}/redeliver`, {});
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toBe(`/admin/settings/webhooks/${endpointId}?done=redelivered`);
      await eventually('the second attempt', async () => receiver.at('/erp').length === 2);
      const deliveries = await h.request(
        h.a.key,
        'GET',
        `/api/v1/webhook-endpoints/${endpointId}/deliveries`,
      );
      await eventually('the redelivery to be recorded', async () => {
        const now = await h.request(h.a.key, 'GET', `/api/v1/webhook-endpoints/${endpointId}/deliveries`);
        return now.body.data[0]?.attempts === 2 && now.body.data[0]?.status === 'delivered';
      });
      expect(deliveries.body.data).toHaveLength(1);
      const notice = await get(`/admin/settings/webhooks/${endpointId}?done=redelivered`);
      expect(notice.body).toContain('La livraison est de nouveau en file d’attente.');
    });

    it('replaces the signing secret and shows the new one once', async () => {
      const res = await post(`/admin/settings/webhooks/${endpointId}/rotate-secret`, {});
      expect(res.statusCode).toBe(200);
      const secret = /id="webhook-secret" type="text" readonly value="(whsec_[^"]+)"/.exec(res.body)?.[1];
      expect(secret).toMatch(/^whsec_/);
      expect(secret).not.toBe(firstSecret);
      expect(res.body).toContain('l’ancien ne fonctionne plus');
      expect((await get(`/admin/settings/webhooks/${endpointId}`)).body).not.toContain('whsec_');
    });

    it('changes the events and disables the endpoint', async () => {
      const res = await post(`/admin/settings/webhooks/${endpointId}`, [
        ['url', receiver.url('/erp')],
        ['description', ''],
        ['events', 'invoice.paid'],
      ]);
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toBe(`/admin/settings/webhooks/${endpointId}?done=saved`);
      const api = await h.request(h.a.key, 'GET', `/api/v1/webhook-endpoints/${endpointId}`);
      expect(api.body).toMatchObject({ events: ['invoice.paid'], enabled: false, description: null });
    });

    it.each([
      ['fr', 'L’URL du webhook doit être une URL https://', 'Événements à envoyer doit contenir au moins 1'],
      ['en', 'The webhook URL must be an absolute https:// URL', 'Events to send must have at least 1'],
    ])(
      'refuses a bad URL and no event next to their fields (%s), changing nothing',
      async (lang, urlError, eventsError) => {
        const session = lang === 'fr' ? fr : en;
        const before = await h.fingerprint();
        const noEvent = await post('/admin/settings/webhooks', { url: 'https://hooks.example/x' }, session);
        expect(noEvent.statusCode).toBe(422);
        expect(noEvent.body).toContain(`<p class="field-error" id="settings-events-error">${eventsError}`);
        expect(noEvent.body).toContain('href="#settings-events"');
        expect(noEvent.body).toContain('id="settings-events" type="checkbox"');
        const badUrl = await post(
          '/admin/settings/webhooks',
          [
            ['url', 'http://hooks.example/x'],
            ['events', 'invoice.sent'],
          ],
          session,
        );
        expect(badUrl.statusCode).toBe(422);
        expect(badUrl.body).toContain(`<p class="field-error" id="settings-url-error">${urlError}`);
        expect(badUrl.body).toContain('value="http://hooks.example/x"');
        expect(badUrl.body).toMatch(/value="invoice.sent" checked/);
        const edit = await post(
          `/admin/settings/webhooks/${endpointId}`,
          { url: 'not a url', events: 'invoice.sent' },
          session,
        );
        expect(edit.statusCode).toBe(422);
        expect(edit.body).toContain('id="settings-url-error"');
        expect(await h.fingerprint()).toBe(before);
      },
    );

    it('deletes the endpoint', async () => {
      const res = await post(`/admin/settings/webhooks/${endpointId}/delete`, {});
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toBe('/admin/settings/webhooks?done=deleted');
      expect((await h.request(h.a.key, 'GET', `/api/v1/webhook-endpoints/${endpointId}`)).status).toBe(404);
      expect((await get(`/admin/settings/webhooks/${endpointId}`)).statusCode).toBe(404);
    });
  });

  describe('outbox', () => {
    const COUNT = 30;
    const ids: string[] = [];

    beforeAll(async () => {
      // Messages of every status, a minute apart: the newest is "Outbox 0".
      const start = Date.now();
      for (let i = 0; i < COUNT; i++) {
        const status: 'failed' | 'sent' | 'queued' = i % 3 === 0 ? 'failed' : i % 3 === 1 ? 'sent' : 'queued';
        const row = await h.database.db
          .insertInto('outgoing_emails')
          .values({
            organization_id: h.a.id,
            invoice_id: null,
            dedupe_key: null,
            reply_to: null,
            html_body: null,
            attachments: '[]',
            transport: null,
            transport_response: null,
            kind: 'sign-in',
            message_id: `<outbox-${i}-${kind}@portal.test>`,
            from_name: 'Alpha SRL',
            to_addresses: [`person${i}@example.com`],
            language: 'fr',
            subject: `Outbox ${i}`,
            text_body: `Hello number ${i}`,
            status,
            attempts: status === 'queued' ? 0 : 1,
            last_error: status === 'failed' ? `550 mailbox unknown ${i}` : null,
            queued_at: new Date(start - i * 60_000),
            ...(status === 'failed' ? { failed_at: new Date(start - i * 60_000 + 1000) } : {}),
            ...(status === 'sent' ? { sent_at: new Date(start - i * 60_000 + 1000) } : {}),
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        ids.push(row.id);
      }
      // Another organization's message never shows.
      await h.database.db
        .insertInto('outgoing_emails')
        .values({
          organization_id: h.b.id,
          invoice_id: null,
          dedupe_key: null,
          reply_to: null,
          html_body: null,
          attachments: '[]',
          transport: null,
          transport_response: null,
          kind: 'sign-in',
          message_id: `<outbox-beta-${kind}@portal.test>`,
          from_name: 'Beta BV',
          to_addresses: ['beta@example.com'],
          language: 'fr',
          subject: 'Beta secret message',
          text_body: 'Beta',
          last_error: null,
        })
        .execute();
    });

    const subjects = (body: string) => [...body.matchAll(/>(Outbox \d+)<\/a><\/th>/g)].map((m) => m[1]);
    const nextOf = (body: string) =>
      /<a href="([^"]+)" rel="next">/.exec(body)?.[1]?.replaceAll('&amp;', '&');

    it('lists every e-mail of the organization newest first, in pages', async () => {
      const seen: string[] = [];
      let url: string | undefined = '/admin/settings/outbox';
      let pages = 0;
      while (url) {
        const res = await get(url);
        expect(res.statusCode).toBe(200);
        expect(res.body).not.toContain('Beta secret message');
        seen.push(...(subjects(res.body) as string[]));
        url = nextOf(res.body);
        pages++;
      }
      expect(pages).toBeGreaterThanOrEqual(2);
      expect(seen).toEqual(Array.from({ length: COUNT }, (_, i) => `Outbox ${i}`));
    });

    it('filters the failed ones, with their reasons', async () => {
      const res = await get('/admin/settings/outbox?status=failed');
      const failed = subjects(res.body);
      expect(failed).toEqual(
        Array.from({ length: COUNT }, (_, i) => i)
          .filter((i) => i % 3 === 0)
          .map((i) => `Outbox ${i}`),
      );
      expect(res.body).toContain('550 mailbox unknown 3');
      expect(res.body).toContain('<option value="failed" selected>');
    });

    it('shows a message as sent, downloads it as .eml, and retries a failed one', async () => {
      const id = ids[3] ?? '';
      const page = await get(`/admin/settings/outbox/${id}`);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('<h1>Outbox 3</h1>');
      expect(page.body).toContain(
        '<pre class="email-text" tabindex="0" aria-labelledby="email-text">Hello number 3</pre>',
      );
      expect(page.body).toContain(`<code>&lt;outbox-3-${kind}@portal.test&gt;</code>`);
      expect(page.body).toContain('550 mailbox unknown 3');
      expect(page.body).toContain(`href="/admin/settings/outbox/${id}/source.eml"`);

      const eml = await get(`/admin/settings/outbox/${id}/source.eml`);
      expect(eml.statusCode).toBe(200);
      expect(eml.headers['content-type']).toMatch(/^message\/rfc822/);
      expect(eml.body).toContain('Subject: Outbox 3');

      const res = await post(`/admin/settings/outbox/${id}/retry`, {});
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toBe(`/admin/settings/outbox/${id}?done=retried`);
      expect((await h.request(h.a.key, 'GET', `/api/v1/emails/${id}`)).body.status).toBe('queued');
      const after = await get(`/admin/settings/outbox/${id}?done=retried`);
      expect(after.body).toContain('L’e-mail est de nouveau en file d’attente.');
      expect(after.body).not.toContain(`/admin/settings/outbox/${id}/retry`);

      // Queued now: a second retry is refused, changing nothing.
      const before = await h.fingerprint();
      const again = await post(`/admin/settings/outbox/${id}/retry`, {});
      expect(again.statusCode).toBe(409);
      expect(again.body).toContain('Seul un message en échec peut être renvoyé.');
      expect(await h.fingerprint()).toBe(before);
    });
  });
});
