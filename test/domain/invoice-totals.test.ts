import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  computeInvoiceTotals,
  type InvoiceLineInput,
  type InvoiceTotals,
  LEGAL_NOTE_TEXT,
  type VatCategory,
} from '../../src/domain/invoice-totals.ts';

function line(
  quantity: string,
  unitPriceMinor: number,
  vatRateBp: number,
  extra: Partial<InvoiceLineInput> = {},
): InvoiceLineInput {
  return { description: 'Item', quantity, unitPriceMinor, vatRateBp, ...extra };
}

function totalsOf(currency: string, lines: InvoiceLineInput[]): InvoiceTotals {
  const result = computeInvoiceTotals(currency, lines);
  if (!result.ok) {
    throw new Error(`expected totals, got ${result.code} ${result.field}: ${result.message}`);
  }
  return result.totals;
}

describe('computeInvoiceTotals: amounts', () => {
  it('rounds a line net half up and the VAT on the sum', () => {
    // 2.5 × 19.99 = 49.975 → 49.98; VAT 21 % of 49.98 = 10.4958 → 10.50; total 60.48.
    const totals = totalsOf('EUR', [line('2.5', 1999, 2100)]);
    expect(totals).toEqual({
      currency: 'EUR',
      lines: [{ netMinor: 4998, vatRateBp: 2100, vatCategory: 'standard' }],
      vatBreakdown: [{ vatCategory: 'standard', vatRateBp: 2100, taxableMinor: 4998, vatMinor: 1050 }],
      netTotalMinor: 4998,
      vatTotalMinor: 1050,
      totalMinor: 6048,
      legalNotes: [],
    });
  });

  it('computes VAT at 21 % and 6 % on the same invoice, per rate on the sum of nets', () => {
    const totals = totalsOf('EUR', [
      line('1', 250, 2100), // 2.50
      line('2', 1075, 600), // 21.50
      line('1', 250, 2100), // 2.50
      line('0.5', 1001, 600), // 5.005 → 5.01
    ]);
    expect(totals.lines.map((l) => l.netMinor)).toEqual([250, 2150, 250, 501]);
    expect(totals.vatBreakdown).toEqual([
      // 21 % of 5.00 = 1.05 (per line it would be 2 × round(0.525) = 1.06)
      { vatCategory: 'standard', vatRateBp: 2100, taxableMinor: 500, vatMinor: 105 },
      // 6 % of 26.51 = 1.5906 → 1.59
      { vatCategory: 'standard', vatRateBp: 600, taxableMinor: 2651, vatMinor: 159 },
    ]);
    expect(totals.netTotalMinor).toBe(3151);
    expect(totals.vatTotalMinor).toBe(264);
    expect(totals.totalMinor).toBe(3415);
  });

  it.each([
    // quantity, unit price, discount bp, expected net
    ['3', 1000, 1500, 2550], // 30.00 − 15 % = 25.50
    ['1', 333, 5000, 167], // 3.33 / 2 = 1.665 → 1.67
    ['-1', 333, 5000, -167], // −1.665 → −1.67 (away from zero)
    ['1', 999, 10_000, 0], // free
    ['0.125', 100, 0, 13], // 0.125 → 0.13
    ['-0.125', 100, 0, -13], // −0.125 → −0.13
    ['0.0001', 4999, 0, 0], // 0.004999 → 0
    ['0.0001', 5000, 0, 1], // 0.005 → 0.01
    ['1.1', 1, 0, 1], // 0.011 → 0.01
  ])('quantity %s × %d with %d bp discount nets %d', (quantity, unitPriceMinor, discountBp, expected) => {
    // A large positive line keeps the total positive for the negative cases.
    const totals = totalsOf('EUR', [
      line(quantity, unitPriceMinor, 0, { discountBp }),
      line('1', 100_000, 0),
    ]);
    expect(totals.lines[0]?.netMinor).toBe(expected);
  });

  it('rounds a negative VAT half away from zero', () => {
    // 6 %: 10.00 → VAT 0.60; 21 %: −0.50 → VAT −0.105 → −0.11.
    const totals = totalsOf('EUR', [line('1', 1000, 600), line('-1', 50, 2100)]);
    expect(totals.vatBreakdown).toEqual([
      { vatCategory: 'standard', vatRateBp: 2100, taxableMinor: -50, vatMinor: -11 },
      { vatCategory: 'standard', vatRateBp: 600, taxableMinor: 1000, vatMinor: 60 },
    ]);
    expect(totals.netTotalMinor).toBe(950);
    expect(totals.vatTotalMinor).toBe(49);
    expect(totals.totalMinor).toBe(999);
  });

  it('rounds to whole yen for JPY', () => {
    // 3 × ¥333 = ¥999, 10 % VAT = ¥99.9 → ¥100; 0.5 × ¥333 = ¥166.5 → ¥167.
    const totals = totalsOf('JPY', [line('3', 333, 1000), line('0.5', 333, 800)]);
    expect(totals.lines.map((l) => l.netMinor)).toEqual([999, 167]);
    // 8 % of ¥167 = ¥13.36 → ¥13
    expect(totals.vatBreakdown.map((row) => row.vatMinor)).toEqual([100, 13]);
    expect(totals.totalMinor).toBe(1279);
  });

  it('rounds to fils (3 decimals) for KWD', () => {
    // 1.5 × 1.333 KWD = 1.9995 → 2.000; 5 % VAT = 0.100; total 2.100.
    const totals = totalsOf('KWD', [line('1.5', 1333, 500)]);
    expect(totals.netTotalMinor).toBe(2000);
    expect(totals.vatTotalMinor).toBe(100);
    expect(totals.totalMinor).toBe(2100);
  });

  it('accepts a zero total', () => {
    expect(totalsOf('EUR', [line('0', 100, 2100)]).totalMinor).toBe(0);
  });
});

