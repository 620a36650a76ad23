/**
 * Provider notifications on PostgreSQL: received (checked, stored once, job queued) and applied (the job
 * re-reads the checkout through the official Stripe SDK from the local fake Stripe server, records the
 * payment once under the invoice's lock, queues the e-mails and webhooks), with duplicates mixed in: every
 * third event is delivered twice, and every fifth checkout gets a second, different event.
 */

import { sql } from 'kysely';
import { createCustomer } from '../src/app/customers/create-customer.ts';
import { DEMO_ORGANIZATION } from '../src/app/demo/seed-demo.ts';
import { createInvoice } from '../src/app/invoices/create-invoice.ts';
import { createOrganization } from '../src/app/organizations/create-organization.ts';
import { connectPaymentAccount } from '../src/app/payments/connect-payment-account.ts';
import { receiveProviderEvent } from '../src/app/payments/receive-provider-event.ts';
import { startPayment } from '../src/app/payments/start-payment.ts';
import { createJobQueue, jobSender, startJobQueue } from '../src/jobs/job-queue.ts';
import { sdkProviderFactory } from '../src/payments/provider-factory.ts';
import { registerPaymentWorkers } from '../src/workers/payment-workers.ts';
import { StripeFakeServer } from '../test/fakes/stripe-fake-server.ts';
import { type BenchDatabase, withPostgres } from './support/bench-database.ts';
import type { BenchResult } from './support/bench-result.ts';
import { formatMs } from './support/stats.ts';

const CHECKOUTS = 300;
const SECRET = 'bench-secret-0123456789abcdef0123456789abcdef';
const NOW = new Date('2026-11-25T10:00:00Z');
const TODAY = '2026-11-25';
const JOB_OPTIONS = { pollingIntervalSeconds: 0.5, batchSize: 10, concurrency: 2, poolSize: 4 };
const quiet = { info: () => {}, warn: () => {} };

