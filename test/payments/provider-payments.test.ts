import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyProviderEvent } from '../../src/app/payments/apply-provider-event.ts';
import { jobSender } from '../../src/jobs/job-queue.ts';
import { mailboxMailer } from '../../src/mail/mailer.ts';
import { sdkProviderFactory } from '../../src/payments/provider-factory.ts';
import { FAST_POLICIES, jobsDone, pathOf } from '../emails/support.ts';
import { MollieFakeServer } from '../fakes/mollie-fake-server.ts';
import { StripeFakeServer } from '../fakes/stripe-fake-server.ts';
import { type ApiHarness, createApiHarness } from '../support/api-harness.ts';
import { eventually } from '../support/smtp-sink.ts';
import { payableInvoice } from './payable-invoice.ts';

/**
 * Online payments through the official Stripe and Mollie SDKs against local fake servers: the portal opens
 * the checkout, the provider's notification goes through our webhook path, the job re-reads the truth and
 * records the payment exactly once.
 */
const MOLLIE_KEY = 'test_providerPayments0123456789abcd';
const stripe = new StripeFakeServer({ methods: ['card', 'bancontact', 'sepa_debit'] });
const mollie = new MollieFakeServer({ apiKey: MOLLIE_KEY });
let h: ApiHarness;
let invoiceNumber = 0;
let clockMs = new Date('2026-05-30T10:00:00Z').getTime();

const api = (method: string, path: string, body?: unknown) =>
  h.request(h.a.key, method, `/api/v1${path}`, body);

const newInvoice = (amountMinor = 100_000) => {
  invoiceNumber += 1;
  return payableInvoice(h, { number: `P-${invoiceNumber}`, amountMinor });
};

