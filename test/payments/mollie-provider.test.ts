import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ClientError } from 'mollie-api-typescript/models/errors';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mollieProvider } from '../../src/payments/mollie/mollie-provider.ts';
import {
  type CheckoutRequest,
  type PaymentProvider,
  ProviderUnavailableError,
} from '../../src/payments/payment-provider.ts';
import {
  FAKE_MOLLIE_BANK,
  type FakeMolliePaymentStatus,
  MollieFakeServer,
} from '../fakes/mollie-fake-server.ts';

const API_KEY = 'test_dHar4XY7LxsDOtmnkVtjNVWXLSlXsM';

let mollie: MollieFakeServer;
let provider: PaymentProvider;

beforeEach(async () => {
  mollie = new MollieFakeServer({
    apiKey: API_KEY,
    profileName: 'Acme SRL',
    checkoutBaseUrl: 'https://checkout.fake/pay',
  });
  await mollie.start();
  provider = mollieProvider({ apiKey: API_KEY, serverUrl: mollie.url, timeoutMs: 2_000 });
});

afterEach(async () => {
  await mollie.stop();
});

function checkoutRequest(overrides: Partial<CheckoutRequest> = {}): CheckoutRequest {
  return {
    amountMinor: 12_100,
    currency: 'EUR',
    methodId: 'bancontact',
    description: 'Invoice 2026-0101',
    attemptId: 'att_0001',
    locale: 'fr-BE',
    customerEmail: 'client@example.be',
    returnUrl: 'https://portal.example/p/abc/return',
    cancelUrl: 'https://portal.example/p/abc/cancel',
    webhookUrl: 'https://portal.example/webhooks/mollie',
    idempotencyKey: 'att_0001',
    ...overrides,
  };
}

async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

describe('verify', () => {
  it('answers the profile name and test mode for a valid test key', async () => {
    expect(await provider.verify()).toEqual({ ok: true, accountName: 'Acme SRL', testMode: true });
    expect(mollie.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
      'GET /v2/profiles/me',
    ]);
    expect(mollie.requests[0]?.headers.authorization).toBe(`Bearer ${API_KEY}`);
  });

  it('says live mode for a live key', async () => {
    const live = new MollieFakeServer({ apiKey: 'live_abcdefghijklmnopqrstuvwxyz0123' });
    await live.start();
    try {
      const result = await mollieProvider({
        apiKey: 'live_abcdefghijklmnopqrstuvwxyz0123',
        serverUrl: live.url,
      }).verify();
      expect(result).toMatchObject({ ok: true, testMode: false });
    } finally {
      await live.stop();
    }
  });

  it("refuses a wrong key with Mollie's detail", async () => {
    const wrong = mollieProvider({ apiKey: 'test_wrongwrongwrongwrongwrongwr', serverUrl: mollie.url });
    expect(await wrong.verify()).toEqual({
      ok: false,
      reason: 'invalid_credentials',
      message: 'Missing authentication, or failed to authenticate',
    });
  });

  it('refuses a key that is not a Mollie API key without calling Mollie', async () => {
    const wrong = mollieProvider({ apiKey: 'sk_test_123', serverUrl: mollie.url });
    expect(await wrong.verify()).toMatchObject({ ok: false, reason: 'invalid_credentials' });
    expect(mollie.requests).toEqual([]);
  });

  it('says unreachable when nothing listens', async () => {
    const nowhere = mollieProvider({ apiKey: API_KEY, serverUrl: await closedPortUrl() });
    expect(await nowhere.verify()).toMatchObject({ ok: false, reason: 'unreachable' });
  });

  it('says unreachable when Mollie answers 5xx', async () => {
    mollie.failNext(1, 503);
    expect(await provider.verify()).toMatchObject({ ok: false, reason: 'unreachable' });
  });
});

