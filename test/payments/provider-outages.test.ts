import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mailboxMailer } from '../../src/mail/mailer.ts';
import { sdkProviderFactory } from '../../src/payments/provider-factory.ts';
import { FAST_POLICIES, jobsDone } from '../emails/support.ts';
import { MollieFakeServer } from '../fakes/mollie-fake-server.ts';
import { StripeFakeServer } from '../fakes/stripe-fake-server.ts';
import { type ApiHarness, createApiHarness } from '../support/api-harness.ts';
import { eventually } from '../support/smtp-sink.ts';
import { contractDatabaseKinds } from '../support/test-env.ts';
import { payableInvoice } from './payable-invoice.ts';

/**
 * Payment providers down or slow, on both databases, through the official SDKs against the fake servers:
 * a notification received meanwhile is kept and applied once the provider answers again (the
 * `payment-event` job retries), and a customer pressing Pay meanwhile gets a "try again later" page that
 * does not count toward the five-failures lock (R18).
 */
const MOLLIE_KEY = 'test_providerOutages01234567890abcd';
/** Each SDK request's limit here: a "slow" provider answers after SLOW_MS, beyond it. */
const TIMEOUT_MS = 400;
const SLOW_MS = 1500;

describe.each(contractDatabaseKinds())('payment providers down or slow (%s)', (kind) => {
  const stripe = new StripeFakeServer({ methods: ['card'] });
  const mollie = new MollieFakeServer({ apiKey: MOLLIE_KEY });
  let h: ApiHarness;
  let invoiceNumber = 0;
  const accounts: Record<'stripe' | 'mollie', string> = { stripe: '', mollie: '' };

  const api = (method: string, path: string, body?: unknown) =>
    h.request(h.a.key, method, `/api/v1${path}`, body);

  beforeAll(async () => {
    await stripe.start();
    await mollie.start();
    h = await createApiHarness({
      kind,
      now: () => new Date('2026-05-30T10:00:00Z'),
      policies: FAST_POLICIES,
      providers: sdkProviderFactory({ stripe: stripe.api, mollie: mollie.url, timeoutMs: TIMEOUT_MS }),
    });
    await h.startPaymentWorkers();
    await h.startEmailWorkers(mailboxMailer);
    const connectedStripe = await api('PUT', '/payment-accounts/stripe', {
      secretKey: stripe.secretKey,
      webhookSecret: stripe.webhookSecret,
    });
    const connectedMollie = await api('PUT', '/payment-accounts/mollie', { apiKey: MOLLIE_KEY });
    expect([connectedStripe.status, connectedMollie.status]).toEqual([200, 200]);
    accounts.stripe = connectedStripe.body.id;
    accounts.mollie = connectedMollie.body.id;
  });
  afterAll(async () => {
    await h?.close();
    await stripe.stop();
    await mollie.stop();
  });

  const newInvoice = () => {
    invoiceNumber += 1;
    return payableInvoice(h, { number: `O-${invoiceNumber}`, amountMinor: 50_000 });
  };

  /** Chooses `method` on the pay page: the answer, and the invoice's payment attempts so far. */
  async function pay(invoice: { id: string; payUrl: string }, method: string) {
    const payUrl = invoice.payUrl;
    const page = await h.app.inject({ method: 'GET', url: payUrl.replace(/\/pay$/, '') });
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
    const res = await h.app.inject({
      method: 'POST',
      url: payUrl,
      payload: new URLSearchParams({ method, _csrf: csrf }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    const attempts = await h.database.db
      .selectFrom('payment_attempts')
      .selectAll()
      .where('invoice_id', '=', invoice.id)
      .execute();
    return { res, attempts };
  }

  async function notify(provider: 'stripe' | 'mollie', checkoutId: string) {
    if (provider === 'mollie') {
      return h.app.inject({
        method: 'POST',
        url: `/webhooks/mollie/${accounts.mollie}`,
        payload: `id=${checkoutId}`,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
    }
    const [completed] = stripe.completeCheckout(checkoutId, 'paid');
    if (!completed) throw new Error('the fake made no event');
    const { body, headers } = stripe.signedDelivery(completed);
    return h.app.inject({
      method: 'POST',
      url: `/webhooks/stripe/${accounts.stripe}`,
      payload: body,
      headers: { ...headers, 'content-type': 'application/json' },
    });
  }

  async function providerPayments(invoiceId: string) {
    const invoice = await api('GET', `/invoices/${invoiceId}`);
    return invoice.body.payments.filter((p: { source: string }) => p.source === 'provider');
  }

  /** The most retries any `payment-event` job took (pg-boss counts them on the job). */
  async function mostRetries(): Promise<number> {
    const result = await sql<{ n: number | null }>`
      select max(retry_count)::int as n from pgboss.job where name = 'payment-event'`.execute(h.database.db);
    return result.rows[0]?.n ?? 0;
  }

  /** A paid checkout whose notification arrives while `outage` is on at the provider. */
  async function paidDuringOutage(
    provider: 'stripe' | 'mollie',
    outage: () => void,
    endOutage: () => void,
  ): Promise<{ invoiceId: string; checkoutId: string; retries: number }> {
    const invoice = await newInvoice();
    const { res, attempts } = await pay(invoice, provider === 'stripe' ? 'stripe:card' : 'mollie:bancontact');
    expect(res.statusCode).toBe(303);
    const checkoutId = attempts[0]?.checkout_id ?? '';
    if (provider === 'mollie') mollie.setStatus(checkoutId, 'paid');
    const before = await mostRetries();
    outage();
    // Received and stored while the provider is down: the notification does not need the provider.
    expect((await notify(provider, checkoutId)).statusCode).toBe(200);
    // The job tries, fails and is retried; meanwhile nothing is recorded.
    await eventually(async () => ((await mostRetries()) > before ? true : undefined), 'a retried job');
    expect(await providerPayments(invoice.id)).toEqual([]);
    endOutage();
    await eventually(() => jobsDone(h.database.db, ['payment-event']), 'the notification applied');
    return { invoiceId: invoice.id, checkoutId, retries: (await mostRetries()) - before };
  }

  it.each(['stripe', 'mollie'] as const)(
    'applies a notification once %s answers again after answering 500',
    async (provider) => {
      const fake = provider === 'stripe' ? stripe : mollie;
      const { invoiceId, checkoutId } = await paidDuringOutage(
        provider,
        () => fake.failNext(1000, 500),
        () => fake.failNext(0),
      );
      expect(await providerPayments(invoiceId)).toEqual([
        expect.objectContaining({ amountMinor: 50_000, provider }),
      ]);
      const events = await h.database.db
        .selectFrom('provider_events')
        .select(['applied_at'])
        .where('checkout_id', '=', checkoutId)
        .execute();
      expect(events).toHaveLength(1);
      expect(events[0]?.applied_at).not.toBeNull();
    },
    // Slow answers cost the SDK's time limit on every try; bounded all the same.
    90_000,
  );

  it.each(['stripe', 'mollie'] as const)(
    'does not hang on %s answering after its time limit: the job gives up that try, retries, and records the payment once',
    async (provider) => {
      const fake = provider === 'stripe' ? stripe : mollie;
      const { invoiceId, retries } = await paidDuringOutage(
        provider,
        () => fake.delayNext(1000, SLOW_MS),
        () => fake.delayNext(0, 0),
      );
      expect(retries).toBeGreaterThan(0);
      expect(await providerPayments(invoiceId)).toEqual([
        expect.objectContaining({ amountMinor: 50_000, provider }),
      ]);
    },
    // Slow answers cost the SDK's time limit on every try; bounded all the same.
    90_000,
  );

  it.each([
    ['stripe', 'answering 500', 'stripe:card'],
    ['mollie', 'answering 500', 'mollie:bancontact'],
    ['stripe', 'too slow', 'stripe:card'],
    ['mollie', 'too slow', 'mollie:bancontact'],
  ] as const)(
    'tells a customer pressing Pay while %s is %s to try again later, counting no failure',
    async (provider, fault, method) => {
      const fake = provider === 'stripe' ? stripe : mollie;
      const invoice = await newInvoice();
      if (fault === 'answering 500') fake.failNext(1000, 500);
      else fake.delayNext(1000, SLOW_MS);
      try {
        for (let i = 0; i < 5; i++) {
          const { res, attempts } = await pay(invoice, method);
          expect(res.statusCode).toBe(503);
          expect(res.body).toContain('injoignable');
          // Whether the outage struck before an attempt was written or after: none counts as a failure.
          expect(attempts.filter((a) => a.status !== 'unavailable')).toEqual([]);
        }
      } finally {
        fake.failNext(0);
        fake.delayNext(0, 0);
      }
      const online = await api('GET', `/invoices/${invoice.id}/online-payment`);
      expect(online.body.failuresInARow).toBe(0);
      // Five outages in a row (as many failures would lock) lock nothing: the customer can pay.
      const { res } = await pay(invoice, method);
      expect(res.statusCode).toBe(303);
    },
    // Slow answers cost the SDK's time limit on every try; bounded all the same.
    90_000,
  );
});
