import type { Lang } from '../core/lang.ts';
import { defineCatalog } from './catalog.ts';

/**
 * Labels printed on invoice and credit-note PDFs, in the wording a Belgian or German business uses on its
 * own documents. Placeholders are written `{name}` and filled by {@link documentMessage}.
 *
 * The English catalog defines the keys; every other language is typed against it, so a missing or
 * misspelt key is a compile error.
 *
 * @module
 */
const en = {
  invoiceTitle: 'Invoice',
  creditNoteTitle: 'Credit note',
  invoiceNumber: 'Invoice number',
  creditNoteNumber: 'Credit note number',
  invoiceDate: 'Invoice date',
  creditNoteDate: 'Credit note date',
  dueDate: 'Due date',
  customer: 'Customer',
  creditNoteFor: 'Credit note for invoice {number} of {date}',
  reason: 'Reason',
  description: 'Description',
  quantity: 'Quantity',
  unitPrice: 'Unit price',
  discount: 'Discount',
  vat: 'VAT',
  amountExclVat: 'Amount excl. VAT',
  vatSummary: 'VAT summary',
  vatRate: 'VAT rate',
  taxableAmount: 'Taxable amount',
  vatAmount: 'VAT amount',
  vatExempt: 'Exempt',
  vatReverseCharge: 'Reverse charge',
  totalExclVat: 'Total excl. VAT',
  totalVat: 'Total VAT',
  totalToPay: 'Total to pay',
  totalCredited: 'Total credited',
  vatExemptionReason: 'Reason for VAT exemption',
  notes: 'Notes',
  paymentInstructions: 'Payment instructions',
  beneficiary: 'Beneficiary',
  iban: 'IBAN',
  bic: 'BIC',
  amount: 'Amount',
  structuredCommunication: 'Structured communication',
  paymentReference: 'Payment reference',
  scanToPay: 'Scan to pay with your banking app',
  vatNumber: 'VAT number',
  enterpriseNumber: 'Enterprise number',
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
  invoiceNumber: 'Numéro de facture',
  creditNoteNumber: 'Numéro de la note de crédit',
  invoiceDate: 'Date de facture',
  creditNoteDate: 'Date de la note de crédit',
  dueDate: "Date d'échéance",
  customer: 'Client',
  creditNoteFor: 'Note de crédit relative à la facture {number} du {date}',
  reason: 'Motif',
  description: 'Désignation',
  quantity: 'Quantité',
  unitPrice: 'Prix unitaire',
  discount: 'Remise',
  vat: 'TVA',
  amountExclVat: 'Montant HTVA',
  vatSummary: 'Récapitulatif TVA',
  vatRate: 'Taux de TVA',
  taxableAmount: 'Base imposable',
  vatAmount: 'Montant TVA',
  vatExempt: 'Exonéré',
  vatReverseCharge: 'Autoliquidation',
  totalExclVat: 'Total HTVA',
  totalVat: 'Total TVA',
  totalToPay: 'Total à payer',
  totalCredited: 'Total crédité',
  vatExemptionReason: "Motif d'exonération de TVA",
  notes: 'Remarques',
  paymentInstructions: 'Modalités de paiement',
  beneficiary: 'Bénéficiaire',
  iban: 'IBAN',
  bic: 'BIC',
  amount: 'Montant',
  structuredCommunication: 'Communication structurée',
  paymentReference: 'Référence de paiement',
  scanToPay: 'Scannez pour payer avec votre app bancaire',
  vatNumber: 'Numéro de TVA',
  enterpriseNumber: "Numéro d'entreprise",
  pageOf: 'Page {page} sur {pages}',
  continuedOnNextPage: 'Suite à la page suivante',
};

