import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sdkProviderFactory } from '../../src/payments/provider-factory.ts';
import { MollieFakeServer } from '../fakes/mollie-fake-server.ts';
import { StripeFakeServer } from '../fakes/stripe-fake-server.ts';
import { type ApiHarness, createApiHarness } from '../support/api-harness.ts';
import { type AdminSession, adminGet, adminPost, signInAs } from '../support/back-office.ts';
import { contractDatabaseKinds } from '../support/test-env.ts';

/**
 * Online payments in the back office's settings (issue 12, R15, R20), through the official SDKs against
 * the project's fake Stripe and Mollie: keys checked with the provider and never shown again, the webhook
 * address to add in Stripe, whether notifications arrive, and the methods the portal will offer.
 */

const STRIPE_KEY = 'sk_test_settingsPages0123';
const STRIPE_WEBHOOK_SECRET = 'whsec_settingsPagesSecret';
const MOLLIE_KEY = 'test_settingsPages0123456789abcdef';

describe.each(contractDatabaseKinds())('online payment settings [%s]', (kind) => {
  const stripe = new StripeFakeServer({
    secretKey: STRIPE_KEY,
    webhookSecret: STRIPE_WEBHOOK_SECRET,
    methods: ['card', 'bancontact'],
    account: { name: 'Alpha Stripe' },
  });
  const mollie = new MollieFakeServer({
    apiKey: MOLLIE_KEY,
    methods: [{ id: 'bancontact' }, { id: 'banktransfer' }],
  });
  let h: ApiHarness;
  let session: AdminSession;

  const get = (url: string) => adminGet(h, session, url);
  const post = (url: string, fields: Record<string, string>) => adminPost(h, session, url, fields);
  const main = (body: string) => {
    if (!body.includes('<main')) throw new Error(`Not a page: ${body.slice(0, 500)}`);
    return body.slice(body.indexOf('<main'));
  };

  beforeAll(async () => {
    await stripe.start();
    await mollie.start();
    h = await createApiHarness({
      kind,
      now: () => new Date(),
      providers: sdkProviderFactory({ stripe: stripe.api, mollie: mollie.url }),
    });
    session = await signInAs(h, 'admin@alphasrl.example');
  }, 60_000);
  afterAll(async () => {
    await h?.close();
    await stripe.stop();
    await mollie.stop();
  });

  it('says the portal has no pay button while nothing is connected', async () => {
    const res = await get('/admin/settings/payments');
    expect(res.statusCode).toBe(200);
    expect(main(res.body)).toContain('Pas de bouton de paiement');
    expect(main(res.body)).toContain('Connecter Stripe');
    expect(main(res.body)).toContain('Connecter Mollie');
  });

  it('refuses a key that is none next to its field, never echoing it, changing nothing', async () => {
    const before = await h.fingerprint();
    const res = await post('/admin/settings/payments/stripe', {
      secretKey: 'pk_test_publishableNotSecret',
      webhookSecret: STRIPE_WEBHOOK_SECRET,
    });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('id="settings-secretKey-error"');
    expect(res.body).toContain('une clé secrète Stripe');
    expect(res.body).not.toContain('pk_test_publishableNotSecret');
    expect(res.body).not.toContain(STRIPE_WEBHOOK_SECRET);
    expect(await h.fingerprint()).toBe(before);
  });

  it('refuses a key Stripe refuses, with Stripe’s reason, changing nothing', async () => {
    const before = await h.fingerprint();
    const res = await post('/admin/settings/payments/stripe', {
      secretKey: 'sk_test_someoneElsesKey0123',
      webhookSecret: STRIPE_WEBHOOK_SECRET,
    });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('id="settings-secretKey-error"');
    expect(res.body).not.toContain('sk_test_someoneElsesKey0123');
    expect(await h.fingerprint()).toBe(before);
  });

  it('connects Stripe: the webhook address to add, no notification yet, its methods as the portal offers them', async () => {
    const res = await post('/admin/settings/payments/stripe', {
      secretKey: STRIPE_KEY,
      webhookSecret: STRIPE_WEBHOOK_SECRET,
    });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/admin/settings/payments?done=connected');
    const accounts = await h.request(h.a.key, 'GET', '/api/v1/payment-accounts');
    const account = accounts.body.data[0];
    expect(account).toMatchObject({ provider: 'stripe', accountName: 'Alpha Stripe', testMode: true });
    const page = main((await get('/admin/settings/payments?done=connected')).body);
    expect(page).toContain('Le compte est connecté.');
    expect(page).toContain(`value="http://portal.test/webhooks/stripe/${account.id}"`);
    expect(page).toContain('Aucune notification n’est encore arrivée.');
    expect(page).not.toContain(STRIPE_KEY);
    expect(page).toMatch(/Bancontact<\/strong> <span class="muted">· Stripe/);
    expect(page).not.toContain('Pas de bouton de paiement');
  });

  it('connects Mollie too: its methods join, a bank transfer marked as no proof of payment', async () => {
    const res = await post('/admin/settings/payments/mollie', { apiKey: MOLLIE_KEY });
    expect(res.statusCode).toBe(303);
    const page = main((await get('/admin/settings/payments')).body);
    expect(page).toMatch(/Bancontact<\/strong> <span class="muted">· Mollie/);
    expect(page).toContain('pas une preuve de paiement');
    expect(page).toContain('Mollie reçoit l’adresse de notification');
  });

  it('shows when Stripe’s notifications arrive', async () => {
    const accounts = await h.request(h.a.key, 'GET', '/api/v1/payment-accounts');
    const account = accounts.body.data.find((a: { provider: string }) => a.provider === 'stripe');
    // A notification of a charge that is none of ours: stored (it arrived), then found to change nothing.
    const body = JSON.stringify({
      id: 'evt_settings_1',
      object: 'event',
      type: 'charge.refunded',
      created: Math.floor(Date.now() / 1000),
      data: { object: { id: 'ch_settings_1', object: 'charge' } },
    });
    const headers = stripe.signatureHeaders(body);
    const delivered = await h.app.inject({
      method: 'POST',
      url: `/webhooks/stripe/${account.id}`,
      headers,
      payload: body,
    });
    expect(delivered.statusCode).toBe(200);
    const page = main((await get('/admin/settings/payments')).body);
    expect(page).toContain('Dernière notification reçue le');
  });

  it('disconnects: the portal stops offering its methods', async () => {
    const accounts = await h.request(h.a.key, 'GET', '/api/v1/payment-accounts');
    for (const account of accounts.body.data) {
      const res = await post(`/admin/settings/payments/accounts/${account.id}/disconnect`, {});
      expect(res.statusCode).toBe(303);
    }
    const page = main((await get('/admin/settings/payments?done=disconnected')).body);
    expect(page).toContain('Le compte est déconnecté.');
    expect(page).toContain('Pas de bouton de paiement');
    expect((await h.request(h.a.key, 'GET', '/api/v1/payment-accounts')).body.data).toEqual([]);
  });
});
