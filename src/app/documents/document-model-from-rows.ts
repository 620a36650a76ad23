import { type Lang, langOr } from '../../core/lang.ts';
import type { InvoiceAggregate } from '../../db/repositories/invoice.repository.ts';
import type {
  CreditNoteLineRow,
  CreditNoteRow,
  CustomerRow,
  InvoiceLineRow,
  InvoiceRow,
  OrganizationRow,
} from '../../db/schema.ts';
import type { DocumentLine, DocumentModel, DocumentParty } from '../../documents/document-model.ts';
import { buildEpcPayload } from '../../documents/epc-payload.ts';
import type { LegalNoteCode, VatBreakdownRow, VatCategory } from '../../domain/index.ts';

export function documentLanguage(customer: CustomerRow, organization: OrganizationRow): Lang {
  const wanted = customer.language || organization.default_language;
  return langOr(wanted);
}

/** Countries whose English Intl formats consistently; elsewhere English uses European conventions. */
const ENGLISH_COUNTRIES = new Set(['GB', 'IE', 'US', 'CA', 'AU', 'NZ', 'ZA', 'IN', 'SG', 'MT']);

/**
 * 'fr' + 'BE' → 'fr-BE' when Intl knows it, else the bare language. English outside English-speaking
 * countries becomes 'en-IE' (euro, 25 November 2026, 10.5 %): Intl's 'en-BE' mixes conventions
 * ("€1,800.50" but "10,5%").
 */
export function documentLocale(language: Lang, country: string | null): string {
  if (language === 'en')
    return country && ENGLISH_COUNTRIES.has(country.toUpperCase()) ? `en-${country.toUpperCase()}` : 'en-IE';
  if (!country) return language;
  const candidate = `${language}-${country.toUpperCase()}`;
  return Intl.NumberFormat.supportedLocalesOf([candidate]).length > 0 ? candidate : language;
}

function countryName(country: string | null, language: Lang): string | null {
  if (!country) return null;
  try {
    return new Intl.DisplayNames([language], { type: 'region' }).of(country.toUpperCase()) ?? country;
  } catch {
    return country;
  }
}

function addressLines(
  parts: {
    line1: string | null;
    line2: string | null;
    postalCode: string | null;
    city: string | null;
    country: string | null;
  },
  language: Lang,
): string[] {
  const cityLine = [parts.postalCode, parts.city].filter(Boolean).join(' ');
  return [parts.line1, parts.line2, cityLine, countryName(parts.country, language)].filter(
    (line): line is string => Boolean(line?.trim()),
  );
}

/** The supplier block, with the country named in `language`. */
export function supplierParty(organization: OrganizationRow, language: Lang): DocumentParty {
  return {
    name: organization.legal_name,
    addressLines: addressLines(
      {
        line1: organization.address_line1,
        line2: organization.address_line2,
        postalCode: organization.postal_code,
        city: organization.city,
        country: organization.country,
      },
      language,
    ),
    vatNumber: organization.vat_number,
    enterpriseNumber: organization.enterprise_number,
    email: organization.email,
    phone: organization.phone,
    website: organization.website,
  };
}

/** The customer block, with the country named in `language`. */
export function customerParty(customer: CustomerRow, language: Lang): DocumentParty {
  return {
    name: customer.name,
    addressLines: addressLines(
      {
        line1: customer.address_line1,
        line2: customer.address_line2,
        postalCode: customer.postal_code,
        city: customer.city,
        country: customer.country,
      },
      language,
    ),
    vatNumber: customer.vat_number,
    enterpriseNumber: customer.enterprise_number,
    email: customer.emails[0] ?? null,
    phone: null,
    website: null,
  };
}

/** Line rows as a document shows them ('3.0000' → '3'). */
export function documentLines(lines: (InvoiceLineRow | CreditNoteLineRow)[]): DocumentLine[] {
  return lines.map((line) => ({
    description: line.description,
    quantity: line.quantity.includes('.')
      ? line.quantity.replace(/0+$/, '').replace(/\.$/, '')
      : line.quantity,
    unitPriceMinor: line.unit_price_minor,
    discountBp: line.discount_bp,
    vatRateBp: line.vat_rate_bp,
    vatCategory: line.vat_category as VatCategory,
    netMinor: line.net_minor,
  }));
}

/** The organization's logo bytes, read separately from the row (see organization.repository.ts). */
export type DocumentLogo = DocumentModel['logo'];

function common(organization: OrganizationRow, logo: DocumentLogo, customer: CustomerRow) {
  const language = documentLanguage(customer, organization);
  return {
    language,
    locale: documentLocale(language, organization.country),
    supplier: supplierParty(organization, language),
    logo,
    brand: { primaryColor: organization.primary_color, accentColor: organization.accent_color },
    customer: customerParty(customer, language),
  };
}

