import type { InvoiceLineInput } from '../../domain/index.ts';

export interface ImportedPaymentInput {
  amountMinor: number;
  paidOn: string;
  method: string;
  note?: string | null;
}

export interface InvoiceInput {
  number: string;
  customerId: string;
  /** `issued` (default) is final: visible to the customer and immutable. */
  state?: 'draft' | 'issued';
  issueDate: string;
  dueDate: string;
  currency?: string;
  lines: InvoiceLineInput[];
  vatExemptionReason?: string | null;
  notes?: string | null;
  /** Given by the business, or generated (Belgian structured or RF, per organization setting). */
  paymentReference?: string | null;
  /** Past payments of an imported invoice, so the customer's history is complete from day one (R13). */
  payments?: ImportedPaymentInput[];
}

export type DraftInvoiceChanges = Partial<Omit<InvoiceInput, 'state' | 'payments'>>;