/** Chooses `method` on the pay page: the answer, and the attempt it opened. */
async function startPayment(payUrl: string, method: string) {
  // The form token is the link's: taken from the invoice page, which always has the comment form.
  const page = await h.app.inject({ method: 'GET', url: payUrl.replace(/\/pay$/, '') });
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
  const res = await h.app.inject({
    method: 'POST',
    url: payUrl,
    payload: new URLSearchParams({ method, _csrf: csrf }).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  const attempt = await h.database.db
    .selectFrom('payment_attempts')
    .selectAll()
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return { res, attempt };
}

async function accountId(provider: 'stripe' | 'mollie'): Promise<string> {
  const accounts = await api('GET', '/payment-accounts');
  return accounts.body.data.find((a: { provider: string }) => a.provider === provider).id;
}

/** Posts a signed Stripe event to our webhook, as Stripe does. */
async function deliverStripe(body: string, headers: Record<string, string>) {
  return h.app.inject({
    method: 'POST',
    url: `/webhooks/stripe/${await accountId('stripe')}`,
    payload: body,
    headers: { ...headers, 'content-type': 'application/json' },
  });
}

async function deliverMollie(paymentId: string) {
  return h.app.inject({
    method: 'POST',
    url: `/webhooks/mollie/${await accountId('mollie')}`,
    payload: `id=${paymentId}`,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
}

const settled = () =>
  eventually(() => jobsDone(h.database.db, ['payment-event']), 'the notifications applied');

async function providerPayments(invoiceId: string) {
  const invoice = await api('GET', `/invoices/${invoiceId}`);
  return invoice.body.payments.filter((p: { source: string }) => p.source === 'provider');
}

beforeAll(async () => {
  await stripe.start();
  await mollie.start();
  h = await createApiHarness({
    now: () => new Date(clockMs),
    policies: FAST_POLICIES,
    providers: sdkProviderFactory({ stripe: stripe.api, mollie: mollie.url }),
  });
  await h.startPaymentWorkers();
  await h.startEmailWorkers(mailboxMailer);
});
afterAll(async () => {
  await h?.close();
  await stripe.stop();
  await mollie.stop();
});

describe('connecting a provider account', () => {
  it('shows no pay button while no provider is connected (R20)', async () => {
    const invoice = await newInvoice();
    const page = await h.app.inject({ method: 'GET', url: invoice.payUrl.replace(/\/pay$/, '') });
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('/pay"');
    const pay = await h.app.inject({ method: 'GET', url: invoice.payUrl });
    expect(pay.body).toContain('Le paiement en ligne n’est pas disponible pour cette facture');
    expect(pay.body).not.toContain('name="method"');
  });

  it('checks the key with the provider, refuses a wrong one precisely, and never shows it again', async () => {
    const wrong = await h.request(
      h.a.key,
      'PUT',
      '/api/v1/payment-accounts/stripe',
      {
        secretKey: 'sk_test_wrongwrongwrong',
        webhookSecret: stripe.webhookSecret,
      },
      { 'accept-language': 'nl' },
    );
    expect(wrong.status).toBe(422);
    expect(wrong.body.error).toMatchObject({ code: 'INVALID_PROVIDER_CREDENTIALS', field: 'secretKey' });
    expect(wrong.body.error.message).toMatch(/^De betaalprovider weigerde deze gegevens: /);

    const connected = await api('PUT', '/payment-accounts/stripe', {
      secretKey: stripe.secretKey,
      webhookSecret: stripe.webhookSecret,
    });
    expect(connected.status).toBe(200);
    expect(connected.body).toMatchObject({ provider: 'stripe', testMode: true });
    expect(connected.body.webhookUrl).toBe(`http://portal.test/webhooks/stripe/${connected.body.id}`);
    const mollieAccount = await api('PUT', '/payment-accounts/mollie', { apiKey: MOLLIE_KEY });
    expect(mollieAccount.status).toBe(200);

    const listed = JSON.stringify((await api('GET', '/payment-accounts')).body);
    const stored = JSON.stringify(await h.database.db.selectFrom('payment_accounts').selectAll().execute());
    for (const secret of [stripe.secretKey, stripe.webhookSecret, MOLLIE_KEY]) {
      expect(listed).not.toContain(secret);
      expect(stored).not.toContain(secret);
    }
  });
});

describe('paying with Stripe', () => {
  it('offers the account’s methods, opens a Checkout Session for the quote, and records the payment once', async () => {
    const invoice = await newInvoice();
    const page = await h.app.inject({ method: 'GET', url: invoice.payUrl });
    for (const method of ['stripe:card', 'stripe:bancontact', 'mollie:bancontact'])
      expect(page.body).toContain(`value="${method}"`);

    const { res, attempt } = await startPayment(invoice.payUrl, 'stripe:bancontact');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(stripe.session(attempt?.checkout_id ?? '').url);
    expect(stripe.session(attempt?.checkout_id ?? '').amount_total).toBe(invoice.totalMinor);

    // A second click reuses the open checkout while the quote is unchanged.
    const again = await startPayment(invoice.payUrl, 'stripe:bancontact');
    expect(again.res.headers.location).toBe(res.headers.location);

    const [completed] = stripe.completeCheckout(attempt?.checkout_id ?? '', 'paid');
    if (!completed) throw new Error('no event');
    const { body, headers } = stripe.signedDelivery(completed);
    // Delivered twice at once, then replayed: one event stored, one payment.
    const answers = await Promise.all([deliverStripe(body, headers), deliverStripe(body, headers)]);
    expect(answers.map((a) => a.statusCode)).toEqual([200, 200]);
    await settled();
    expect((await deliverStripe(body, headers)).statusCode).toBe(200);
    await settled();
    const payments = await providerPayments(invoice.id);
    expect(payments).toEqual([
      expect.objectContaining({
        amountMinor: invoice.totalMinor,
        method: 'Bancontact – Stripe',
        provider: 'stripe',
        flag: null,
      }),
    ]);
    expect((await api('GET', `/invoices/${invoice.id}`)).body.amountDue.status).toBe('paid');
    const events = await h.database.db
      .selectFrom('provider_events')
      .selectAll()
      .where('event_id', '=', completed.id)
      .execute();
    expect(events).toHaveLength(1);
  });

  it('coming back from the checkout, waits for the notification, or offers to resume after a cancel', async () => {
    const invoice = await newInvoice();
    const { res, attempt } = await startPayment(invoice.payUrl, 'stripe:card');
    expect(res.statusCode).toBe(303);
    const session = stripe.session(attempt?.checkout_id ?? '');
    // Stripe sends the customer back to one of our two addresses.
    const back = await h.app.inject({ method: 'GET', url: pathOf(session.success_url ?? '') });
    expect(back.body).toContain('Nous attendons la confirmation du service de paiement');
    expect(back.body).toMatch(/<meta http-equiv="refresh" content="4;url=[^"]+waited=1">/);
    expect(back.body).not.toContain('name="method"');
    const waitedLong = await h.app.inject({
      method: 'GET',
      url: `${pathOf(session.success_url ?? '')}&waited=15`,
    });
    expect(waitedLong.body).toContain('inutile de payer à nouveau');
    expect(waitedLong.body).not.toContain('http-equiv="refresh"');
    const canceled = await h.app.inject({ method: 'GET', url: pathOf(session.cancel_url ?? '') });
    expect(canceled.body).toContain('Le paiement n’a pas été finalisé');
    expect(canceled.body).toContain(`href="${session.url}"`);
    expect(canceled.body).toContain('name="method"');
  });

  it('applies a delayed method’s events in any order: pending, then paid, exactly once', async () => {
    const invoice = await newInvoice();
    const { attempt } = await startPayment(invoice.payUrl, 'stripe:sepa_debit');
    const sessionId = attempt?.checkout_id ?? '';
    const [completed] = stripe.completeCheckout(sessionId, 'pending');
    const [succeeded] = stripe.settlePending(sessionId, 'paid');
    if (!completed || !succeeded) throw new Error('no events');
    // The later event arrives first: the truth (paid) is applied; the earlier one then changes nothing.
    const late = stripe.signedDelivery(succeeded);
    expect((await deliverStripe(late.body, late.headers)).statusCode).toBe(200);
    await settled();
    const early = stripe.signedDelivery(completed);
    expect((await deliverStripe(early.body, early.headers)).statusCode).toBe(200);
    await settled();
    expect(await providerPayments(invoice.id)).toHaveLength(1);
    const online = await api('GET', `/invoices/${invoice.id}/online-payment`);
    expect(online.body.data[0].status).toBe('paid');
  });

  it('refuses a forged or tampered notification, stores nothing and logs it', async () => {
    const invoice = await newInvoice();
    const { attempt } = await startPayment(invoice.payUrl, 'stripe:card');
    const [completed] = stripe.completeCheckout(attempt?.checkout_id ?? '', 'paid');
    if (!completed) throw new Error('no event');
    const { body, headers } = stripe.signedDelivery(completed);
    const tampered = body.replace(/"amount_total": \d+/, '"amount_total": 1');
    expect(tampered).not.toBe(body);
    expect((await deliverStripe(tampered, headers)).statusCode).toBe(400);
    expect((await deliverStripe(body, { 'stripe-signature': 't=1,v1=00' })).statusCode).toBe(400);
    const stored = await h.database.db
      .selectFrom('provider_events')
      .selectAll()
      .where('event_id', '=', completed.id)
      .execute();
    expect(stored).toEqual([]);
    expect(await providerPayments(invoice.id)).toEqual([]);
  });

  it('refuses a notification whose ids hold control characters (even a correctly signed one) with 400, storing nothing', async () => {
    const invoice = await newInvoice();
    const { attempt } = await startPayment(invoice.payUrl, 'stripe:card');
    const [completed] = stripe.completeCheckout(attempt?.checkout_id ?? '', 'paid');
    if (!completed) throw new Error('no event');
    const { body, headers } = stripe.signedDelivery({ ...completed, id: 'evt_\u0000x' });
    const before = await h.database.db.selectFrom('provider_events').select('id').execute();
    expect((await deliverStripe(body, headers)).statusCode).toBe(400);
    expect((await deliverMollie('tr_%00x')).statusCode).toBe(400);
    expect(await h.database.db.selectFrom('provider_events').select('id').execute()).toEqual(before);
  });

  it('records a payment that differs from the quote as such, flagged, and leaves the rest due', async () => {
    const invoice = await newInvoice();
    const { attempt } = await startPayment(invoice.payUrl, 'stripe:card');
    // The quote we froze says more than the provider took (e.g. the checkout was tampered with).
    await h.database.db
      .updateTable('payment_attempts')
      .set({ quote_minor: invoice.totalMinor + 500 })
      .where('id', '=', attempt?.id ?? '')
      .execute();
    const [completed] = stripe.completeCheckout(attempt?.checkout_id ?? '', 'paid');
    if (!completed) throw new Error('no event');
    const { body, headers } = stripe.signedDelivery(completed);
    await deliverStripe(body, headers);
    await settled();
    expect(await providerPayments(invoice.id)).toEqual([
      expect.objectContaining({ amountMinor: invoice.totalMinor, flag: 'underpaid' }),
    ]);
    // Here the provider took the whole invoice: nothing is left on the day it was paid, whatever the quote said.
    const [payment] = await providerPayments(invoice.id);
    const asOf = await api('GET', `/invoices/${invoice.id}?asOf=${payment.paidOn}`);
    expect(asOf.body.amountDue.amountDueMinor).toBe(0);
  });

  it('rides out the provider answering 500: the event is kept and applied once the provider is back', async () => {
    const invoice = await newInvoice();
    const { attempt } = await startPayment(invoice.payUrl, 'stripe:card');
    const [completed] = stripe.completeCheckout(attempt?.checkout_id ?? '', 'paid');
    if (!completed) throw new Error('no event');
    stripe.failNext(6, 500);
    const { body, headers } = stripe.signedDelivery(completed);
    expect((await deliverStripe(body, headers)).statusCode).toBe(200);
    await settled();
    expect(await providerPayments(invoice.id)).toHaveLength(1);

    // Opening a checkout while the provider is down says so and counts as no failure (R18).
    const other = await newInvoice();
    stripe.failNext(10, 503);
    const down = await startPayment(other.payUrl, 'stripe:card');
    expect(down.res.statusCode).toBe(503);
    expect(down.res.body).toContain('injoignable');
    const online = await api('GET', `/invoices/${other.id}/online-payment`);
    expect(online.body.failuresInARow).toBe(0);
    stripe.failNext(0);
  });
});

describe('customers changing their minds', () => {
  it('never counts a replaced checkout that then expires as a failure, and opens one checkout for a double click', async () => {
    const invoice = await newInvoice();
    // Two clicks at the same instant: one live checkout.
    const [first, second] = await Promise.all([
      startPayment(invoice.payUrl, 'stripe:card'),
      startPayment(invoice.payUrl, 'stripe:card'),
    ]);
    expect([first.res.statusCode, second.res.statusCode].sort()).toEqual(expect.arrayContaining([303]));
    const live = await h.database.db
      .selectFrom('payment_attempts')
      .select(['id', 'checkout_id', 'status'])
      .where('invoice_id', '=', invoice.id)
      .where('status', 'in', ['creating', 'open'])
      .execute();
    expect(live).toHaveLength(1);

    // Switching methods six times: each earlier checkout is replaced and Stripe expires it.
    for (const method of [
      'stripe:bancontact',
      'stripe:card',
      'stripe:bancontact',
      'stripe:card',
      'stripe:bancontact',
      'stripe:card',
    ]) {
      const { res } = await startPayment(invoice.payUrl, method);
      expect(res.statusCode).toBe(303);
    }
    const replaced = await h.database.db
      .selectFrom('payment_attempts')
      .select(['checkout_id'])
      .where('invoice_id', '=', invoice.id)
      .where('status', '=', 'superseded')
      .execute();
    expect(replaced.length).toBeGreaterThanOrEqual(6);
    for (const { checkout_id } of replaced) {
      const expired = stripe.events.filter(
        (e) => e.type === 'checkout.session.expired' && (e.data.object as { id: string }).id === checkout_id,
      );
      for (const event of expired) {
        const { body, headers } = stripe.signedDelivery(event);
        await deliverStripe(body, headers);
      }
    }
    await settled();
    const online = await api('GET', `/invoices/${invoice.id}/online-payment`);
    expect(online.body.lockedUntil).toBeNull();
    expect(online.body.failuresInARow).toBe(0);
  });

  it('offers no second payment while one is on its way (a delayed method)', async () => {
    const invoice = await newInvoice();
    const { attempt } = await startPayment(invoice.payUrl, 'stripe:sepa_debit');
    const [completed] = stripe.completeCheckout(attempt?.checkout_id ?? '', 'pending');
    if (!completed) throw new Error('no event');
    const { body, headers } = stripe.signedDelivery(completed);
    await deliverStripe(body, headers);
    await settled();
    const page = await h.app.inject({ method: 'GET', url: invoice.payUrl });
    expect(page.body).toContain('Votre paiement est en cours de traitement');
    expect(page.body).not.toContain('name="method"');
    const again = await startPayment(invoice.payUrl, 'stripe:card');
    expect(again.res.statusCode).toBe(409);
  });
});

describe('one Stripe account, two organizations', () => {
  it('applies the same Stripe event for each organization that receives it', async () => {
    const shared = await h.request(h.b.key, 'PUT', '/api/v1/payment-accounts/stripe', {
      secretKey: stripe.secretKey,
      webhookSecret: stripe.webhookSecret,
    });
    expect(shared.status).toBe(200);
    const invoice = await newInvoice();
    const { attempt } = await startPayment(invoice.payUrl, 'stripe:card');
    const [completed] = stripe.completeCheckout(attempt?.checkout_id ?? '', 'paid');
    if (!completed) throw new Error('no event');
    const { body, headers } = stripe.signedDelivery(completed);
    // Stripe sends the event to both endpoints; B's copy arrives first and is not B's checkout.
    const toB = await h.app.inject({
      method: 'POST',
      url: `/webhooks/stripe/${shared.body.id}`,
      payload: body,
      headers: { ...headers, 'content-type': 'application/json' },
    });
    expect(toB.statusCode).toBe(200);
    await settled();
    expect((await deliverStripe(body, headers)).statusCode).toBe(200);
    await settled();
    expect(await providerPayments(invoice.id)).toHaveLength(1);
    expect(
      await h.database.db.selectFrom('payments').select('id').where('organization_id', '=', h.b.id).execute(),
    ).toEqual([]);
  });
});

describe('concurrent workers', () => {
  it('records one payment when two different notifications of one checkout are applied at the same time', async () => {
    const invoice = await newInvoice();
    const { attempt } = await startPayment(invoice.payUrl, 'stripe:card');
    stripe.completeCheckout(attempt?.checkout_id ?? '', 'paid');
    // Two stored events about the same checkout (as Stripe sends checkout.session.completed and
    // payment_intent.succeeded), applied by two workers at once.
    const rows = await h.database.db
      .insertInto('provider_events')
      .values(
        ['evt_concurrent_a', 'evt_concurrent_b'].map((eventId) => ({
          organization_id: h.a.id,
          provider: 'stripe' as const,
          event_id: eventId,
          event_type: 'checkout.session.completed',
          checkout_id: attempt?.checkout_id ?? null,
          payment_id: null,
        })),
      )
      .returning('id')
      .execute();
    const deps = {
      db: h.database.db,
      jobs: jobSender(h.boss),
      clock: () => new Date('2026-05-30T10:00:00Z'),
      appSecret: h.appSecret,
      publicBaseUrl: 'http://portal.test',
      providers: sdkProviderFactory({ stripe: stripe.api, mollie: mollie.url }),
    };
    const outcomes = await Promise.all(
      rows.map((row) => applyProviderEvent(deps, { organizationId: h.a.id, eventRowId: row.id })),
    );
    expect(outcomes.sort()).toEqual(['already_paid', 'paid']);
    expect(await providerPayments(invoice.id)).toHaveLength(1);
  });
});

describe('paying with Mollie', () => {
  it('blocks paying for an hour after five failed Mollie payments in a row, then lets the customer try again (R18)', async () => {
    const invoice = await newInvoice();
    for (let i = 0; i < 5; i++) {
      const { res, attempt } = await startPayment(invoice.payUrl, 'mollie:bancontact');
      expect(res.statusCode).toBe(303);
      mollie.setStatus(attempt?.checkout_id ?? '', i === 4 ? 'expired' : 'failed');
      await deliverMollie(attempt?.checkout_id ?? '');
      await settled();
    }
    const locked = await h.app.inject({ method: 'GET', url: invoice.payUrl });
    expect(locked.body).toContain('bloqué après cinq tentatives échouées');
    expect((await startPayment(invoice.payUrl, 'mollie:bancontact')).res.statusCode).toBe(423);
    clockMs += 59 * 60 * 1000;
    expect((await startPayment(invoice.payUrl, 'mollie:bancontact')).res.statusCode).toBe(423);
    clockMs += 2 * 60 * 1000;
    expect((await startPayment(invoice.payUrl, 'mollie:bancontact')).res.statusCode).toBe(303);
  });

  it('shows a Mollie bank transfer as awaited as soon as it is opened, though Mollie does not notify it (R19)', async () => {
    const invoice = await newInvoice(30_000);
    const { res, attempt } = await startPayment(invoice.payUrl, 'mollie:banktransfer');
    expect(res.statusCode).toBe(303);
    await settled();
    const online = await api('GET', `/invoices/${invoice.id}/online-payment`);
    expect(online.body.awaitingTransfer).toMatchObject({ attemptId: attempt?.id });
    expect(online.body.awaitingTransfer.instructions.iban).toBeTruthy();
    const back = await h.app.inject({ method: 'GET', url: invoice.payUrl });
    expect(back.body).toContain('En attente de votre virement');

    // Mollie later reports the money received: not recorded as a payment, but the admins are told.
    mollie.setStatus(attempt?.checkout_id ?? '', 'paid');
    await deliverMollie(attempt?.checkout_id ?? '');
    await settled();
    expect(await providerPayments(invoice.id)).toEqual([]);
    const told = await eventually(
      () =>
        h.database.db
          .selectFrom('outgoing_emails')
          .select(['subject', 'to_addresses'])
          .where('invoice_id', '=', invoice.id)
          .where('kind', '=', 'transfer-reported')
          .executeTakeFirst(),
      'the admins told of the reported transfer',
    );
    expect(told.subject).toMatch(/^Virement signalé pour la facture P-\d+ \(300,00\u00a0€\)$/);
  });

  it('opens a Mollie payment for the chosen method, records it once on its notifications, and a refund after', async () => {
    const endpoint = await api('POST', '/webhook-endpoints', {
      url: 'https://erp.example.com/hooks',
      events: ['invoice.paid', 'payment.refunded'],
    });
    expect(endpoint.status).toBe(201);
    const invoice = await newInvoice(42_000);
    const { res, attempt } = await startPayment(invoice.payUrl, 'mollie:bancontact');
    expect(res.statusCode).toBe(303);
    const paymentId = attempt?.checkout_id ?? '';
    expect(paymentId).toMatch(/^tr_/);
    expect(mollie.payment(paymentId).amount).toEqual({ currency: 'EUR', value: '420.00' });

    mollie.setStatus(paymentId, 'paid');
    const [a, b] = await Promise.all([deliverMollie(paymentId), deliverMollie(paymentId)]);
    expect([a.statusCode, b.statusCode]).toEqual([200, 200]);
    await settled();
    expect(await providerPayments(invoice.id)).toEqual([
      expect.objectContaining({ amountMinor: 42_000, method: 'Bancontact – Mollie', provider: 'mollie' }),
    ]);

    mollie.refund(paymentId, 2_000);
    await deliverMollie(paymentId);
    await settled();
    const after = await api('GET', `/invoices/${invoice.id}`);
    expect(after.body.payments.map((p: { amountMinor: number }) => p.amountMinor)).toEqual([42_000, -2_000]);
    expect(after.body.amountDue.amountDueMinor).toBe(2_000);
    const refundMail = await eventually(
      () =>
        h.database.db
          .selectFrom('outgoing_emails')
          .select(['kind', 'subject'])
          .where('invoice_id', '=', invoice.id)
          .where('kind', '=', 'refund')
          .executeTakeFirst(),
      'the refund e-mail to the admins',
    );
    expect(refundMail.subject).toContain('P-');

    // The business's systems hear of both (the delivery log shows the events queued for the endpoint).
    const deliveries = await h.database.db
      .selectFrom('webhook_deliveries')
      .select(['event_type', 'body'])
      .where('endpoint_id', '=', endpoint.body.id)
      .execute();
    const byType = new Map(deliveries.map((d) => [d.event_type, JSON.parse(d.body).data]));
    expect(byType.get('invoice.paid')).toMatchObject({
      invoiceId: invoice.id,
      amountMinor: 42_000,
      fullyPaid: true,
    });
    expect(byType.get('payment.refunded')).toMatchObject({
      invoiceId: invoice.id,
      kind: 'refund',
      amountMinor: 2_000,
    });

    // A chargeback reopens what was reversed, and the admins are told.
    mollie.chargeback(paymentId, 10_000);
    await deliverMollie(paymentId);
    await settled();
    expect((await api('GET', `/invoices/${invoice.id}`)).body.amountDue.amountDueMinor).toBe(12_000);
    await eventually(
      () =>
        h.database.db
          .selectFrom('outgoing_emails')
          .select('id')
          .where('invoice_id', '=', invoice.id)
          .where('kind', '=', 'chargeback')
          .executeTakeFirst(),
      'the chargeback e-mail to the admins',
    );
    expect((await deliverMollie('not-an-id')).statusCode).toBe(400);
  });
});
