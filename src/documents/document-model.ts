import type { Lang } from '../core/lang.ts';
import type { IsoDate, LegalNoteCode, VatBreakdownRow, VatCategory } from '../domain/index.ts';

/** A party block on a document: supplier or customer. */
export interface DocumentParty {
  name: string;
  /** Address lines, already in display order (street, postal code + city, country). */
  addressLines: string[];
  vatNumber: string | null;
  enterpriseNumber: string | null;
  email: string | null;
  phone: string | null;
  website: string | null;
}

export interface DocumentLine {
  description: string;
  /** Decimal string, e.g. '2.5'. */
  quantity: string;
  unitPriceMinor: number;
  discountBp: number;
  vatRateBp: number;
  vatCategory: VatCategory;
  netMinor: number;
}

/** Bank-transfer instructions printed on an invoice (B1). */
export interface DocumentPaymentInstructions {
  beneficiaryName: string;
  /** Compact IBAN (no spaces). */
  iban: string;
  bic: string | null;
  /** Belgian structured communication or RF reference, as stored. */
  reference: string | null;
  /** EPC069-12 payload for the QR code, or null when no QR can be given (non-EUR, amount out of range). */
  epcPayload: string | null;
}

/**
 * Everything a PDF shows, resolved from the database rows: the renderer is pure and knows nothing of
 * the database. Amounts are minor units in `currency`; the renderer formats them with `locale`.
 */
export interface DocumentModel {
  kind: 'invoice' | 'credit_note';
  language: Lang;
  /** BCP 47 locale for Intl formatting, e.g. 'fr-BE'. */
  locale: string;
  number: string;
  issueDate: IsoDate;
  /** Invoices only. */
  dueDate: IsoDate | null;
  currency: string;
  supplier: DocumentParty;
  logo: { mimeType: string; data: Uint8Array } | null;
  brand: { primaryColor: string; accentColor: string };
  customer: DocumentParty;
  lines: DocumentLine[];
  vatBreakdown: VatBreakdownRow[];
  netTotalMinor: number;
  vatTotalMinor: number;
  totalMinor: number;
  legalNotes: LegalNoteCode[];
  vatExemptionReason: string | null;
  notes: string | null;
  /** Credit notes: the invoice they credit. */
  creditedInvoice: { number: string; issueDate: IsoDate } | null;
  /** Credit notes: why. */
  reason: string | null;
  /** Invoices with a bank account on file; null on credit notes. */
  payment: DocumentPaymentInstructions | null;
}
