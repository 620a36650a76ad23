import { fail, ok, type Result } from '../../core/result.ts';
import type { NewInvoiceLine } from '../../db/repositories/invoice.repository.ts';
import { computeInvoiceTotals, type InvoiceLineInput, type InvoiceTotals } from '../../domain/index.ts';

export interface PricedLines {
  totals: InvoiceTotals;
  rows: NewInvoiceLine[];
}

/** Prices document lines with the domain rules and maps them to line rows; errors name the exact line field. */
export function priceLines(currency: string, lines: readonly InvoiceLineInput[]): Result<PricedLines> {
  const priced = computeInvoiceTotals(currency, lines);
  if (!priced.ok) {
    if (priced.code === 'INVALID_CURRENCY') return fail('INVALID_CURRENCY', 'currency', { currency });
    if (priced.code === 'NEGATIVE_TOTAL') return fail('NEGATIVE_TOTAL', 'lines');
    return fail('INVALID_LINE', `lines.${priced.lineIndex}.${priced.field}`, { reason: priced.message });
  }
  const { totals } = priced;
  const rows = lines.map((line, index) => {
    const total = totals.lines[index];
    if (!total) throw new Error(`No total for line ${index}`);
    return {
      position: index + 1,
      description: line.description,
      quantity: line.quantity,
      unit_price_minor: line.unitPriceMinor,
      discount_bp: line.discountBp ?? 0,
      vat_rate_bp: line.vatRateBp,
      vat_category: total.vatCategory,
      net_minor: total.netMinor,
    };
  });
  return ok({ totals, rows });
}

/** The columns an invoice or credit note stores from its totals. */
export function totalsColumns(totals: InvoiceTotals) {
  return {
    net_total_minor: totals.netTotalMinor,
    vat_total_minor: totals.vatTotalMinor,
    total_minor: totals.totalMinor,
    vat_breakdown: JSON.stringify(totals.vatBreakdown),
    legal_notes: JSON.stringify(totals.legalNotes),
  };
}
