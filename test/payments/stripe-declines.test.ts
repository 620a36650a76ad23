import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyProviderEvent } from '../../src/app/payments/apply-provider-event.ts';
import { jobSender } from '../../src/jobs/job-queue.ts';
import { sdkProviderFactory } from '../../src/payments/provider-factory.ts';
import { FAST_POLICIES, jobsDone } from '../emails/support.ts';
import { StripeFakeServer } from '../fakes/stripe-fake-server.ts';
import { type ApiHarness, createApiHarness } from '../support/api-harness.ts';
import { eventually } from '../support/smtp-sink.ts';
import { contractDatabaseKinds } from '../support/test-env.ts';
import { payableInvoice } from './payable-invoice.ts';

/**
 * R18 with Stripe's declined cards: a decline keeps the Checkout Session open (the customer may try another
 * card on the same page), so no attempt ever ends `failed` for it. The provider's report of each decline
 * (`payment_intent.payment_failed`, through the real SDK and our webhook) counts once toward the lock;
 * an outage never does.
 */
describe.each(contractDatabaseKinds())('Stripe declines count toward the lock [%s]', (kind) => {
  const stripe = new StripeFakeServer({ methods: ['card'] });
  let h: ApiHarness;
  let clockMs = new Date('2026-05-30T10:00:00Z').getTime();
  let invoiceNumber = 0;
  let accountId = '';
  const api = (method: string, path: string, body?: unknown) =>
    h.request(h.a.key, method, `/api/v1${path}`, body);

  const newInvoice = () => {
    invoiceNumber += 1;
    return payableInvoice(h, { number: `D-${invoiceNumber}`, amountMinor: 50_000 });
  };

  /** Chooses the card on the pay page: the answer, and the invoice's newest attempt. */
  async function payByCard(invoice: { id: string; payUrl: string }) {
    const page = await h.app.inject({ method: 'GET', url: invoice.payUrl.replace(/\/pay$/, '') });
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
    const res = await h.app.inject({
      method: 'POST',
      url: invoice.payUrl,
      payload: new URLSearchParams({ method: 'stripe:card', _csrf: csrf }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    const attempt = await h.database.db
      .selectFrom('payment_attempts')
      .selectAll()
      .where('invoice_id', '=', invoice.id)
      .orderBy('created_at', 'desc')
      .limit(1)
      .executeTakeFirst();
    return { res, attempt };
  }

  async function deliver(event: Parameters<StripeFakeServer['signedDelivery']>[0]) {
    const { body, headers } = stripe.signedDelivery(event);
    const res = await h.app.inject({
      method: 'POST',
      url: `/webhooks/stripe/${accountId}`,
      payload: body,
      headers: { ...headers, 'content-type': 'application/json' },
    });
    expect(res.statusCode).toBe(200);
  }

  /** The customer's card is declined on the open session; Stripe notifies it. */
  async function decline(checkoutId: string) {
    const [failed] = stripe.completeCheckout(checkoutId, 'failed');
    if (failed?.type !== 'payment_intent.payment_failed') throw new Error('no payment_failed event');
    await deliver(failed);
    await settled();
    return failed;
  }

  const settled = () =>
    eventually(() => jobsDone(h.database.db, ['payment-event']), 'the notifications applied');
  const online = async (invoiceId: string) =>
    (await api('GET', `/invoices/${invoiceId}/online-payment`)).body;

  beforeAll(async () => {
    await stripe.start();
    h = await createApiHarness({
      kind,
      now: () => new Date(clockMs),
      policies: FAST_POLICIES,
      providers: sdkProviderFactory({ stripe: stripe.api, mollie: 'http://127.0.0.1:9' }),
    });
    await h.startPaymentWorkers();
    const connected = await api('PUT', '/payment-accounts/stripe', {
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

  it('counts a declined card once per notification, however often it is delivered or applied, and keeps the checkout usable', async () => {
    const invoice = await newInvoice();
    const { res, attempt } = await payByCard(invoice);
    expect(res.statusCode).toBe(303);
    const checkoutId = attempt?.checkout_id ?? '';
    const failed = await decline(checkoutId);
    expect((await online(invoice.id)).failuresInARow).toBe(1);

    // Stripe delivers again; and the job runs a second time on the stored event (a crash after applying).
    await deliver(failed);
    await settled();
    const row = await h.database.db
      .selectFrom('provider_events')
      .select('id')
      .where('event_id', '=', failed.id)
      .executeTakeFirstOrThrow();
    const again = await applyProviderEvent(
      {
        db: h.database.db,
        jobs: jobSender(h.boss),
        clock: () => new Date(clockMs),
        appSecret: h.appSecret,
        publicBaseUrl: 'http://portal.test',
        providers: sdkProviderFactory({ stripe: stripe.api, mollie: 'http://127.0.0.1:9' }),
      },
      { organizationId: h.a.id, eventRowId: row.id },
    );
    expect(again).toBe('no_change');
    expect((await online(invoice.id)).failuresInARow).toBe(1);

    // The attempt is still open: a second click goes back to the same session, where the customer pays.
    const stored = await h.database.db
      .selectFrom('payment_attempts')
      .select('status')
      .where('id', '=', attempt?.id ?? '')
      .executeTakeFirstOrThrow();
    expect(stored.status).toBe('open');
    const retry = await payByCard(invoice);
    expect(retry.res.headers.location).toBe(res.headers.location);
    const [paid] = stripe.completeCheckout(checkoutId, 'paid');
    if (!paid) throw new Error('no event');
    await deliver(paid);
    await settled();
    const after = await online(invoice.id);
    expect(after.failuresInARow).toBe(0);
    const invoiceNow = await api('GET', `/invoices/${invoice.id}`);
    expect(invoiceNow.body.amountDue.status).toBe('paid');
    expect(invoiceNow.body.payments.filter((p: { source: string }) => p.source === 'provider')).toHaveLength(
      1,
    );
  });

  it('blocks paying for an hour after five declines in a row on one checkout (R18), then lets the customer try again', async () => {
    const invoice = await newInvoice();
    const { attempt } = await payByCard(invoice);
    const checkoutId = attempt?.checkout_id ?? '';
    for (let i = 1; i <= 4; i++) {
      await decline(checkoutId);
      expect((await online(invoice.id)).failuresInARow).toBe(i);
    }
    const reused = await payByCard(invoice);
    expect(reused.res.statusCode).toBe(303);
    await decline(checkoutId);
    const state = await online(invoice.id);
    expect(state.lockedUntil).not.toBeNull();
    // The blocked checkout takes no more cards: ended at Stripe and here (a failure already counted).
    expect(stripe.session(checkoutId).status).toBe('expired');
    expect(state.data.find((a: { id: string }) => a.id === attempt?.id)?.status).toBe('expired');
    const locked = await h.app.inject({ method: 'GET', url: invoice.payUrl });
    expect(locked.body).toContain('bloqué après cinq tentatives échouées');
    expect((await payByCard(invoice)).res.statusCode).toBe(423);
    clockMs += 59 * 60 * 1000;
    expect((await payByCard(invoice)).res.statusCode).toBe(423);
    clockMs += 2 * 60 * 1000;
    const fresh = await payByCard(invoice);
    expect(fresh.res.statusCode).toBe(303);
    expect(fresh.res.headers.location).not.toBe(reused.res.headers.location);
    expect((await online(invoice.id)).failuresInARow).toBe(0);
  });

  it('never counts an outage: the provider answering 503 while opening a checkout is no failure', async () => {
    const invoice = await newInvoice();
    stripe.failNext(10, 503);
    const down = await payByCard(invoice);
    stripe.failNext(0);
    expect(down.res.statusCode).toBe(503);
    expect(await online(invoice.id)).toMatchObject({ lockedUntil: null, failuresInARow: 0 });
  });
});
