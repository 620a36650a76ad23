import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebhookEndpoint } from '../../src/app/webhooks/create-webhook-endpoint.ts';
import { deliverWebhook } from '../../src/app/webhooks/deliver-webhook.ts';
import { refusedAddressReason, refusedHostReason } from '../../src/app/webhooks/webhook-address.ts';
import { type HostResolver, webhookEgress } from '../../src/app/webhooks/webhook-egress.ts';
import { sealWebhookSecret } from '../../src/app/webhooks/webhook-secret-box.ts';
import { type ApiHarness, createApiHarness } from '../support/api-harness.ts';
import { adminPost, signInAs } from '../support/back-office.ts';
import { contractDatabaseKinds } from '../support/test-env.ts';

/**
 * Outgoing webhooks reach public addresses only (SSRF): the rule on addresses, the refusal when an
 * endpoint is saved (API and back office, localized, nothing written), and the check at connection time
 * on the resolved address (DNS rebinding), with the operator's setting that allows private addresses.
 */

describe('the address rule', () => {
  it.each([
    ['127.0.0.1', 'address 127.0.0.1 is loopback'],
    ['::1', 'address ::1 is loopback'],
    ['10.1.2.3', 'address 10.1.2.3 is private'],
    ['172.16.0.1', 'address 172.16.0.1 is private'],
    ['192.168.1.1', 'address 192.168.1.1 is private'],
    ['fc00::1', 'address fc00::1 is private (unique local)'],
    ['169.254.1.1', 'address 169.254.1.1 is link-local'],
    ['fe80::1', 'address fe80::1 is link-local'],
    ['100.64.0.1', 'address 100.64.0.1 is in the shared address space (CGNAT)'],
    ['0.0.0.0', 'address 0.0.0.0 is unspecified'],
    ['::', 'address :: is unspecified'],
    ['224.0.0.1', 'address 224.0.0.1 is multicast'],
    ['ff02::1', 'address ff02::1 is multicast'],
    ['255.255.255.255', 'address 255.255.255.255 is broadcast'],
    ['192.0.2.10', 'address 192.0.2.10 is reserved (reserved)'],
    ['198.51.100.7', 'address 198.51.100.7 is reserved (reserved)'],
    ['198.18.0.1', 'address 198.18.0.1 is reserved (reserved)'],
    ['2001:db8::1', 'address 2001:db8::1 is reserved (reserved)'],
    ['169.254.169.254', 'address 169.254.169.254 is a cloud metadata address'],
    ['fd00:ec2::254', 'address fd00:ec2::254 is a cloud metadata address'],
    ['::ffff:10.0.0.1', 'address ::ffff:a00:1 is private'],
    ['::ffff:169.254.169.254', 'address ::ffff:a9fe:a9fe is a cloud metadata address'],
    ['::a00:1', 'address ::a00:1 is private'],
    ['64:ff9b::127.0.0.1', 'address 64:ff9b::7f00:1 is loopback'],
    ['2002:a00:1::1', 'address 2002:a00:1::1 is private'],
    ['not-an-address', 'address not-an-address is not an IP address'],
  ])('refuses %s', (address, reason) => {
    expect(refusedAddressReason(address)).toBe(reason);
  });

  it.each(['8.8.8.8', '93.184.215.14', '2606:4700::1111', '::ffff:8.8.8.8', '64:ff9b::8.8.8.8'])(
    'allows the public address %s',
    (address) => {
      expect(refusedAddressReason(address)).toBeNull();
    },
  );

  it.each([
    ['localhost', 'host localhost is a local name'],
    ['LOCALHOST.', 'host localhost is a local name'],
    ['api.localhost', 'host api.localhost is a local name'],
    ['printer.local', 'host printer.local is a local name'],
    ['metadata.google.internal', 'host metadata.google.internal is a local name'],
    ['nas.home.arpa', 'host nas.home.arpa is a local name'],
    ['intranet', 'host intranet is a single-label (local) name'],
    ['[::1]', 'address ::1 is loopback'],
  ])('refuses the host %s before any DNS', (host, reason) => {
    expect(refusedHostReason(host)).toBe(reason);
  });

  it('leaves public names to the check at connection time', () => {
    expect(refusedHostReason('hooks.example.com')).toBeNull();
  });
});

const REFUSED_URLS = [
  'http://127.0.0.1/hook',
  'http://[::1]:8080/hook',
  'http://169.254.169.254/latest/meta-data/',
  'http://10.1.2.3/hook',
  'http://[::ffff:10.0.0.1]/hook',
  'https://localhost/hook',
  'https://2130706433/hook',
];

