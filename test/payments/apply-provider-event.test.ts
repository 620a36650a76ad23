import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { statementCounter } from '../../bench/support/api-bench.ts';
import { applyProviderEvent } from '../../src/app/payments/apply-provider-event.ts';
import { jobSender } from '../../src/jobs/job-queue.ts';
import { sdkProviderFactory } from '../../src/payments/provider-factory.ts';
import { pathOf } from '../emails/support.ts';
import { MollieFakeServer } from '../fakes/mollie-fake-server.ts';
import { StripeFakeServer } from '../fakes/stripe-fake-server.ts';
import { type ApiHarness, createApiHarness } from '../support/api-harness.ts';

/**
 * Applying a stored provider event, by calling the use case (no payment worker runs here): what it costs
 * in SQL statements (transaction begin and commit not counted), and the rarer ways a provider's totals
 * move (a chargeback the business won, a payment in another currency than the quote).
 */
const NOW = new Date('2026-05-30T10:00:00Z');
/** Statements to apply one paid event, from reading the stored event to recording what it did. */
const MAX_STATEMENTS = 18;
const MOLLIE_KEY = 'test_applyProviderEvent0123456789abc';
const stripe = new StripeFakeServer({ methods: ['card'] });
const mollie = new MollieFakeServer({ apiKey: MOLLIE_KEY });
let providers: ReturnType<typeof sdkProviderFactory>;
let h: ApiHarness;

const api = (method: string, path: string, body?: unknown) =>
  h.request(h.a.key, method, `/api/v1${path}`, body);

beforeAll(async () => {
  await stripe.start();
  await mollie.start();
  providers = sdkProviderFactory({ stripe: stripe.api, mollie: mollie.url });
  h = await createApiHarness({ now: () => NOW, providers });
  const connected = await api('PUT', '/payment-accounts/stripe', {
    secretKey: stripe.secretKey,
    webhookSecret: stripe.webhookSecret,
  });
  expect(connected.status).toBe(200);
  expect((await api('PUT', '/payment-accounts/mollie', { apiKey: MOLLIE_KEY })).status).toBe(200);
});
afterAll(async () => {
  await h?.close();
  await stripe.stop();
  await mollie.stop();
});

let invoiceNumber = 0;