describe('computeInvoiceTotals: categories and legal notes', () => {
  it('adds the reverse-charge note and no VAT', () => {
    const totals = totalsOf('EUR', [line('10', 5000, 0, { vatCategory: 'reverse_charge' })]);
    expect(totals.vatBreakdown).toEqual([
      { vatCategory: 'reverse_charge', vatRateBp: 0, taxableMinor: 50_000, vatMinor: 0 },
    ]);
    expect(totals.totalMinor).toBe(50_000);
    expect(totals.legalNotes).toEqual(['reverse_charge']);
  });

  it('adds the exemption note', () => {
    const totals = totalsOf('EUR', [line('1', 7000, 0, { vatCategory: 'exempt' })]);
    expect(totals.legalNotes).toEqual(['vat_exempt']);
    expect(totals.vatTotalMinor).toBe(0);
  });

  it('gives no note for zero-rated or standard lines', () => {
    const totals = totalsOf('EUR', [line('1', 100, 0, { vatCategory: 'zero' }), line('1', 100, 2100)]);
    expect(totals.legalNotes).toEqual([]);
  });

  it('sorts the breakdown by category then rate descending, and notes in a fixed order', () => {
    const totals = totalsOf('EUR', [
      line('1', 100, 0, { vatCategory: 'reverse_charge' }),
      line('1', 200, 0, { vatCategory: 'exempt' }),
      line('1', 300, 0, { vatCategory: 'zero' }),
      line('1', 400, 600),
      line('1', 500, 2100),
      line('1', 600, 0, { vatCategory: 'exempt' }),
      line('1', 700, 1200, { vatCategory: 'standard' }),
    ]);
    expect(totals.vatBreakdown).toEqual([
      { vatCategory: 'standard', vatRateBp: 2100, taxableMinor: 500, vatMinor: 105 },
      { vatCategory: 'standard', vatRateBp: 1200, taxableMinor: 700, vatMinor: 84 },
      { vatCategory: 'standard', vatRateBp: 600, taxableMinor: 400, vatMinor: 24 },
      { vatCategory: 'zero', vatRateBp: 0, taxableMinor: 300, vatMinor: 0 },
      { vatCategory: 'exempt', vatRateBp: 0, taxableMinor: 800, vatMinor: 0 },
      { vatCategory: 'reverse_charge', vatRateBp: 0, taxableMinor: 100, vatMinor: 0 },
    ]);
    expect(totals.legalNotes).toEqual(['vat_exempt', 'reverse_charge']);
    expect(totals.lines[6]).toEqual({ netMinor: 700, vatRateBp: 1200, vatCategory: 'standard' });
  });

  it('has the legal texts in four languages', () => {
    expect(LEGAL_NOTE_TEXT.reverse_charge).toEqual({
      en: 'Reverse charge: VAT to be paid by the recipient (Article 196, Directive 2006/112/EC).',
      fr: 'Autoliquidation : TVA due par le cocontractant (article 196 de la directive 2006/112/CE).',
      nl: 'Btw verlegd: btw te voldoen door de medecontractant (artikel 196 Richtlijn 2006/112/EG).',
      de: 'Steuerschuldnerschaft des Leistungsempfängers (Artikel 196 Richtlinie 2006/112/EG).',
    });
    for (const language of ['en', 'fr', 'nl', 'de'] as const) {
      expect(LEGAL_NOTE_TEXT.vat_exempt[language]).toMatch(/2006\/112\/E[CG]|2006\/112\/CE/);
    }
    expect(LEGAL_NOTE_TEXT.vat_exempt.en).toMatch(/^VAT exempt/);
    expect(new Set(Object.values(LEGAL_NOTE_TEXT.vat_exempt)).size).toBe(4);
  });
});

