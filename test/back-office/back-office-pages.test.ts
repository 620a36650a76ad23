import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestSignIn } from '../../src/app/back-office-auth/request-sign-in.ts';
import { buildApp } from '../../src/http/build-app.ts';
import { jobSender } from '../../src/jobs/job-queue.ts';
import { type ApiHarness, createApiHarness } from '../support/api-harness.ts';
import { type AdminSession, signInAs } from '../support/back-office.ts';
import { contractDatabaseKinds } from '../support/test-env.ts';

/**
 * The back office's pages over HTTP (issue 11), on both databases: sign-in links used once, sessions
 * that survive a restart and end, and forms that refuse bad input precisely, in the admin's language,
 * changing nothing.
 */

const line = { description: 'Consulting', quantity: '1', unitPriceMinor: 10000, vatRateBp: 2100 };
const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

describe.each(contractDatabaseKinds())('back-office pages [%s]', (kind) => {
  let h: ApiHarness;
  let invoiceId: string;
  let session: AdminSession;
  const mail = () => ({
    publicBaseUrl: 'http://portal.test',
    appSecret: h.appSecret,
    mailFrom: 'x@portal.test',
  });

  const get = (url: string, s: AdminSession | null = session) =>
    h.app.inject({ method: 'GET', url, headers: s ? { cookie: s.cookie } : {} });
  const post = (url: string, fields: Record<string, string>, s: AdminSession | null = session) =>
    h.app.inject({
      method: 'POST',
      url,
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'sec-fetch-site': 'same-origin',
        ...(s ? { cookie: s.cookie } : {}),
      },
      payload: form(s ? { _csrf: s.csrf, ...fields } : fields),
    });

  async function linkToken(email: string, client: string): Promise<string> {
    // These tests sign the same admin in more often than the 5 links an address may ask for in 15 minutes;
    // each starts a fresh window (the limits themselves are tested in sign-in.test.ts).
    await h.database.db.deleteFrom('admin_sign_in_requests').execute();
    const links = await requestSignIn(
      { db: h.database.db, appSecret: h.appSecret, jobs: jobSender(h.boss), mail: mail() },
      { email, clientAddress: client, now: new Date() },
    );
    if (!links.ok) throw new Error('no link');
    return links.value[0]?.token ?? '';
  }

  beforeAll(async () => {
    h = await createApiHarness({ kind, now: () => new Date() });
    const customer = await h.request(h.a.key, 'POST', '/api/v1/customers', {
      kind: 'company',
      name: 'Brasserie Öztürk',
      language: 'nl',
      emails: ['boekhouding@brasserie.example'],
    });
    const invoice = await h.request(h.a.key, 'POST', '/api/v1/invoices', {
      number: '2026-0042',
      customerId: customer.body.id,
      issueDate: '2026-04-01',
      dueDate: '2026-04-30',
      lines: [line],
    });
    invoiceId = invoice.body.id;
    session = await signInAs(h, 'admin@alphasrl.example');
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  describe('sign-in', () => {
    it('asks for an address, and answers the same whether or not it is an admin’s', async () => {
      const page = await get('/admin/sign-in', null);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('name="email"');
      const known = await post('/admin/sign-in', { email: 'admin@alphasrl.example' }, null);
      const unknown = await post('/admin/sign-in', { email: 'nobody@nowhere.example' }, null);
      expect(known.statusCode).toBe(200);
      expect(unknown.statusCode).toBe(200);
      expect(known.body.replace('admin@alphasrl.example', 'X')).toBe(
        unknown.body.replace('nobody@nowhere.example', 'X'),
      );
    });

    it('refuses an address that is none, next to the field, and queues nothing', async () => {
      const before = await h.fingerprint();
      const res = await h.app.inject({
        method: 'POST',
        url: '/admin/sign-in',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'accept-language': 'de' },
        payload: form({ email: 'not an address' }),
      });
      expect(res.statusCode).toBe(422);
      expect(res.body).toContain('Geben Sie eine E-Mail-Adresse wie name@beispiel.de ein.');
      expect(res.body).toContain('aria-invalid="true"');
      expect(await h.fingerprint()).toBe(before);
    });

    it('opens a confirm page from the link without using it up; the button signs in once', async () => {
      const token = await linkToken('admin@alphasrl.example', '203.0.113.20');
      const opened = await get(`/admin/sign-in?token=${token}`, null);
      expect(opened.statusCode).toBe(200);
      expect(opened.body).toContain(`value="${token}"`);
      // A scanner following the link twice changes nothing; the button still works.
      await get(`/admin/sign-in?token=${token}`, null);
      const first = await post(
        '/admin/sign-in/confirm',
        { token, next: `/admin/invoices/${invoiceId}` },
        null,
      );
      expect(first.statusCode).toBe(303);
      expect(first.headers.location).toBe(`/admin/invoices/${invoiceId}`);
      const cookie = String(first.headers['set-cookie']);
      expect(cookie).toMatch(
        /bo_session=[A-Za-z0-9_-]{43}; Path=\/admin; Expires=.+; HttpOnly; SameSite=Lax/,
      );
      expect(cookie).not.toMatch(/Secure/);
      const again = await post('/admin/sign-in/confirm', { token }, null);
      expect(again.statusCode).toBe(400);
      expect(again.body).toContain('This sign-in link no longer works');
    });

    it('never follows a next address off the back office', async () => {
      const token = await linkToken('admin@alphasrl.example', '203.0.113.21');
      const res = await post('/admin/sign-in/confirm', { token, next: '//evil.example/admin' }, null);
      expect(res.headers.location).toBe('/admin');
    });

    it.each([
      ['a line break', '/admin/invoices\r\nSet-Cookie: x=1'],
      ['a character no header can carry', '/admin/invoices?q=€'],
      ['a control character', '/admin/\u0000'],
    ])('signs in and goes home when the next address holds %s (never a 500)', async (_what, next) => {
      const token = await linkToken('admin@alphasrl.example', '203.0.113.22');
      const res = await post('/admin/sign-in/confirm', { token, next }, null);
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toBe('/admin');
      expect(String(res.headers['set-cookie'])).toMatch(/bo_session=[A-Za-z0-9_-]{43};/);
    });

    it('keeps the session across a restart (sessions live in the database)', async () => {
      const restarted = await buildApp({
        db: h.database.db,
        appSecret: h.appSecret,
        jobs: jobSender(h.boss),
        clock: () => new Date(),
        publicBaseUrl: 'http://portal.test',
      });
      try {
        const res = await restarted.inject({
          method: 'GET',
          url: `/admin/invoices/${invoiceId}`,
          headers: { cookie: session.cookie },
        });
        expect(res.statusCode).toBe(200);
        expect(res.body).toContain('2026-0042');
      } finally {
        await restarted.close();
      }
    });

    it('ends the session after 8 idle hours: the next request is sent to sign-in', async () => {
      const later = await buildApp({
        db: h.database.db,
        appSecret: h.appSecret,
        jobs: jobSender(h.boss),
        clock: () => new Date(Date.now() + 8 * 3_600_000 + 60_000),
        publicBaseUrl: 'http://portal.test',
      });
      try {
        const url = `/admin/invoices/${invoiceId}`;
        const res = await later.inject({ method: 'GET', url, headers: { cookie: session.cookie } });
        expect(res.statusCode).toBe(303);
        expect(res.headers.location).toBe(`/admin/sign-in?next=${encodeURIComponent(url)}`);
      } finally {
        await later.close();
      }
    });

    it('signs out: the cookie is cleared and the session no longer opens a page', async () => {
      const own = await signInAs(h, 'admin@alphasrl.example', '203.0.113.30');
      const out = await post('/admin/sign-out', {}, own);
      expect(out.statusCode).toBe(303);
      expect(out.headers.location).toBe('/admin/sign-in?notice=signedOut');
      expect(String(out.headers['set-cookie'])).toMatch(/bo_session=;/);
      expect((await get(`/admin/invoices/${invoiceId}`, own)).statusCode).toBe(303);
      expect((await get(`/admin/invoices/${invoiceId}`)).statusCode).toBe(200);
    });

    it('signs out everywhere: every session of the admin ends', async () => {
      const phone = await signInAs(h, 'admin@betabv.example', '203.0.113.31');
      const laptop = await signInAs(h, 'admin@betabv.example', '203.0.113.32');
      expect((await post('/admin/sign-out-everywhere', {}, phone)).statusCode).toBe(303);
      const res = await h.app.inject({
        method: 'GET',
        url: '/admin/invoices/00000000-0000-4000-8000-000000000000',
        headers: { cookie: laptop.cookie },
      });
      expect(res.statusCode).toBe(303);
    });
  });

  describe('recording a payment', () => {
    it('refuses an amount that is none, next to the field, in the admin’s language, changing nothing', async () => {
      const before = await h.fingerprint();
      const res = await post(`/admin/invoices/${invoiceId}/payments`, {
        amount: '12,345',
        paidOn: '2026-05-01',
        method: 'cash',
      });
      expect(res.statusCode).toBe(422);
      expect(res.body).toContain('Saisissez un montant supérieur à zéro, comme 125,50, en EUR.');
      expect(res.body).toContain('id="payment-amount-error"');
      expect(res.body).toContain('value="12,345"');
      expect(await h.fingerprint()).toBe(before);
    });

    it('refuses an impossible date with the API’s message naming the field by its label', async () => {
      const before = await h.fingerprint();
      const res = await post(`/admin/invoices/${invoiceId}/payments`, {
        amount: '10',
        paidOn: '2026-02-30',
        method: 'cash',
      });
      expect(res.statusCode).toBe(422);
      expect(res.body).toMatch(/Reçu le[^<]*doit être/);
      expect(await h.fingerprint()).toBe(before);
    });

    it('refuses a date before the invoice with the use case’s refusal', async () => {
      const res = await post(`/admin/invoices/${invoiceId}/payments`, {
        amount: '10',
        paidOn: '2026-01-01',
        method: 'cash',
      });
      expect(res.statusCode).toBe(422);
      expect(res.body).toContain('Reçu le');
    });

    it('records a partial payment, then redirects to the page that shows it', async () => {
      const res = await post(`/admin/invoices/${invoiceId}/payments`, {
        amount: '50,00',
        paidOn: '2026-04-20',
        method: 'cash',
        note: 'Au comptoir',
      });
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toBe(`/admin/invoices/${invoiceId}?done=paymentRecorded`);
      const api = await h.request(h.a.key, 'GET', `/api/v1/invoices/${invoiceId}`);
      expect(api.body.payments).toEqual([expect.objectContaining({ amountMinor: 5000, method: 'cash' })]);
      const page = await get(res.headers.location as string);
      expect(page.body).toContain('Le paiement est enregistré.');
      expect(page.body).toContain('Partiellement payée');
      expect(page.body).toContain('Espèces');
    });

    it('removes a payment recorded by mistake: the invoice is open again', async () => {
      const invoice = await h.request(h.a.key, 'GET', `/api/v1/invoices/${invoiceId}`);
      const mistake = await h.request(h.a.key, 'POST', `/api/v1/invoices/${invoiceId}/payments`, {
        amountMinor: 100,
        paidOn: '2026-04-21',
        method: 'other',
      });
      expect(mistake.status).toBe(201);
      const page = await get(`/admin/invoices/${invoiceId}`);
      expect(page.body).toContain(`action="/admin/invoices/${invoiceId}/payments/${mistake.body.id}/remove"`);
      const res = await post(`/admin/invoices/${invoiceId}/payments/${mistake.body.id}/remove`, {});
      expect(res.headers.location).toBe(`/admin/invoices/${invoiceId}?done=paymentRemoved`);
      const after = await h.request(h.a.key, 'GET', `/api/v1/invoices/${invoiceId}`);
      expect(after.body.payments).toEqual(invoice.body.payments);
      expect((await get(res.headers.location as string)).body).toContain('Le paiement est retiré.');
    });

    it('saves waivers, shown checked afterwards', async () => {
      const res = await post(`/admin/invoices/${invoiceId}/waivers`, { lateFee: '1', interest: '1' });
      expect(res.statusCode).toBe(303);
      const page = await get(`/admin/invoices/${invoiceId}`);
      expect(page.body).toMatch(/name="lateFee" value="1" checked/);
      expect(page.body).toMatch(/name="interest" value="1" checked/);
      expect(page.body).not.toMatch(/name="compensation" value="1" checked/);
    });
  });

  describe('the invoice page', () => {
    it('shows the customer’s portal link to copy, selectable without scripts', async () => {
      const page = await get(`/admin/invoices/${invoiceId}`);
      const link = /id="portal-link" type="text" readonly value="(http:\/\/portal\.test\/p\/[^"]+)"/.exec(
        page.body,
      )?.[1];
      expect(link).toBeDefined();
      const portal = await h.app.inject({
        method: 'GET',
        url: (link as string).replace('http://portal.test', ''),
      });
      expect(portal.statusCode).toBe(200);
      expect(portal.body).toContain('2026-0042');
      expect(page.body).toMatch(/data-copy="portal-link"[^>]*hidden/);
    });

    it('tells the history from the audit trail, newest first, naming who did it', async () => {
      const page = await get(`/admin/invoices/${invoiceId}`);
      const recorded = page.body.indexOf('Paiement de 50,00');
      const issued = page.body.indexOf('Émise');
      expect(recorded).toBeGreaterThan(0);
      expect(issued).toBeGreaterThan(recorded);
      expect(page.body).toContain('par Alpha SRL admin');
    });
  });

  describe('customers', () => {
    const valid = {
      kind: 'company',
      name: 'Bakkerij Janssens BV',
      vatNumber: 'BE0456789034',
      city: 'Gent',
      country: 'be',
      language: 'nl',
      emails: 'boekhouding@janssens.example\nfacturen@janssens.example',
    };

    it('refuses a bad e-mail address next to its field, naming it by its label, changing nothing', async () => {
      const before = await h.fingerprint();
      const res = await post('/admin/customers', {
        ...valid,
        emails: 'boekhouding@janssens.example\nnot-an-address',
      });
      expect(res.statusCode).toBe(422);
      expect(res.body).toContain('id="customer-emails-error"');
      expect(res.body).toMatch(/Adresses e-mail pour les factures[^<]*doit être/);
      expect(res.body).toContain('not-an-address');
      expect(await h.fingerprint()).toBe(before);
    });

    it('refuses a missing name', async () => {
      const res = await post('/admin/customers', { ...valid, name: '  ' });
      expect(res.statusCode).toBe(422);
      expect(res.body).toContain('id="customer-name-error"');
    });

    it('creates a customer, as the API then reads it, and finds it by name', async () => {
      const res = await post('/admin/customers', valid);
      expect(res.statusCode).toBe(303);
      const id = /\/admin\/customers\/([0-9a-f-]{36})\?done=customerCreated/.exec(
        String(res.headers.location),
      )?.[1];
      const api = await h.request(h.a.key, 'GET', `/api/v1/customers/${id}`);
      expect(api.body).toMatchObject({
        name: 'Bakkerij Janssens BV',
        country: 'BE',
        language: 'nl',
        emails: ['boekhouding@janssens.example', 'facturen@janssens.example'],
      });
      const list = await get('/admin/customers?q=janssens');
      expect(list.body).toContain('Bakkerij Janssens BV');
      expect(list.body).not.toContain('Brasserie Öztürk');
    });

    it('replaces and revokes the portal link: the old link stops working', async () => {
      const customers = await h.request(h.a.key, 'GET', '/api/v1/customers');
      const customer = customers.body.data.find((c: { name: string }) => c.name === 'Brasserie Öztürk');
      const linkOf = async () =>
        /id="customer-portal-link" type="text" readonly value="http:\/\/portal\.test([^"]+)"/.exec(
          (await get(`/admin/customers/${customer.id}`)).body,
        )?.[1];
      const old = await linkOf();
      expect((await h.app.inject({ method: 'GET', url: old as string })).statusCode).toBe(200);
      expect((await post(`/admin/customers/${customer.id}/portal-link/rotate`, {})).statusCode).toBe(303);
      const fresh = await linkOf();
      expect(fresh).not.toBe(old);
      expect((await h.app.inject({ method: 'GET', url: old as string })).statusCode).toBe(404);
      expect((await h.app.inject({ method: 'GET', url: fresh as string })).statusCode).toBe(200);
      expect((await post(`/admin/customers/${customer.id}/portal-link/revoke`, {})).statusCode).toBe(303);
      expect((await h.app.inject({ method: 'GET', url: fresh as string })).statusCode).toBe(404);
      expect((await get(`/admin/customers/${customer.id}`)).body).toContain('Le lien du portail est révoqué');
      await post(`/admin/customers/${customer.id}/portal-link/rotate`, {});
    });
  });

  describe('sending by e-mail', () => {
    it('shows the message in the customer’s language before anything is sent, changing nothing', async () => {
      const before = await h.fingerprint();
      const res = await get(`/admin/invoices/${invoiceId}/send`);
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain('boekhouding@brasserie.example');
      // The default Dutch template, its shortcodes filled in: the number and the portal link.
      expect(res.body).toMatch(/Factuur 2026-0042/);
      expect(res.body).toMatch(/http:\/\/portal\.test\/p\/[^\s<]+\/invoices\//);
      expect(res.body).toContain('2026-0042.pdf');
      expect(await h.fingerprint()).toBe(before);
    });

    it('refuses a recipient that is no address, next to the field, changing nothing', async () => {
      const before = await h.fingerprint();
      const res = await get(`/admin/invoices/${invoiceId}/send?to=${encodeURIComponent('nope')}`);
      expect(res.statusCode).toBe(422);
      expect(res.body).toContain('id="send-to-error"');
      const sent = await post(`/admin/invoices/${invoiceId}/send`, { to: 'nope', cc: '' });
      expect(sent.statusCode).toBe(422);
      expect(await h.fingerprint()).toBe(before);
    });

    it('sends what was shown: queued to the chosen recipients, on the history', async () => {
      const res = await post(`/admin/invoices/${invoiceId}/send`, {
        to: 'boekhouding@brasserie.example',
        cc: 'copy@brasserie.example',
      });
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toBe(`/admin/invoices/${invoiceId}?done=emailQueued`);
      const emails = await h.request(h.a.key, 'GET', `/api/v1/invoices/${invoiceId}/emails`);
      expect(emails.body.data[0]).toMatchObject({
        to: ['boekhouding@brasserie.example'],
        cc: ['copy@brasserie.example'],
      });
      const page = await get(res.headers.location as string);
      expect(page.body).toContain('E-mail en file pour boekhouding@brasserie.example');
    });
  });

  describe('a new invoice', () => {
    const fields = async () => {
      const customers = await h.request(h.a.key, 'GET', '/api/v1/customers');
      const customer = customers.body.data.find((c: { name: string }) => c.name === 'Brasserie Öztürk');
      return {
        rows: '2',
        customerId: customer.id,
        number: '2026-0100',
        issueDate: '2026-05-02',
        dueDate: '2026-06-01',
        'lines.0.description': 'Design',
        'lines.0.quantity': '2,5',
        'lines.0.unitPrice': '120,00',
        'lines.0.discount': '10',
        'lines.0.vatRate': '21',
        'lines.1.description': 'Books',
        'lines.1.quantity': '3',
        'lines.1.unitPrice': '19.99',
        'lines.1.vatRate': '6',
      };
    };

    it('recalculates the totals on the server without saving anything', async () => {
      const before = await h.fingerprint();
      const res = await post('/admin/invoices/new', { ...(await fields()), intent: 'recalculate' });
      expect(res.statusCode).toBe(200);
      // 2.5 × 120.00 − 10 % = 270.00 at 21 % (56.70) + 3 × 19.99 = 59.97 at 6 % (3.60): 390.27.
      expect(res.body).toMatch(/329,97\s€/);
      expect(res.body).toMatch(/390,27\s€/);
      expect(await h.fingerprint()).toBe(before);
    });

    it('refuses a quantity that is none next to its field, changing nothing', async () => {
      const before = await h.fingerprint();
      const res = await post('/admin/invoices/new', {
        ...(await fields()),
        'lines.1.quantity': 'three',
        intent: 'issue',
      });
      expect(res.statusCode).toBe(422);
      expect(res.body).toContain('id="invoice-lines-1-quantity-error"');
      expect(res.body).toContain('Ligne 2, Quantité : saisissez une valeur valide.');
      expect(await h.fingerprint()).toBe(before);
    });

    it('adds a line row without saving', async () => {
      const res = await post('/admin/invoices/new', { ...(await fields()), intent: 'addLine' });
      expect(res.body).toContain('name="lines.2.description"');
      expect(res.body).toContain('name="rows" value="3"');
    });

    it('issues it: the API reads the same totals, and a duplicate number is refused on its field', async () => {
      const res = await post('/admin/invoices/new', { ...(await fields()), intent: 'issue' });
      expect(res.statusCode).toBe(303);
      const id = /\/admin\/invoices\/([0-9a-f-]{36})\?done=invoiceIssued/.exec(
        String(res.headers.location),
      )?.[1];
      const api = await h.request(h.a.key, 'GET', `/api/v1/invoices/${id}`);
      expect(api.body).toMatchObject({ number: '2026-0100', state: 'issued', totalMinor: 39027 });
      const again = await post('/admin/invoices/new', { ...(await fields()), intent: 'issue' });
      expect(again.statusCode).toBe(422);
      expect(again.body).toContain('id="invoice-number-error"');
    });

    it('saves a draft, then issues it from its page', async () => {
      const res = await post('/admin/invoices/new', {
        ...(await fields()),
        number: '2026-0101',
        intent: 'draft',
      });
      const id = /\/admin\/invoices\/([0-9a-f-]{36})/.exec(String(res.headers.location))?.[1] as string;
      expect((await h.request(h.a.key, 'GET', `/api/v1/invoices/${id}`)).body.state).toBe('draft');
      expect((await post(`/admin/invoices/${id}/issue`, {})).statusCode).toBe(303);
      expect((await h.request(h.a.key, 'GET', `/api/v1/invoices/${id}`)).body.state).toBe('issued');
    });
  });

  describe('editing a draft', () => {
    async function draft(number: string): Promise<{ id: string; customerId: string }> {
      const customers = await h.request(h.a.key, 'GET', '/api/v1/customers');
      const customer = customers.body.data.find((c: { name: string }) => c.name === 'Brasserie Öztürk');
      const res = await h.request(h.a.key, 'POST', '/api/v1/invoices', {
        number,
        customerId: customer.id,
        state: 'draft',
        issueDate: '2026-05-02',
        dueDate: '2026-06-01',
        lines: [
          {
            description: 'Design',
            quantity: '2.5',
            unitPriceMinor: 12000,
            discountBp: 1000,
            vatRateBp: 2100,
          },
          { description: 'Books', quantity: '3', unitPriceMinor: 1999, vatRateBp: 600 },
        ],
        notes: 'Thank you',
      });
      expect(res.status).toBe(201);
      return { id: res.body.id, customerId: customer.id };
    }

    it('opens the draft’s form with its lines as they were typed; an issued invoice has none', async () => {
      const { id } = await draft('2026-0200');
      const page = await get(`/admin/invoices/${id}`);
      expect(page.body).toContain(`href="/admin/invoices/${id}/edit"`);
      const res = await get(`/admin/invoices/${id}/edit`);
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain(`action="/admin/invoices/${id}/edit"`);
      expect(res.body).toContain('name="lines.0.quantity" type="text" value="2.5"');
      expect(res.body).toContain('name="lines.0.unitPrice" type="text" value="120.00"');
      expect(res.body).toContain('name="lines.0.discount" type="text" value="10"');
      expect(res.body).toContain('name="lines.1.vatRate" type="text" value="6"');
      expect(res.body).toContain('name="number" type="text" value="2026-0200"');
      expect(res.body).toMatch(/390,27\s€/);
      expect((await get(`/admin/invoices/${invoiceId}/edit`)).statusCode).toBe(404);
    });

    it('saves changed lines: the API reads the new totals, still a draft', async () => {
      const { id, customerId } = await draft('2026-0201');
      const res = await post(`/admin/invoices/${id}/edit`, {
        intent: 'draft',
        rows: '1',
        customerId,
        number: '2026-0201',
        issueDate: '2026-05-02',
        dueDate: '2026-06-01',
        'lines.0.description': 'Design, revised',
        'lines.0.quantity': '4',
        'lines.0.unitPrice': '100',
        'lines.0.vatRate': '21',
      });
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toBe(`/admin/invoices/${id}?done=draftSaved`);
      const api = await h.request(h.a.key, 'GET', `/api/v1/invoices/${id}`);
      expect(api.body).toMatchObject({ state: 'draft', totalMinor: 48400 });
      expect(api.body.lines).toHaveLength(1);
      const page = await get(`/admin/invoices/${id}`);
      expect(page.body).toContain('Design, revised');
    });

    it('refuses a bad line next to its field and another organization’s customer, changing nothing', async () => {
      const { id, customerId } = await draft('2026-0202');
      const fields = {
        intent: 'issue',
        rows: '1',
        customerId,
        number: '2026-0202',
        issueDate: '2026-05-02',
        dueDate: '2026-06-01',
        'lines.0.description': 'Design',
        'lines.0.quantity': 'lots',
        'lines.0.unitPrice': '100',
        'lines.0.vatRate': '21',
      };
      const other = await h.request(h.b.key, 'POST', '/api/v1/customers', {
        kind: 'company',
        name: 'Someone Else BV',
        language: 'nl',
        emails: ['x@else.example'],
      });
      const before = await h.fingerprint();
      const bad = await post(`/admin/invoices/${id}/edit`, fields);
      expect(bad.statusCode).toBe(422);
      expect(bad.body).toContain('id="invoice-lines-0-quantity-error"');
      const foreign = await post(`/admin/invoices/${id}/edit`, {
        ...fields,
        'lines.0.quantity': '1',
        customerId: other.body.id,
      });
      expect(foreign.statusCode).toBe(422);
      expect(foreign.body).toContain('id="invoice-customerId-error"');
      expect(foreign.body).not.toContain('Someone Else BV');
      expect(await h.fingerprint()).toBe(before);
    });

    it('deletes a draft, and never an issued invoice', async () => {
      const { id } = await draft('2026-0204');
      const page = await get(`/admin/invoices/${id}`);
      expect(page.body).toContain(`action="/admin/invoices/${id}/delete"`);
      const res = await post(`/admin/invoices/${id}/delete`, {});
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toBe('/admin/invoices?status=draft');
      expect((await h.request(h.a.key, 'GET', `/api/v1/invoices/${id}`)).status).toBe(404);
      const before = await h.fingerprint();
      expect((await post(`/admin/invoices/${invoiceId}/delete`, {})).statusCode).toBe(404);
      expect(await h.fingerprint()).toBe(before);
    });

    it('saves and issues in one go', async () => {
      const { id, customerId } = await draft('2026-0203');
      const res = await post(`/admin/invoices/${id}/edit`, {
        intent: 'issue',
        rows: '1',
        customerId,
        number: '2026-0203',
        issueDate: '2026-05-02',
        dueDate: '2026-06-01',
        'lines.0.description': 'Design',
        'lines.0.quantity': '1',
        'lines.0.unitPrice': '100',
        'lines.0.vatRate': '21',
      });
      expect(res.headers.location).toBe(`/admin/invoices/${id}?done=invoiceIssued`);
      expect((await h.request(h.a.key, 'GET', `/api/v1/invoices/${id}`)).body).toMatchObject({
        state: 'issued',
        totalMinor: 12100,
      });
      expect((await get(`/admin/invoices/${id}/edit`)).statusCode).toBe(404);
    });
  });

  describe('home and the invoice list', () => {
    it('lists invoices newest first, filters by status and finds one by number or customer', async () => {
      const all = await get('/admin/invoices');
      expect(all.statusCode).toBe(200);
      expect(all.body.indexOf('2026-0101')).toBeLessThan(all.body.indexOf('2026-0042'));
      const partly = await get('/admin/invoices?status=partially_paid');
      expect(partly.body).toContain('2026-0042');
      expect(partly.body).not.toContain('2026-0100');
      expect((await get('/admin/invoices?q=0042')).body).toContain('2026-0042');
      const byName = await get('/admin/invoices?q=%C3%B6zt%C3%BCrk');
      expect(byName.body).toContain('2026-0042');
      expect((await get('/admin/invoices?q=nomatch')).body).toContain('Aucune facture ne correspond.');
      expect((await get('/admin/invoices?cursor=forged')).statusCode).toBe(404);
    });

    it('shows what is outstanding and overdue, and the recent activity linking to the invoice', async () => {
      const home = await get('/admin');
      expect(home.statusCode).toBe(200);
      expect(home.body).toContain('En cours');
      expect(home.body).toMatch(/factures ouvertes/);
      expect(home.body).toContain(`/admin/invoices/${invoiceId}`);
      expect(home.body).toContain('Un paiement a été enregistré pour la facture 2026-0042');
    });
  });
});
