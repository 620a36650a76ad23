import { sql } from 'kysely';
import { type FaultWorld, jobStates } from './fault-world.ts';
import type { LoadResult } from './mixed-load.ts';

/**
 * What a scenario left behind, counted from both sides: the database (pg-boss's jobs, outgoing e-mails,
 * webhook deliveries, payments) and the outside world (the SMTP sink per Message-ID, the webhook receiver
 * per webhook-id, the fake providers' paid checkouts).
 */
export interface Outcome {
  jobs: Record<string, Record<string, number>>;
  /** Jobs not completed: waiting, retrying, active, failed or cancelled. */
  jobsNotCompleted: number;
  /** Jobs that reached a dead-letter queue (given up). */
  jobsGivenUp: number;
  /** Completed jobs that needed more than one run (a failure, or a dead process's job taken back). */
  jobsRetried: number;
  emails: {
    rows: number;
    notSent: number;
    received: number;
    /** Message-IDs received more than once (the documented crash window), and the extra copies. */
    repeatedMessageIds: number;
    extraCopies: number;
    /** Received with a Message-ID we never queued, or queued and sent but never received. */
    unknown: number;
    missing: number;
  };
  webhooks: {
    deliveries: number;
    notDelivered: number;
    received: number;
    repeatedIds: number;
    extraCopies: number;
    unknown: number;
    missing: number;
    /** Invoices with more than one `invoice.viewed` or `invoice.paid` event. */
    eventsDoubled: number;
  };
  payments: {
    /** Checkouts paid at the providers and notified with a 2xx. */
    paidAtProviders: number;
    recorded: number;
    distinctProviderIds: number;
    /** Paid invoices without exactly one provider payment. */
    invoicesWrong: number;
    eventsNotApplied: number;
  };
  /** Writes answered 2xx and not found afterwards. */
  lostWrites: { customers: number; invoices: number; emails: number };
}

const bare = (messageId: string) => messageId.replace(/^<|>$/g, '');

function countRepeats(counts: Map<string, number>) {
  let repeated = 0;
  let extra = 0;
  for (const n of counts.values()) {
    if (n > 1) {
      repeated += 1;
      extra += n - 1;
    }
  }
  return { repeated, extra };
}