describe('computeInvoiceTotals: invalid input', () => {
  it.each([
    ['XXX', [line('1', 100, 2100)]],
    ['eur', [line('1', 100, 2100)]],
    ['', [line('1', 100, 2100)]],
  ])('refuses the currency %j', (currency, lines) => {
    expect(computeInvoiceTotals(currency, lines)).toMatchObject({
      ok: false,
      code: 'INVALID_CURRENCY',
      lineIndex: -1,
      field: 'currency',
    });
  });

  it('refuses an invoice without lines', () => {
    expect(computeInvoiceTotals('EUR', [])).toMatchObject({
      ok: false,
      code: 'INVALID_LINE',
      lineIndex: -1,
      field: 'lines',
    });
  });

  const good = line('1', 100, 2100);
  it.each([
    ['too many decimals', line('1.23456', 100, 2100), 'quantity'],
    ['a comma', line('1,5', 100, 2100), 'quantity'],
    ['an empty quantity', line('', 100, 2100), 'quantity'],
    ['a number as quantity', { ...good, quantity: 2 as unknown as string }, 'quantity'],
    ['a fractional price', line('1', 10.5, 2100), 'unitPriceMinor'],
    ['a NaN price', line('1', Number.NaN, 2100), 'unitPriceMinor'],
    ['an unsafe price', line('1', 2 ** 53, 2100), 'unitPriceMinor'],
    ['a negative discount', line('1', 100, 2100, { discountBp: -1 }), 'discountBp'],
    ['a discount over 100 %', line('1', 100, 2100, { discountBp: 10_001 }), 'discountBp'],
    ['a fractional discount', line('1', 100, 2100, { discountBp: 1.5 }), 'discountBp'],
    ['a negative rate', line('1', 100, -1), 'vatRateBp'],
    ['a rate over 100 %', line('1', 100, 10_001), 'vatRateBp'],
    ['a fractional rate', line('1', 100, 2100.5), 'vatRateBp'],
    ['an exempt line with a rate', line('1', 100, 2100, { vatCategory: 'exempt' }), 'vatRateBp'],
    [
      'a reverse-charge line with a rate',
      line('1', 100, 600, { vatCategory: 'reverse_charge' }),
      'vatRateBp',
    ],
    ['a zero-rated line with a rate', line('1', 100, 600, { vatCategory: 'zero' }), 'vatRateBp'],
    ['an unknown category', line('1', 100, 0, { vatCategory: 'reduced' as VatCategory }), 'vatCategory'],
    ['a net beyond the safe range', line('10000', Number.MAX_SAFE_INTEGER, 0), 'quantity'],
  ])('refuses %s, naming the line and field', (_label, badLine, field) => {
    expect(computeInvoiceTotals('EUR', [good, badLine])).toMatchObject({
      ok: false,
      code: 'INVALID_LINE',
      lineIndex: 1,
      field,
    });
  });

  it('refuses totals beyond the safe range', () => {
    expect(computeInvoiceTotals('EUR', [line('1', 2 ** 52, 0), line('1', 2 ** 52, 0)])).toMatchObject({
      ok: false,
      code: 'INVALID_LINE',
      lineIndex: -1,
      field: 'lines',
    });
  });

  it('accepts a negative correction line but not a negative total', () => {
    expect(computeInvoiceTotals('EUR', [line('1', 1000, 2100), line('-1', 300, 2100)])).toMatchObject({
      ok: true,
      totals: { netTotalMinor: 700, vatTotalMinor: 147, totalMinor: 847 },
    });
    // −2.00 net, −0.42 VAT
    expect(computeInvoiceTotals('EUR', [line('-2', 100, 2100)])).toMatchObject({
      ok: false,
      code: 'NEGATIVE_TOTAL',
      lineIndex: -1,
      field: 'lines',
    });
  });
});

