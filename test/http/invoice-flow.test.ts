import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, createApiHarness } from '../support/api-harness.ts';

/**
 * The whole flow through the API, checked against a calculation done by hand.
 *
 * Policy of the organization: late fee 10 % with a 50.00 minimum, interest 8 % a year, EUR 40 for B2B.
 * Invoice 2026-03-01, due 2026-03-31:
 *   Design work   10   × 85.00             = 850.00 at 21 %
 *   Printing      2.5  × 120.00 − 10 %     = 270.00 at 21 %
 *   Books         3    × 19.99             =  59.97 at  6 %
 *   VAT 21 % on 1120.00 = 235.20; VAT 6 % on 59.97 = 3.5982 → 3.60
 *   net 1179.97 + VAT 238.80 = total 1418.77
 * Credit note 2026-04-10: 1 × Books 19.99 + 6 % (1.1994 → 1.20) = 21.19
 * Payment 2026-04-20: 500.00
 * As of 2026-05-30:
 *   late fee   max(10 % × 1418.77 = 141.877 → 141.88, 50.00)          = 141.88
 *   compensation (company, EUR)                                        =  40.00
 *   interest   1418.77 × 8 % × 10/365 (04-01..04-10) = 3.1096 → 3.11
 *              1397.58 × 8 % × 10/365 (04-11..04-20) = 3.0632 → 3.06
 *               897.58 × 8 % × 40/365 (04-21..05-30) = 7.8692 → 7.87   = 14.04
 *   amount due 1418.77 − 21.19 − 500.00 + 141.88 + 40.00 + 14.04      = 1093.50
 */