describe.each(contractDatabaseKinds())('saving an endpoint (%s)', (kind) => {
  let h: ApiHarness;

  beforeAll(async () => {
    h = await createApiHarness({ kind });
  }, 120_000);
  afterAll(async () => {
    await h?.close();
  });

  it.each(REFUSED_URLS)('refuses %s with 422, naming the host, and writes nothing', async (url) => {
    const before = await h.fingerprint();
    const res = await h.request(h.a.key, 'POST', '/api/v1/webhook-endpoints', {
      url,
      events: ['invoice.paid'],
    });
    expect(res.status).toBe(422);
    expect(res.body.error).toMatchObject({ code: 'WEBHOOK_ADDRESS_REFUSED', field: 'url' });
    expect(res.body.error.message).toContain(new URL(url).hostname);
    expect(await h.fingerprint()).toBe(before);
  });

  it.each([
    ['en', 'is not a public internet address'],
    ['fr', 'n’est pas une adresse Internet publique'],
    ['nl', 'is geen openbaar internetadres'],
    ['de', 'ist keine öffentliche Internetadresse'],
  ])('says why in %s', async (lang, words) => {
    const res = await h.request(
      h.a.key,
      'POST',
      '/api/v1/webhook-endpoints',
      { url: 'http://10.1.2.3/hook', events: ['invoice.paid'] },
      { 'accept-language': lang },
    );
    expect(res.body.error.message).toContain(words);
    expect(res.body.error.message).toContain('10.1.2.3');
  });

  it('refuses a change of URL to a private address, keeping the endpoint as it was', async () => {
    const created = await h.request(h.a.key, 'POST', '/api/v1/webhook-endpoints', {
      url: 'https://hooks.example.com/in',
      events: ['invoice.paid'],
    });
    expect(created.status).toBe(201);
    const before = await h.fingerprint();
    const res = await h.request(h.a.key, 'PATCH', `/api/v1/webhook-endpoints/${created.body.id}`, {
      url: 'http://169.254.169.254/',
    });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('WEBHOOK_ADDRESS_REFUSED');
    expect(await h.fingerprint()).toBe(before);
  });

  it('refuses it on the back office form, next to the field, in the admin’s language', async () => {
    const session = await signInAs(h, 'admin@alphasrl.example');
    const before = await h.fingerprint();
    const res = await adminPost(h, session, '/admin/settings/webhooks', {
      url: 'http://[::ffff:10.0.0.1]/hook',
      events: 'invoice.sent',
    });
    expect(res.statusCode).toBe(422);
    expect(res.body).toMatch(
      /<p class="field-error" id="settings-url-error">[^<]*\[::ffff:a00:1\][^<]*n’est pas une adresse Internet publique/,
    );
    expect(await h.fingerprint()).toBe(before);
  });

  it('accepts loopback receivers when the operator allows private addresses', async () => {
    const saved = await createWebhookEndpoint(
      { db: h.database.db, appSecret: h.appSecret, allowPrivateWebhookAddresses: true },
      {
        organizationId: h.a.id,
        endpoint: { url: 'http://127.0.0.1:9/hook', events: ['invoice.paid'] },
        actor: 'test',
      },
    );
    expect(saved.ok).toBe(true);
    const strict = await createWebhookEndpoint(
      { db: h.database.db, appSecret: h.appSecret },
      {
        organizationId: h.a.id,
        endpoint: { url: 'http://127.0.0.1:9/hook', events: ['invoice.paid'] },
        actor: 'test',
      },
    );
    expect(strict).toMatchObject({ ok: false, code: 'WEBHOOK_ADDRESS_REFUSED' });
  });
});

