import type { Lang } from '../../core/lang.ts';
import {
  findLatestCreditNote,
  takenCreditNoteNumbers,
} from '../../db/repositories/credit-note.repository.ts';
import { findCustomer } from '../../db/repositories/customer.repository.ts';
import { loadInvoiceAggregate } from '../../db/repositories/invoice.repository.ts';
import type {
  CreditNoteRow,
  CustomerRow,
  InvoiceLineRow,
  InvoiceRow,
  OrganizationRow,
} from '../../db/schema.ts';
import type { Db } from '../../db/transaction.ts';
import { documentMessage } from '../../i18n/document-messages.ts';
import { type VatGroup, vatGroupsOf } from '../credit-notes/credit-note-lines.ts';
import { documentLanguage } from '../documents/document-model-from-rows.ts';

/** What the back office's credit-note form is made from: one issued invoice and what it was credited. */
export interface CreditNoteFormSource {
  invoice: InvoiceRow;
  lines: InvoiceLineRow[];
  customer: CustomerRow;
  creditNotes: CreditNoteRow[];
  /** Σ of the invoice's credit notes, minor units. */
  creditedMinor: number;
  /** What may still be credited: the invoice total less its credit notes. */
  remainingMinor: number;
  vatGroups: VatGroup[];
  /** The language the credit note is printed in (the customer's), for the default line description. */
  documentLanguage: Lang;
}

/** The form's source, or undefined when the invoice is not the organization's or is a draft. */
export async function loadCreditNoteFormSource(
  db: Db,
  input: { organization: OrganizationRow; invoiceId: string },
): Promise<CreditNoteFormSource | undefined> {
  const aggregate = await loadInvoiceAggregate(db, input.organization.id, input.invoiceId);
  if (aggregate?.invoice.state !== 'issued') return undefined;
  const customer = await findCustomer(db, input.organization.id, aggregate.invoice.customer_id);
  if (!customer) throw new Error(`The customer of invoice ${aggregate.invoice.id} vanished`);
  const creditedMinor = aggregate.creditNotes.reduce((sum, c) => sum + c.total_minor, 0);
  return {
    invoice: aggregate.invoice,
    lines: aggregate.lines,
    customer,
    creditNotes: aggregate.creditNotes,
    creditedMinor,
    remainingMinor: aggregate.invoice.total_minor - creditedMinor,
    vatGroups: vatGroupsOf(aggregate.lines),
    documentLanguage: documentLanguage(customer, input.organization),
  };
}

/** The default description of a credit for an amount, in the language the credit note is printed in. */
export function creditDescription(source: CreditNoteFormSource): string {
  return documentMessage(source.documentLanguage, 'creditOnInvoice', { number: source.invoice.number });
}

/** How many numbers after the last one are tried before falling back to the invoice's number. */
const NEXT_NUMBERS_TRIED = 5;
const MAX_NUMBER_LENGTH = 64;

/** `prefix0041` → `prefix0042`, keeping the digits' width; null when the number does not end in digits. */
function nextNumbers(number: string, count: number): string[] {
  const match = /^(.*?)(\d+)$/.exec(number);
  if (!match) return [];
  const [, prefix = '', digits = ''] = match;
  return Array.from({ length: count }, (_, i) => {
    const next = (BigInt(digits) + BigInt(i + 1)).toString();
    return `${prefix}${next.padStart(digits.length, '0')}`;
  });
}

/**
 * A credit-note number to suggest: the one after the organization's newest credit note (`CN-2026-0007`
 * → `CN-2026-0008`), else `CN-` and the invoice's number (`-2`, `-3`… when already used), the first
 * not taken. Only a suggestion: the admin may change it, and the use case refuses a duplicate anyway.
 */
export async function suggestCreditNoteNumber(
  db: Db,
  organizationId: string,
  invoiceNumber: string,
): Promise<string> {
  const latest = await findLatestCreditNote(db, organizationId);
  const base = `CN-${invoiceNumber}`;
  const candidates = [
    ...(latest ? nextNumbers(latest.number, NEXT_NUMBERS_TRIED) : []),
    base,
    ...Array.from({ length: NEXT_NUMBERS_TRIED }, (_, i) => `${base}-${i + 2}`),
  ].filter((n) => n.length <= MAX_NUMBER_LENGTH);
  const taken = await takenCreditNoteNumbers(db, organizationId, candidates);
  return candidates.find((n) => !taken.has(n)) ?? '';
}
