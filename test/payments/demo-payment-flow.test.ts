import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoSeed, seedDemo } from '../../src/app/demo/seed-demo.ts';
import { mailboxMailer } from '../../src/mail/mailer.ts';
import { FAST_POLICIES, jobsDone, pathOf } from '../emails/support.ts';
import { type ApiHarness, createApiHarness } from '../support/api-harness.ts';
import { eventually } from '../support/smtp-sink.ts';

/**
 * Paying from the portal with the demo provider, end to end through HTTP: the pay page, the TEST checkout,
 * the notification through the webhook path, the job that records the payment, the e-mails, the lock.
 */
describe('paying an invoice with the demo provider (R15–R19)', () => {
  let h: ApiHarness;
  let demo: DemoSeed;
  let clockMs = new Date('2026-11-25T10:00:00Z').getTime();
  const api = (method: string, path: string, body?: unknown) =>
    h.request(demo.apiKey, method, `/api/v1${path}`, body);
  const caseOf = (shows: string) => {
    const found = demo.cases.find((c) => c.shows.startsWith(shows));
    if (!found) throw new Error(shows);
    return found;
  };
  const get = (url: string) => h.app.inject({ method: 'GET', url });
  const postForm = (url: string, form: Record<string, string>) =>
    h.app.inject({
      method: 'POST',
      url,
      payload: new URLSearchParams(form).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });

  /** Opens the pay page, chooses `method`, and ends the demo checkout with `outcome`; returns the return page. */
  async function pay(invoiceId: string, method: string, outcome: 'paid' | 'failed' | 'canceled') {
    const link = await api('GET', `/invoices/${invoiceId}/portal-link`);
    const payUrl = `${pathOf(link.body.url)}/pay`;
    const page = await get(payUrl);
    expect(page.statusCode).toBe(200);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
    const started = await postForm(payUrl, { method, _csrf: csrf });
    expect(started.statusCode, started.body).toBe(303);
    const checkout = String(started.headers.location);
    expect(checkout).toMatch(/^http:\/\/portal\.test\/demo-checkout\/demo_/);
    const checkoutPage = await get(pathOf(checkout));
    expect(checkoutPage.body).toContain('TEST MODE');
    const token = /name="_token" value="([^"]+)"/.exec(checkoutPage.body)?.[1] ?? '';
    const ended = await postForm(pathOf(checkout), { _token: token, outcome });
    expect(ended.statusCode).toBe(303);
    const returnUrl = String(ended.headers.location);
    expect(returnUrl).toMatch(/\/pay\?attempt=[0-9a-f-]{36}$/);
    await eventually(() => jobsDone(h.database.db, ['payment-event']), 'the notification applied');
    return { returnUrl, checkoutId: pathOf(checkout).split('/').pop() ?? '' };
  }

  beforeAll(async () => {
    h = await createApiHarness({ now: () => new Date(clockMs), policies: FAST_POLICIES });
    demo = await seedDemo(h.database.db, {
      today: '2026-11-25',
      now: new Date('2026-11-25T09:00:00Z'),
      actor: 'test',
    });
    await h.startEmailWorkers(mailboxMailer);
    await h.startPaymentWorkers();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('shows the pay button and the enabled methods, and pays: Paid with the method, e-mails to admin and customer', async () => {
    const invoice = caseOf('overdue 45 days');
    const link = await api('GET', `/invoices/${invoice.invoiceId}/portal-link`);
    const invoicePage = await get(pathOf(link.body.url));
    expect(invoicePage.body).toContain(`href="${pathOf(link.body.url)}/pay"`);
    expect(invoicePage.body).toContain('Payer la facture');
    const payPage = await get(`${pathOf(link.body.url)}/pay`);
    for (const method of ['demo:card', 'demo:bancontact', 'demo:banktransfer']) {
      expect(payPage.body).toContain(`value="${method}"`);
    }
    const due = (await api('GET', `/invoices/${invoice.invoiceId}`)).body.amountDue.amountDueMinor;

    const { returnUrl } = await pay(invoice.invoiceId, 'demo:bancontact', 'paid');
    const after = await api('GET', `/invoices/${invoice.invoiceId}`);
    expect(after.body.amountDue.status).toBe('paid');
    expect(after.body.payments.at(-1)).toMatchObject({
      amountMinor: due,
      method: 'Bancontact – Demo (TEST)',
      source: 'provider',
      provider: 'demo',
    });
    const back = await get(pathOf(returnUrl));
    expect(back.body).toContain('Merci\u00a0! Votre paiement');

    const sent = await eventually(async () => {
      const rows = await h.database.db
        .selectFrom('outgoing_emails')
        .select(['kind', 'to_addresses', 'status', 'language'])
        .where('invoice_id', '=', invoice.invoiceId)
        .execute();
      return rows.length >= 2 && rows.every((r) => r.status === 'sent') ? rows : undefined;
    }, 'the payment e-mails sent');
    expect(sent.map((r) => [r.kind, r.to_addresses[0], r.language]).sort()).toEqual([
      ['payment-confirmation', 'comptabilite@facades.example', 'fr'],
      ['payment-received', 'camille@atelier-lumiere.example', 'fr'],
    ]);
    const events = await api('GET', `/invoices/${invoice.invoiceId}/events`);
    expect(events.body.data.map((e: { action: string }) => e.action)).toEqual(
      expect.arrayContaining(['invoice.payment_started', 'invoice.payment_received']),
    );
  });

  it('changes nothing twice when the notification is repeated, replayed or forged', async () => {
    const invoice = caseOf('unpaid, due in 25 days');
    const { checkoutId } = await pay(invoice.invoiceId, 'demo:card', 'paid');
    const webhook = `/webhooks/demo/${demo.organization.id}`;
    const repeat = () =>
      h.app.inject({
        method: 'POST',
        url: webhook,
        payload: `id=${checkoutId}`,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
    const [a, b] = await Promise.all([repeat(), repeat()]);
    expect([a.statusCode, b.statusCode]).toEqual([200, 200]);
    expect((await repeat()).statusCode).toBe(200);
    await eventually(() => jobsDone(h.database.db, ['payment-event']), 'every notification applied');
    const payments = (await api('GET', `/invoices/${invoice.invoiceId}`)).body.payments.filter(
      (p: { source: string }) => p.source === 'provider',
    );
    expect(payments).toHaveLength(1);
    const forged = await h.app.inject({
      method: 'POST',
      url: webhook,
      payload: 'id=<script>',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(forged.statusCode).toBe(400);
  });

  it('blocks the pay button for an hour after five failures in a row, and says until when (R18)', async () => {
    const invoice = caseOf('reverse charge');
    for (let i = 0; i < 5; i++) {
      const { returnUrl } = await pay(invoice.invoiceId, 'demo:card', i % 2 === 0 ? 'failed' : 'canceled');
      const back = await get(pathOf(returnUrl));
      expect(back.body).toMatch(
        i % 2 === 0 ? /Die Zahlung ist fehlgeschlagen/ : /Die Zahlung wurde abgebrochen/,
      );
    }
    const link = await api('GET', `/invoices/${invoice.invoiceId}/portal-link`);
    const payUrl = `${pathOf(link.body.url)}/pay`;
    const locked = await get(payUrl);
    expect(locked.body).toContain('nach fünf fehlgeschlagenen Versuchen gesperrt');
    expect(locked.body).not.toContain('name="method"');
    // A form posted from an older page is refused too, saying why.
    const invoicePage = await get(pathOf(link.body.url));
    const csrf = /name="_csrf" value="([^"]+)"/.exec(invoicePage.body)?.[1] ?? '';
    const refused = await postForm(payUrl, { method: 'demo:card', _csrf: csrf });
    expect(refused.statusCode).toBe(423);
    const online = await api('GET', `/invoices/${invoice.invoiceId}/online-payment`);
    expect(online.body.lockedUntil).toBe(new Date(clockMs + 60 * 60 * 1000).toISOString());
    expect(online.body.data.map((a: { status: string }) => a.status)).toEqual([
      'failed',
      'canceled',
      'failed',
      'canceled',
      'failed',
    ]);
    expect(refused.body).toContain('nach fünf fehlgeschlagenen Versuchen gesperrt');

    clockMs += 61 * 60 * 1000;
    const open = await get(payUrl);
    expect(open.body).toContain('name="method"');
  });

  it('takes a bank transfer through the provider as a promise, not a payment (R19)', async () => {
    const invoice = caseOf('overdue 20 days');
    const { returnUrl } = await pay(invoice.invoiceId, 'demo:banktransfer', 'paid');
    const back = await get(pathOf(returnUrl));
    expect(back.body).toContain('Waiting for your bank transfer');
    expect(back.body).toContain('BE71 0961 2345 6769');
    const link = await api('GET', `/invoices/${invoice.invoiceId}/portal-link`);
    const invoicePage = await get(pathOf(link.body.url));
    expect(invoicePage.body).toContain(
      'Bank transfer announced: the invoice stays open until the money is received.',
    );
    const after = await api('GET', `/invoices/${invoice.invoiceId}`);
    expect(after.body.amountDue.status).not.toBe('paid');
    expect(after.body.payments.filter((p: { source: string }) => p.source === 'provider')).toEqual([]);
    const online = await api('GET', `/invoices/${invoice.invoiceId}/online-payment`);
    expect(online.body.awaitingTransfer).toMatchObject({
      instructions: { iban: 'BE71096123456769', beneficiary: 'Atelier Lumière SRL' },
    });
    // The business sees the money arrive and records it by hand: the invoice is paid, no longer awaited.
    const recorded = await api('POST', `/invoices/${invoice.invoiceId}/payments`, {
      amountMinor: online.body.data[0].quoteMinor,
      paidOn: '2026-11-25',
      method: 'bank_transfer',
    });
    expect(recorded.status).toBe(201);
    expect(
      (await api('GET', `/invoices/${invoice.invoiceId}/online-payment`)).body.awaitingTransfer,
    ).toBeNull();
  });
});
