import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pooledPdfRenderer } from '../../src/documents/pooled-pdf-renderer.ts';
import { type ApiHarness, createApiHarness } from '../support/api-harness.ts';

/**
 * A render that exceeds its bounds (issue 17) ends its own worker thread and is recorded on the invoice;
 * the process keeps serving the other organizations during and after it.
 */

// A worker heap this small is exhausted while the renderer loads its fonts: every render of this pool
// exceeds its memory bound (the task ends at its time bound, and is told apart by the worker's death).
// The time bound leaves a starting worker room to reach that death on a loaded two-core machine (tsx
// registers in each worker first): with 1.5 s the full suite sometimes ended the task before any worker
// had died, and the cause read as a timeout.
const renderer = pooledPdfRenderer({ workers: 1, timeoutMs: 8000, memoryMb: 16 });
let h: ApiHarness;
let invoiceId: string;
let heavyPortal: string;
let otherPortal: string;

async function customerWithInvoice(key: string, number: string) {
  const customer = await h.request(key, 'POST', '/api/v1/customers', {
    kind: 'company',
    name: `Customer ${number}`,
    language: 'en',
    emails: [],
  });
  const invoice = await h.request(key, 'POST', '/api/v1/invoices', {
    number,
    customerId: customer.body.id,
    issueDate: '2026-05-01',
    dueDate: '2026-05-31',
    lines: [{ description: 'Work', quantity: '1', unitPriceMinor: 10000, vatRateBp: 2100 }],
  });
  expect(invoice.status).toBe(201);
  const link = await h.request(key, 'GET', `/api/v1/customers/${customer.body.id}/portal-link`);
  return { invoiceId: invoice.body.id as string, portal: new URL(link.body.url).pathname };
}

beforeAll(async () => {
  h = await createApiHarness({ renderer });
  ({ invoiceId, portal: heavyPortal } = await customerWithInvoice(h.a.key, 'HEAVY-1'));
  otherPortal = (await customerWithInvoice(h.b.key, 'OTHER-1')).portal;
});

afterAll(async () => {
  await h?.close();
  await renderer.close();
});

describe('a render beyond its bounds', () => {
  it('fails with 503 and a recorded reason while another organization’s portal answers during and after', async () => {
    let renderDone = false;
    const rendering = h
      .request(h.a.key, 'GET', `/api/v1/invoices/${invoiceId}/pdf`, undefined, { 'accept-language': 'en' })
      .finally(() => {
        renderDone = true;
      });
    // During: the other organization's portal page is served while the render is still running.
    for (let i = 0; i < 3; i++) {
      const page = await h.app.inject({ method: 'GET', url: otherPortal });
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('OTHER-1');
    }
    expect(renderDone).toBe(false);

    const failed = await rendering;
    expect(failed.status, JSON.stringify(failed.body)).toBe(503);
    expect(failed.body.error.code).toBe('DOCUMENT_RENDER_FAILED');
    expect(failed.body.error.message).toContain('memory');
    const events = await h.request(h.a.key, 'GET', `/api/v1/invoices/${invoiceId}/events`);
    const recorded = (events.body.data as { action: string; data: { reason: string } }[]).find(
      (e) => e.action === 'document.render_failed',
    );
    expect(recorded?.data.reason).toBe('memory');
    const stored = await h.database.db.selectFrom('documents').select('id').execute();
    expect(stored).toEqual([]);

    // After: still serving.
    const after = await h.app.inject({ method: 'GET', url: otherPortal });
    expect(after.statusCode).toBe(200);
  });

  it('is not tried again on use for a while: the API and the portal answer 503 with Retry-After at once', async () => {
    const again = await h.request(h.a.key, 'GET', `/api/v1/invoices/${invoiceId}/pdf`);
    expect(again.status).toBe(503);
    expect(again.body.error.code).toBe('DOCUMENT_RENDER_FAILED');
    expect(Number(again.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(again.headers['retry-after'])).toBeLessThanOrEqual(300);

    const download = await h.app.inject({
      method: 'GET',
      url: `${heavyPortal}/invoices/${invoiceId}/download?lang=fr`,
    });
    expect(download.statusCode).toBe(503);
    expect(Number(download.headers['retry-after'])).toBeGreaterThan(0);
    expect(download.headers['content-type']).toContain('text/html');
    expect(download.body).toContain('Le PDF n’est pas disponible pour le moment');
    expect(download.body).toContain(`href="${heavyPortal}/invoices/${invoiceId}"`);

    // Neither use started a render: the invoice's history still holds the one failure.
    const events = await h.request(h.a.key, 'GET', `/api/v1/invoices/${invoiceId}/events`);
    const failures = (events.body.data as { action: string }[]).filter(
      (e) => e.action === 'document.render_failed',
    );
    expect(failures).toHaveLength(1);
  });

  it('is tried again when the business asks for a new render', async () => {
    const rendered = await h.request(h.a.key, 'POST', `/api/v1/invoices/${invoiceId}/pdf/render`);
    expect(rendered.status).toBe(503);
    const events = await h.request(h.a.key, 'GET', `/api/v1/invoices/${invoiceId}/events`);
    const failures = (events.body.data as { action: string }[]).filter(
      (e) => e.action === 'document.render_failed',
    );
    expect(failures).toHaveLength(2);
  });
});
