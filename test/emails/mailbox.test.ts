import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoSeed, seedDemo } from '../../src/app/demo/seed-demo.ts';
import { buildApp } from '../../src/http/build-app.ts';
import { mailboxPath } from '../../src/http/mailbox/mailbox-routes.ts';
import { mailboxMailer } from '../../src/mail/mailer.ts';
import { type ApiHarness, createApiHarness } from '../support/api-harness.ts';
import { signInAs } from '../support/back-office.ts';
import { eventually } from '../support/smtp-sink.ts';
import { contractDatabaseKinds } from '../support/test-env.ts';
import { FAST_POLICIES } from './support.ts';

describe.each(contractDatabaseKinds())(
  'the local mailbox, one per organization (no SMTP configured) [%s]',
  (kind) => {
    let h: ApiHarness;
    let demo: DemoSeed;
    let app: Awaited<ReturnType<typeof buildApp>>;
    let key: string;
    let otherBase: string;
    let otherEmailId: string;
    let emailId: string;
    const get = (url: string) => app.inject({ method: 'GET', url });

    beforeAll(async () => {
      h = await createApiHarness({
        kind,
        now: () => new Date('2026-11-25T10:00:00Z'),
        policies: FAST_POLICIES,
      });
      demo = await seedDemo(h.database.db, {
        today: '2026-11-25',
        now: new Date('2026-11-25T09:00:00Z'),
        actor: 'test',
      });
      await h.startEmailWorkers(mailboxMailer);
      // `key` is the demo organization's mailbox path without its leading `/mailbox/`.
      key = mailboxPath(h.appSecret, demo.organization.id).slice('/mailbox/'.length);
      app = await buildApp({
        db: h.database.db,
        appSecret: h.appSecret,
        clock: () => new Date('2026-11-25T10:00:00Z'),
        publicBaseUrl: 'http://portal.test',
        mailFrom: 'invoices@portal.test',
        localMailbox: true,
      });
      const invoice = demo.cases.find((c) => c.shows.startsWith('overdue 45 days'));
      const sent = await h.request(demo.apiKey, 'POST', `/api/v1/invoices/${invoice?.invoiceId}/send`, {});
      emailId = sent.body.id;
      await eventually(async () => {
        const res = await h.request(demo.apiKey, 'GET', `/api/v1/emails/${emailId}`);
        return res.body.status === 'sent' && res.body.transport === 'mailbox';
      }, 'the message kept in the mailbox');

      // Another organization on the same database, with a message of its own.
      const customer = await h.request(h.a.key, 'POST', '/api/v1/customers', {
        kind: 'company',
        name: 'Voisin SA',
        language: 'fr',
        emails: ['voisin@example.com'],
      });
      const otherInvoice = await h.request(h.a.key, 'POST', '/api/v1/invoices', {
        number: 'A-1',
        customerId: customer.body.id,
        issueDate: '2026-11-01',
        dueDate: '2026-12-01',
        lines: [
          {
            description: 'Conseil',
            quantity: '1',
            unitPriceMinor: 10_000,
            vatRateBp: 2100,
            vatCategory: 'standard',
          },
        ],
      });
      const other = await h.request(h.a.key, 'POST', `/api/v1/invoices/${otherInvoice.body.id}/send`, {});
      otherEmailId = other.body.id;
      await eventually(async () => {
        const res = await h.request(h.a.key, 'GET', `/api/v1/emails/${otherEmailId}`);
        return res.body.status === 'sent';
      }, 'the other organization’s message kept');
      otherBase = mailboxPath(h.appSecret, h.a.id);
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

    it('shows each organization only its own messages: another organization’s message under this key is not found', async () => {
      const mine = await get(`/mailbox/${key}`);
      expect(mine.body).toContain(`/messages/${emailId}`);
      expect(mine.body).not.toContain(otherEmailId);
      const theirs = await get(otherBase);
      expect(theirs.statusCode).toBe(200);
      expect(theirs.body).toContain(`/messages/${otherEmailId}`);
      expect(theirs.body).not.toContain(emailId);
      expect(theirs.body).not.toContain('Atelier Lumière SRL');
      for (const suffix of ['', '/html', '/source.eml', '/attachments/0']) {
        expect((await get(`/mailbox/${key}/messages/${otherEmailId}${suffix}`)).statusCode).toBe(404);
        expect((await get(`${otherBase}/messages/${emailId}${suffix}`)).statusCode).toBe(404);
        expect((await get(`${otherBase}/messages/${otherEmailId}${suffix}`)).statusCode).not.toBe(404);
      }
      // One organization's key opens no other organization's mailbox.
      const [, , organizationId, demoKey] = `/mailbox/${key}`.split('/');
      expect(organizationId).toBe(demo.organization.id);
      expect((await get(`/mailbox/${h.a.id}/${demoKey}`)).statusCode).toBe(404);
      expect((await get(`/mailbox/not-a-uuid/${demoKey}`)).statusCode).toBe(404);
    });

    it('is reached from the back office’s outbox by a signed-in admin, each organization its own', async () => {
      const session = await signInAs(h, 'camille@atelier-lumiere.example');
      const outbox = (url: string) => app.inject({ method: 'GET', url, headers: { cookie: session.cookie } });
      const page = await outbox('/admin/settings/outbox');
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain(`href="/mailbox/${key}" rel="noreferrer"`);
      expect(page.body).not.toContain(otherBase);
      // Without a session there is no link, only the sign-in page; with SMTP (no mailbox) no link either.
      const anonymous = await app.inject({ method: 'GET', url: '/admin/settings/outbox' });
      expect(anonymous.body).not.toContain('/mailbox/');
      const withSmtp = await h.app.inject({
        method: 'GET',
        url: '/admin/settings/outbox',
        headers: { cookie: session.cookie },
      });
      expect(withSmtp.statusCode).toBe(200);
      expect(withSmtp.body).not.toContain('/mailbox/');
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
  },
);
