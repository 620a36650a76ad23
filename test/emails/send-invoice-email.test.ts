import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AddressObject } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoSeed, seedDemo } from '../../src/app/demo/seed-demo.ts';
import { webhookEgress } from '../../src/app/webhooks/webhook-egress.ts';
import { verifyWebhookSignature } from '../../src/app/webhooks/webhook-signature.ts';
import { smtpMailer } from '../../src/mail/smtp-mailer.ts';
import { documentFormatters } from '../../src/web/document-formatters.ts';
import { registerWebhookWorker } from '../../src/workers/webhook-worker.ts';
import { type ApiHarness, createApiHarness } from '../support/api-harness.ts';
import { eventually, type ReceivedMail, type SmtpSink, startSmtpSink } from '../support/smtp-sink.ts';
import { FAST_POLICIES, jobsDone, pathOf } from './support.ts';

const addresses = (field: AddressObject | AddressObject[] | undefined): string[] =>
  (Array.isArray(field) ? field : field ? [field] : []).flatMap((a) => a.value.map((v) => v.address ?? ''));

describe('sending an invoice by e-mail through a real SMTP server (R1–R4)', () => {
  let h: ApiHarness;
  let sink: SmtpSink;
  let demo: DemoSeed;
  const api = (method: string, path: string, body?: unknown) =>
    h.request(demo.apiKey, method, `/api/v1${path}`, body);
  const caseOf = (shows: string) => {
    const found = demo.cases.find((c) => c.shows.startsWith(shows));
    if (!found) throw new Error(`no demo case ${shows}`);
    return found;
  };
  const receivedWith = (messageId: string) =>
    eventually(
      () => sink.received.find((m) => m.parsed.messageId === messageId),
      `the message ${messageId} at the SMTP server`,
    );

  beforeAll(async () => {
    sink = await startSmtpSink({ rejectRecipient: (address) => address.startsWith('nobody@') });
    h = await createApiHarness({
      now: () => new Date('2026-11-25T10:00:00Z'),
      policies: FAST_POLICIES,
      allowPrivateWebhookAddresses: true,
    });
    demo = await seedDemo(h.database.db, {
      today: '2026-11-25',
      now: new Date('2026-11-25T09:00:00Z'),
      actor: 'test',
    });
    await h.startEmailWorkers(smtpMailer(sink.url));
  });
  afterAll(async () => {
    await h?.close();
    await sink?.stop();
  });

  it('sends the designed e-mail in the customer’s language: link to the invoice, its PDF attached, its picture inline', async () => {
    const invoice = caseOf('partially paid');
    const queued = await api('POST', `/invoices/${invoice.invoiceId}/send`, {});
    expect(queued.status).toBe(202);
    expect(queued.body).toMatchObject({
      status: 'queued',
      kind: 'invoice',
      to: ['boekhouding@desmet.example'],
    });
    expect(queued.body.messageId).toMatch(/^<[0-9a-f-]{36}@portal\.test>$/);

    const mail: ReceivedMail = await receivedWith(queued.body.messageId);
    const { parsed } = mail;
    expect(mail.envelopeTo).toEqual(['boekhouding@desmet.example']);
    expect(parsed.subject).toBe(`Factuur ${invoice.number} van Atelier Lumière SRL`);
    expect(parsed.from?.value).toEqual([{ name: 'Atelier Lumière SRL', address: 'invoices@portal.test' }]);
    expect(addresses(parsed.replyTo)).toEqual(['factures@atelier-lumiere.example']);
    expect(addresses(parsed.to)).toEqual(['boekhouding@desmet.example']);

    // #AMOUNT_DUE is what is due today (after the first payment, with interest), written the Belgian-Dutch way.
    const view = await api('GET', `/invoices/${invoice.invoiceId}`);
    const amountDue = documentFormatters('nl-BE', 'EUR', 'nl').money(view.body.amountDue.amountDueMinor);
    expect(parsed.text).toContain(amountDue);
    expect(parsed.text).toContain('Beste Bakkerij De Smet BV,');

    // #LINK: "View this invoice" in Dutch, in the text and as the button of the HTML version.
    const link = /Bekijk deze factuur: (\S+)/.exec(parsed.text ?? '')?.[1];
    expect(link).toMatch(/^http:\/\/portal\.test\/p\/[A-Za-z0-9_-]{48}\/invoices\//);
    const html = String(parsed.html);
    expect(html).toContain(`href="${link}"`);
    expect(html).toMatch(/>Bekijk deze factuur<\/a>/);
    expect(html).not.toContain('#LINK');

    // The link opens this invoice in the customer's portal.
    const page = await h.app.inject({ method: 'GET', url: pathOf(link ?? '') });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(invoice.number);
    expect(page.body).toContain(invoice.customerName);

    // The attachment is this invoice's PDF: the very bytes the API downloads.
    const files = parsed.attachments.filter((a) => a.contentDisposition === 'attachment');
    expect(files.map((a) => [a.filename, a.contentType])).toEqual([
      [`${invoice.number}.pdf`, 'application/pdf'],
    ]);
    const download = await h.app.inject({
      method: 'GET',
      url: `/api/v1/invoices/${invoice.invoiceId}/download`,
      headers: { authorization: `Bearer ${demo.apiKey}` },
    });
    expect(Buffer.compare(files[0]?.content ?? Buffer.alloc(0), download.rawPayload)).toBe(0);

    // R3: a picture of the invoice, inline, that leads to the same page.
    const picture = parsed.attachments.find((a) => a.cid === 'invoice@invoice-portal');
    expect(picture?.contentType).toBe('image/png');
    expect(picture?.content.subarray(1, 4).toString()).toBe('PNG');
    expect(html).toContain(
      `<a href="${link}" target="_blank" style="display:block;text-decoration:none;"><img src="cid:invoice@invoice-portal" alt="Factuur ${invoice.number}"`,
    );

    // Its status and the invoice's history say it was sent.
    const status = await eventually(async () => {
      const res = await api('GET', `/emails/${queued.body.id}`);
      return res.body.status === 'sent' ? res.body : undefined;
    }, 'status sent');
    expect(status).toMatchObject({ attempts: 1, transport: 'smtp', lastError: null });
    const events = await api('GET', `/invoices/${invoice.invoiceId}/events`);
    const actions = events.body.data.map((e: { action: string }) => e.action);
    expect(actions).toContain('invoice.email_queued');
    expect(actions).toContain('invoice.email_sent');
    const listed = await api('GET', `/invoices/${invoice.invoiceId}/emails`);
    expect(listed.body.data.map((e: { id: string }) => e.id)).toContain(queued.body.id);
  });

  it('sends plain text only when the designed layout is off (R4), to the recipients asked for', async () => {
    expect(
      (await api('PATCH', '/organization', { emailDesignedLayout: false })).body.emailDesignedLayout,
    ).toBe(false);
    try {
      const invoice = caseOf('overdue 45 days');
      const queued = await api('POST', `/invoices/${invoice.invoiceId}/send`, {
        to: ['direction@facades.example'],
        cc: ['archives@facades.example'],
      });
      expect(queued.status).toBe(202);
      const { parsed, envelopeTo, raw } = await receivedWith(queued.body.messageId);
      expect(envelopeTo.sort()).toEqual(['archives@facades.example', 'direction@facades.example']);
      expect(parsed.html).toBeFalsy();
      expect(raw.toString()).not.toMatch(/content-type: text\/html/i);
      expect(raw.toString()).toMatch(/content-type: text\/plain/i);
      expect(parsed.subject).toBe(`Facture ${invoice.number} – Atelier Lumière SRL`);
      expect(parsed.text).toMatch(/Voir cette facture\u00a0: http:\/\/portal\.test\/p\/\S+/);
      expect(parsed.attachments.map((a) => a.contentType)).toEqual(['application/pdf']);
    } finally {
      await api('PATCH', '/organization', { emailDesignedLayout: true });
    }
  });

  it('uses the template chosen, with every shortcode filled in', async () => {
    const template = await api('POST', '/email-templates', {
      name: 'Reminder (en)',
      language: 'en',
      subject: 'Reminder: #INVOICE_NUMBER is due on #DUE_DATE',
      body: 'Hello #CUSTOMER_NAME,\n\n#AMOUNT_DUE is still open.\n\n#LINK\n\n#COMPANY_NAME',
    });
    expect(template.status).toBe(201);
    const invoice = caseOf('unpaid, due in 25 days');
    const queued = await api('POST', `/invoices/${invoice.invoiceId}/send`, { templateId: template.body.id });
    const { parsed } = await receivedWith(queued.body.messageId);
    expect(parsed.subject).toBe(`Reminder: ${invoice.number} is due on 20 December 2026`);
    expect(parsed.text).toMatch(
      /^Hello Northwind Traders Ltd,\n\n€[\d,]+\.\d\d is still open\.\n\nView this invoice: http:\/\/portal\.test\/p\/\S+\n\nAtelier Lumière SRL\n$/,
    );
  });

  it('refuses what cannot be sent, precisely, and queues nothing', async () => {
    // The earlier tests' messages finish sending first: their records must not count as this test's writes.
    await eventually(
      () => jobsDone(h.database.db, ['email-send', 'comment-created']),
      'earlier sends finished',
    );
    const before = await h.fingerprint();
    const draft = caseOf('draft');
    const notIssued = await api('POST', `/invoices/${draft.invoiceId}/send`, {});
    expect(notIssued.status).toBe(409);
    expect(notIssued.body.error).toMatchObject({ code: 'INVOICE_NOT_ISSUED', field: 'invoiceId' });
    const unknownTemplate = await api('POST', `/invoices/${caseOf('unpaid').invoiceId}/send`, {
      templateId: '00000000-0000-4000-8000-000000000000',
    });
    expect(unknownTemplate.status).toBe(404);
    expect(unknownTemplate.body.error).toMatchObject({
      code: 'EMAIL_TEMPLATE_NOT_FOUND',
      field: 'templateId',
    });
    const badAddress = await h.request(
      demo.apiKey,
      'POST',
      `/api/v1/invoices/${caseOf('unpaid').invoiceId}/send`,
      { to: ['not-an-address'] },
      { 'accept-language': 'fr' },
    );
    expect(badAddress.status).toBe(400);
    expect(badAddress.body.error.field).toBe('to.0');
    expect(await h.fingerprint()).toBe(before);

    const customer = await api('POST', '/customers', {
      kind: 'company',
      name: 'Sans Courriel SA',
      language: 'fr',
      emails: [],
    });
    expect(customer.status).toBe(201);
    const invoice = await api('POST', '/invoices', {
      number: 'NOMAIL-1',
      customerId: customer.body.id,
      issueDate: '2026-11-20',
      dueDate: '2026-12-20',
      lines: [{ description: 'Conseil', quantity: '1', unitPriceMinor: 10000, vatRateBp: 2100 }],
    });
    const noRecipients = await h.request(
      demo.apiKey,
      'POST',
      `/api/v1/invoices/${invoice.body.id}/send`,
      {},
      { 'accept-language': 'fr' },
    );
    expect(noRecipients.status).toBe(422);
    expect(noRecipients.body.error).toMatchObject({ code: 'NO_RECIPIENTS', field: 'to' });
    expect(noRecipients.body.error.message).toContain('adresse e-mail');
  });

  it('marks a message the server refuses for good as failed with its reason, without retrying', async () => {
    const invoice = caseOf('reverse charge');
    const queued = await api('POST', `/invoices/${invoice.invoiceId}/send`, {
      to: ['nobody@mueller-soehne.example'],
    });
    const failed = await eventually(async () => {
      const res = await api('GET', `/emails/${queued.body.id}`);
      return res.body.status === 'failed' ? res.body : undefined;
    }, 'status failed');
    expect(failed.attempts).toBe(1);
    expect(failed.lastError).toMatch(/550|mailbox unknown/);
    const events = await api('GET', `/invoices/${invoice.invoiceId}/events`);
    expect(events.body.data.map((e: { action: string }) => e.action)).toContain('invoice.email_failed');
    // A failed message can be queued again, as it was; a sent one cannot.
    const retried = await api('POST', `/emails/${queued.body.id}/retry`);
    expect(retried.status).toBe(202);
    expect(retried.body).toMatchObject({ status: 'queued', messageId: queued.body.messageId });
    // Only a failed message can be retried: this one is queued again (and will fail again).
    const twice = await api('POST', `/emails/${queued.body.id}/retry`);
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe('EMAIL_NOT_RETRYABLE');
    await eventually(async () => {
      const res = await api('GET', `/emails/${queued.body.id}`);
      return res.body.status === 'failed' && res.body.attempts === 2;
    }, 'the retried message refused again');
  });

  it('sends to the recipients the server accepts and says which it refused', async () => {
    const invoice = caseOf('partly credited');
    const queued = await api('POST', `/invoices/${invoice.invoiceId}/send`, {
      to: ['einkauf@mueller-soehne.example', 'nobody@mueller-soehne.example'],
    });
    const { envelopeTo } = await receivedWith(queued.body.messageId);
    expect(envelopeTo).toEqual(['einkauf@mueller-soehne.example']);
    const sent = await eventually(async () => {
      const res = await api('GET', `/emails/${queued.body.id}`);
      return res.body.status === 'sent' ? res.body : undefined;
    }, 'status sent');
    expect(sent.lastError).toMatch(/^Refused recipients: nobody@mueller-soehne\.example \(550/);
    const events = await api('GET', `/invoices/${invoice.invoiceId}/events`);
    const sentEvent = events.body.data.find((e: { action: string }) => e.action === 'invoice.email_sent');
    expect(sentEvent.data.refused).toEqual([expect.stringMatching(/^nobody@mueller-soehne\.example/)]);
  });

  it('e-mails every admin, each in their own language, when a customer comments (R12)', async () => {
    const admin = await api('POST', '/admin-users', {
      name: 'Jonas Weber',
      email: 'jonas@atelier-lumiere.example',
      language: 'de',
    });
    expect(admin.status).toBe(201);
    const invoice = caseOf('overdue 45 days');
    const link = await api('GET', `/invoices/${invoice.invoiceId}/portal-link`);
    const page = await h.app.inject({ method: 'GET', url: pathOf(link.body.url) });
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
    const posted = await h.app.inject({
      method: 'POST',
      url: `${pathOf(link.body.url)}/comments`,
      payload: new URLSearchParams({
        body: 'Pouvez-vous scinder\nle paiement en deux ?',
        _csrf: csrf,
      }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(posted.statusCode).toBe(303);

    const toAdmins = await eventually(() => {
      const found = sink.received.filter(
        (m) => m.parsed.subject?.includes(invoice.number) && m.parsed.headers.get('auto-submitted'),
      );
      return found.length >= 2 ? found : undefined;
    }, 'two admin notifications');
    const byRecipient = new Map(toAdmins.map((m) => [m.envelopeTo[0], m.parsed]));
    const fr = byRecipient.get('camille@atelier-lumiere.example');
    const de = byRecipient.get('jonas@atelier-lumiere.example');
    expect(fr?.subject).toBe(
      `Nouveau commentaire sur la facture ${invoice.number} (Société Générale de Façades SA)`,
    );
    expect(de?.subject).toBe(
      `Neuer Kommentar von Société Générale de Façades SA zur Rechnung ${invoice.number}`,
    );
    expect(fr?.text).toContain('> Pouvez-vous scinder\n> le paiement en deux ?');
    expect(String(fr?.html)).toContain('Pouvez-vous scinder<br>le paiement en deux ?');
    expect(addresses(fr?.replyTo)).toEqual(['comptabilite@facades.example']);
    // However often the jobs ran, each admin got the comment once.
    await eventually(() => jobsDone(h.database.db, ['comment-created', 'email-send']), 'every job finished');
    const again = sink.received.filter(
      (m) => m.parsed.subject?.includes(invoice.number) && m.parsed.headers.get('auto-submitted'),
    );
    expect(again).toHaveLength(2);
  });

  it('tells the business’s systems through a signed invoice.sent webhook once the message is sent (B10)', async () => {
    const received: { headers: Record<string, unknown>; body: string }[] = [];
    const server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
        response.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      await registerWebhookWorker(
        h.boss,
        {
          db: h.database.db,
          appSecret: h.appSecret,
          fetch: globalThis.fetch,
          egress: webhookEgress({ allowPrivateAddresses: true }),
          clock: () => new Date(),
        },
        {
          options: { pollingIntervalSeconds: 0.5, batchSize: 10, concurrency: 1 },
        },
      );
      const endpoint = await api('POST', '/webhook-endpoints', {
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/erp`,
        events: ['invoice.sent'],
      });
      expect(endpoint.status).toBe(201);
      const invoice = caseOf('overdue 20 days');
      const queued = await api('POST', `/invoices/${invoice.invoiceId}/send`, {});
      const event = await eventually(() => received[0], 'the invoice.sent event');
      expect(
        verifyWebhookSignature({
          secret: endpoint.body.secret,
          headers: event.headers as Record<string, string>,
          body: event.body,
          now: new Date(),
        }).ok,
      ).toBe(true);
      const payload = JSON.parse(event.body);
      expect(payload).toMatchObject({
        type: 'invoice.sent',
        data: {
          invoiceId: invoice.invoiceId,
          invoiceNumber: invoice.number,
          emailId: queued.body.id,
          messageId: queued.body.messageId,
          to: ['lucja@example.net'],
        },
      });
      const sent = await api('GET', `/emails/${queued.body.id}`);
      expect(sent.body.status).toBe('sent');
      await eventually(() => jobsDone(h.database.db, ['webhook-deliver']), 'every delivery finished');
      expect(received).toHaveLength(1);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
