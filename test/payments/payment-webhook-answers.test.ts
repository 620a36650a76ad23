import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventLog } from '../../src/core/event-log.ts';
import { sdkProviderFactory } from '../../src/payments/provider-factory.ts';
import { StripeFakeServer } from '../fakes/stripe-fake-server.ts';
import { type ApiHarness, createApiHarness } from '../support/api-harness.ts';
import { contractDatabaseKinds } from '../support/test-env.ts';

/**
 * The payment-webhook route answers every refusal alike, so probing it tells nothing about which accounts
 * exist: an unknown provider name, an id that is no UUID, an unknown account, another provider's account
 * and a bad signature get the same status, body and headers; the real reason is only logged, and nothing
 * is stored.
 */
describe.each(contractDatabaseKinds())('payment webhooks answer every refusal alike [%s]', (kind) => {
  const stripe = new StripeFakeServer({ methods: ['card'] });
  const warnings: { fields: Record<string, unknown>; message: string }[] = [];
  const log: EventLog = {
    info: () => {},
    warn: (fields: Record<string, unknown>, message: string) => warnings.push({ fields, message }),
  };
  let h: ApiHarness;
  let accountId = '';

  beforeAll(async () => {
    await stripe.start();
    h = await createApiHarness({
      kind,
      log,
      providers: sdkProviderFactory({ stripe: stripe.api, mollie: 'http://127.0.0.1:9' }),
    });
    const connected = await h.request(h.a.key, 'PUT', '/api/v1/payment-accounts/stripe', {
      secretKey: stripe.secretKey,
      webhookSecret: stripe.webhookSecret,
    });
    expect(connected.status).toBe(200);
    accountId = connected.body.id;
  });
  afterAll(async () => {
    await h?.close();
    await stripe.stop();
  });

  it('gives the same answer for an unknown provider, a malformed id, an unknown account and a bad signature', async () => {
    const event = {
      id: 'evt_probe_1',
      object: 'event',
      type: 'checkout.session.completed',
      created: Math.floor(Date.now() / 1000),
      data: { object: { id: 'cs_probe_1', object: 'checkout.session' } },
    };
    const body = JSON.stringify(event);
    const signed = stripe.signatureHeaders(body);
    const post = (url: string, headers: Record<string, string> = signed) =>
      h.app.inject({
        method: 'POST',
        url,
        payload: body,
        headers: { ...headers, 'content-type': 'application/json' },
      });
    const before = await h.fingerprint();
    const probes = {
      unknownProvider: await post(`/webhooks/paypal/${accountId}`),
      malformedId: await post('/webhooks/stripe/not-a-uuid'),
      unknownAccount: await post(`/webhooks/stripe/${randomUUID()}`),
      otherProvidersAccount: await post(`/webhooks/mollie/${accountId}`),
      unknownDemoOrganization: await post(`/webhooks/demo/${randomUUID()}`),
      badSignature: await post(`/webhooks/stripe/${accountId}`, { 'stripe-signature': 't=1,v1=00' }),
      noSignature: await post(`/webhooks/stripe/${accountId}`, {}),
    };
    const answer = (res: (typeof probes)['badSignature']) => {
      const { date: _date, ...headers } = res.headers;
      return { status: res.statusCode, body: res.body, headers };
    };
    const expected = answer(probes.badSignature);
    expect(expected.status).toBe(400);
    expect(JSON.parse(expected.body)).toEqual({ error: 'refused' });
    for (const [name, res] of Object.entries(probes)) expect(answer(res), name).toEqual(expected);
    expect(await h.fingerprint()).toBe(before);

    // The real reasons are in the log.
    const said = warnings.map((w) => `${w.message} ${JSON.stringify(w.fields)}`).join('\n');
    expect(said).toContain('unknown_provider');
    expect(said).toContain('malformed_account_id');
    expect(said).toContain('refused a payment notification for an unknown account');
    expect(said).toContain('refused a payment notification with a bad signature');

    // The same notification, correctly signed to the right account, is accepted.
    const accepted = await post(`/webhooks/stripe/${accountId}`);
    expect(accepted.statusCode).toBe(200);
    expect(JSON.parse(accepted.body)).toEqual({ received: true });
  });
});
