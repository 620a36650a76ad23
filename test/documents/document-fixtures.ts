import { DEMO_LOGO_SVG } from '../../src/app/demo/demo-logo.ts';
import type { Lang } from '../../src/core/lang.ts';
import type { DocumentModel } from '../../src/documents/document-model.ts';
import { buildEpcPayload } from '../../src/documents/epc-payload.ts';
import { computeInvoiceTotals, type InvoiceLineInput } from '../../src/domain/index.ts';

/** The customer whose name must survive the round trip through the PDF exactly. */
export const HARD_CUSTOMER_NAME = 'Łucja Szőke-Yılmaz & Żółć Škoda Řehoř';

export const LOCALES: Record<Lang, string> = {
  en: 'en-IE',
  fr: 'fr-BE',
  nl: 'nl-BE',
  de: 'de-DE',
};

export const BELGIAN_REFERENCE = '+++010/8068/17183+++';

export interface FixtureOptions {
  kind?: DocumentModel['kind'];
  language?: Lang;
  currency?: string;
  lines?: InvoiceLineInput[];
  reference?: string | null;
  logo?: DocumentModel['logo'];
  withPayment?: boolean;
}

export const DEFAULT_LINES: InvoiceLineInput[] = [
  {
    description: 'Étude d’éclairage de façade — relevé et simulation',
    quantity: '1',
    unitPriceMinor: 185000,
    vatRateBp: 2100,
  },
  {
    description: 'Luminaires LED encastrés (série Nova, 3000 K)',
    quantity: '12',
    unitPriceMinor: 8950,
    vatRateBp: 2100,
    discountBp: 1000,
  },
  { description: 'Installation et mise en service', quantity: '6.5', unitPriceMinor: 7200, vatRateBp: 600 },
];

/** A consistent document model: totals computed by the domain, EPC payload by `buildEpcPayload`. */
export function documentFixture(options: FixtureOptions = {}): DocumentModel {
  const kind = options.kind ?? 'invoice';
  const language = options.language ?? 'fr';
  const currency = options.currency ?? 'EUR';
  const lines = options.lines ?? DEFAULT_LINES;
  const result = computeInvoiceTotals(currency, lines);
  if (!result.ok) throw new Error(`fixture lines are invalid: ${result.message}`);
  const { totals } = result;
  const reference = options.reference === undefined ? BELGIAN_REFERENCE : options.reference;
  const supplierName = 'Atelier Lumière SRL';
  const epc =
    kind === 'invoice'
      ? buildEpcPayload({
          beneficiaryName: supplierName,
          iban: 'BE71096123456769',
          bic: 'GKCCBEBB',
          amountMinor: totals.totalMinor,
          currency,
          reference,
          text: reference === null ? 'Invoice 2026-0042' : null,
        })
      : null;
  return {
    kind,
    language,
    locale: LOCALES[language],
    number: kind === 'invoice' ? '2026-0042' : 'CN-2026-0007',
    issueDate: '2026-03-03',
    dueDate: kind === 'invoice' ? '2026-04-02' : null,
    currency,
    supplier: {
      name: supplierName,
      addressLines: ['Rue de la Loi 42', '1040 Etterbeek', 'Belgique'],
      vatNumber: 'BE0123.456.749',
      enterpriseNumber: '0123.456.749',
      email: 'factures@atelier-lumiere.be',
      phone: '+32 2 555 01 23',
      website: 'www.atelier-lumiere.be',
    },
    logo:
      options.logo === undefined
        ? { mimeType: 'image/svg+xml', data: new TextEncoder().encode(DEMO_LOGO_SVG) }
        : options.logo,
    brand: { primaryColor: '#0f5257', accentColor: '#f2b134' },
    customer: {
      name: HARD_CUSTOMER_NAME,
      addressLines: ['ul. Żelazna 7/12', '00-839 Warszawa', 'Pologne'],
      vatNumber: 'PL5260001246',
      enterpriseNumber: null,
      email: 'lucja@example.pl',
      phone: null,
      website: null,
    },
    lines: lines.map((line, i) => ({
      description: line.description,
      quantity: line.quantity,
      unitPriceMinor: line.unitPriceMinor,
      discountBp: line.discountBp ?? 0,
      vatRateBp: line.vatRateBp,
      vatCategory: line.vatCategory ?? 'standard',
      netMinor: totals.lines[i]?.netMinor ?? 0,
    })),
    vatBreakdown: totals.vatBreakdown,
    netTotalMinor: totals.netTotalMinor,
    vatTotalMinor: totals.vatTotalMinor,
    totalMinor: totals.totalMinor,
    legalNotes: totals.legalNotes,
    vatExemptionReason: null,
    notes: null,
    creditedInvoice: kind === 'credit_note' ? { number: '2026-0042', issueDate: '2026-03-03' } : null,
    reason: kind === 'credit_note' ? 'Deux luminaires retournés (défaut de fabrication)' : null,
    payment:
      kind === 'invoice' && options.withPayment !== false
        ? {
            beneficiaryName: supplierName,
            iban: 'BE71096123456769',
            bic: 'GKCCBEBB',
            reference,
            epcPayload: epc?.ok ? epc.payload : null,
          }
        : null,
  };
}
