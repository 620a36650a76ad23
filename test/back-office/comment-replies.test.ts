import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addCustomerComment } from '../../src/app/comments/add-customer-comment.ts';
import { jobSender, QUEUES } from '../../src/jobs/job-queue.ts';
import { smtpMailer } from '../../src/mail/smtp-mailer.ts';
import { jobsDone } from '../emails/support.ts';
import { type ApiHarness, createApiHarness } from '../support/api-harness.ts';
import { type AdminSession, signInAs } from '../support/back-office.ts';
import { eventually, type SmtpSink, startSmtpSink } from '../support/smtp-sink.ts';
import { contractDatabaseKinds } from '../support/test-env.ts';

/**
 * Two-way threads (issue 11, B8) on both databases: a customer's comment shows unread in the back office
 * until the invoice is opened; the admin's reply appears in the customer's portal as the business's and
 * reaches the customer over SMTP in their language with the link to the invoice.
 */
describe.each(contractDatabaseKinds())('comment replies [%s]', (kind) => {
  let h: ApiHarness;
  let sink: SmtpSink;
  let session: AdminSession;
  let invoiceId: string;
  let customerId: string;
  let portalUrl: string;

  const get = (url: string) => h.app.inject({ method: 'GET', url, headers: { cookie: session.cookie } });
  const reply = (body: string) =>
    h.app.inject({
      method: 'POST',
      url: `/admin/invoices/${invoiceId}/comments`,
      headers: { cookie: session.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: session.csrf, body }).toString(),
    });

  beforeAll(async () => {
    sink = await startSmtpSink();
    h = await createApiHarness({ kind, now: () => new Date() });
    await h.startEmailWorkers(smtpMailer(sink.url, { timeoutMs: 2000 }));
    const customer = await h.request(h.a.key, 'POST', '/api/v1/customers', {
      kind: 'company',
      name: 'Müller & Söhne GmbH',
      language: 'de',
      emails: ['buchhaltung@mueller.example'],
    });
    customerId = customer.body.id;
    const invoice = await h.request(h.a.key, 'POST', '/api/v1/invoices', {
      number: '2026-0007',
      customerId,
      issueDate: '2026-04-01',
      dueDate: '2026-04-30',
      lines: [{ description: 'Beratung', quantity: '1', unitPriceMinor: 50000, vatRateBp: 2100 }],
    });
    invoiceId = invoice.body.id;
    const link = await h.request(h.a.key, 'GET', `/api/v1/customers/${customerId}/portal-link`);
    portalUrl = `${new URL(link.body.url).pathname}/invoices/${invoiceId}`;
    session = await signInAs(h, 'admin@alphasrl.example');
  }, 60_000);
  afterAll(async () => {
    await h?.close();
    await sink?.stop();
  });

  it('shows a customer comment unread in the navigation and the inbox, read once the invoice is opened', async () => {
    const added = await addCustomerComment(
      { db: h.database.db, jobs: jobSender(h.boss) },
      {
        organizationId: h.a.id,
        customerId,
        invoiceId,
        body: 'Können Sie die Bestellnummer PO-7781 ergänzen?',
      },
    );
    expect(added.ok).toBe(true);
    const inbox = await get('/admin/comments?unread=1');
    expect(inbox.body).toContain('Können Sie die Bestellnummer PO-7781 ergänzen?');
    expect(inbox.body).toContain('1 non lus');
    const opened = await get(`/admin/invoices/${invoiceId}`);
    expect(opened.body).toContain('badge-unread');
    const after = await get('/admin/comments?unread=1');
    expect(after.body).not.toContain('PO-7781');
    expect(after.body).not.toContain('non lus');
    expect((await get('/admin/comments')).body).toContain('PO-7781');
  });

  it('refuses an empty reply next to the field, changing nothing', async () => {
    // The comment's notifications to the admins go out in the background: let them finish first.
    await eventually(
      () => jobsDone(h.database.db, [QUEUES.commentCreated, QUEUES.emailSend]),
      'notifications',
    );
    const before = await h.fingerprint();
    const res = await reply('   ');
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('id="reply-body-error"');
    expect(await h.fingerprint()).toBe(before);
  });

  it('shows the reply in the portal as the business’s, and e-mails it to the customer in German', async () => {
    const res = await reply('Natürlich: PO-7781 steht jetzt auf der Rechnung.');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/admin/invoices/${invoiceId}?done=replySent`);

    const portal = await h.app.inject({ method: 'GET', url: portalUrl });
    expect(portal.body).toMatch(
      /<li class="comment comment-business">[\s\S]*Alpha SRL admin[\s\S]*Alpha SRL[\s\S]*Natürlich: PO-7781 steht jetzt auf der Rechnung\./,
    );

    const mail = await eventually(
      () => sink.received.find((m) => m.parsed.subject?.startsWith('Antwort von')),
      'the reply e-mail',
    );
    expect(mail.envelopeTo).toEqual(['buchhaltung@mueller.example']);
    expect(mail.parsed.subject).toBe('Antwort von Alpha SRL zur Rechnung 2026-0007');
    expect(mail.parsed.text).toContain('> Natürlich: PO-7781 steht jetzt auf der Rechnung.');
    expect(mail.parsed.text).toContain(`http://portal.test${portalUrl}`);

    const page = await get(`/admin/invoices/${invoiceId}`);
    expect(page.body).toContain('Réponse envoyée');
  });
});