export interface BuiltDocumentModel {
  model: DocumentModel;
  /** Why the invoice carries no EPC QR code, when it does not (logged by the caller). */
  qrSkippedReason: string | null;
}

/** What an invoice or credit note says, the same on its PDF and its portal page. */
export type DocumentFigures = Pick<
  DocumentModel,
  | 'number'
  | 'issueDate'
  | 'currency'
  | 'lines'
  | 'vatBreakdown'
  | 'netTotalMinor'
  | 'vatTotalMinor'
  | 'totalMinor'
  | 'legalNotes'
  | 'notes'
>;

export function invoiceFigures(invoice: InvoiceRow, lines: InvoiceLineRow[]): DocumentFigures {
  return {
    number: invoice.number,
    issueDate: invoice.issue_date,
    currency: invoice.currency,
    lines: documentLines(lines),
    vatBreakdown: invoice.vat_breakdown as VatBreakdownRow[],
    netTotalMinor: invoice.net_total_minor,
    vatTotalMinor: invoice.vat_total_minor,
    totalMinor: invoice.total_minor,
    legalNotes: invoice.legal_notes as LegalNoteCode[],
    notes: invoice.notes,
  };
}

/** A credit note's figures; it carries no notes of its own (its reason is shown apart). */
export function creditNoteFigures(creditNote: CreditNoteRow, lines: CreditNoteLineRow[]): DocumentFigures {
  return {
    number: creditNote.number,
    issueDate: creditNote.issue_date,
    currency: creditNote.currency,
    lines: documentLines(lines),
    vatBreakdown: creditNote.vat_breakdown as VatBreakdownRow[],
    netTotalMinor: creditNote.net_total_minor,
    vatTotalMinor: creditNote.vat_total_minor,
    totalMinor: creditNote.total_minor,
    legalNotes: creditNote.legal_notes as LegalNoteCode[],
    notes: null,
  };
}

/**
 * The bank-transfer box of an invoice (PDF and portal): the organization's account, the invoice's reference
 * (its number as the transfer text when it has none) and the EPC payload for `amountMinor` — the total on
 * the PDF, what is due today on the portal. Null without an IBAN; the payload is null (with the reason)
 * when EPC cannot carry this transfer.
 */
export function bankTransferBox(
  organization: Pick<OrganizationRow, 'legal_name' | 'iban' | 'bic'>,
  invoice: Pick<InvoiceRow, 'number' | 'currency' | 'payment_reference'>,
  amountMinor: number,
): {
  box: { beneficiaryName: string; iban: string; bic: string | null; reference: string | null };
  epcPayload: string | null;
  qrSkippedReason: string | null;
} | null {
  if (!organization.iban) return null;
  const epc = buildEpcPayload({
    beneficiaryName: organization.legal_name,
    iban: organization.iban,
    bic: organization.bic,
    amountMinor,
    currency: invoice.currency,
    reference: invoice.payment_reference,
    text: invoice.payment_reference ? null : invoice.number,
  });
  return {
    box: {
      beneficiaryName: organization.legal_name,
      iban: organization.iban,
      bic: organization.bic,
      reference: invoice.payment_reference,
    },
    epcPayload: epc.ok ? epc.payload : null,
    qrSkippedReason: epc.ok ? null : epc.reason,
  };
}

/** The PDF model of an issued invoice: its total as the QR amount, since the PDF is a fixed document. */
export function invoiceDocumentModel(
  organization: OrganizationRow,
  logo: DocumentLogo,
  customer: CustomerRow,
  aggregate: Pick<InvoiceAggregate, 'invoice' | 'lines'>,
): BuiltDocumentModel {
  const invoice: InvoiceRow = aggregate.invoice;
  const transfer = bankTransferBox(organization, invoice, invoice.total_minor);
  return {
    model: {
      kind: 'invoice',
      ...common(organization, logo, customer),
      ...invoiceFigures(invoice, aggregate.lines),
      dueDate: invoice.due_date,
      vatExemptionReason: invoice.vat_exemption_reason,
      creditedInvoice: null,
      reason: null,
      payment: transfer ? { ...transfer.box, epcPayload: transfer.epcPayload } : null,
    },
    qrSkippedReason: transfer ? transfer.qrSkippedReason : 'NO_IBAN',
  };
}

export function creditNoteDocumentModel(
  organization: OrganizationRow,
  logo: DocumentLogo,
  customer: CustomerRow,
  creditNote: CreditNoteRow,
  lines: CreditNoteLineRow[],
  invoice: InvoiceRow,
): BuiltDocumentModel {
  return {
    model: {
      kind: 'credit_note',
      ...common(organization, logo, customer),
      ...creditNoteFigures(creditNote, lines),
      dueDate: null,
      vatExemptionReason: invoice.vat_exemption_reason,
      creditedInvoice: { number: invoice.number, issueDate: invoice.issue_date },
      reason: creditNote.reason,
      payment: null,
    },
    qrSkippedReason: null,
  };
}