async function measure(database: BenchDatabase): Promise<BenchResult[]> {
  const db = database.handle.db;
  const stripe = new StripeFakeServer({ methods: ['card'] });
  await stripe.start();
  const boss = createJobQueue(database.handle, JOB_OPTIONS);
  boss.on('error', () => {});
  await startJobQueue(boss);
  const deps = {
    db,
    appSecret: SECRET,
    publicBaseUrl: 'https://invoices.example.com',
    providers: sdkProviderFactory({ stripe: stripe.api }),
    jobs: jobSender(boss),
    log: quiet,
    clock: () => NOW,
  };
  try {
    const { organization } = await createOrganization(db, {
      organization: { ...DEMO_ORGANIZATION, legalName: 'Bench Paiements SRL' },
      admin: { name: 'Bench', email: 'bench@bench.example', language: 'fr' },
      actor: 'bench',
    });
    const account = await connectPaymentAccount(deps, {
      organizationId: organization.id,
      credentials: { provider: 'stripe', secretKey: stripe.secretKey, webhookSecret: stripe.webhookSecret },
      actor: 'bench',
      now: NOW,
    });
    if (!account.ok) throw new Error(account.code);
    const customer = await createCustomer(db, {
      organizationId: organization.id,
      customer: {
        kind: 'company',
        name: 'Client Paiements SA',
        language: 'fr',
        emails: ['compta@client.example'],
      },
      actor: 'bench',
    });
    if (!customer.ok) throw new Error(customer.code);

    // Checkouts opened and paid on the fake; their signed events collected.
    const deliveries: { body: string; headers: Record<string, string> }[] = [];
    const setupStarted = performance.now();
    for (let i = 0; i < CHECKOUTS; i++) {
      const invoice = await createInvoice(db, {
        organization,
        invoice: {
          number: `PAY-${String(i).padStart(5, '0')}`,
          customerId: customer.value.id,
          issueDate: '2026-11-01',
          dueDate: '2026-12-01',
          lines: [{ description: 'Conseil', quantity: '1', unitPriceMinor: 50_000 + i, vatRateBp: 2100 }],
        },
        actor: 'bench',
        now: NOW,
      });
      if (!invoice.ok) throw new Error(invoice.code);
      const started = await startPayment(deps, {
        organization,
        customer: customer.value,
        invoiceId: invoice.value.aggregate.invoice.id,
        methodKey: 'stripe:card',
        today: TODAY,
        now: NOW,
        locale: 'fr-BE',
        returnUrl: (id) => `https://invoices.example.com/return/${id}`,
      });
      if (!started.ok) throw new Error(started.code);
      const attempt = await db
        .selectFrom('payment_attempts')
        .select('checkout_id')
        .where('id', '=', started.value.attemptId)
        .executeTakeFirstOrThrow();
      for (const event of stripe.completeCheckout(attempt.checkout_id ?? '', 'paid')) {
        deliveries.push(stripe.signedDelivery(event));
      }
    }
    console.log(
      `  ${CHECKOUTS} checkouts opened and paid on the fake in ${formatMs(performance.now() - setupStarted)}`,
    );

    // Every third event twice (the same event id: dropped at intake).
    const requests = deliveries.flatMap((d, i) => (i % 3 === 0 ? [d, d] : [d]));
    const receiveStarted = performance.now();
    for (const delivery of requests) {
      const outcome = await receiveProviderEvent(deps, {
        provider: 'stripe',
        accountId: account.value.id,
        rawBody: Buffer.from(delivery.body),
        headers: delivery.headers,
        now: NOW,
      });
      if (outcome.outcome !== 'accepted') throw new Error(`intake answered ${outcome.outcome}`);
    }
    const receiveMs = performance.now() - receiveStarted;
    // Every fifth checkout also gets a second, different event (as Stripe sends several per payment).
    const checkouts = await db
      .selectFrom('payment_attempts')
      .select('checkout_id')
      .where('organization_id', '=', organization.id)
      .execute();
    let extra = 0;
    for (const [i, row] of checkouts.entries()) {
      if (i % 5 !== 0) continue;
      extra += 1;
      await db.transaction().execute(async (trx) => {
        const event = await trx
          .insertInto('provider_events')
          .values({
            organization_id: organization.id,
            provider: 'stripe',
            event_id: `evt_second_${i}`,
            event_type: 'payment_intent.succeeded',
            checkout_id: row.checkout_id,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await deps.jobs.sendInTransaction(trx, 'payment-event', {
          organizationId: organization.id,
          eventRowId: event.id,
        });
      });
    }
    const stored = deliveries.length + extra;

    const applyStarted = performance.now();
    await registerPaymentWorkers(
      boss,
      {
        ...deps,
        mail: { publicBaseUrl: deps.publicBaseUrl, appSecret: SECRET, mailFrom: 'invoices@example.com' },
      },
      { options: JOB_OPTIONS },
    );
    for (;;) {
      const open = await sql<{ n: number }>`
        select count(*)::int as n from pgboss.job where name = 'payment-event' and state not in ('completed', 'failed')`.execute(
        db,
      );
      if (open.rows[0]?.n === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const applyMs = performance.now() - applyStarted;
    const payments = await db
      .selectFrom('payments')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('organization_id', '=', organization.id)
      .where('source', '=', 'provider')
      .executeTakeFirstOrThrow();
    if (Number(payments.n) !== CHECKOUTS)
      throw new Error(`expected ${CHECKOUTS} payments, found ${payments.n}`);
    console.log(
      `  received ${requests.length} deliveries in ${formatMs(receiveMs)}; applied ${stored} events in ${formatMs(applyMs)}; ${payments.n} payments`,
    );
    return [
      {
        name: 'provider notifications received (PostgreSQL)',
        unit: 'events/s',
        value: requests.length / (receiveMs / 1000),
        details: `${requests.length} signed Stripe deliveries (${requests.length - deliveries.length} repeated) through receiveProviderEvent one after the other: signature checked on the raw body, stored once, job queued in one transaction; ${database.description}`,
      },
      {
        name: 'provider events applied (PostgreSQL)',
        unit: 'events/s',
        value: stored / (applyMs / 1000),
        details: `${stored} stored events (${extra} a second event of an already paid checkout) from worker start until every job finished: checkout re-read through the Stripe SDK from the local fake, payment recorded once (${CHECKOUTS} payments), settlement, 2 e-mail jobs and the webhook event; pg-boss batch ${JOB_OPTIONS.batchSize}, ${JOB_OPTIONS.concurrency} workers, 2 events at a time each`,
      },
    ];
  } finally {
    await boss.stop({ graceful: false });
    await stripe.stop();
  }
}

export async function run(): Promise<BenchResult[]> {
  return (await withPostgres(measure)) ?? [];
}
