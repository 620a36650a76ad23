import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addCustomerComment } from '../../src/app/comments/add-customer-comment.ts';
import { queueInvoiceNotification } from '../../src/app/emails/queue-invoice-notification.ts';
import { jobSender } from '../../src/jobs/job-queue.ts';
import { type ApiHarness, createApiHarness } from '../support/api-harness.ts';
import { type AdminSession, adminGet, adminPost, signInAs } from '../support/back-office.ts';
import { contractDatabaseKinds } from '../support/test-env.ts';

/**
 * Settings → Admins (issue 12) over HTTP, on both databases: an invited admin is listed, gets a sign-in
 * link in their language and signs in with it; removing an admin ends their sessions; the last admin stays
 * and a bad address is refused next to its field, changing nothing; an admin who opted out of a kind of
 * notification receives none of it.
 */

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

describe.each(contractDatabaseKinds())('back-office admins [%s]', (kind) => {
  let h: ApiHarness;
  let session: AdminSession;

  const get = (url: string, as: AdminSession = session) => adminGet(h, as, url);
  const post = (url: string, fields: Record<string, string>, as: AdminSession = session) =>
    adminPost(h, as, url, fields);
  const adminsOf = (organizationId: string) =>
    h.database.db
      .selectFrom('admin_users')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .orderBy('created_at')
      .execute();

  beforeAll(async () => {
    h = await createApiHarness({ kind, now: () => new Date() });
    session = await signInAs(h, 'admin@alphasrl.example');
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  it('invites an admin: listed, a sign-in link e-mailed in their language, and it signs them in', async () => {
    const res = await post('/admin/settings/admins', {
      name: 'Jan Peeters',
      email: 'jan@alpha.example',
      language: 'nl',
    });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/admin/settings/admins?done=invited');
    const page = await get('/admin/settings/admins?done=invited');
    expect(page.body).toContain('<h1>Administrateurs</h1>');
    expect(page.body).toContain('Jan Peeters');
    expect(page.body).toContain('jan@alpha.example');
    expect(page.body).toContain('L’administrateur est ajouté');

    const emails = await h.database.db
      .selectFrom('outgoing_emails')
      .selectAll()
      .where('organization_id', '=', h.a.id)
      .where('kind', '=', 'sign-in')
      .execute();
    const email = emails.find((e) => e.to_addresses.includes('jan@alpha.example'));
    if (!email) throw new Error('no invitation');
    expect(email.language).toBe('nl');
    expect(email.subject).toBe('Uitnodiging voor de backoffice van Alpha SRL');
    expect(email.text_body).toContain('Alpha SRL admin heeft u toegevoegd als beheerder van Alpha SRL.');
    const token = /\/admin\/sign-in\?token=([A-Za-z0-9_-]{43})/.exec(email.text_body)?.[1];
    expect(token).toBeDefined();
    const confirmed = await h.app.inject({
      method: 'POST',
      url: '/admin/sign-in/confirm',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: form({ token: token ?? '' }),
    });
    expect(confirmed.statusCode).toBe(303);
    const cookie = /bo_session=[^;]+/.exec(String(confirmed.headers['set-cookie']))?.[0] ?? '';
    const home = await h.app.inject({ method: 'GET', url: '/admin', headers: { cookie } });
    expect(home.statusCode).toBe(200);
    expect(home.body).toContain('lang="nl"');
  });

  it('refuses a bad address next to the field, in French, and changes nothing', async () => {
    const before = await h.fingerprint();
    const res = await post('/admin/settings/admins', { name: 'X', email: 'not-an-address', language: 'fr' });
    expect(res.statusCode).toBe(422);
    expect(res.body).toMatch(/<p class="field-error" id="settings-email-error">[^<]*Adresse e-mail/);
    expect(res.body).toContain('aria-invalid="true"');
    expect(res.body).toContain('value="not-an-address"');
    expect(await h.fingerprint()).toBe(before);
  });

  it('removes another admin and ends their sessions', async () => {
    const jan = (await adminsOf(h.a.id)).find((a) => a.email === 'jan@alpha.example');
    const theirs = await signInAs(h, 'jan@alpha.example', '198.51.100.9');
    expect((await get('/admin', theirs)).statusCode).toBe(200);
    const res = await post(`/admin/settings/admins/${jan?.id}/remove`, {});
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/admin/settings/admins?done=removed');
    expect((await adminsOf(h.a.id)).map((a) => a.email)).toEqual(['admin@alphasrl.example']);
    const after = await get('/admin', theirs);
    expect(after.statusCode).toBe(303);
    expect(after.headers.location).toMatch(/^\/admin\/sign-in/);
  });

  it('refuses to remove the last admin with the reason, and changes nothing', async () => {
    const [last] = await adminsOf(h.a.id);
    const before = await h.fingerprint();
    const res = await post(`/admin/settings/admins/${last?.id}/remove`, {});
    expect(res.statusCode).toBe(409);
    expect(res.body).toContain('role="alert"');
    expect(res.body).toContain('Le dernier administrateur ne peut pas être supprimé');
    expect(await h.fingerprint()).toBe(before);
    expect((await get('/admin')).statusCode).toBe(200);
  });

  it('sends an admin only the notifications they chose', async () => {
    const [first] = await adminsOf(h.a.id);
    const invited = await post('/admin/settings/admins', {
      name: 'Lena Schmidt',
      email: 'lena@alpha.example',
      language: 'de',
    });
    expect(invited.statusCode).toBe(303);
    // The first admin keeps payments only; Lena keeps both (the default).
    const saved = await post(`/admin/settings/admins/${first?.id}`, { language: 'fr', notifyPayments: '1' });
    expect(saved.statusCode).toBe(303);
    const page = await get('/admin/settings/admins');
    expect(page.body).toMatch(/Notifications<\/dt><dd>paiements<\/dd>/);

    const customer = await h.request(h.a.key, 'POST', '/api/v1/customers', {
      kind: 'company',
      name: 'Client NV',
      language: 'fr',
      emails: ['billing@client.example'],
    });
    const invoice = await h.request(h.a.key, 'POST', '/api/v1/invoices', {
      number: 'N-1',
      customerId: customer.body.id,
      issueDate: '2026-04-01',
      dueDate: '2026-04-30',
      lines: [{ description: 'Work', quantity: '1', unitPriceMinor: 10000, vatRateBp: 2100 }],
    });
    expect(invoice.status).toBe(201);
    const deps = {
      db: h.database.db,
      jobs: jobSender(h.boss),
      mail: { publicBaseUrl: 'http://portal.test', appSecret: h.appSecret, mailFrom: 'invoices@portal.test' },
    };
    const comment = await addCustomerComment(deps, {
      organizationId: h.a.id,
      customerId: customer.body.id,
      invoiceId: invoice.body.id,
      body: 'Could you send it again?',
    });
    if (!comment.ok) throw new Error(comment.code);
    const target = { organizationId: h.a.id, invoiceId: invoice.body.id };
    const onComment = await queueInvoiceNotification(deps, {
      ...target,
      event: { kind: 'comment', commentId: comment.value.id },
    });
    expect(onComment.map((e) => e.to_addresses)).toEqual([['lena@alpha.example']]);
    const onPayment = await queueInvoiceNotification(deps, {
      ...target,
      event: {
        kind: 'payment-received',
        eventKey: 'p-1',
        amountMinor: 12100,
        date: '2026-04-10',
        method: 'Bancontact',
        amountDueAfterMinor: 0,
      },
    });
    expect(onPayment.map((e) => e.to_addresses).sort()).toEqual([
      ['admin@alphasrl.example'],
      ['lena@alpha.example'],
    ]);
    // Opting out of everything: none.
    const lena = (await adminsOf(h.a.id)).find((a) => a.email === 'lena@alpha.example');
    expect((await post(`/admin/settings/admins/${lena?.id}`, { language: 'de' })).statusCode).toBe(303);
    const refund = await queueInvoiceNotification(deps, {
      ...target,
      event: {
        kind: 'refund',
        eventKey: 'r-1',
        amountMinor: 12100,
        date: '2026-04-11',
        method: null,
        amountDueAfterMinor: 12100,
      },
    });
    expect(refund.map((e) => e.to_addresses)).toEqual([['admin@alphasrl.example']]);
  });
});