describe('listMethods', () => {
  it('lists the enabled methods for the amount, with names, icons and the bank transfer flag', async () => {
    const methods = await provider.listMethods({ amountMinor: 12_100, currency: 'EUR', locale: 'fr-BE' });
    expect(methods).toEqual([
      {
        id: 'ideal',
        name: 'iDEAL',
        iconUrl: 'https://www.mollie.com/external/icons/payment-methods/ideal.svg',
        isBankTransfer: false,
      },
      {
        id: 'bancontact',
        name: 'Bancontact',
        iconUrl: 'https://www.mollie.com/external/icons/payment-methods/bancontact.svg',
        isBankTransfer: false,
      },
      {
        id: 'creditcard',
        name: 'Card',
        iconUrl: 'https://www.mollie.com/external/icons/payment-methods/creditcard.svg',
        isBankTransfer: false,
      },
      {
        id: 'banktransfer',
        name: 'Bank transfer',
        iconUrl: 'https://www.mollie.com/external/icons/payment-methods/banktransfer.svg',
        isBankTransfer: true,
      },
    ]);
    const [request] = mollie.requestsTo('GET', '/v2/methods');
    expect(request?.query).toEqual({
      'amount[value]': '121.00',
      'amount[currency]': 'EUR',
      locale: 'fr_BE',
      sequenceType: 'oneoff',
    });
  });

  it('leaves out methods whose limits the amount is outside of', async () => {
    const methods = await provider.listMethods({ amountMinor: 1, currency: 'EUR', locale: 'nl-BE' });
    expect(methods.map((method) => method.id)).toEqual(['ideal', 'creditcard', 'banktransfer']);
    expect(mollie.requests[0]?.query).toMatchObject({ 'amount[value]': '0.01', locale: 'nl_BE' });
  });

  it('sends yen without decimals', async () => {
    const methods = await provider.listMethods({ amountMinor: 5_000, currency: 'JPY', locale: 'de-DE' });
    expect(methods.map((method) => method.id)).toEqual(['creditcard']);
    expect(mollie.requests[0]?.query).toMatchObject({
      'amount[value]': '5000',
      'amount[currency]': 'JPY',
      locale: 'de_DE',
    });
  });

  it('maps bare languages to a Mollie locale and leaves out languages Mollie lacks', async () => {
    await provider.listMethods({ amountMinor: 1000, currency: 'EUR', locale: 'en' });
    await provider.listMethods({ amountMinor: 1000, currency: 'EUR', locale: 'ja-JP' });
    expect(mollie.requests.map((request) => request.query.locale)).toEqual(['en_US', undefined]);
  });

  it('answers no methods for a currency Mollie does not take, without asking', async () => {
    expect(await provider.listMethods({ amountMinor: 10_000, currency: 'KWD', locale: 'en' })).toEqual([]);
    expect(mollie.requests).toEqual([]);
  });
});

describe('createCheckout', () => {
  it('creates a payment with the amount, method, metadata, URLs, locale and idempotency key', async () => {
    const checkout = await provider.createCheckout(checkoutRequest());

    expect(checkout.checkoutId).toMatch(/^tr_/);
    expect(checkout.url).toBe(`https://checkout.fake/pay/${checkout.checkoutId}`);
    expect(checkout.expiresAt).toBeInstanceOf(Date);
    expect(checkout.expiresAt?.getTime()).toBeGreaterThan(Date.now());

    const [request] = mollie.requestsTo('POST', '/v2/payments');
    expect(request?.headers['idempotency-key']).toBe('att_0001');
    expect(request?.body).toEqual({
      amount: { currency: 'EUR', value: '121.00' },
      description: 'Invoice 2026-0101',
      redirectUrl: 'https://portal.example/p/abc/return',
      cancelUrl: 'https://portal.example/p/abc/cancel',
      webhookUrl: 'https://portal.example/webhooks/mollie',
      method: 'bancontact',
      sequenceType: 'oneoff',
      metadata: { attemptId: 'att_0001' },
      locale: 'fr_BE',
    });
  });

  it('answers the same payment when the same idempotency key is sent again', async () => {
    const first = await provider.createCheckout(checkoutRequest());
    const second = await provider.createCheckout(checkoutRequest());
    expect(second.checkoutId).toBe(first.checkoutId);
    expect(mollie.payments.size).toBe(1);
  });

  it("gives Mollie the customer's e-mail for a bank transfer, so Mollie sends the instructions", async () => {
    await provider.createCheckout(checkoutRequest({ methodId: 'banktransfer' }));
    expect(mollie.requests[0]?.body).toMatchObject({
      method: 'banktransfer',
      billingAddress: { email: 'client@example.be' },
    });
  });

  it('sends yen amounts without decimals', async () => {
    await provider.createCheckout(
      checkoutRequest({ amountMinor: 12_345, currency: 'JPY', methodId: 'creditcard' }),
    );
    expect(mollie.requests[0]?.body).toMatchObject({ amount: { currency: 'JPY', value: '12345' } });
  });

  it('refuses a method id Mollie does not have, without asking', async () => {
    await expect(provider.createCheckout(checkoutRequest({ methodId: 'card' }))).rejects.toThrow(RangeError);
    expect(mollie.requests).toEqual([]);
  });

  it("passes Mollie's refusals on as they are (not an outage)", async () => {
    const refusal = provider.createCheckout(checkoutRequest({ methodId: 'paypal' }));
    await expect(refusal).rejects.toBeInstanceOf(ClientError);
    await expect(refusal).rejects.not.toBeInstanceOf(ProviderUnavailableError);
  });
});

