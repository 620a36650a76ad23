import type { Lang } from '../core/lang.ts';
import { isCurrencyCode, parseDecimal, roundHalfAwayFromZero } from './money.ts';

/**
 * The VAT category of a line (EN 16931 codes S, Z, E, AE). Only `'standard'` may carry a non-zero rate.
 */
export type VatCategory = 'standard' | 'zero' | 'exempt' | 'reverse_charge';

/** Breakdown order: the order of this list, then rate descending. */
const VAT_CATEGORIES: readonly VatCategory[] = ['standard', 'zero', 'exempt', 'reverse_charge'];

/** The most decimals a quantity may have (`"0.0001"`). */
const QUANTITY_MAX_DECIMALS = 4;

const BASIS_POINTS_PER_UNIT = 10_000n;

/** One invoice line as entered. */
export interface InvoiceLineInput {
  description: string;
  /** Decimal string, up to 4 decimals: `"1"`, `"2.5"`, `"0.125"`; negative for correction lines. */
  quantity: string;
  /** Price of one unit, in minor units of the invoice currency, before discount and VAT. */
  unitPriceMinor: number;
  /** Line discount in basis points, 0..10000 (10000 = free); 0 when absent. */
  discountBp?: number;
  /** VAT rate in basis points, 0..10000 (21 % = 2100); must be 0 unless the category is standard. */
  vatRateBp: number;
  /** `'standard'` when absent. */
  vatCategory?: VatCategory;
}

/** The computed net amount of one line, in input order. */
export interface LineTotal {
  netMinor: number;
  vatRateBp: number;
  vatCategory: VatCategory;
}

/** One row of the VAT breakdown: all lines of one category and rate. */
export interface VatBreakdownRow {
  vatCategory: VatCategory;
  vatRateBp: number;
  /** Σ line nets of this category and rate. */
  taxableMinor: number;
  /** round(taxableMinor × vatRateBp / 10000). */
  vatMinor: number;
}

/** A legal mention the invoice must print, see {@link LEGAL_NOTE_TEXT}. */
export type LegalNoteCode = 'vat_exempt' | 'reverse_charge';

/** Legal notes, in the order they are printed. */
const LEGAL_NOTE_CODES: readonly LegalNoteCode[] = ['vat_exempt', 'reverse_charge'];

/** Totals of an invoice (or credit note), every amount in minor units of `currency`. */
export interface InvoiceTotals {
  currency: string;
  lines: LineTotal[];
  /** Sorted by category (standard, zero, exempt, reverse_charge), then rate descending. */
  vatBreakdown: VatBreakdownRow[];
  netTotalMinor: number;
  vatTotalMinor: number;
  /** netTotalMinor + vatTotalMinor. */
  totalMinor: number;
  /** Each code once, in the order vat_exempt, reverse_charge. */
  legalNotes: LegalNoteCode[];
}

/**
 * Why totals could not be computed. `lineIndex` is the 0-based index of the offending line, or −1 when
 * the problem is the invoice as a whole; `field` names the input field; `message` is for developers
 * (the customer-facing text is looked up by `code` and `field`).
 */
export type InvoiceTotalsError =
  | { ok: false; code: 'INVALID_CURRENCY'; lineIndex: -1; field: 'currency'; message: string }
  | { ok: false; code: 'INVALID_LINE'; lineIndex: number; field: string; message: string }
  | { ok: false; code: 'NEGATIVE_TOTAL'; lineIndex: -1; field: 'lines'; message: string };

/** The outcome of {@link computeInvoiceTotals}. */
export type InvoiceTotalsResult = { ok: true; totals: InvoiceTotals } | InvoiceTotalsError;

/**
 * The legal mention printed on an invoice with exempt or reverse-charge lines, per language.
 * Country-specific articles (e.g. the national law's exemption article) are added by the issuer if needed.
 */
export const LEGAL_NOTE_TEXT: Record<LegalNoteCode, Record<Lang, string>> = {
  vat_exempt: {
    en: 'VAT exempt: exempt supply under Directive 2006/112/EC.',
    fr: 'Exonération de TVA : opération exonérée en vertu de la directive 2006/112/CE.',
    nl: 'Vrijgesteld van btw: vrijgestelde handeling krachtens Richtlijn 2006/112/EG.',
    de: 'Steuerfrei: steuerbefreite Leistung gemäß Richtlinie 2006/112/EG.',
  },
  reverse_charge: {
    en: 'Reverse charge: VAT to be paid by the recipient (Article 196, Directive 2006/112/EC).',
    fr: 'Autoliquidation : TVA due par le cocontractant (article 196 de la directive 2006/112/CE).',
    nl: 'Btw verlegd: btw te voldoen door de medecontractant (artikel 196 Richtlijn 2006/112/EG).',
    de: 'Steuerschuldnerschaft des Leistungsempfängers (Artikel 196 Richtlinie 2006/112/EG).',
  },
};

function isBasisPoints(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 10_000;
}

function isSafeMinor(value: bigint): boolean {
  return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER);
}

function invalidLine(lineIndex: number, field: string, message: string): InvoiceTotalsError {
  return { ok: false, code: 'INVALID_LINE', lineIndex, field, message };
}

