/**
 * The lifecycle of an invoice document. A draft is private to the organization and editable; issuing
 * freezes it (corrections go through credit notes) and shows it to the customer. Payment status is not a
 * state: it is computed from payments and credit notes, see `computeAmountDue`.
 */
export type InvoiceState = 'draft' | 'issued';

/** Whether the invoice may still be changed: only drafts, as an issued invoice is a legal document. */
export function canEditInvoice(state: InvoiceState): boolean {
  return state === 'draft';
}

/** Whether the customer may see the invoice in the portal: only issued ones. */
export function isVisibleToCustomer(state: InvoiceState): boolean {
  return state === 'issued';
}

/** Where an invoice stands for the business: a draft, or its payment status for the customer. */
export type InvoiceStatus = 'draft' | 'open' | 'overdue' | 'partially_paid' | 'paid' | 'credited';

export const INVOICE_STATUSES: readonly InvoiceStatus[] = [
  'draft',
  'open',
  'overdue',
  'partially_paid',
  'paid',
  'credited',
];

/**
 * The status the back office lists: `draft` for a draft, else the payment status of its amount due
 * (`unpaid` is called `open`).
 */
export function invoiceStatus(
  state: InvoiceState,
  paymentStatus: 'unpaid' | 'overdue' | 'partially_paid' | 'paid' | 'credited' | null,
): InvoiceStatus {
  if (state === 'draft' || paymentStatus === null) return 'draft';
  return paymentStatus === 'unpaid' ? 'open' : paymentStatus;
}
