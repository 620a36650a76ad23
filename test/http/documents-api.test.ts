import { unzipSync } from 'fflate';
import { sql } from 'kysely';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoSeed, seedDemo } from '../../src/app/demo/seed-demo.ts';
import { type ApiHarness, createApiHarness } from '../support/api-harness.ts';

async function pdfText(bytes: Uint8Array): Promise<string> {
  const pdf = await getDocumentProxy(new Uint8Array(bytes));
  const { text } = await extractText(pdf, { mergePages: true });
  return text;
}

describe('invoice and credit-note documents through the API', () => {
  let h: ApiHarness;
  let demo: DemoSeed;
  const caseOf = (shows: string) => {
    const found = demo.cases.find((c) => c.shows.startsWith(shows));
    if (!found) throw new Error(`no demo case ${shows}`);
    return found;
  };
  const download = (path: string, key = demo.apiKey) =>
    h.app.inject({ method: 'GET', url: `/api/v1${path}`, headers: { authorization: `Bearer ${key}` } });

  const logged: { data: Record<string, unknown>; message: string }[] = [];
  const log = {
    info: (data: Record<string, unknown>, message: string) => logged.push({ data, message }),
    warn: (data: Record<string, unknown>, message: string) => logged.push({ data, message }),
  };

  beforeAll(async () => {
    h = await createApiHarness({ now: () => new Date('2026-11-25T10:00:00Z'), log });
    demo = await seedDemo(h.database.db, {
      today: '2026-11-25',
      now: new Date('2026-11-25T09:00:00Z'),
      actor: 'test',
    });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('downloads the overdue demo invoice as its PDF, in the customer’s language', async () => {
    const overdue = caseOf('overdue 45 days');
    const res = await download(`/invoices/${overdue.invoiceId}/download`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="${overdue.number}.pdf"; filename*=UTF-8''${overdue.number}.pdf`,
    );
    expect(res.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const text = await pdfText(res.rawPayload);
    expect(text).toContain(overdue.number);
    expect(text).toContain('Société Générale de Façades SA');
    expect(text).toContain('Étude d’éclairage de façade');
    expect(text).toMatch(/Facture/);
  });

  it('downloads the paid demo invoice as its PDF', async () => {
    const paid = caseOf('paid by bank transfer');
    const res = await download(`/invoices/${paid.invoiceId}/download`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const text = await pdfText(res.rawPayload);
    expect(text).toContain(paid.number);
    expect(text).toContain('Müller & Söhne GmbH');
    expect(text).toContain('Beratung Lichtkonzept');
  });

  it('downloads the twice-credited demo invoice as a zip of the invoice and both credit notes', async () => {
    const credited = caseOf('fully credited by two credit notes');
    const res = await download(`/invoices/${credited.invoiceId}/download`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/zip');
    expect(res.headers['content-disposition']).toContain(`filename="${credited.number}.zip"`);
    const files = unzipSync(new Uint8Array(res.rawPayload));
    const names = Object.keys(files).sort();
    expect(names).toEqual([`${credited.number}.pdf`, 'CN-2026-012.pdf', 'CN-2026-013.pdf']);
    const invoiceText = await pdfText(files[`${credited.number}.pdf`] as Uint8Array);
    expect(invoiceText).toContain('Showroom lighting rental, March');
    const first = await pdfText(files['CN-2026-012.pdf'] as Uint8Array);
    expect(first).toContain('CN-2026-012');
    expect(first).toContain('Credit: showroom rental cancelled');
    expect(first).toContain(credited.number);
    const second = await pdfText(files['CN-2026-013.pdf'] as Uint8Array);
    expect(second).toContain('Credit: technician hours not used');
  });

  it('renders once and serves the stored document afterwards', async () => {
    const unpaid = caseOf('unpaid, due in 25 days');
    const first = await download(`/invoices/${unpaid.invoiceId}/pdf`);
    const second = await download(`/invoices/${unpaid.invoiceId}/pdf`);
    expect(second.rawPayload.equals(first.rawPayload)).toBe(true);
    const rows = await sql<{ n: number }>`
      select count(*)::int as n from documents where owner_id = ${unpaid.invoiceId}`.execute(h.database.db);
    expect(rows.rows[0]?.n).toBe(1);
  });

  it('stores one document when first downloads race', async () => {
    const person = caseOf('overdue 20 days');
    const results = await Promise.all(
      Array.from({ length: 4 }, () => download(`/invoices/${person.invoiceId}/pdf`)),
    );
    for (const r of results)
      expect(r.rawPayload.equals(results[0]?.rawPayload ?? Buffer.alloc(0))).toBe(true);
    const rows = await sql<{ n: number }>`
      select count(*)::int as n from documents where owner_id = ${person.invoiceId}`.execute(h.database.db);
    expect(rows.rows[0]?.n).toBe(1);
  });

  it('serves an uploaded PDF as is, and re-renders only on request, recording both', async () => {
    const reverse = caseOf('reverse charge');
    const own = Buffer.from(
      '%PDF-1.7\n% the business’s own legal PDF\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n',
    );
    const upload = await h.app.inject({
      method: 'PUT',
      url: `/api/v1/invoices/${reverse.invoiceId}/pdf`,
      headers: { authorization: `Bearer ${demo.apiKey}`, 'content-type': 'application/pdf' },
      payload: own,
    });
    expect(upload.statusCode).toBe(200);
    expect(upload.json()).toMatchObject({ source: 'uploaded', bytes: own.length });
    expect((await download(`/invoices/${reverse.invoiceId}/download`)).rawPayload.equals(own)).toBe(true);

    const rerender = await h.app.inject({
      method: 'POST',
      url: `/api/v1/invoices/${reverse.invoiceId}/pdf/render`,
      headers: { authorization: `Bearer ${demo.apiKey}` },
    });
    expect(rerender.statusCode).toBe(200);
    expect(rerender.json()).toMatchObject({ source: 'rendered', rendererVersion: 'pdfkit-1' });
    const after = await download(`/invoices/${reverse.invoiceId}/download`);
    expect(after.rawPayload.equals(own)).toBe(false);
    expect(await pdfText(after.rawPayload)).toContain('Lichtplanung Ausstellung Leipzig');

    const events = await download(`/invoices/${reverse.invoiceId}/events`);
    expect(events.json().data.map((e: { action: string }) => e.action)).toEqual(
      expect.arrayContaining(['document.uploaded', 'document.rerendered']),
    );
    const kept = await sql<{ source: string; superseded: boolean }>`
      select source, superseded_at is not null as superseded from documents
      where owner_id = ${reverse.invoiceId} order by created_at`.execute(h.database.db);
    expect(kept.rows.map((r) => r.source)).toEqual(['uploaded', 'rendered']);
    expect(kept.rows.map((r) => r.superseded)).toEqual([true, false]);
  });

  it('gives no QR code for a non-EUR currency or an amount out of range, and logs why', async () => {
    const customer = await h.request(h.a.key, 'POST', '/api/v1/customers', {
      kind: 'company',
      name: 'Dollar Corp',
      language: 'en',
      emails: [],
    });
    const cases = [
      { number: 'EUR-1', currency: 'EUR', unitPriceMinor: 1000, reason: null },
      { number: 'USD-1', currency: 'USD', unitPriceMinor: 1000, reason: 'CURRENCY_NOT_EUR' },
      { number: 'BIG-1', currency: 'EUR', unitPriceMinor: 100_000_000_000, reason: 'AMOUNT_OUT_OF_RANGE' },
    ];
    for (const c of cases) {
      const created = await h.request(h.a.key, 'POST', '/api/v1/invoices', {
        number: c.number,
        customerId: customer.body.id,
        currency: c.currency,
        issueDate: '2026-11-01',
        dueDate: '2026-12-01',
        lines: [
          {
            description: 'Work',
            quantity: '1',
            unitPriceMinor: c.unitPriceMinor,
            vatRateBp: 0,
            vatCategory: 'zero',
          },
        ],
      });
      expect(created.status).toBe(201);
      const res = await download(`/invoices/${created.body.id}/pdf`, h.a.key);
      expect(res.statusCode).toBe(200);
      const text = await pdfText(res.rawPayload);
      if (c.reason === null) {
        expect(text).toContain('Scan to pay with your banking app');
        expect(logged.some((l) => l.data.ownerId === created.body.id)).toBe(false);
        continue;
      }
      expect(text).not.toContain('Scan to pay');
      expect(logged).toContainEqual({
        data: expect.objectContaining({ ownerId: created.body.id, reason: c.reason }),
        message: 'invoice PDF rendered without an EPC QR code',
      });
    }
  });

  it('names files in UTF-8 and keeps path separators out of them', async () => {
    const customers = await h.request(h.a.key, 'POST', '/api/v1/customers', {
      kind: 'person',
      name: 'Zoë',
      language: 'de',
      emails: [],
    });
    const created = await h.request(h.a.key, 'POST', '/api/v1/invoices', {
      number: 'Fäktur/2026 #1',
      customerId: customers.body.id,
      issueDate: '2026-11-01',
      dueDate: '2026-12-01',
      lines: [{ description: 'Straße', quantity: '1', unitPriceMinor: 1000, vatRateBp: 2100 }],
    });
    const res = await download(`/invoices/${created.body.id}/download`, h.a.key);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="Faktur-2026 #1.pdf"; filename*=UTF-8''F%C3%A4ktur-2026%20%231.pdf`,
    );
  });
});