describe('computeInvoiceTotals: properties', () => {
  const quantityArbitrary = fc
    .tuple(fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 0, max: 4 }))
    .map(([units, scale]) => (units / 10 ** scale).toFixed(scale));
  const lineArbitrary = fc.record({
    description: fc.constant('Item'),
    quantity: quantityArbitrary,
    unitPriceMinor: fc.integer({ min: 0, max: 10_000_000 }),
    discountBp: fc.integer({ min: 0, max: 10_000 }),
    vatRateBp: fc.constantFrom(0, 550, 600, 1200, 2100),
  });

  it('total = Σ nets + Σ VAT, every amount an integer, each rounding within half a minor unit', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('EUR', 'JPY', 'KWD'),
        fc.array(lineArbitrary, { minLength: 1, maxLength: 8 }),
        (currency, lines) => {
          const totals = totalsOf(currency, lines);
          const nets = totals.lines.map((l) => l.netMinor);
          const vats = totals.vatBreakdown.map((row) => row.vatMinor);
          const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
          expect(totals.netTotalMinor).toBe(sum(nets));
          expect(totals.vatTotalMinor).toBe(sum(vats));
          expect(totals.totalMinor).toBe(totals.netTotalMinor + totals.vatTotalMinor);
          expect(sum(totals.vatBreakdown.map((row) => row.taxableMinor))).toBe(totals.netTotalMinor);
          for (const amount of [...nets, ...vats, totals.totalMinor]) {
            expect(Number.isSafeInteger(amount)).toBe(true);
          }
          lines.forEach((input, index) => {
            const [whole = '', fraction = ''] = input.quantity.split('.');
            const scale = 10n ** BigInt(fraction.length);
            const exact =
              BigInt(whole + fraction) * BigInt(input.unitPriceMinor) * BigInt(10_000 - input.discountBp);
            const error = BigInt(nets[index] ?? Number.NaN) * scale * 10_000n - exact;
            expect(2n * (error < 0n ? -error : error) <= scale * 10_000n).toBe(true);
          });
          for (const row of totals.vatBreakdown) {
            const error = BigInt(row.vatMinor) * 10_000n - BigInt(row.taxableMinor) * BigInt(row.vatRateBp);
            expect(2n * (error < 0n ? -error : error) <= 10_000n).toBe(true);
          }
        },
      ),
    );
  });
});