/** A new invoice and the checkout the customer opened for it with `method`; returns their ids. */
async function openCheckout(
  method: string,
): Promise<{ invoiceId: string; checkoutId: string; attemptId: string }> {
  invoiceNumber += 1;
  const customer = await api('POST', '/customers', {
    kind: 'company',
    name: `Client ${invoiceNumber} SA`,
    language: 'fr',
    emails: [`compta${invoiceNumber}@client.example`],
  });
  const invoice = await api('POST', '/invoices', {
    number: `A-${invoiceNumber}`,
    customerId: customer.body.id,
    issueDate: '2026-05-01',
    dueDate: '2027-06-30',
    lines: [
      { description: 'Conseil', quantity: '1', unitPriceMinor: 42_000, vatRateBp: 0, vatCategory: 'exempt' },
    ],
    vatExemptionReason: 'Article 44',
  });
  expect(invoice.status).toBe(201);
  const link = await api('GET', `/invoices/${invoice.body.id}/portal-link`);
  const payUrl = `${pathOf(link.body.url)}/pay`;
  const page = await h.app.inject({ method: 'GET', url: payUrl.replace(/\/pay$/, '') });
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
  const started = await h.app.inject({
    method: 'POST',
    url: payUrl,
    payload: new URLSearchParams({ method, _csrf: csrf }).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  expect(started.statusCode).toBe(303);
  const attempt = await h.database.db
    .selectFrom('payment_attempts')
    .select(['id', 'checkout_id'])
    .where('invoice_id', '=', invoice.body.id)
    .executeTakeFirstOrThrow();
  return { invoiceId: invoice.body.id, checkoutId: attempt.checkout_id ?? '', attemptId: attempt.id };
}

async function accountId(provider: 'stripe' | 'mollie'): Promise<string> {
  const accounts = await api('GET', '/payment-accounts');
  return accounts.body.data.find((a: { provider: string }) => a.provider === provider).id;
}

/** A paid Stripe checkout of a new invoice, its notification received and stored (not yet applied). */
async function storedPaidEvent(): Promise<{ eventRowId: string; invoiceId: string }> {
  const { invoiceId, checkoutId } = await openCheckout('stripe:card');
  const [completed] = stripe.completeCheckout(checkoutId, 'paid');
  if (!completed) throw new Error('no event');
  const { body, headers } = stripe.signedDelivery(completed);
  const received = await h.app.inject({
    method: 'POST',
    url: `/webhooks/stripe/${await accountId('stripe')}`,
    payload: body,
    headers: { ...headers, 'content-type': 'application/json' },
  });
  expect(received.statusCode).toBe(200);
  const event = await h.database.db
    .selectFrom('provider_events')
    .select('id')
    .where('event_id', '=', completed.id)
    .executeTakeFirstOrThrow();
  return { eventRowId: event.id, invoiceId };
}

/** Mollie notifies (`id=tr_…`), and the stored notification is applied: what applying it did. */
async function notifyMollie(paymentId: string) {
  const received = await h.app.inject({
    method: 'POST',
    url: `/webhooks/mollie/${await accountId('mollie')}`,
    payload: `id=${paymentId}`,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  expect(received.statusCode).toBe(200);
  const event = await h.database.db
    .selectFrom('provider_events')
    .select('id')
    .where('payment_id', '=', paymentId)
    .where('applied_at', 'is', null)
    .executeTakeFirstOrThrow();
  return (await applyCounted(event.id)).outcome;
}

const invoiceOf = async (invoiceId: string) => (await api('GET', `/invoices/${invoiceId}`)).body;

async function auditActions(invoiceId: string): Promise<string[]> {
  const rows = await h.database.db
    .selectFrom('audit_events')
    .select('action')
    .where('subject_id', '=', invoiceId)
    .orderBy('id')
    .execute();
  return rows.map((r) => r.action);
}

/** Applies the stored event on a database that counts what it is sent. */
async function applyCounted(eventRowId: string) {
  const counter = statementCounter();
  const outcome = await applyProviderEvent(
    {
      db: h.database.db.withPlugin(counter.plugin),
      jobs: jobSender(h.boss),
      clock: () => NOW,
      appSecret: h.appSecret,
      publicBaseUrl: 'http://portal.test',
      providers,
    },
    { organizationId: h.a.id, eventRowId },
  );
  return { outcome, statements: counter.count() };
}

describe('applying a paid provider event', () => {
  it(`records the payment in at most ${MAX_STATEMENTS} SQL statements, and a replay changes nothing in fewer`, async () => {
    const { eventRowId, invoiceId } = await storedPaidEvent();
    const paid = await applyCounted(eventRowId);
    expect(paid.outcome).toBe('paid');
    console.log(`paid provider event: ${paid.statements} SQL statements`);
    expect(paid.statements).toBeLessThanOrEqual(MAX_STATEMENTS);
    const invoice = await api('GET', `/invoices/${invoiceId}`);
    expect(invoice.body.amountDue.status).toBe('paid');

    const replay = await applyCounted(eventRowId);
    expect(replay.outcome).toBe('already_paid');
    console.log(`replayed paid provider event: ${replay.statements} SQL statements`);
    expect(replay.statements).toBeLessThan(paid.statements);
  });
});

describe('a provider’s totals going down, and a payment in another currency', () => {
  it('follows a chargeback the business won back down: the negative payment shrinks, then goes', async () => {
    const { invoiceId, checkoutId } = await openCheckout('mollie:bancontact');
    mollie.setStatus(checkoutId, 'paid');
    expect(await notifyMollie(checkoutId)).toBe('paid');
    mollie.chargeback(checkoutId, 10_000);
    expect(await notifyMollie(checkoutId)).toBe('chargeback');
    expect((await invoiceOf(invoiceId)).amountDue.amountDueMinor).toBe(10_000);

    // The provider's total goes down: partly won, then entirely.
    const payment = mollie.payment(checkoutId);
    payment.amountChargedBack = { currency: 'EUR', value: '40.00' };
    expect(await notifyMollie(checkoutId)).toBe('already_paid');
    let invoice = await invoiceOf(invoiceId);
    expect(invoice.payments.map((p: { amountMinor: number }) => p.amountMinor)).toEqual([42_000, -4_000]);
    expect(invoice.amountDue.amountDueMinor).toBe(4_000);
    payment.amountChargedBack = { currency: 'EUR', value: '0.00' };
    expect(await notifyMollie(checkoutId)).toBe('already_paid');
    invoice = await invoiceOf(invoiceId);
    expect(invoice.payments.map((p: { amountMinor: number }) => p.amountMinor)).toEqual([42_000]);
    expect(invoice.amountDue.status).toBe('paid');
    expect(invoice.settledOn).not.toBeNull();
    expect(await auditActions(invoiceId)).toEqual(
      expect.arrayContaining([
        'invoice.payment_received',
        'invoice.payment_charged_back',
        'invoice.chargeback_reversed',
      ]),
    );
    expect((await auditActions(invoiceId)).filter((a) => a === 'invoice.chargeback_reversed')).toHaveLength(
      2,
    );
  });

  it('records no payment in another currency than the quote, and says so once', async () => {
    const { invoiceId, checkoutId, attemptId } = await openCheckout('mollie:bancontact');
    // The quote we froze was in another currency than the provider took.
    await h.database.db
      .updateTable('payment_attempts')
      .set({ currency: 'USD' })
      .where('id', '=', attemptId)
      .execute();
    mollie.setStatus(checkoutId, 'paid');
    expect(await notifyMollie(checkoutId)).toBe('currency_mismatch');
    expect(await notifyMollie(checkoutId)).toBe('currency_mismatch');
    const invoice = await invoiceOf(invoiceId);
    expect(invoice.payments).toEqual([]);
    expect(invoice.amountDue.amountDueMinor).toBe(42_000);
    expect(
      (await auditActions(invoiceId)).filter((a) => a === 'invoice.payment_currency_mismatch'),
    ).toHaveLength(1);
    const attempt = await h.database.db
      .selectFrom('payment_attempts')
      .select(['status', 'failure_reason'])
      .where('id', '=', attemptId)
      .executeTakeFirstOrThrow();
    expect(attempt).toEqual({ status: 'open', failure_reason: 'currency_mismatch' });
  });
});