describe('delivering to a refused address', () => {
  let h: ApiHarness;
  let receiver: Server;
  let port = 0;
  let connections = 0;
  const egresses: { dispatcher: { close(): Promise<void> } }[] = [];

  const egress = (options: Parameters<typeof webhookEgress>[0]) => {
    const made = webhookEgress(options);
    egresses.push(made);
    return made;
  };

  beforeAll(async () => {
    h = await createApiHarness();
    // A bare TCP receiver: it counts connections, so "nothing reached it" means not even a handshake.
    receiver = createServer((socket) => {
      connections += 1;
      socket.once('data', () =>
        socket.end('HTTP/1.1 200 OK\r\ncontent-length: 0\r\nconnection: close\r\n\r\n'),
      );
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    port = (receiver.address() as AddressInfo).port;
  }, 120_000);
  afterAll(async () => {
    for (const made of egresses) await made.dispatcher.close();
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
    await h?.close();
  });

  /** An endpoint row as an earlier save left it (the save-time rule is tested above). */
  async function pendingDelivery(url: string) {
    const endpoint = await h.database.db
      .insertInto('webhook_endpoints')
      .values({
        organization_id: h.a.id,
        url,
        description: null,
        events: ['comment.created'],
        enabled: true,
        secret_encrypted: sealWebhookSecret(h.appSecret, h.a.id, 'whsec_dGVzdHNlY3JldHRlc3RzZWNyZXQ='),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return h.database.db
      .insertInto('webhook_deliveries')
      .values({
        organization_id: h.a.id,
        endpoint_id: endpoint.id,
        event_id: randomUUID(),
        event_type: 'comment.created',
        body: '{"type":"comment.created"}',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
  }

  const deliver = (deliveryId: string, made: ReturnType<typeof webhookEgress>) =>
    deliverWebhook(
      {
        db: h.database.db,
        appSecret: h.appSecret,
        fetch: globalThis.fetch,
        egress: made,
        clock: () => new Date(),
      },
      { organizationId: h.a.id, deliveryId, lastAttempt: false },
    );

  async function logOf(deliveryId: string) {
    return h.database.db
      .selectFrom('webhook_deliveries')
      .select(['status', 'attempts', 'last_error', 'last_status_code'])
      .where('id', '=', deliveryId)
      .executeTakeFirstOrThrow();
  }

  it('refuses a public name that now resolves to 127.0.0.1 (DNS rebinding), at once and with the reason', async () => {
    const resolved: string[] = [];
    const rebinding: HostResolver = async (hostname) => {
      resolved.push(hostname);
      return [{ address: '127.0.0.1', family: 4 }];
    };
    const delivery = await pendingDelivery(`https://rebind.example.com:${port}/hook`);
    const before = connections;
    const outcome = await deliver(delivery.id, egress({ allowPrivateAddresses: false, resolve: rebinding }));
    expect(resolved).toEqual(['rebind.example.com']);
    expect(outcome).toEqual({ kind: 'failed', reason: 'address 127.0.0.1 is loopback' });
    expect(await logOf(delivery.id)).toEqual({
      status: 'failed',
      attempts: 1,
      last_error: 'address 127.0.0.1 is loopback',
      last_status_code: null,
    });
    expect(connections).toBe(before);
  });

  it('refuses an answer that mixes a public and a private address', async () => {
    const mixed: HostResolver = async () => [
      { address: '93.184.215.14', family: 4 },
      { address: '10.0.0.5', family: 4 },
    ];
    const delivery = await pendingDelivery(`https://mixed.example.com:${port}/hook`);
    const outcome = await deliver(delivery.id, egress({ allowPrivateAddresses: false, resolve: mixed }));
    expect(outcome).toEqual({ kind: 'failed', reason: 'address 10.0.0.5 is private' });
  });

  it('refuses localhost and a loopback literal saved while private addresses were allowed', async () => {
    const strict = egress({ allowPrivateAddresses: false });
    const before = connections;
    const byName = await pendingDelivery(`http://localhost:${port}/hook`);
    const outcome = await deliver(byName.id, strict);
    expect(outcome.kind).toBe('failed');
    expect((await logOf(byName.id)).last_error).toMatch(/^address (127\.0\.0\.1|::1) is loopback$/);
    const literal = await pendingDelivery(`http://127.0.0.1:${port}/hook`);
    expect(await deliver(literal.id, strict)).toEqual({
      kind: 'failed',
      reason: 'address 127.0.0.1 is loopback',
    });
    expect(connections).toBe(before);
  });

  it('delivers to the same receiver when the operator allows private addresses', async () => {
    const rebinding: HostResolver = async () => [{ address: '127.0.0.1', family: 4 }];
    const delivery = await pendingDelivery(`http://receiver.example.com:${port}/hook`);
    const before = connections;
    const outcome = await deliver(delivery.id, egress({ allowPrivateAddresses: true, resolve: rebinding }));
    expect(outcome).toEqual({ kind: 'delivered', statusCode: 200 });
    expect(connections).toBe(before + 1);
    expect(await logOf(delivery.id)).toMatchObject({ status: 'delivered', last_status_code: 200 });
  });
});
