import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type CheckoutRequest,
  type PaymentProvider,
  ProviderUnavailableError,
} from '../../src/payments/payment-provider.ts';
import {
  STRIPE_CHECKOUT_LIFETIME_SECONDS,
  stripeCheckoutLocale,
  stripeProvider,
} from '../../src/payments/stripe/stripe-provider.ts';
import { StripeFakeServer } from '../fakes/stripe-fake-server.ts';

const KEY = 'sk_test_51FakeKeyForTheInvoicePortal';
const SECRET = 'whsec_fake_signing_secret';

const fake = new StripeFakeServer({
  secretKey: KEY,
  webhookSecret: SECRET,
  methods: ['apple_pay', 'bancontact', 'card', 'customer_balance', 'ideal', 'klarna', 'sepa_debit'],
  account: { name: 'Acme Invoicing SRL', country: 'BE' },
});
let stripe: PaymentProvider;

beforeAll(async () => {
  await fake.start();
  stripe = stripeProvider({ secretKey: KEY, webhookSecret: SECRET, api: fake.api, maxNetworkRetries: 0 });
});
afterAll(() => fake.stop());

let attempts = 0;
function checkoutRequest(overrides: Partial<CheckoutRequest> = {}): CheckoutRequest {
  attempts += 1;
  const attemptId = `att_${attempts}_${Date.now()}`;
  return {
    amountMinor: 12_345,
    currency: 'EUR',
    methodId: 'bancontact',
    description: 'Invoice 2026-0101',
    attemptId,
    locale: 'fr-BE',
    customerEmail: 'customer@example.com',
    returnUrl: 'https://portal.example.com/p/abc/invoices/1/return',
    cancelUrl: 'https://portal.example.com/p/abc/invoices/1',
    webhookUrl: 'https://portal.example.com/webhooks/stripe',
    idempotencyKey: attemptId,
    ...overrides,
  };
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('verify', () => {
  it('accepts a valid key and names the account', async () => {
    expect(await stripe.verify()).toEqual({ ok: true, accountName: 'Acme Invoicing SRL', testMode: true });
  });

  it("refuses an invalid key with Stripe's message", async () => {
    const wrong = stripeProvider({ secretKey: 'sk_live_wrongkey1234', webhookSecret: SECRET, api: fake.api });
    const result = await wrong.verify();
    expect(result).toMatchObject({ ok: false, reason: 'invalid_credentials' });
    expect(result.ok === false && result.message).toMatch(/^Invalid API Key provided: sk_live_/);
  });

  it('says unreachable when nothing listens', async () => {
    const port = await closedPort();
    const offline = stripeProvider({
      secretKey: KEY,
      webhookSecret: SECRET,
      api: { host: '127.0.0.1', port, protocol: 'http' },
      maxNetworkRetries: 0,
    });
    expect(await offline.verify()).toMatchObject({ ok: false, reason: 'unreachable' });
  });

  it('says unreachable when Stripe answers 500', async () => {
    fake.failNext(1, 500);
    expect(await stripe.verify()).toMatchObject({ ok: false, reason: 'unreachable' });
  });
});

describe('listMethods', () => {
  it("lists the default configuration's available methods that take the currency", async () => {
    const methods = await stripe.listMethods({ amountMinor: 10_000, currency: 'EUR', locale: 'nl-BE' });
    expect(methods).toEqual([
      { id: 'bancontact', name: 'Bancontact', iconUrl: null, isBankTransfer: false },
      { id: 'card', name: 'Card', iconUrl: null, isBankTransfer: false },
      { id: 'customer_balance', name: 'Bank transfer', iconUrl: null, isBankTransfer: true },
      { id: 'ideal', name: 'iDEAL', iconUrl: null, isBankTransfer: false },
      { id: 'klarna', name: 'Klarna', iconUrl: null, isBankTransfer: false },
      { id: 'sepa_debit', name: 'SEPA Direct Debit', iconUrl: null, isBankTransfer: false },
    ]);
  });

  it('leaves out the EUR-only methods in another currency', async () => {
    const methods = await stripe.listMethods({ amountMinor: 10_000, currency: 'USD', locale: 'en' });
    expect(methods.map((method) => method.id)).toEqual(['card', 'klarna']);
  });
});

describe('createCheckout', () => {
  it('opens a session for the amount, currency, method, attempt, locale and URLs', async () => {
    const request = checkoutRequest();
    const before = Date.now();
    const checkout = await stripe.createCheckout(request);

    expect(checkout.checkoutId).toMatch(/^cs_test_/);
    expect(checkout.url).toBe(`${fake.url}/pay/${checkout.checkoutId}`);
    const lifetime = (checkout.expiresAt?.getTime() ?? 0) - before;
    expect(lifetime).toBeGreaterThan((STRIPE_CHECKOUT_LIFETIME_SECONDS - 5) * 1000);
    expect(lifetime).toBeLessThanOrEqual((STRIPE_CHECKOUT_LIFETIME_SECONDS + 1) * 1000);

    const sent = fake.requests.findLast(
      (call) => call.path === '/v1/checkout/sessions' && call.method === 'POST',
    );
    expect(sent?.idempotencyKey).toBe(request.idempotencyKey);
    expect(sent?.params).toMatchObject({
      mode: 'payment',
      line_items: [
        {
          quantity: '1',
          price_data: { currency: 'eur', unit_amount: '12345', product_data: { name: 'Invoice 2026-0101' } },
        },
      ],
      allowed_payment_method_types: ['bancontact'],
      client_reference_id: request.attemptId,
      metadata: { attemptId: request.attemptId },
      payment_intent_data: { metadata: { attemptId: request.attemptId }, description: 'Invoice 2026-0101' },
      success_url: request.returnUrl,
      cancel_url: request.cancelUrl,
      customer_email: 'customer@example.com',
      locale: 'fr',
    });
  });

  it('gives the same session for the same idempotency key', async () => {
    const request = checkoutRequest();
    const first = await stripe.createCheckout(request);
    const again = await stripe.createCheckout(request);
    expect(again.checkoutId).toBe(first.checkoutId);
  });

  it('leaves out the e-mail address when there is none', async () => {
    await stripe.createCheckout(checkoutRequest({ customerEmail: null }));
    const sent = fake.requests.findLast(
      (call) => call.path === '/v1/checkout/sessions' && call.method === 'POST',
    );
    expect(sent?.params).not.toHaveProperty('customer_email');
  });

  it('maps BCP 47 locales to Checkout locales', () => {
    expect(
      ['fr-BE', 'nl-BE', 'de', 'de-AT', 'en-GB', 'es-ES', ''].map((locale) => stripeCheckoutLocale(locale)),
    ).toEqual(['fr', 'nl', 'de', 'de', 'en', 'auto', 'auto']);
  });

  it('opens an EU bank transfer in the account country, with a customer', async () => {
    await stripe.createCheckout(checkoutRequest({ methodId: 'customer_balance' }));
    const sent = fake.requests.findLast(
      (call) => call.path === '/v1/checkout/sessions' && call.method === 'POST',
    );
    expect(sent?.params).toMatchObject({
      allowed_payment_method_types: ['customer_balance'],
      customer_creation: 'always',
      payment_method_options: {
        customer_balance: {
          funding_type: 'bank_transfer',
          bank_transfer: { type: 'eu_bank_transfer', eu_bank_transfer: { country: 'BE' } },
        },
      },
    });
  });
});

describe('fetchPayment', () => {
  it('reads an open session', async () => {
    const request = checkoutRequest();
    const { checkoutId } = await stripe.createCheckout(request);
    expect(await stripe.fetchPayment({ checkoutId })).toEqual({
      checkoutId,
      paymentId: null,
      status: 'open',
      amountMinor: 12_345,
      currency: 'EUR',
      methodId: 'bancontact',
      methodName: 'Bancontact',
      attemptId: request.attemptId,
      bankTransfer: null,
      refundedMinor: 0,
      chargedBackMinor: 0,
      paidAt: null,
      failureReason: null,
      declineReason: null,
    });
  });

  it('reads a paid session, by checkout and by payment', async () => {
    const request = checkoutRequest();
    const { checkoutId } = await stripe.createCheckout(request);
    fake.completeCheckout(checkoutId, 'paid');
    const payment = await stripe.fetchPayment({ checkoutId });
    expect(payment).toMatchObject({
      status: 'paid',
      amountMinor: 12_345,
      currency: 'EUR',
      methodId: 'bancontact',
      methodName: 'Bancontact',
      attemptId: request.attemptId,
      failureReason: null,
    });
    expect(payment.paymentId).toMatch(/^pi_/);
    expect(payment.paidAt).toBeInstanceOf(Date);
    expect(await stripe.fetchPayment({ paymentId: payment.paymentId ?? '' })).toEqual(payment);
  });

  it('reads a delayed method as pending, then paid', async () => {
    const { checkoutId } = await stripe.createCheckout(checkoutRequest({ methodId: 'sepa_debit' }));
    fake.completeCheckout(checkoutId, 'pending');
    expect(await stripe.fetchPayment({ checkoutId })).toMatchObject({
      status: 'pending',
      methodName: 'SEPA Direct Debit',
      paidAt: null,
      bankTransfer: null,
    });
    fake.settlePending(checkoutId, 'paid');
    expect(await stripe.fetchPayment({ checkoutId })).toMatchObject({
      status: 'paid',
      methodId: 'sepa_debit',
    });
  });

  it('reads a failed delayed payment with its reason', async () => {
    const { checkoutId } = await stripe.createCheckout(checkoutRequest({ methodId: 'sepa_debit' }));
    fake.completeCheckout(checkoutId, 'pending');
    fake.settlePending(checkoutId, 'failed', 'insufficient_funds');
    expect(await stripe.fetchPayment({ checkoutId })).toMatchObject({
      status: 'failed',
      failureReason: 'insufficient_funds',
      paidAt: null,
    });
  });

  it('keeps a declined card open: the customer may try again on the same page', async () => {
    const { checkoutId } = await stripe.createCheckout(checkoutRequest({ methodId: 'card' }));
    fake.completeCheckout(checkoutId, 'failed');
    expect(await stripe.fetchPayment({ checkoutId })).toMatchObject({
      status: 'open',
      failureReason: null,
      declineReason: 'card_declined',
    });
    expect(stripe.isDeclineNotice(fake.events.at(-1)?.type ?? null)).toBe(true);
    expect(stripe.isDeclineNotice('checkout.session.expired')).toBe(false);
  });

  it('reads a canceled payment', async () => {
    const { checkoutId } = await stripe.createCheckout(checkoutRequest({ methodId: 'sepa_debit' }));
    fake.completeCheckout(checkoutId, 'canceled');
    expect(await stripe.fetchPayment({ checkoutId })).toMatchObject({
      status: 'canceled',
      failureReason: null,
    });
  });

  it('reads an expired session', async () => {
    const { checkoutId } = await stripe.createCheckout(checkoutRequest());
    fake.completeCheckout(checkoutId, 'expired');
    expect(await stripe.fetchPayment({ checkoutId })).toMatchObject({ status: 'expired', paymentId: null });
  });

  it('gives the bank transfer instructions while the transfer is awaited', async () => {
    const { checkoutId } = await stripe.createCheckout(checkoutRequest({ methodId: 'customer_balance' }));
    fake.completeCheckout(checkoutId, 'pending');
    const payment = await stripe.fetchPayment({ checkoutId });
    expect(payment).toMatchObject({
      status: 'pending',
      methodId: 'customer_balance',
      methodName: 'Bank transfer',
      bankTransfer: { beneficiary: 'Acme Invoicing SRL', iban: 'BE71096123456769', bic: 'SXPYDEHH' },
    });
    expect(payment.bankTransfer?.reference).toMatch(/^FAKE/);
    fake.settlePending(checkoutId, 'paid');
    expect(await stripe.fetchPayment({ checkoutId })).toMatchObject({ status: 'paid', bankTransfer: null });
  });

  it('reads a partial refund', async () => {
    const { checkoutId } = await stripe.createCheckout(checkoutRequest());
    fake.completeCheckout(checkoutId, 'paid');
    const paymentId = fake.session(checkoutId).payment_intent as string;
    fake.refund(paymentId, 2_000);
    expect(await stripe.fetchPayment({ paymentId })).toMatchObject({
      status: 'paid',
      amountMinor: 12_345,
      refundedMinor: 2_000,
    });
  });

  it.each([
    ['lost', 12_345],
    ['open', 12_345],
    ['won', 0],
  ] as const)('counts a chargeback whose dispute is %s as %i', async (outcome, chargedBack) => {
    const { checkoutId } = await stripe.createCheckout(checkoutRequest());
    fake.completeCheckout(checkoutId, 'paid');
    const paymentId = fake.session(checkoutId).payment_intent as string;
    fake.chargeback(paymentId, outcome);
    expect(await stripe.fetchPayment({ checkoutId })).toMatchObject({
      status: 'paid',
      chargedBackMinor: chargedBack,
    });
  });

  it('lets an unknown checkout fail as an error, not an outage', async () => {
    const error = await stripe
      .fetchPayment({ checkoutId: 'cs_test_unknown' })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(ProviderUnavailableError);
    expect((error as Error).message).toMatch(/No such checkout.session/);
  });
});

describe('expireCheckout', () => {
  it('expires an open session, and again without complaint', async () => {
    const { checkoutId } = await stripe.createCheckout(checkoutRequest());
    await stripe.expireCheckout(checkoutId);
    expect(fake.session(checkoutId).status).toBe('expired');
    expect(fake.events.at(-1)?.type).toBe('checkout.session.expired');
    await expect(stripe.expireCheckout(checkoutId)).resolves.toBeUndefined();
  });

  it('leaves a completed session as it is', async () => {
    const { checkoutId } = await stripe.createCheckout(checkoutRequest());
    fake.completeCheckout(checkoutId, 'paid');
    await expect(stripe.expireCheckout(checkoutId)).resolves.toBeUndefined();
    expect(fake.session(checkoutId).status).toBe('complete');
  });
});

describe('readWebhook', () => {
  async function completedEvent() {
    const { checkoutId } = await stripe.createCheckout(checkoutRequest());
    const [event] = fake.completeCheckout(checkoutId, 'paid');
    if (event === undefined) throw new Error('no event');
    return { checkoutId, event };
  }

  it('accepts a correctly signed event and names what to re-read', async () => {
    const { checkoutId, event } = await completedEvent();
    const { body, headers } = fake.signedDelivery(event);
    expect(stripe.readWebhook({ rawBody: Buffer.from(body), headers })).toEqual({
      ok: true,
      eventId: event.id,
      type: 'checkout.session.completed',
      checkoutId,
      paymentId: fake.session(checkoutId).payment_intent,
    });
  });

  it('finds the payment of refund and dispute events', async () => {
    const { checkoutId } = await completedEvent();
    const paymentId = fake.session(checkoutId).payment_intent as string;
    for (const event of [...fake.refund(paymentId, 100), ...fake.chargeback(paymentId)]) {
      const { body, headers } = fake.signedDelivery(event);
      expect(stripe.readWebhook({ rawBody: Buffer.from(body), headers })).toEqual({
        ok: true,
        eventId: event.id,
        type: event.type,
        checkoutId: null,
        paymentId,
      });
    }
  });

  it('refuses a tampered body', async () => {
    const { event } = await completedEvent();
    const { body, headers } = fake.signedDelivery(event);
    const tampered = body.replace('"amount_total": 12345', '"amount_total": 1');
    expect(tampered).not.toBe(body);
    expect(stripe.readWebhook({ rawBody: Buffer.from(tampered), headers })).toEqual({
      ok: false,
      reason: 'bad_signature',
    });
  });

  it('refuses a re-serialised body', async () => {
    const { event } = await completedEvent();
    const { body, headers } = fake.signedDelivery(event);
    const reserialised = JSON.stringify(JSON.parse(body));
    expect(stripe.readWebhook({ rawBody: Buffer.from(reserialised), headers })).toMatchObject({ ok: false });
  });

  it('refuses a signature made with another secret', async () => {
    const { event } = await completedEvent();
    const { body, headers } = fake.signedDelivery(event, { secret: 'whsec_someone_else' });
    expect(stripe.readWebhook({ rawBody: Buffer.from(body), headers })).toEqual({
      ok: false,
      reason: 'bad_signature',
    });
  });

  it('refuses a request without the signature header', async () => {
    const { event } = await completedEvent();
    const { body } = fake.signedDelivery(event);
    expect(
      stripe.readWebhook({ rawBody: Buffer.from(body), headers: { 'content-type': 'application/json' } }),
    ).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('refuses an old signature (a replay past the tolerance)', async () => {
    const { event } = await completedEvent();
    const { body, headers } = fake.signedDelivery(event, { timestamp: Math.floor(Date.now() / 1000) - 600 });
    expect(stripe.readWebhook({ rawBody: Buffer.from(body), headers })).toEqual({
      ok: false,
      reason: 'bad_signature',
    });
  });

  it('calls a correctly signed body that is not an event malformed', () => {
    const body = '{"not json';
    expect(stripe.readWebhook({ rawBody: Buffer.from(body), headers: fake.signatureHeaders(body) })).toEqual({
      ok: false,
      reason: 'malformed',
    });
  });

  it('delivers over HTTP with the exact bytes', async () => {
    const { checkoutId, event } = await completedEvent();
    const received: unknown[] = [];
    const endpoint = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        received.push(stripe.readWebhook({ rawBody: Buffer.concat(chunks), headers: request.headers }));
        response.end('ok');
      });
    });
    await new Promise<void>((resolve) => endpoint.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = endpoint.address() as AddressInfo;
      const response = await fake.deliver(event, `http://127.0.0.1:${port}/webhooks/stripe`);
      expect(response.status).toBe(200);
      expect(received).toEqual([
        { ok: true, eventId: event.id, type: event.type, checkoutId, paymentId: expect.any(String) },
      ]);
    } finally {
      await new Promise((resolve) => endpoint.close(resolve));
    }
  });
});