/**
 * Computes line nets, the VAT breakdown and the totals of an invoice, following the rounding rule of
 * `money.ts`:
 * - line net = round(quantity × unitPriceMinor × (10000 − discountBp) / 10000), half away from zero;
 * - lines are grouped by VAT category and rate; per group vat = round(Σ nets × vatRateBp / 10000);
 * - total = Σ nets + Σ VAT.
 *
 * Validation (the first problem found is returned, in this order): the currency is supported
 * (`INVALID_CURRENCY`); there is at least one line; per line: quantity is a decimal string with at most
 * 4 decimals (negative allowed for corrections), unitPriceMinor a safe integer (negative allowed),
 * discountBp and vatRateBp integers 0..10000, vatCategory one of {@link VatCategory} with rate 0 unless
 * standard (`INVALID_LINE`); no amount leaves the safe integer range (`INVALID_LINE`); the total is not
 * negative (`NEGATIVE_TOTAL`).
 *
 * @example
 * computeInvoiceTotals('EUR', [{ description: 'Work', quantity: '2.5', unitPriceMinor: 1999, vatRateBp: 2100 }]);
 * // ok, lines[0].netMinor 4998 (4997.5 rounded up), vat 1050 (1049.58), total 6048
 */
export function computeInvoiceTotals(
  currency: string,
  lines: readonly InvoiceLineInput[],
): InvoiceTotalsResult {
  if (!isCurrencyCode(currency)) {
    return {
      ok: false,
      code: 'INVALID_CURRENCY',
      lineIndex: -1,
      field: 'currency',
      message: `Unknown currency code: ${JSON.stringify(currency)}`,
    };
  }
  if (lines.length === 0) {
    return invalidLine(-1, 'lines', 'An invoice needs at least one line');
  }

  const lineTotals: LineTotal[] = [];
  const taxableByGroup = new Map<string, { vatCategory: VatCategory; vatRateBp: number; taxable: bigint }>();
  let netTotal = 0n;
  for (const [lineIndex, line] of lines.entries()) {
    const quantity =
      typeof line.quantity === 'string' ? parseDecimal(line.quantity, QUANTITY_MAX_DECIMALS) : null;
    if (quantity === null) {
      return invalidLine(
        lineIndex,
        'quantity',
        `Quantity must be a decimal number with at most ${QUANTITY_MAX_DECIMALS} decimals`,
      );
    }
    if (!Number.isSafeInteger(line.unitPriceMinor)) {
      return invalidLine(
        lineIndex,
        'unitPriceMinor',
        'Unit price must be a safe integer number of minor units',
      );
    }
    const discountBp = line.discountBp ?? 0;
    if (!isBasisPoints(discountBp)) {
      return invalidLine(lineIndex, 'discountBp', 'Discount must be an integer from 0 to 10000 basis points');
    }
    const vatCategory = line.vatCategory ?? 'standard';
    if (!VAT_CATEGORIES.includes(vatCategory)) {
      return invalidLine(lineIndex, 'vatCategory', `Unknown VAT category: ${JSON.stringify(vatCategory)}`);
    }
    if (!isBasisPoints(line.vatRateBp)) {
      return invalidLine(lineIndex, 'vatRateBp', 'VAT rate must be an integer from 0 to 10000 basis points');
    }
    if (vatCategory !== 'standard' && line.vatRateBp !== 0) {
      return invalidLine(lineIndex, 'vatRateBp', `VAT rate must be 0 for the ${vatCategory} category`);
    }

    const net = roundHalfAwayFromZero(
      quantity.units * BigInt(line.unitPriceMinor) * (BASIS_POINTS_PER_UNIT - BigInt(discountBp)),
      10n ** BigInt(quantity.scale) * BASIS_POINTS_PER_UNIT,
    );
    if (!isSafeMinor(net)) {
      return invalidLine(lineIndex, 'quantity', 'Line amount is beyond the safe integer range');
    }
    lineTotals.push({ netMinor: Number(net), vatRateBp: line.vatRateBp, vatCategory });
    netTotal += net;

    const groupKey = `${vatCategory}:${line.vatRateBp}`;
    const group = taxableByGroup.get(groupKey);
    if (group === undefined) {
      taxableByGroup.set(groupKey, { vatCategory, vatRateBp: line.vatRateBp, taxable: net });
    } else {
      group.taxable += net;
    }
  }

  let vatTotal = 0n;
  const vatBreakdown: VatBreakdownRow[] = [];
  for (const { vatCategory, vatRateBp, taxable } of taxableByGroup.values()) {
    const vat = roundHalfAwayFromZero(taxable * BigInt(vatRateBp), BASIS_POINTS_PER_UNIT);
    vatTotal += vat;
    if (!isSafeMinor(taxable) || !isSafeMinor(vat)) {
      return invalidLine(-1, 'lines', 'Invoice amounts are beyond the safe integer range');
    }
    vatBreakdown.push({ vatCategory, vatRateBp, taxableMinor: Number(taxable), vatMinor: Number(vat) });
  }
  vatBreakdown.sort(
    (a, b) =>
      VAT_CATEGORIES.indexOf(a.vatCategory) - VAT_CATEGORIES.indexOf(b.vatCategory) ||
      b.vatRateBp - a.vatRateBp,
  );

  const total = netTotal + vatTotal;
  if (!isSafeMinor(netTotal) || !isSafeMinor(vatTotal) || !isSafeMinor(total)) {
    return invalidLine(-1, 'lines', 'Invoice amounts are beyond the safe integer range');
  }
  if (total < 0n) {
    return {
      ok: false,
      code: 'NEGATIVE_TOTAL',
      lineIndex: -1,
      field: 'lines',
      message: 'The invoice total must not be negative; issue a credit note instead',
    };
  }

  const categoriesUsed = new Set(lineTotals.map((line) => line.vatCategory));
  const legalNotes = LEGAL_NOTE_CODES.filter((code) =>
    categoriesUsed.has(code === 'vat_exempt' ? 'exempt' : 'reverse_charge'),
  );

  return {
    ok: true,
    totals: {
      currency,
      lines: lineTotals,
      vatBreakdown,
      netTotalMinor: Number(netTotal),
      vatTotalMinor: Number(vatTotal),
      totalMinor: Number(total),
      legalNotes,
    },
  };
}
