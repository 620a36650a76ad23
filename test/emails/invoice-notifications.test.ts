import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoSeed, seedDemo } from '../../src/app/demo/seed-demo.ts';
import { queueInvoiceNotification } from '../../src/app/emails/queue-invoice-notification.ts';
import { jobSender } from '../../src/jobs/job-queue.ts';
import { mailboxMailer } from '../../src/mail/mailer.ts';
import { type ApiHarness, createApiHarness } from '../support/api-harness.ts';
import { eventually } from '../support/smtp-sink.ts';
import { FAST_POLICIES } from './support.ts';

/** The notifications the payments feature will send (R17), through the same queue and worker as the rest. */
describe('payment notifications (R17)', () => {
  let h: ApiHarness;
  let demo: DemoSeed;
  const deps = () => ({
    db: h.database.db,
    jobs: jobSender(h.boss),
    mail: { publicBaseUrl: 'http://portal.test', appSecret: h.appSecret, mailFrom: 'invoices@portal.test' },
  });
  const invoiceOf = (shows: string) => {
    const found = demo.cases.find((c) => c.shows.startsWith(shows));
    if (!found) throw new Error(shows);
    return found;
  };

  beforeAll(async () => {
    h = await createApiHarness({ policies: FAST_POLICIES });
    demo = await seedDemo(h.database.db, {
      today: '2026-11-25',
      now: new Date('2026-11-25T09:00:00Z'),
      actor: 'test',
    });
    await h.startEmailWorkers(mailboxMailer);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('confirms a payment to the customer in their language, and tells every admin in theirs', async () => {
    await h.request(demo.apiKey, 'POST', '/api/v1/admin-users', {
      name: 'Jonas Weber',
      email: 'jonas@atelier-lumiere.example',
      language: 'de',
    });
    const invoice = invoiceOf('partially paid');
    const payment = {
      eventKey: 'pay_123',
      amountMinor: 50_000,
      date: '2026-11-25',
      method: 'Bancontact – Mollie',
      amountDueAfterMinor: 0,
    };
    const toCustomer = await queueInvoiceNotification(deps(), {
      organizationId: demo.organization.id,
      invoiceId: invoice.invoiceId,
      event: { kind: 'payment-confirmation', ...payment },
    });
    const toAdmins = await queueInvoiceNotification(deps(), {
      organizationId: demo.organization.id,
      invoiceId: invoice.invoiceId,
      event: { kind: 'payment-received', ...payment },
    });

    expect(toCustomer.map((e) => [e.to_addresses, e.language, e.subject])).toEqual([
      [['boekhouding@desmet.example'], 'nl', `Betalingsbevestiging voor factuur ${invoice.number}`],
    ]);
    expect(toCustomer[0]?.text_body).toContain('Bancontact – Mollie');
    expect(toCustomer[0]?.text_body).toContain('€\u00a0500,00');
    expect(toCustomer[0]?.reply_to).toBe('factures@atelier-lumiere.example');
    expect(toAdmins.map((e) => [e.to_addresses[0], e.language, e.subject]).sort()).toEqual([
      [
        'camille@atelier-lumiere.example',
        'fr',
        `Paiement reçu\u00a0: 500,00\u00a0€ pour la facture ${invoice.number}`,
      ],
      [
        'jonas@atelier-lumiere.example',
        'de',
        `Zahlung erhalten: 500,00\u00a0€ für Rechnung ${invoice.number}`,
      ],
    ]);

    const ids = [...toCustomer, ...toAdmins].map((e) => e.id);
    await eventually(async () => {
      const rows = await h.database.db
        .selectFrom('outgoing_emails')
        .select('status')
        .where('id', 'in', ids)
        .execute();
      return rows.every((r) => r.status === 'sent');
    }, 'the three notifications sent');
  });

  it('notifies once per event and recipient, however often it is asked (a job may run twice)', async () => {
    const invoice = invoiceOf('overdue 45 days');
    const event = {
      kind: 'refund' as const,
      eventKey: 're_1',
      amountMinor: 10_000,
      date: '2026-11-25',
      method: 'Visa – Stripe',
      amountDueAfterMinor: 10_000,
    };
    const input = { organizationId: demo.organization.id, invoiceId: invoice.invoiceId, event };
    const first = await queueInvoiceNotification(deps(), input);
    const again = await queueInvoiceNotification(deps(), input);
    expect(first.length).toBeGreaterThan(0);
    expect(again).toEqual([]);
    const rows = await h.database.db
      .selectFrom('outgoing_emails')
      .select('id')
      .where('dedupe_key', 'like', 'refund:re_1:%')
      .execute();
    expect(rows).toHaveLength(first.length);
  });
});
