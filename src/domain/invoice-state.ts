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