describe('fetchPayment', () => {
  it.each<[FakeMolliePaymentStatus, string]>([
    ['open', 'open'],
    ['pending', 'pending'],
    ['authorized', 'pending'],
    ['paid', 'paid'],
    ['failed', 'failed'],
    ['canceled', 'canceled'],
    ['expired', 'expired'],
  ])('reads Mollie status %s as %s', async (mollieStatus, status) => {
    const { checkoutId } = await provider.createCheckout(checkoutRequest());
    if (mollieStatus !== 'open') mollie.setStatus(checkoutId, mollieStatus);
    const payment = await provider.fetchPayment({ checkoutId });
    expect(payment).toMatchObject({
      checkoutId,
      paymentId: checkoutId,
      status,
      amountMinor: 12_100,
      currency: 'EUR',
      methodId: 'bancontact',
      methodName: 'Bancontact',
      attemptId: 'att_0001',
      bankTransfer: null,
      refundedMinor: 0,
      chargedBackMinor: 0,
      failureReason: null,
    });
    expect(payment.paidAt === null).toBe(mollieStatus !== 'paid');
  });

  it('reads the same payment by its payment id', async () => {
    const { checkoutId } = await provider.createCheckout(checkoutRequest());
    mollie.setStatus(checkoutId, 'paid');
    const byCheckout = await provider.fetchPayment({ checkoutId });
    const byPayment = await provider.fetchPayment({ paymentId: checkoutId });
    expect(byPayment).toEqual(byCheckout);
    expect(byPayment.paidAt).toEqual(new Date(mollie.payment(checkoutId).paidAt ?? ''));
  });

  it("gives the failure reason of a failed card payment and the card's name", async () => {
    const { checkoutId } = await provider.createCheckout(checkoutRequest({ methodId: 'creditcard' }));
    mollie.setStatus(checkoutId, 'failed', { failureReason: 'card_declined' });
    expect(await provider.fetchPayment({ checkoutId })).toMatchObject({
      status: 'failed',
      methodName: 'Card',
      failureReason: 'card_declined',
    });
  });

  it('reads partial refunds and chargebacks in minor units', async () => {
    const { checkoutId } = await provider.createCheckout(checkoutRequest());
    mollie.setStatus(checkoutId, 'paid');
    mollie.refund(checkoutId, 2_000);
    mollie.refund(checkoutId, 1);
    expect(await provider.fetchPayment({ checkoutId })).toMatchObject({
      status: 'paid',
      refundedMinor: 2_001,
      chargedBackMinor: 0,
    });
    mollie.chargeback(checkoutId, 10_099);
    expect(await provider.fetchPayment({ checkoutId })).toMatchObject({
      refundedMinor: 2_001,
      chargedBackMinor: 10_099,
    });
  });

  it('gives the bank transfer instructions while the transfer is awaited, and not once paid', async () => {
    const { checkoutId } = await provider.createCheckout(checkoutRequest({ methodId: 'banktransfer' }));
    const open = await provider.fetchPayment({ checkoutId });
    expect(open).toMatchObject({ status: 'open', methodId: 'banktransfer', methodName: 'Bank transfer' });
    expect(open.bankTransfer).toEqual({
      beneficiary: FAKE_MOLLIE_BANK.bankName,
      iban: FAKE_MOLLIE_BANK.bankAccount,
      bic: FAKE_MOLLIE_BANK.bankBic,
      reference: mollie.payment(checkoutId).details?.transferReference,
    });
    mollie.setStatus(checkoutId, 'paid');
    expect((await provider.fetchPayment({ checkoutId })).bankTransfer).toBeNull();
  });

  it('reads yen amounts exactly', async () => {
    const { checkoutId } = await provider.createCheckout(
      checkoutRequest({ amountMinor: 98_765, currency: 'JPY', methodId: 'creditcard' }),
    );
    expect(await provider.fetchPayment({ checkoutId })).toMatchObject({
      amountMinor: 98_765,
      currency: 'JPY',
    });
  });

  it('refuses a malformed amount instead of guessing', async () => {
    const { checkoutId } = await provider.createCheckout(checkoutRequest());
    mollie.payment(checkoutId).amount.value = '121.0';
    await expect(provider.fetchPayment({ checkoutId })).rejects.toThrow(/Malformed amount/);
  });

  it('gives no attempt id for a payment without our metadata', async () => {
    const { checkoutId } = await provider.createCheckout(checkoutRequest());
    mollie.payment(checkoutId).metadata = 'someone else’s';
    expect((await provider.fetchPayment({ checkoutId })).attemptId).toBeNull();
  });

  it('refuses ids that are not Mollie payment ids, without asking', async () => {
    await expect(provider.fetchPayment({ checkoutId: 'cs_123' })).rejects.toThrow(RangeError);
    await expect(provider.fetchPayment({ paymentId: 'tr_../../v2/methods' })).rejects.toThrow(RangeError);
    expect(mollie.requests).toEqual([]);
  });

  it('passes a 404 on as it is', async () => {
    const missing = provider.fetchPayment({ paymentId: 'tr_doesnotexist' });
    await expect(missing).rejects.toMatchObject({ statusCode: 404 });
    await expect(missing).rejects.not.toBeInstanceOf(ProviderUnavailableError);
  });
});