const nl: DocumentMessages = {
  invoiceTitle: 'Factuur',
  creditNoteTitle: 'Creditnota',
  invoiceNumber: 'Factuurnummer',
  creditNoteNumber: 'Nummer creditnota',
  invoiceDate: 'Factuurdatum',
  creditNoteDate: 'Datum creditnota',
  dueDate: 'Vervaldatum',
  customer: 'Klant',
  creditNoteFor: 'Creditnota bij factuur {number} van {date}',
  reason: 'Reden',
  description: 'Omschrijving',
  quantity: 'Aantal',
  unitPrice: 'Eenheidsprijs',
  discount: 'Korting',
  vat: 'Btw',
  amountExclVat: 'Bedrag excl. btw',
  vatSummary: 'Btw-overzicht',
  vatRate: 'Btw-tarief',
  taxableAmount: 'Maatstaf van heffing',
  vatAmount: 'Btw-bedrag',
  vatExempt: 'Vrijgesteld',
  vatReverseCharge: 'Btw verlegd',
  totalExclVat: 'Totaal excl. btw',
  totalVat: 'Totaal btw',
  totalToPay: 'Te betalen',
  totalCredited: 'Totaal gecrediteerd',
  vatExemptionReason: 'Reden van btw-vrijstelling',
  notes: 'Opmerkingen',
  paymentInstructions: 'Betalingsgegevens',
  beneficiary: 'Begunstigde',
  iban: 'IBAN',
  bic: 'BIC',
  amount: 'Bedrag',
  structuredCommunication: 'Gestructureerde mededeling',
  paymentReference: 'Betalingsreferentie',
  scanToPay: 'Scan om te betalen met uw bankapp',
  vatNumber: 'Btw-nummer',
  enterpriseNumber: 'Ondernemingsnummer',
  pageOf: 'Pagina {page} van {pages}',
  continuedOnNextPage: 'Vervolg op de volgende pagina',
};

const de: DocumentMessages = {
  invoiceTitle: 'Rechnung',
  creditNoteTitle: 'Gutschrift',
  invoiceNumber: 'Rechnungsnummer',
  creditNoteNumber: 'Gutschriftsnummer',
  invoiceDate: 'Rechnungsdatum',
  creditNoteDate: 'Datum der Gutschrift',
  dueDate: 'Fälligkeitsdatum',
  customer: 'Kunde',
  creditNoteFor: 'Gutschrift zur Rechnung {number} vom {date}',
  reason: 'Grund',
  description: 'Beschreibung',
  quantity: 'Menge',
  unitPrice: 'Einzelpreis',
  discount: 'Rabatt',
  vat: 'USt.',
  amountExclVat: 'Nettobetrag',
  vatSummary: 'Umsatzsteuer-Übersicht',
  vatRate: 'USt.-Satz',
  taxableAmount: 'Bemessungsgrundlage',
  vatAmount: 'USt.-Betrag',
  vatExempt: 'Steuerfrei',
  vatReverseCharge: 'Reverse-Charge',
  totalExclVat: 'Gesamtbetrag netto',
  totalVat: 'Umsatzsteuer',
  totalToPay: 'Zu zahlender Betrag',
  totalCredited: 'Gutschriftsbetrag',
  vatExemptionReason: 'Grund der Steuerbefreiung',
  notes: 'Anmerkungen',
  paymentInstructions: 'Zahlungsinformationen',
  beneficiary: 'Kontoinhaber',
  iban: 'IBAN',
  bic: 'BIC',
  amount: 'Betrag',
  structuredCommunication: 'Strukturierte Mitteilung',
  paymentReference: 'Verwendungszweck',
  scanToPay: 'Scannen und mit Ihrer Banking-App bezahlen',
  vatNumber: 'USt-IdNr.',
  enterpriseNumber: 'Unternehmensnummer',
  pageOf: 'Seite {page} von {pages}',
  continuedOnNextPage: 'Fortsetzung auf der nächsten Seite',
};

/** Every document label in every supported language. */
export const DOCUMENT_MESSAGES: Readonly<Record<Lang, DocumentMessages>> = { en, fr, nl, de };

/**
 * Keys whose value is the same in every language because it is an international code, not a word.
 * A translation equal to the English text is a forgotten translation everywhere else.
 */
export const DOCUMENT_MESSAGES_SAME_IN_EVERY_LANGUAGE: readonly DocumentMessageKey[] = ['iban', 'bic'];

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
