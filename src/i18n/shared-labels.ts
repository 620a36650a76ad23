import type { Lang } from '../core/lang.ts';

/**
 * The labels the PDF and the portal both print about an invoice or a credit note: numbers and dates, the
 * line table's headers, the VAT summary and totals, and the bank-transfer details. They are written once
 * here and spread into both catalogs (`document-messages.ts`, `portal-messages.ts`), so a customer reading
 * the PDF and the portal sees one term for one thing. Only what means the same on both belongs here: the
 * titles (the portal's carry the number), the credit note's reference to its invoice, the due date
 * (a column on the PDF, a short label in the portal) and the QR caption differ on purpose.
 *
 * The English table defines the keys; every other language is typed against it.
 *
 * @module
 */
const en = {
  invoiceNumber: 'Invoice number',
  invoiceDate: 'Invoice date',
  creditNoteNumber: 'Credit note number',
  creditNoteDate: 'Credit note date',
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
  totalCredited: 'Total credited',
  vatExemptionReason: 'Reason for VAT exemption',
  notes: 'Notes',
  beneficiary: 'Beneficiary',
  iban: 'IBAN',
  bic: 'BIC',
  amount: 'Amount',
  structuredCommunication: 'Structured communication',
  paymentReference: 'Payment reference',
  vatNumber: 'VAT number',
  enterpriseNumber: 'Enterprise number',
} as const;

/** A label shared by the PDF and the portal. */
export type SharedLabelKey = keyof typeof en;

/** One language's shared labels: exactly the English keys. */
export type SharedLabels = Readonly<Record<SharedLabelKey, string>>;

const fr: SharedLabels = {
  invoiceNumber: 'Numéro de facture',
  invoiceDate: 'Date de facture',
  creditNoteNumber: 'Numéro de la note de crédit',
  creditNoteDate: 'Date de la note de crédit',
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
  totalCredited: 'Total crédité',
  vatExemptionReason: "Motif d'exonération de TVA",
  notes: 'Remarques',
  beneficiary: 'Bénéficiaire',
  iban: 'IBAN',
  bic: 'BIC',
  amount: 'Montant',
  structuredCommunication: 'Communication structurée',
  paymentReference: 'Référence de paiement',
  vatNumber: 'Numéro de TVA',
  enterpriseNumber: "Numéro d'entreprise",
};

const nl: SharedLabels = {
  invoiceNumber: 'Factuurnummer',
  invoiceDate: 'Factuurdatum',
  creditNoteNumber: 'Nummer creditnota',
  creditNoteDate: 'Datum creditnota',
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
  totalCredited: 'Totaal gecrediteerd',
  vatExemptionReason: 'Reden van btw-vrijstelling',
  notes: 'Opmerkingen',
  beneficiary: 'Begunstigde',
  iban: 'IBAN',
  bic: 'BIC',
  amount: 'Bedrag',
  structuredCommunication: 'Gestructureerde mededeling',
  paymentReference: 'Betalingsreferentie',
  vatNumber: 'Btw-nummer',
  enterpriseNumber: 'Ondernemingsnummer',
};

const de: SharedLabels = {
  invoiceNumber: 'Rechnungsnummer',
  invoiceDate: 'Rechnungsdatum',
  creditNoteNumber: 'Gutschriftsnummer',
  creditNoteDate: 'Datum der Gutschrift',
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
  totalCredited: 'Gutschriftsbetrag',
  vatExemptionReason: 'Grund der Steuerbefreiung',
  notes: 'Anmerkungen',
  beneficiary: 'Empfänger',
  iban: 'IBAN',
  bic: 'BIC',
  amount: 'Betrag',
  structuredCommunication: 'Strukturierte Mitteilung',
  paymentReference: 'Verwendungszweck',
  vatNumber: 'USt-IdNr.',
  enterpriseNumber: 'Unternehmensnummer',
};

/** The shared labels in every supported language (English with its literal texts, for the catalogs' types). */
export const SHARED_LABELS = { en, fr, nl, de } satisfies Readonly<Record<Lang, SharedLabels>>;

/** Shared labels whose value is the same in every language because it is an international code. */
export const SHARED_LABELS_SAME_IN_EVERY_LANGUAGE: readonly SharedLabelKey[] = ['iban', 'bic'];

/** The label of a payment reference of this kind: a Belgian structured communication is called so. */
export function paymentReferenceLabel(
  kind: 'belgian' | 'rf' | 'free',
): 'structuredCommunication' | 'paymentReference' {
  return kind === 'belgian' ? 'structuredCommunication' : 'paymentReference';
}