describe('readWebhook', () => {
  const form = { 'content-type': 'application/x-www-form-urlencoded' };

  it('reads the payment id Mollie posts', () => {
    expect(provider.readWebhook({ rawBody: Buffer.from('id=tr_WDqYK6vllg'), headers: form })).toEqual({
      ok: true,
      eventId: null,
      type: null,
      checkoutId: 'tr_WDqYK6vllg',
      paymentId: 'tr_WDqYK6vllg',
    });
    expect(
      provider.readWebhook({
        rawBody: Buffer.from('id=tr_WDqYK6vllg'),
        headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
      }),
    ).toMatchObject({ ok: true });
    expect(provider.readWebhook({ rawBody: Buffer.from('id=tr_abc'), headers: {} })).toMatchObject({
      ok: true,
    });
  });

  it.each([
    ['', form],
    ['id=', form],
    ['id=ord_123', form],
    ['id=re_123', form],
    ['id=tr_', form],
    ['id=tr_abc%00', form],
    ['id=tr_abc&id=tr_def', form],
    ['id=tr_abc/../x', form],
    ['tr_abc', form],
    ['{"id":"tr_abc"}', { 'content-type': 'application/json' }],
    [`id=tr_${'a'.repeat(2000)}`, form],
    ['\u0000\uFFFF%%%', form],
  ])('refuses %j', (body, headers) => {
    expect(provider.readWebhook({ rawBody: Buffer.from(body), headers })).toEqual({
      ok: false,
      reason: 'malformed',
    });
  });
});

describe('expireCheckout', () => {
  it('cancels a cancelable payment (an open bank transfer)', async () => {
    const { checkoutId } = await provider.createCheckout(checkoutRequest({ methodId: 'banktransfer' }));
    await provider.expireCheckout(checkoutId);
    expect(mollie.requestsTo('DELETE', `/v2/payments/${checkoutId}`)).toHaveLength(1);
    expect((await provider.fetchPayment({ checkoutId })).status).toBe('canceled');
  });

  it('accepts that Mollie cannot cancel an open card payment, or a paid one', async () => {
    const open = await provider.createCheckout(
      checkoutRequest({ methodId: 'creditcard', idempotencyKey: 'a' }),
    );
    await provider.expireCheckout(open.checkoutId);
    expect((await provider.fetchPayment({ checkoutId: open.checkoutId })).status).toBe('open');

    const paid = await provider.createCheckout(checkoutRequest({ idempotencyKey: 'b' }));
    mollie.setStatus(paid.checkoutId, 'paid');
    await provider.expireCheckout(paid.checkoutId);
    expect((await provider.fetchPayment({ checkoutId: paid.checkoutId })).status).toBe('paid');
  });
});

