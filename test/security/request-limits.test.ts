import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_CREDIT_NOTES_PER_INVOICE } from '../../src/app/credit-notes/create-credit-note.ts';
import { JSON_BODY_LIMIT, LARGE_JSON_BODY_LIMIT } from '../../src/http/api/route-kit.ts';
import { type ApiHarness, createApiHarness } from '../support/api-harness.ts';

/** Request bodies are bounded per route (issue 17): no request can make the process hold unbounded input. */

let h: ApiHarness;

beforeAll(async () => {
  h = await createApiHarness();
});

afterAll(async () => {
  await h?.close();
});

const big = (bytes: number) =>
  JSON.stringify({ kind: 'person', name: 'x'.repeat(bytes), language: 'en', emails: [] });

describe('body limits', () => {
  it('answers an ordinary route’s body over its limit with 413, localized, writing nothing', async () => {
    const before = await h.fingerprint();
    const res = await h.request(h.a.key, 'POST', '/api/v1/customers', big(JSON_BODY_LIMIT + 1), {
      'content-type': 'application/json',
      'accept-language': 'nl',
    });
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('PAYLOAD_TOO_LARGE');
    expect(res.body.error.message).toBe('De inhoud van het verzoek is te groot.');
    expect(await h.fingerprint()).toBe(before);
  });

  it('lets an invoice carry up to its larger limit (many lines), and no more', async () => {
    const lines = Array.from({ length: 500 }, () => ({
      description: 'é'.repeat(900),
      quantity: '1',
      unitPriceMinor: 100,
      vatRateBp: 2100,
    }));
    const body = JSON.stringify({
      number: 'X',
      customerId: crypto.randomUUID(),
      issueDate: '2026-11-01',
      dueDate: '2026-11-30',
      lines,
    });
    expect(Buffer.byteLength(body)).toBeGreaterThan(JSON_BODY_LIMIT);
    expect(Buffer.byteLength(body)).toBeLessThan(LARGE_JSON_BODY_LIMIT);
    const fits = await h.request(h.a.key, 'POST', '/api/v1/invoices', body, {
      'content-type': 'application/json',
    });
    expect(fits.status, JSON.stringify(fits.body)).toBe(404);
    expect(fits.body.error.code).toBe('CUSTOMER_NOT_FOUND');
    const tooBig = await h.request(
      h.a.key,
      'POST',
      '/api/v1/invoices',
      JSON.stringify({ ...JSON.parse(body), notes: 'x'.repeat(LARGE_JSON_BODY_LIMIT) }),
      { 'content-type': 'application/json' },
    );
    expect(tooBig.status).toBe(413);
  });
});

describe('credit notes of one invoice', () => {
  it('are at most MAX_CREDIT_NOTES_PER_INVOICE (its download zip is built in memory); the next is refused, localized', async () => {
    const customer = await h.request(h.a.key, 'POST', '/api/v1/customers', {
      kind: 'company',
      name: 'Many credits',
      language: 'en',
      emails: [],
    });
    const invoice = await h.request(h.a.key, 'POST', '/api/v1/invoices', {
      number: 'MANY-1',
      customerId: customer.body.id,
      issueDate: '2026-05-01',
      dueDate: '2026-05-31',
      lines: [
        { description: 'Work', quantity: '1', unitPriceMinor: 100000, vatRateBp: 0, vatCategory: 'zero' },
      ],
    });
    expect(invoice.status).toBe(201);
    const creditNote = (n: number) => ({
      number: `MANY-CN-${n}`,
      invoiceId: invoice.body.id,
      issueDate: '2026-05-02',
      lines: [{ description: 'Credit', quantity: '1', unitPriceMinor: 1, vatRateBp: 0, vatCategory: 'zero' }],
    });
    for (let n = 1; n <= MAX_CREDIT_NOTES_PER_INVOICE; n++) {
      const res = await h.request(h.a.key, 'POST', '/api/v1/credit-notes', creditNote(n));
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    }
    const before = await h.fingerprint();
    const refused = await h.request(h.a.key, 'POST', '/api/v1/credit-notes', creditNote(0), {
      'accept-language': 'de',
    });
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatchObject({ code: 'TOO_MANY_CREDIT_NOTES', field: 'invoiceId' });
    expect(refused.body.error.message).toBe(
      `Diese Rechnung hat bereits ${MAX_CREDIT_NOTES_PER_INVOICE} Gutschriften, die Höchstzahl für eine Rechnung.`,
    );
    expect(await h.fingerprint()).toBe(before);
  });
});
