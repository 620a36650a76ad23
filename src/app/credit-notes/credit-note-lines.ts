import type { InvoiceLineRow } from '../../db/schema.ts';
import {
  computeInvoiceTotals,
  type InvoiceLineInput,
  parseDecimal,
  type VatCategory,
} from '../../domain/index.ts';

/**
 * The lines of a credit note made from an invoice (the back office's "Create a credit note", issue 11).
 * Nothing here prices anything by its own rule: every amount comes from `computeInvoiceTotals`, the one
 * pricing of invoices and credit notes, and `createCreditNote` still decides whether the credit may be
 * issued (the invoice issued, the date, what remains to credit).
 */

/** Credit-note quantities have the precision of invoice quantities. */
const QUANTITY_DECIMALS = 4;

/** numeric(18,4) comes back as '3.0000': the quantity as people write it, '3'. */
export function plainQuantity(quantity: string): string {
  return quantity.includes('.') ? quantity.replace(/0+$/, '').replace(/\.$/, '') : quantity;
}

/** An invoice line credited, in full or for `quantity`: the same description, price, discount and VAT. */
export function creditLineOf(
  line: InvoiceLineRow,
  quantity: string = plainQuantity(line.quantity),
): InvoiceLineInput {
  return {
    description: line.description,
    quantity,
    unitPriceMinor: line.unit_price_minor,
    discountBp: line.discount_bp,
    vatRateBp: line.vat_rate_bp,
    vatCategory: line.vat_category as VatCategory,
  };
}

/**
 * Whether `asked` may be credited of a line invoiced for `invoiced`: a decimal of at most 4 places, not
 * zero, of the same sign as the invoiced quantity and no larger (a correction line of −1 is credited
 * with −1 or less in size). Exact: both are compared as integers at a common scale.
 */
export function isCreditableQuantity(asked: string, invoiced: string): boolean {
  const a = parseDecimal(asked, QUANTITY_DECIMALS);
  const b = parseDecimal(plainQuantity(invoiced), QUANTITY_DECIMALS);
  if (a === null || b === null || a.units === 0n) return false;
  const scale = Math.max(a.scale, b.scale);
  const left = a.units * 10n ** BigInt(scale - a.scale);
  const right = b.units * 10n ** BigInt(scale - b.scale);
  if (left < 0n !== right < 0n) return false;
  return (left < 0n ? -left : left) <= (right < 0n ? -right : right);
}

/** A VAT category and rate of an invoice: what an amount credited on it is taxed at. */
export interface VatGroup {
  vatCategory: VatCategory;
  vatRateBp: number;
}

export const vatGroupKey = (group: VatGroup) => `${group.vatCategory}:${group.vatRateBp}`;

/** The invoice's VAT categories and rates, each once, in the order of its lines. */
export function vatGroupsOf(lines: readonly InvoiceLineRow[]): VatGroup[] {
  const groups = new Map<string, VatGroup>();
  for (const line of lines) {
    const group = { vatCategory: line.vat_category as VatCategory, vatRateBp: line.vat_rate_bp };
    if (!groups.has(vatGroupKey(group))) groups.set(vatGroupKey(group), group);
  }
  return [...groups.values()];
}

const singleLine = (description: string, netMinor: number, group: VatGroup): InvoiceLineInput => ({
  description,
  quantity: '1',
  unitPriceMinor: netMinor,
  discountBp: 0,
  vatRateBp: group.vatRateBp,
  vatCategory: group.vatCategory,
});

/**
 * One line crediting `amountMinor` **including VAT** at one VAT category and rate: its net is the one
 * whose total, priced by the domain (VAT rounded half away from zero to the minor unit), is exactly the
 * amount. VAT being rounded, some totals cannot be reached by any net (at 21 %, a net one cent higher
 * can add two cents); then the nearest totals below and above are returned for the admin to choose,
 * rather than a credit note for an amount other than the one typed.
 */
export function lineForAmount(
  currency: string,
  input: { description: string; amountMinor: number; group: VatGroup },
): { ok: true; line: InvoiceLineInput } | { ok: false; below: number | null; above: number | null } {
  const { amountMinor, group, description } = input;
  // net ≈ amount / (1 + rate); the exact net, if any, is within a unit of it.
  const estimate = (BigInt(amountMinor) * 10_000n) / BigInt(10_000 + group.vatRateBp);
  let below: number | null = null;
  let above: number | null = null;
  for (let delta = -2n; delta <= 2n; delta += 1n) {
    const net = estimate + delta;
    if (net < 0n || net > BigInt(Number.MAX_SAFE_INTEGER)) continue;
    const line = singleLine(description, Number(net), group);
    const priced = computeInvoiceTotals(currency, [line]);
    if (!priced.ok) continue;
    const total = priced.totals.totalMinor;
    if (total === amountMinor) return { ok: true, line };
    if (total > 0 && total < amountMinor && (below === null || total > below)) below = total;
    if (total > amountMinor && (above === null || total < above)) above = total;
  }
  return { ok: false, below, above };
}