export async function auditOutcome(world: FaultWorld, load: LoadResult): Promise<Outcome> {
  const db = world.database.db;
  const jobs = await jobStates(world.database);
  const jobsNotCompleted = Object.values(jobs)
    .flatMap((states) => Object.entries(states))
    .filter(([state]) => state !== 'completed')
    .reduce((sum, [, n]) => sum + n, 0);
  const retried = await sql<{ n: number }>`
    select count(*)::int as n from pgboss.job where retry_count > 0`.execute(db);

  const emailRows = await db.selectFrom('outgoing_emails').select(['id', 'message_id', 'status']).execute();
  const perMessageId = new Map<string, number>();
  for (const mail of world.smtp.received) {
    const id = bare(mail.parsed.messageId ?? '');
    perMessageId.set(id, (perMessageId.get(id) ?? 0) + 1);
  }
  const queuedIds = new Set(emailRows.map((r) => bare(r.message_id)));
  const emailRepeats = countRepeats(perMessageId);

  const deliveries = await db.selectFrom('webhook_deliveries').select(['event_id', 'status']).execute();
  const deliveryIds = new Set(deliveries.map((d) => d.event_id));
  const hookRepeats = countRepeats(world.receiver.received);
  const doubled = await sql<{ n: number }>`
    select count(*)::int as n from (
      select event_type, body::json -> 'data' ->> 'invoiceId' as invoice_id
      from webhook_deliveries where event_type in ('invoice.viewed', 'invoice.paid')
      group by 1, 2 having count(*) > 1) d`.execute(db);

  const notified = load.acknowledged.paidCheckouts.filter((p) => p.notified);
  const payments = await db
    .selectFrom('payments')
    .select(['invoice_id', 'provider_payment_id'])
    .where('source', '=', 'provider')
    .execute();
  const perInvoice = new Map<string, number>();
  for (const p of payments) perInvoice.set(p.invoice_id, (perInvoice.get(p.invoice_id) ?? 0) + 1);
  const eventsNotApplied = await db
    .selectFrom('provider_events')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('applied_at', 'is', null)
    .executeTakeFirstOrThrow();

  const missingOf = async (table: 'customers' | 'invoices' | 'outgoing_emails', ids: string[]) => {
    if (ids.length === 0) return 0;
    const found = await db.selectFrom(table).select('id').where('id', 'in', ids).execute();
    return ids.length - found.length;
  };

  return {
    jobs,
    jobsNotCompleted,
    jobsRetried: retried.rows[0]?.n ?? 0,
    jobsGivenUp: Object.entries(jobs)
      .filter(([queue]) => queue.endsWith('-dead'))
      .flatMap(([, states]) => Object.values(states))
      .reduce((sum, n) => sum + n, 0),
    emails: {
      rows: emailRows.length,
      notSent: emailRows.filter((r) => r.status !== 'sent').length,
      received: world.smtp.received.length,
      repeatedMessageIds: emailRepeats.repeated,
      extraCopies: emailRepeats.extra,
      unknown: [...perMessageId.keys()].filter((id) => !queuedIds.has(id)).length,
      missing: emailRows.filter((r) => r.status === 'sent' && !perMessageId.has(bare(r.message_id))).length,
    },
    webhooks: {
      deliveries: deliveries.length,
      notDelivered: deliveries.filter((d) => d.status !== 'delivered').length,
      received: [...world.receiver.received.values()].reduce((a, b) => a + b, 0),
      repeatedIds: hookRepeats.repeated,
      extraCopies: hookRepeats.extra,
      unknown: [...world.receiver.received.keys()].filter((id) => !deliveryIds.has(id)).length,
      missing: deliveries.filter((d) => d.status === 'delivered' && !world.receiver.received.has(d.event_id))
        .length,
      eventsDoubled: doubled.rows[0]?.n ?? 0,
    },
    payments: {
      paidAtProviders: notified.length,
      recorded: payments.length,
      distinctProviderIds: new Set(payments.map((p) => p.provider_payment_id)).size,
      invoicesWrong: notified.filter((p) => perInvoice.get(p.invoiceId) !== 1).length,
      eventsNotApplied: Number(eventsNotApplied.n),
    },
    lostWrites: {
      customers: await missingOf('customers', load.acknowledged.customers),
      invoices: await missingOf('invoices', load.acknowledged.invoices),
      emails: await missingOf('outgoing_emails', load.acknowledged.emails),
    },
  };
}

/** One line per family of checks, for the CI log. */
export function outcomeSummary(title: string, o: Outcome): string {
  const jobs = Object.entries(o.jobs)
    .map(
      ([queue, states]) =>
        `${queue} ${Object.entries(states)
          .map(([s, n]) => `${s}=${n}`)
          .join('/')}`,
    )
    .join(', ');
  return [
    `${title}:`,
    `  jobs: ${jobs}; not completed: ${o.jobsNotCompleted}; run more than once: ${o.jobsRetried}; given up: ${o.jobsGivenUp}`,
    `  e-mails: ${o.emails.rows} queued, ${o.emails.notSent} not sent, ${o.emails.received} received, ${o.emails.repeatedMessageIds} Message-IDs repeated (${o.emails.extraCopies} extra copies), ${o.emails.unknown} unknown, ${o.emails.missing} missing`,
    `  webhooks: ${o.webhooks.deliveries} deliveries, ${o.webhooks.notDelivered} not delivered, ${o.webhooks.received} received, ${o.webhooks.repeatedIds} webhook-ids repeated (${o.webhooks.extraCopies} extra), ${o.webhooks.unknown} unknown, ${o.webhooks.missing} missing, ${o.webhooks.eventsDoubled} events doubled`,
    `  payments: ${o.payments.paidAtProviders} paid at the providers, ${o.payments.recorded} recorded (${o.payments.distinctProviderIds} distinct), ${o.payments.invoicesWrong} invoices wrong, ${o.payments.eventsNotApplied} events not applied`,
    `  2xx writes lost: customers ${o.lostWrites.customers}, invoices ${o.lostWrites.invoices}, e-mails ${o.lostWrites.emails}`,
  ].join('\n');
}
