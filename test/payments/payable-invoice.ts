import { expect } from 'vitest';
import { pathOf } from '../emails/support.ts';
import type { ApiHarness } from '../support/api-harness.ts';

export interface PayableInvoice {
  id: string;
  /** The portal's pay page for it (a path). */
  payUrl: string;
  totalMinor: number;
}

/**
 * An issued, VAT-exempt invoice of one line for a new French-speaking company customer of organization A,
 * through the API, with its portal pay page: what the payment tests pay.
 */
export async function payableInvoice(
  h: ApiHarness,
  options: { number: string; amountMinor?: number },
): Promise<PayableInvoice> {
  const api = (method: string, path: string, body?: unknown) =>
    h.request(h.a.key, method, `/api/v1${path}`, body);
  const customer = await api('POST', '/customers', {
    kind: 'company',
    name: `Client ${options.number} SA`,
    language: 'fr',
    emails: [`client-${options.number.toLowerCase()}@example.com`],
  });
  expect(customer.status, JSON.stringify(customer.body)).toBe(201);
  const invoice = await api('POST', '/invoices', {
    number: options.number,
    customerId: customer.body.id,
    issueDate: '2026-05-01',
    dueDate: '2027-06-30',
    lines: [
      {
        description: 'Conseil',
        quantity: '1',
        unitPriceMinor: options.amountMinor ?? 100_000,
        vatRateBp: 0,
        vatCategory: 'exempt',
      },
    ],
    vatExemptionReason: 'Article 44',
  });
  expect(invoice.status, JSON.stringify(invoice.body)).toBe(201);
  const link = await api('GET', `/invoices/${invoice.body.id}/portal-link`);
  return {
    id: invoice.body.id as string,
    payUrl: `${pathOf(link.body.url)}/pay`,
    totalMinor: invoice.body.totalMinor as number,
  };
}