describe('outages', () => {
  const calls: [string, (provider: PaymentProvider, paymentId: string) => Promise<unknown>][] = [
    ['listMethods', (p) => p.listMethods({ amountMinor: 1000, currency: 'EUR', locale: 'en' })],
    ['createCheckout', (p) => p.createCheckout(checkoutRequest({ idempotencyKey: 'another' }))],
    ['fetchPayment', (p, paymentId) => p.fetchPayment({ paymentId })],
    ['expireCheckout', (p, paymentId) => p.expireCheckout(paymentId)],
  ];

  it.each(calls)(
    '%s: a 500 is ProviderUnavailableError, and the next call goes through',
    async (_name, run) => {
      const { checkoutId } = await provider.createCheckout(checkoutRequest());
      mollie.failNext(1, 500);
      await expect(run(provider, checkoutId)).rejects.toBeInstanceOf(ProviderUnavailableError);
      await run(provider, checkoutId);
    },
  );

  it.each([429, 502, 503])('%i is ProviderUnavailableError (no hidden retries)', async (status) => {
    mollie.failNext(1, status);
    await expect(
      provider.listMethods({ amountMinor: 1000, currency: 'EUR', locale: 'en' }),
    ).rejects.toBeInstanceOf(ProviderUnavailableError);
    expect(mollie.requests).toHaveLength(1);
  });

  it.each(calls)('%s: nothing listening is ProviderUnavailableError', async (_name, run) => {
    const nowhere = mollieProvider({ apiKey: API_KEY, serverUrl: await closedPortUrl() });
    await expect(run(nowhere, 'tr_abc')).rejects.toBeInstanceOf(ProviderUnavailableError);
  });

  it('a timeout is ProviderUnavailableError', async () => {
    const impatient = mollieProvider({ apiKey: API_KEY, serverUrl: mollie.url, timeoutMs: 100 });
    mollie.delayNext(1, 1_000);
    await expect(impatient.fetchPayment({ paymentId: 'tr_abc' })).rejects.toBeInstanceOf(
      ProviderUnavailableError,
    );
  });

  it('a wrong key is not an outage', async () => {
    const wrong = mollieProvider({ apiKey: 'test_wrongwrongwrongwrongwrongwr', serverUrl: mollie.url });
    const refusal = wrong.listMethods({ amountMinor: 1000, currency: 'EUR', locale: 'en' });
    await expect(refusal).rejects.toMatchObject({ statusCode: 401 });
    await expect(refusal).rejects.not.toBeInstanceOf(ProviderUnavailableError);
  });
});

describe('webhook round trip through the fake', () => {
  let received: { body: Buffer; headers: IncomingHttpHeaders }[] = [];
  const receiver = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ body: Buffer.concat(chunks), headers: request.headers });
      response.end('ok');
    });
  });
  let webhookUrl = '';

  beforeAll(async () => {
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    webhookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhooks/mollie`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
  });
  beforeEach(() => {
    received = [];
  });

  it("notify posts id=tr_… to the payment's webhookUrl; the adapter reads it and re-reads the truth", async () => {
    const { checkoutId } = await provider.createCheckout(checkoutRequest({ webhookUrl }));
    mollie.setStatus(checkoutId, 'paid');
    expect(await mollie.notify(checkoutId)).toEqual({ status: 200, body: 'ok' });

    const [delivery] = received;
    expect(delivery?.body.toString()).toBe(`id=${checkoutId}`);
    const notice = provider.readWebhook({
      rawBody: delivery?.body ?? Buffer.alloc(0),
      headers: delivery?.headers ?? {},
    });
    expect(notice).toMatchObject({ ok: true, paymentId: checkoutId });
    if (!notice.ok || notice.paymentId === null) throw new Error('unreachable');
    expect(await provider.fetchPayment({ paymentId: notice.paymentId })).toMatchObject({
      status: 'paid',
      attemptId: 'att_0001',
    });
  });
});