describe('invoice flow through the API, against a hand calculation', () => {
  let h: ApiHarness;
  let customerId: string;
  let invoiceId: string;

  beforeAll(async () => {
    h = await createApiHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('creates a company customer', async () => {
    const res = await h.request(h.a.key, 'POST', '/api/v1/customers', {
      kind: 'company',
      name: 'Brasserie Öztürk & Wójcik',
      vatNumber: 'BE0456789034',
      language: 'nl',
      emails: ['boekhouding@brasserie.example'],
    });
    expect(res.status).toBe(201);
    expect(res.body.name).toBe('Brasserie Öztürk & Wójcik');
    customerId = res.body.id;
  });

  it('creates an invoice with three lines at two VAT rates and computes its totals', async () => {
    const res = await h.request(h.a.key, 'POST', '/api/v1/invoices', {
      number: '2026-0042',
      customerId,
      issueDate: '2026-03-01',
      dueDate: '2026-03-31',
      lines: [
        { description: 'Design work', quantity: '10', unitPriceMinor: 8500, vatRateBp: 2100 },
        {
          description: 'Printing',
          quantity: '2.5',
          unitPriceMinor: 12000,
          discountBp: 1000,
          vatRateBp: 2100,
        },
        { description: 'Books', quantity: 3, unitPriceMinor: 1999, vatRateBp: 600 },
      ],
    });
    expect(res.status).toBe(201);
    invoiceId = res.body.id;
    expect(res.body).toEqual((await h.request(h.a.key, 'GET', `/api/v1/invoices/${invoiceId}`)).body);
    expect(res.body.lines.map((l: { netMinor: number }) => l.netMinor)).toEqual([85000, 27000, 5997]);
    expect(res.body.vatBreakdown).toEqual([
      { vatCategory: 'standard', vatRateBp: 2100, taxableMinor: 112000, vatMinor: 23520 },
      { vatCategory: 'standard', vatRateBp: 600, taxableMinor: 5997, vatMinor: 360 },
    ]);
    expect(res.body).toMatchObject({ netTotalMinor: 117997, vatTotalMinor: 23880, totalMinor: 141877 });
    expect(res.body.paymentReference).toMatch(/^\+\+\+\d{3}\/\d{4}\/\d{5}\+\+\+$/);
  });

  it('issues a credit note linked to the invoice', async () => {
    const res = await h.request(h.a.key, 'POST', '/api/v1/credit-notes', {
      number: 'CN-2026-0007',
      invoiceId,
      issueDate: '2026-04-10',
      lines: [{ description: 'Books returned', quantity: '1', unitPriceMinor: 1999, vatRateBp: 600 }],
      reason: 'One book returned',
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ invoiceId, totalMinor: 2119, vatTotalMinor: 120 });
  });

  it('records a partial payment', async () => {
    const res = await h.request(h.a.key, 'POST', `/api/v1/invoices/${invoiceId}/payments`, {
      amountMinor: 50000,
      paidOn: '2026-04-20',
      method: 'bank_transfer',
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ amountMinor: 50000, currency: 'EUR', source: 'manual' });
  });

  it('gives the amount due, interest per period and status equal to the hand calculation', async () => {
    const res = await h.request(h.a.key, 'GET', `/api/v1/invoices/${invoiceId}?asOf=2026-05-30`);
    expect(res.status).toBe(200);
    const due = res.body.amountDue;
    expect(due).toMatchObject({
      asOf: '2026-05-30',
      creditedMinor: 2119,
      paidMinor: 50000,
      lateFeeMinor: 14188,
      compensationMinor: 4000,
      interestMinor: 1404,
      amountDueMinor: 109350,
      status: 'partially_paid',
      overdue: true,
      overdueDays: 60,
    });
    const interest = due.lines.filter((l: { kind: string }) => l.kind === 'interest');
    expect(interest).toEqual([
      {
        kind: 'interest',
        amountMinor: 311,
        rateBp: 800,
        from: '2026-04-01',
        to: '2026-04-10',
        days: 10,
        baseMinor: 141877,
      },
      {
        kind: 'interest',
        amountMinor: 306,
        rateBp: 800,
        from: '2026-04-11',
        to: '2026-04-20',
        days: 10,
        baseMinor: 139758,
      },
      {
        kind: 'interest',
        amountMinor: 787,
        rateBp: 800,
        from: '2026-04-21',
        to: '2026-05-30',
        days: 40,
        baseMinor: 89758,
      },
    ]);
    expect(due.lines.map((l: { kind: string }) => l.kind)).toEqual([
      'invoice_total',
      'credit_note',
      'payment',
      'late_fee',
      'compensation',
      'interest',
      'interest',
      'interest',
    ]);
  });

  it('drops the waived parts from the amount due and keeps the waiver in the audit trail', async () => {
    const res = await h.request(h.a.key, 'PUT', `/api/v1/invoices/${invoiceId}/waivers`, {
      lateFee: true,
      compensation: true,
    });
    expect(res.status).toBe(200);
    const after = await h.request(h.a.key, 'GET', `/api/v1/invoices/${invoiceId}?asOf=2026-05-30`);
    expect(after.body.amountDue.amountDueMinor).toBe(109350 - 14188 - 4000);
    const events = await h.request(h.a.key, 'GET', `/api/v1/invoices/${invoiceId}/events`);
    expect(events.body.data.map((e: { action: string }) => e.action)).toEqual([
      'invoice.issued',
      'invoice.credited',
      'invoice.payment_recorded',
      'invoice.fees_waived',
    ]);
  });

  it('keeps an issued invoice immutable: corrections go through credit notes', async () => {
    const res = await h.request(h.a.key, 'PATCH', `/api/v1/invoices/${invoiceId}`, { notes: 'changed' });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('INVOICE_IMMUTABLE');
    const del = await h.request(h.a.key, 'DELETE', `/api/v1/invoices/${invoiceId}`);
    expect(del.status).toBe(409);
  });

  it('refuses credit notes beyond what is left to credit', async () => {
    const res = await h.request(h.a.key, 'POST', '/api/v1/credit-notes', {
      number: 'CN-2026-0008',
      invoiceId,
      issueDate: '2026-04-12',
      lines: [
        {
          description: 'Everything',
          quantity: '1',
          unitPriceMinor: 141877,
          vatRateBp: 0,
          vatCategory: 'zero',
        },
      ],
    });
    expect(res.status).toBe(422);
    expect(res.body.error).toMatchObject({ code: 'CREDIT_EXCEEDS_INVOICE', field: 'lines' });
    expect(res.body.error.message).toContain('1397.58 EUR');
  });

  it('imports a past invoice with its payment so the history is complete, and lists it as paid', async () => {
    const res = await h.request(h.a.key, 'POST', '/api/v1/invoices', {
      number: '2025-0999',
      customerId,
      issueDate: '2025-06-01',
      dueDate: '2025-07-01',
      lines: [{ description: 'Old work', quantity: '1', unitPriceMinor: 10000, vatRateBp: 2100 }],
      payments: [{ amountMinor: 12100, paidOn: '2025-06-20', method: 'bank_transfer' }],
    });
    expect(res.status).toBe(201);
    expect(res.body.imported).toBe(true);
    expect(res.body.amountDue).toMatchObject({ status: 'paid', paidOn: '2025-06-20', amountDueMinor: 0 });
    expect(res.body.settledOn).toBe('2025-06-20');
    // The creation's answer is built from what was written, without reading it back: it is what a read gives.
    const read = await h.request(h.a.key, 'GET', `/api/v1/invoices/${res.body.id}`);
    expect(res.body).toEqual(read.body);
    const list = await h.request(h.a.key, 'GET', `/api/v1/invoices?customerId=${customerId}&limit=1`);
    expect(list.body.data).toHaveLength(1);
    expect(list.body.data[0].number).toBe('2026-0042');
    const next = await h.request(
      h.a.key,
      'GET',
      `/api/v1/invoices?customerId=${customerId}&limit=1&cursor=${list.body.nextCursor}`,
    );
    expect(next.body.data[0].number).toBe('2025-0999');
    expect(next.body.nextCursor).toBeNull();
  });

  it('settles an invoice when payments or credit notes cover it, and reopens it when a payment is removed', async () => {
    const free = await h.request(h.a.key, 'POST', '/api/v1/invoices', {
      number: '2026-0050',
      customerId,
      issueDate: '2026-05-01',
      dueDate: '2026-05-31',
      lines: [{ description: 'Goodwill visit', quantity: '1', unitPriceMinor: 0, vatRateBp: 2100 }],
    });
    expect(free.body.settledOn).toBe('2026-05-01');
    const open = await h.request(h.a.key, 'POST', '/api/v1/invoices', {
      number: '2026-0051',
      customerId,
      issueDate: '2026-05-01',
      dueDate: '2026-05-31',
      lines: [{ description: 'Work', quantity: '1', unitPriceMinor: 10000, vatRateBp: 2100 }],
    });
    expect(open.body.settledOn).toBeNull();
    const payment = await h.request(h.a.key, 'POST', `/api/v1/invoices/${open.body.id}/payments`, {
      amountMinor: 12100,
      paidOn: '2026-05-10',
      method: 'bank_transfer',
    });
    expect((await h.request(h.a.key, 'GET', `/api/v1/invoices/${open.body.id}`)).body.settledOn).toBe(
      '2026-05-10',
    );
    await h.request(h.a.key, 'DELETE', `/api/v1/invoices/${open.body.id}/payments/${payment.body.id}`);
    expect((await h.request(h.a.key, 'GET', `/api/v1/invoices/${open.body.id}`)).body.settledOn).toBeNull();
  });

  it('keeps drafts editable and hidden from the amount due until issued', async () => {
    const created = await h.request(h.a.key, 'POST', '/api/v1/invoices', {
      number: '2026-0043',
      customerId,
      state: 'draft',
      issueDate: '2026-05-01',
      dueDate: '2026-05-31',
      lines: [{ description: 'Draft line', quantity: '1', unitPriceMinor: 1000, vatRateBp: 2100 }],
    });
    expect(created.status).toBe(201);
    expect(created.body.amountDue).toBeNull();
    const edited = await h.request(h.a.key, 'PATCH', `/api/v1/invoices/${created.body.id}`, {
      lines: [{ description: 'Final line', quantity: '2', unitPriceMinor: 1000, vatRateBp: 2100 }],
    });
    expect(edited.status).toBe(200);
    expect(edited.body.totalMinor).toBe(2420);
    const issued = await h.request(h.a.key, 'POST', `/api/v1/invoices/${created.body.id}/issue`);
    expect(issued.status).toBe(200);
    expect(issued.body.state).toBe('issued');
    expect(issued.body.amountDue.amountDueMinor).toBe(2420);
  });
});

describe('invoice e-mail templates (R1)', () => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await createApiHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('gives every organization a default template per language, editable but not deletable', async () => {
    const list = await h.request(h.a.key, 'GET', '/api/v1/email-templates');
    const defaults = list.body.data.filter((t: { isDefault: boolean }) => t.isDefault);
    expect(defaults.map((t: { language: string }) => t.language).sort()).toEqual(['de', 'en', 'fr', 'nl']);
    const fr = defaults.find((t: { language: string }) => t.language === 'fr');
    expect(fr.body).toContain('#LINK');
    const edited = await h.request(h.a.key, 'PATCH', `/api/v1/email-templates/${fr.id}`, {
      body: 'Bonjour #CUSTOMER_NAME,\n\nVotre facture #INVOICE_NUMBER : #LINK',
    });
    expect(edited.status).toBe(200);
    expect(edited.body.body).toBe('Bonjour #CUSTOMER_NAME,\n\nVotre facture #INVOICE_NUMBER : #LINK');
    const deleted = await h.request(h.a.key, 'DELETE', `/api/v1/email-templates/${fr.id}`);
    expect(deleted.status).toBe(409);
    expect(deleted.body.error.code).toBe('DEFAULT_TEMPLATE');
  });

  it('names the exact unknown shortcode, in the caller’s language', async () => {
    const res = await h.request(
      h.a.key,
      'POST',
      '/api/v1/email-templates',
      { name: 'Typo', language: 'fr', subject: 'Facture', body: 'Bonjour #CUSTOMER_NAM, #LINK' },
      { 'accept-language': 'fr' },
    );
    expect(res.status).toBe(422);
    expect(res.body.error).toMatchObject({ code: 'INVALID_EMAIL_TEMPLATE', field: 'body' });
    expect(res.body.error.message).toContain('#CUSTOMER_NAM');
    expect(res.body.error.message).not.toBe(
      (
        await h.request(h.a.key, 'POST', '/api/v1/email-templates', {
          name: 'Typo',
          language: 'fr',
          subject: 'Facture',
          body: 'Bonjour #CUSTOMER_NAM, #LINK',
        })
      ).body.error.message,
    );
  });

  it('adds, lists and deletes a template of its own', async () => {
    const created = await h.request(h.a.key, 'POST', '/api/v1/email-templates', {
      name: 'Second reminder',
      language: 'nl',
      subject: 'Herinnering factuur #INVOICE_NUMBER',
      body: 'Beste #CUSTOMER_NAME,\n\nFactuur #INVOICE_NUMBER van #AMOUNT_DUE staat nog open.\n\n#LINK',
    });
    expect(created.status).toBe(201);
    expect(created.body.isDefault).toBe(false);
    const shortcodes = await h.request(h.a.key, 'GET', '/api/v1/email-templates/shortcodes');
    expect(shortcodes.body.data.map((s: { code: string }) => s.code)).toEqual([
      '#LINK',
      '#INVOICE_NUMBER',
      '#AMOUNT_DUE',
      '#DUE_DATE',
      '#CUSTOMER_NAME',
      '#COMPANY_NAME',
    ]);
    expect((await h.request(h.a.key, 'DELETE', `/api/v1/email-templates/${created.body.id}`)).status).toBe(
      204,
    );
    expect((await h.request(h.a.key, 'GET', `/api/v1/email-templates/${created.body.id}`)).status).toBe(404);
  });
});
