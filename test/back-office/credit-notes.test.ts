import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, createApiHarness } from '../support/api-harness.ts';
import { type AdminSession, adminGet, adminPost, signInAs } from '../support/back-office.ts';
import { contractDatabaseKinds } from '../support/test-env.ts';

/**
 * Credit notes from the back office (issue 11), on both databases: an issued invoice credited in full,
 * for some of its lines (part of a line too), or for an amount including VAT; refusals next to their
 * field in the admin's language (French and English here) that change nothing; the credit notes listed
 * on the invoice and customer pages, each one's PDF to download.
 */

const _form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const consulting = { description: 'Consulting', quantity: '1', unitPriceMinor: 10000, vatRateBp: 2100 };

describe.each(contractDatabaseKinds())('credit notes in the back office [%s]', (kind) => {
  let h: ApiHarness;
  let fr: AdminSession;
  let en: AdminSession;
  let customerId: string;

  const get = (url: string, as: AdminSession = fr) => adminGet(h, as, url);
  const post = (url: string, fields: Record<string, string>, as: AdminSession = fr) =>
    adminPost(h, as, url, fields);

  async function issue(number: string, lines: unknown[]): Promise<string> {
    const res = await h.request(h.a.key, 'POST', '/api/v1/invoices', {
      number,
      customerId,
      issueDate: '2026-04-01',
      dueDate: '2026-04-30',
      lines,
    });
    expect(res.status).toBe(201);
    return res.body.id;
  }
  const invoiceApi = async (id: string) => (await h.request(h.a.key, 'GET', `/api/v1/invoices/${id}`)).body;
  const creditNotesOf = async (id: string) =>
    (await h.request(h.a.key, 'GET', `/api/v1/credit-notes?invoiceId=${id}`)).body.data;
  const create = (invoiceId: string, fields: Record<string, string>, s: AdminSession = fr) =>
    post(
      `/admin/invoices/${invoiceId}/credit-notes`,
      { intent: 'create', issueDate: '2026-05-04', ...fields },
      s,
    );

  beforeAll(async () => {
    h = await createApiHarness({ kind, now: () => new Date() });
    const customer = await h.request(h.a.key, 'POST', '/api/v1/customers', {
      kind: 'company',
      name: 'Brasserie Öztürk',
      language: 'nl',
      emails: ['boekhouding@brasserie.example'],
    });
    customerId = customer.body.id;
    const admin = await h.request(h.a.key, 'POST', '/api/v1/admin-users', {
      name: 'Ann English',
      email: 'ann@alphasrl.example',
      language: 'en',
    });
    expect(admin.status).toBe(201);
    fr = await signInAs(h, 'admin@alphasrl.example');
    en = await signInAs(h, 'ann@alphasrl.example', '198.51.100.8');
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  describe('all lines', () => {
    it('offers the form with the lines, what is left, a number and today', async () => {
      const id = await issue('2026-0200', [consulting]);
      const res = await get(`/admin/invoices/${id}/credit-notes/new`);
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain('<legend>Que créditer ?</legend>');
      expect(res.body).toMatch(/id="creditnote-mode-all" type="radio" name="mode" value="all" checked/);
      expect(res.body).toContain('name="lines.0.credit"');
      expect(res.body).toContain('Consulting');
      expect(res.body).toContain('value="CN-2026-0200"');
      expect(res.body).toMatch(/Reste à créditer<\/strong><strong>121,00\s€/);
      // The default description is in the language the credit note is printed in: the customer's.
      expect(res.body).toContain('value="Creditering op factuur 2026-0200"');
      expect(res.body).toContain('value="121.00"');
    });

    it('credits the whole invoice: the total, the invoice shown credited, its PDF to download', async () => {
      const id = await issue('2026-0201', [
        consulting,
        { ...consulting, description: 'Travel', vatRateBp: 600 },
      ]);
      const res = await create(id, { number: 'CN-0001', mode: 'all', reason: 'Cancelled order' });
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toBe(`/admin/invoices/${id}?done=creditNoteCreated`);
      const [note] = await creditNotesOf(id);
      expect(note).toMatchObject({ number: 'CN-0001', totalMinor: 22700, reason: 'Cancelled order' });
      expect((await invoiceApi(id)).totalMinor).toBe(22700);
      const page = await get(res.headers.location as string);
      expect(page.body).toContain('La note de crédit est créée.');
      expect(page.body).toContain('Créditée');
      expect(page.body).toContain('<h2 id="credit-notes-heading">Notes de crédit</h2>');
      expect(page.body).toContain(`/admin/credit-notes/${note.id}/download`);
      expect(page.body).not.toContain(`/admin/invoices/${id}/credit-notes/new`);
      const pdf = await get(`/admin/credit-notes/${note.id}/download`);
      expect(pdf.statusCode).toBe(200);
      expect(String(pdf.headers['content-type'])).toBe('application/pdf');
      expect(String(pdf.headers['content-disposition'])).toContain('CN-0001.pdf');
      expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
      // Nothing is left: the form says so instead of offering a credit.
      const again = await get(`/admin/invoices/${id}/credit-notes/new`);
      expect(again.body).toContain('il ne reste rien à créditer');
      expect(again.body).not.toContain('name="mode"');
    });

    it('after a partial credit, says so and steers to an amount, changing nothing', async () => {
      const id = await issue('2026-0202', [consulting]);
      expect(
        (await create(id, { number: 'CN-0002', mode: 'amount', amount: '12,10', description: 'Discount' }))
          .statusCode,
      ).toBe(303);
      const page = await get(`/admin/invoices/${id}/credit-notes/new`);
      expect(page.body).toMatch(/value="all"[^>]* disabled/);
      expect(page.body).toMatch(/value="amount" checked/);
      expect(page.body).toContain('value="108.90"');
      // The number after the last credit note.
      expect(page.body).toContain('value="CN-0003"');
      const before = await h.fingerprint();
      const res = await create(id, { number: 'CN-0003', mode: 'all' });
      expect(res.statusCode).toBe(422);
      expect(res.body).toContain('id="creditnote-mode-error"');
      expect(res.body).toMatch(/12,10\s€ de cette facture est déjà crédité[^<]*108,90\s€, comme un montant/);
      expect(await h.fingerprint()).toBe(before);
    });
  });

  describe('some lines', () => {
    const lines = [
      { description: 'Design', quantity: '2.5', unitPriceMinor: 12000, discountBp: 1000, vatRateBp: 2100 },
      { description: 'Books', quantity: '3', unitPriceMinor: 1999, vatRateBp: 600 },
    ];

    it('credits part of a line: its quantity priced by the invoice rules', async () => {
      const id = await issue('2026-0210', lines);
      const preview = await post(`/admin/invoices/${id}/credit-notes`, {
        intent: 'preview',
        number: 'CN-0010',
        issueDate: '2026-05-04',
        mode: 'lines',
        'lines.1.credit': '1',
        'lines.1.quantity': '1',
      });
      expect(preview.statusCode).toBe(200);
      // 1 × 19.99 at 6 % (1.1994 → 1.20): 21.19.
      expect(preview.body).toMatch(/<strong>21,19\s€<\/strong>/);
      expect(preview.body).toMatch(/name="lines.1.credit" value="1" checked/);
      const res = await create(id, {
        number: 'CN-0010',
        mode: 'lines',
        'lines.0.quantity': '2.5',
        'lines.1.credit': '1',
        'lines.1.quantity': '1',
      });
      expect(res.statusCode).toBe(303);
      const [note] = await creditNotesOf(id);
      expect(note.totalMinor).toBe(2119);
      const full = await h.request(h.a.key, 'GET', `/api/v1/credit-notes/${note.id}`);
      expect(full.body.lines).toEqual([
        expect.objectContaining({
          description: 'Books',
          quantity: '1',
          unitPriceMinor: 1999,
          vatRateBp: 600,
        }),
      ]);
    });

    it('credits a line with a decimal comma and a discount as invoiced', async () => {
      const id = await issue('2026-0211', lines);
      const res = await create(id, {
        number: 'CN-0011',
        mode: 'lines',
        'lines.0.credit': '1',
        'lines.0.quantity': '0,5',
      });
      expect(res.statusCode).toBe(303);
      // 0.5 × 120.00 − 10 % = 54.00 at 21 % (11.34): 65.34.
      expect((await creditNotesOf(id))[0].totalMinor).toBe(6534);
    });

    it('refuses no line chosen, and a quantity above the invoiced one, next to their fields', async () => {
      const id = await issue('2026-0212', lines);
      const before = await h.fingerprint();
      const none = await create(id, { number: 'CN-0012', mode: 'lines' });
      expect(none.statusCode).toBe(422);
      expect(none.body).toContain('id="creditnote-lines-error"');
      expect(none.body).toContain('Cochez au moins une ligne à créditer.');
      expect(none.body).toContain('href="#creditnote-lines"');
      const tooMany = await create(
        id,
        { number: 'CN-0012', mode: 'lines', 'lines.1.credit': '1', 'lines.1.quantity': '4' },
        en,
      );
      expect(tooMany.statusCode).toBe(422);
      expect(tooMany.body).toContain('id="creditnote-lines-1-quantity-error"');
      expect(tooMany.body).toContain('Books: enter a quantity above zero and at most 3.');
      expect(tooMany.body).toContain('value="4"');
      expect(await h.fingerprint()).toBe(before);
    });
  });

  describe('an amount', () => {
    it('credits an amount including VAT at the invoice’s one rate', async () => {
      const id = await issue('2026-0220', [consulting]);
      const res = await create(id, {
        number: 'CN-0020',
        mode: 'amount',
        amount: '50',
        description: 'Goodwill',
      });
      expect(res.statusCode).toBe(303);
      const [note] = await creditNotesOf(id);
      // 41.32 net at 21 % (8.6772 → 8.68): exactly 50.00.
      expect(note).toMatchObject({ totalMinor: 5000, netTotalMinor: 4132, vatTotalMinor: 868 });
      const full = await h.request(h.a.key, 'GET', `/api/v1/credit-notes/${note.id}`);
      expect(full.body.lines).toEqual([
        expect.objectContaining({
          description: 'Goodwill',
          quantity: '1',
          unitPriceMinor: 4132,
          vatRateBp: 2100,
        }),
      ]);
    });

    it('refuses more than is left, naming what is left, in French and in English, changing nothing', async () => {
      const id = await issue('2026-0221', [consulting]);
      expect(
        (await create(id, { number: 'CN-0021', mode: 'amount', amount: '50', description: 'Goodwill' }))
          .statusCode,
      ).toBe(303);
      const before = await h.fingerprint();
      const fields = { number: 'CN-0022', mode: 'amount', amount: '96,80', description: 'More' };
      const inFrench = await create(id, fields);
      expect(inFrench.statusCode).toBe(422);
      expect(inFrench.body).toContain('id="creditnote-amount-error"');
      expect(inFrench.body).toContain(
        'Les notes de crédit dépasseraient la facture : 71.00 EUR au plus peut encore être crédité.',
      );
      const inEnglish = await create(id, fields, en);
      expect(inEnglish.statusCode).toBe(422);
      expect(inEnglish.body).toContain('at most 71.00 EUR can still be credited.');
      expect(inEnglish.body).toContain('value="96,80"');
      expect(await h.fingerprint()).toBe(before);
    });

    it('refuses an amount no net amount reaches, offering the nearest', async () => {
      const id = await issue('2026-0222', [consulting]);
      const before = await h.fingerprint();
      const res = await create(id, { number: 'CN-0023', mode: 'amount', amount: '80', description: 'x' }, en);
      expect(res.statusCode).toBe(422);
      expect(res.body).toMatch(
        /no net amount gives exactly €80\.00 at this rate; the nearest amounts are €79\.99 \/ €80\.01/,
      );
      expect(await h.fingerprint()).toBe(before);
    });

    it('asks for the VAT rate when the invoice has several', async () => {
      const id = await issue('2026-0223', [
        consulting,
        { ...consulting, description: 'Books', vatRateBp: 600 },
      ]);
      const page = await get(`/admin/invoices/${id}/credit-notes/new`);
      expect(page.body).toContain('<select id="creditnote-vatGroup" name="vatGroup">');
      expect(page.body).toContain('value="standard:600"');
      const res = await create(id, {
        number: 'CN-0024',
        mode: 'amount',
        amount: '10,60',
        description: 'Books returned',
        vatGroup: 'standard:600',
      });
      expect(res.statusCode).toBe(303);
      expect((await creditNotesOf(id))[0]).toMatchObject({ totalMinor: 1060, vatTotalMinor: 60 });
      const refused = await create(
        id,
        { number: 'CN-0025', mode: 'amount', amount: '1', description: 'x', vatGroup: 'standard:999' },
        en,
      );
      expect(refused.statusCode).toBe(422);
      expect(refused.body).toContain('Choose one of the invoice’s VAT rates for the amount.');
    });
  });

  describe('refusals on the number and the date', () => {
    it('refuses a number already used, next to the field, in both languages, changing nothing', async () => {
      const id = await issue('2026-0230', [consulting]);
      const before = await h.fingerprint();
      const fields = { number: 'CN-0001', mode: 'all' };
      const inFrench = await create(id, fields);
      expect(inFrench.statusCode).toBe(422);
      expect(inFrench.body).toContain('id="creditnote-number-error"');
      expect(inFrench.body).toContain('Le numéro CN-0001 est déjà utilisé dans votre organisation.');
      const inEnglish = await create(id, fields, en);
      expect(inEnglish.body).toContain('The number CN-0001 is already used in your organization.');
      expect(await h.fingerprint()).toBe(before);
    });

    it('refuses a date that is none, and one before the invoice, next to the field, changing nothing', async () => {
      const id = await issue('2026-0231', [consulting]);
      const before = await h.fingerprint();
      const impossible = await create(id, { number: 'CN-0030', mode: 'all', issueDate: '2026-02-30' });
      expect(impossible.statusCode).toBe(422);
      expect(impossible.body).toContain('id="creditnote-issueDate-error"');
      expect(impossible.body).toContain('Date de la note de crédit doit être une date au format AAAA-MM-JJ.');
      const early = await create(id, { number: 'CN-0030', mode: 'all', issueDate: '2026-03-31' }, en);
      expect(early.statusCode).toBe(422);
      expect(early.body).toContain('id="creditnote-issueDate-error"');
      expect(early.body).toContain('Issue date is not valid.');
      expect(early.body).toContain('On or after the invoice’s date, 1 April 2026.');
      const noMode = await create(id, { number: 'CN-0030' }, en);
      expect(noMode.body).toContain('Choose what to credit: all lines, some lines or an amount.');
      expect(await h.fingerprint()).toBe(before);
    });
  });

  it('lists the customer’s credit notes on their page, each to download', async () => {
    const page = await get(`/admin/customers/${customerId}`);
    expect(page.body).toContain('<h2 id="customer-credit-notes-heading">Notes de crédit</h2>');
    expect(page.body).toContain('Télécharger CN-0001 (PDF)');
    expect(page.body).toContain('2026-0201');
  });

  it('offers no credit note on a draft', async () => {
    const draft = await h.request(h.a.key, 'POST', '/api/v1/invoices', {
      number: '2026-0299',
      customerId,
      issueDate: '2026-04-01',
      dueDate: '2026-04-30',
      lines: [consulting],
      state: 'draft',
    });
    expect((await get(`/admin/invoices/${draft.body.id}/credit-notes/new`)).statusCode).toBe(404);
    const before = await h.fingerprint();
    expect((await create(draft.body.id, { number: 'CN-0099', mode: 'all' })).statusCode).toBe(404);
    expect(await h.fingerprint()).toBe(before);
  });
});
