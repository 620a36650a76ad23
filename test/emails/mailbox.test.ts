import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoSeed, seedDemo } from '../../src/app/demo/seed-demo.ts';
import { buildApp } from '../../src/http/build-app.ts';
import { mailboxKey } from '../../src/http/mailbox/mailbox-routes.ts';
import { mailboxMailer } from '../../src/mail/mailer.ts';
import { type ApiHarness, createApiHarness } from '../support/api-harness.ts';
import { eventually } from '../support/smtp-sink.ts';
import { FAST_POLICIES } from './support.ts';

describe('the local mailbox (no SMTP configured)', () => {
  let h: ApiHarness;
  let demo: DemoSeed;
  let app: Awaited<ReturnType<typeof buildApp>>;
  let key: string;
  let emailId: string;
  const get = (url: string) => app.inject({ method: 'GET', url });

  beforeAll(async () => {
    h = await createApiHarness({ now: () => new Date('2026-11-25T10:00:00Z'), policies: FAST_POLICIES });
    demo = await seedDemo(h.database.db, {
      today: '2026-11-25',
      now: new Date('2026-11-25T09:00:00Z'),
      actor: 'test',
    });
    await h.startEmailWorkers(mailboxMailer);
    key = mailboxKey(h.appSecret);
    app = await buildApp({
      db: h.database.db,
      appSecret: h.appSecret,
      clock: () => new Date('2026-11-25T10:00:00Z'),
      publicBaseUrl: 'http://portal.test',
      mailFrom: 'invoices@portal.test',
      mailboxKey: key,
    });
    const invoice = demo.cases.find((c) => c.shows.startsWith('overdue 45 days'));
    const sent = await h.request(demo.apiKey, 'POST', `/api/v1/invoices/${invoice?.invoiceId}/send`, {});
    emailId = sent.body.id;
    await eventually(async () => {
      const res = await h.request(demo.apiKey, 'GET', `/api/v1/emails/${emailId}`);
      return res.body.status === 'sent' && res.body.transport === 'mailbox';
    }, 'the message kept in the mailbox');
  });
  afterAll(async () => {
    await app?.close();
    await h?.close();
  });

  it('lists the messages behind its secret link, and nothing without it', async () => {
    const list = await get(`/mailbox/${key}`);
    expect(list.statusCode).toBe(200);
    expect(list.headers['content-security-policy']).toContain("default-src 'none'");
    expect(list.body).toContain('Facture 2026-0102 – Atelier Lumière SRL');
    expect(list.body).toContain('comptabilite@facades.example');
    const other = (c: string) => (c === 'a' ? 'b' : 'a');
    expect((await get(`/mailbox/${key.slice(0, -1)}${other(key.slice(-1))}`)).statusCode).toBe(404);
    const otherId = `${emailId.slice(0, -1)}${other(emailId.slice(-1))}`;
    expect((await get(`/mailbox/${key}/messages/${otherId}`)).statusCode).toBe(404);
  });

  it('shows a message with its headers, HTML and text versions, and its attachments', async () => {
    const page = await get(`/mailbox/${key}/messages/${emailId}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Atelier Lumière SRL &lt;invoices@portal.test&gt;');
    expect(page.body).toContain('2026-0102.pdf');
    expect(page.body).toMatch(/Voir cette facture\u00a0: http:\/\/portal\.test\/p\//);
    const frame = /<iframe src="([^"]+)"/.exec(page.body)?.[1] ?? '';
    const html = await get(frame);
    expect(html.statusCode).toBe(200);
    // Inline images point at the attachments served here, as a mail client resolves cid: links.
    expect(html.body).not.toContain('cid:');
    const picture = /<img src="([^"]+)" alt="Facture 2026-0102"/.exec(html.body)?.[1] ?? '';
    const png = await get(picture);
    expect(png.headers['content-type']).toBe('image/png');
    expect(png.rawPayload.subarray(1, 4).toString()).toBe('PNG');

    const pdfLink = /<a href="([^"]+)">2026-0102\.pdf<\/a>/.exec(page.body)?.[1] ?? '';
    const pdf = await get(pdfLink);
    const download = await h.app.inject({
      method: 'GET',
      url: `/api/v1/invoices/${demo.cases.find((c) => c.number === '2026-0102')?.invoiceId}/download`,
      headers: { authorization: `Bearer ${demo.apiKey}` },
    });
    expect(Buffer.compare(pdf.rawPayload, download.rawPayload)).toBe(0);
  });

  it('downloads the message as the .eml an SMTP server would have received', async () => {
    const eml = await get(`/mailbox/${key}/messages/${emailId}/source.eml`);
    expect(eml.headers['content-type']).toContain('message/rfc822');
    const parsed = await simpleParser(eml.rawPayload);
    const api = await h.request(demo.apiKey, 'GET', `/api/v1/emails/${emailId}`);
    expect(parsed.messageId).toBe(api.body.messageId);
    expect(parsed.subject).toBe('Facture 2026-0102 – Atelier Lumière SRL');
    expect(parsed.attachments.map((a) => a.filename).sort()).toEqual(['2026-0102.pdf', 'invoice.png']);
  });
});
