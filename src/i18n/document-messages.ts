import type { Lang } from '../core/lang.ts';
import { defineCatalog } from './catalog.ts';
import { SHARED_LABELS, SHARED_LABELS_SAME_IN_EVERY_LANGUAGE } from './shared-labels.ts';

/**
 * Labels printed on invoice and credit-note PDFs, in the wording a Belgian or German business uses on its
 * own documents. Placeholders are written `{name}` and filled by {@link documentMessage}. The labels the
 * portal prints too are written once, in `shared-labels.ts`.
 *
 * The English catalog defines the keys; every other language is typed against it, so a missing or
 * misspelt key is a compile error.
 *
 * @module
 */
const en = {
  invoiceTitle: 'Invoice',
  creditNoteTitle: 'Credit note',
  // Numbers, dates, the line table, VAT and totals, bank details: the portal's words too
  ...SHARED_LABELS.en,
  dueDate: 'Due date',
  customer: 'Customer',
  creditNoteFor: 'Credit note for invoice {number} of {date}',
  creditOnInvoice: 'Credit on invoice {number}',
  totalToPay: 'Total to pay',
  paymentInstructions: 'Payment instructions',
  scanToPay: 'Scan to pay with your banking app',
  pageOf: 'Page {page} of {pages}',
  continuedOnNextPage: 'Continued on the next page',
} as const;

/** A label on a document. */
export type DocumentMessageKey = keyof typeof en;

/** One language's labels: exactly the English keys. */
export type DocumentMessages = Readonly<Record<DocumentMessageKey, string>>;

const fr: DocumentMessages = {
  invoiceTitle: 'Facture',
  creditNoteTitle: 'Note de crédit',
  ...SHARED_LABELS.fr,
  dueDate: "Date d'échéance",
  customer: 'Client',
  creditNoteFor: 'Note de crédit relative à la facture {number} du {date}',
  creditOnInvoice: 'Crédit sur la facture {number}',
  totalToPay: 'Total à payer',
  paymentInstructions: 'Modalités de paiement',
  scanToPay: 'Scannez pour payer avec votre app bancaire',
  pageOf: 'Page {page} sur {pages}',
  continuedOnNextPage: 'Suite à la page suivante',
};

const nl: DocumentMessages = {
  invoiceTitle: 'Factuur',
  creditNoteTitle: 'Creditnota',
  ...SHARED_LABELS.nl,
  dueDate: 'Vervaldatum',
  customer: 'Klant',
  creditNoteFor: 'Creditnota bij factuur {number} van {date}',
  creditOnInvoice: 'Creditering op factuur {number}',
  totalToPay: 'Te betalen',
  paymentInstructions: 'Betalingsgegevens',
  scanToPay: 'Scan om te betalen met uw bankapp',
  pageOf: 'Pagina {page} van {pages}',
  continuedOnNextPage: 'Vervolg op de volgende pagina',
};

const de: DocumentMessages = {
  invoiceTitle: 'Rechnung',
  creditNoteTitle: 'Gutschrift',
  ...SHARED_LABELS.de,
  dueDate: 'Fälligkeitsdatum',
  customer: 'Kunde',
  creditNoteFor: 'Gutschrift zur Rechnung {number} vom {date}',
  creditOnInvoice: 'Gutschrift auf Rechnung {number}',
  totalToPay: 'Zu zahlender Betrag',
  paymentInstructions: 'Zahlungsinformationen',
  scanToPay: 'Scannen und mit Ihrer Banking-App bezahlen',
  pageOf: 'Seite {page} von {pages}',
  continuedOnNextPage: 'Fortsetzung auf der nächsten Seite',
};

/** Every document label in every supported language. */
export const DOCUMENT_MESSAGES: Readonly<Record<Lang, DocumentMessages>> = { en, fr, nl, de };

/**
 * Keys whose value is the same in every language because it is an international code, not a word.
 * A translation equal to the English text is a forgotten translation everywhere else.
 */
export const DOCUMENT_MESSAGES_SAME_IN_EVERY_LANGUAGE: readonly DocumentMessageKey[] = [
  ...SHARED_LABELS_SAME_IN_EVERY_LANGUAGE,
];

const documents = defineCatalog({ en, fr, nl, de });

/**
 * The label `key` in `lang`, with each `{name}` replaced by `params[name]` (`interpolate` in
 * `catalog.ts`: a placeholder without its parameter stays as written, so a missing parameter is visible
 * instead of silently empty).
 *
 * @example documentMessage('fr', 'pageOf', { page: 1, pages: 2 }); // 'Page 1 sur 2'
 */
export function documentMessage(
  lang: Lang,
  key: DocumentMessageKey,
  params: Readonly<Record<string, string | number>> = {},
): string {
  return documents.format(lang, key, params);
}