describe('outages', () => {
  it('turns 500s into ProviderUnavailableError', async () => {
    fake.failNext(1, 500);
    await expect(stripe.createCheckout(checkoutRequest())).rejects.toBeInstanceOf(ProviderUnavailableError);
    fake.failNext(1, 503);
    await expect(stripe.fetchPayment({ checkoutId: 'cs_test_x' })).rejects.toBeInstanceOf(
      ProviderUnavailableError,
    );
    fake.failNext(1, 500);
    await expect(
      stripe.listMethods({ amountMinor: 1, currency: 'EUR', locale: 'en' }),
    ).rejects.toBeInstanceOf(ProviderUnavailableError);
    fake.failNext(1, 500);
    await expect(stripe.expireCheckout('cs_test_x')).rejects.toBeInstanceOf(ProviderUnavailableError);
  });

  it('turns a rate limit into ProviderUnavailableError', async () => {
    fake.failNext(1, 429);
    await expect(stripe.createCheckout(checkoutRequest())).rejects.toBeInstanceOf(ProviderUnavailableError);
  });

  it('turns an unreachable API into ProviderUnavailableError', async () => {
    const port = await closedPort();
    const offline = stripeProvider({
      secretKey: KEY,
      webhookSecret: SECRET,
      api: { host: '127.0.0.1', port, protocol: 'http' },
      maxNetworkRetries: 0,
    });
    await expect(offline.createCheckout(checkoutRequest())).rejects.toBeInstanceOf(ProviderUnavailableError);
  });

  it('retries a 500 with the same idempotency key when retries are on', async () => {
    const retrying = stripeProvider({
      secretKey: KEY,
      webhookSecret: SECRET,
      api: fake.api,
      maxNetworkRetries: 1,
    });
    const request = checkoutRequest();
    fake.failNext(1, 500);
    const checkout = await retrying.createCheckout(request);
    const calls = fake.requests.filter((call) => call.idempotencyKey === request.idempotencyKey);
    expect(calls.map((call) => call.status)).toEqual([500, 200]);
    expect(checkout.checkoutId).toMatch(/^cs_test_/);
  });
});

describe('the fake hosted page', () => {
  it('pays and sends the customer back to the return URL', async () => {
    const request = checkoutRequest();
    const { checkoutId, url } = await stripe.createCheckout(request);
    expect((await fetch(url)).status).toBe(200);
    const response = await fetch(url, {
      method: 'POST',
      body: new URLSearchParams({ outcome: 'paid' }),
      redirect: 'manual',
    });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(request.returnUrl);
    expect((await stripe.fetchPayment({ checkoutId })).status).toBe('paid');
  });
});
