import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isCreditableQuantity, lineForAmount } from '../../src/app/credit-notes/credit-note-lines.ts';
import { computeInvoiceTotals } from '../../src/domain/index.ts';

const totalOf = (netMinor: number, vatRateBp: number) => {
  const priced = computeInvoiceTotals('EUR', [
    { description: 'x', quantity: '1', unitPriceMinor: netMinor, vatRateBp },
  ]);
  if (!priced.ok) throw new Error('unpriced');
  return priced.totals.totalMinor;
};

describe('a credit for an amount including VAT', () => {
  it('is priced by the domain to exactly the amount, or names the nearest amounts around it', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000_000_000 }),
        fc.constantFrom(0, 550, 600, 900, 1200, 1900, 2000, 2100, 2500, 10_000),
        (amountMinor, vatRateBp) => {
          const result = lineForAmount('EUR', {
            description: 'Credit',
            amountMinor,
            group: { vatCategory: 'standard', vatRateBp },
          });
          if (result.ok) {
            expect(totalOf(result.line.unitPriceMinor, vatRateBp)).toBe(amountMinor);
            return;
          }
          // Unreachable: the nets around it land on either side (nothing below a cent or two is offered).
          expect(result.above).not.toBeNull();
          expect(result.above as number).toBeGreaterThan(amountMinor);
          if (result.below !== null) expect(result.below).toBeLessThan(amountMinor);
          if (amountMinor > 2) expect(result.below).toBeGreaterThan(0);
        },
      ),
    );
  });

  it('reaches 50.00 at 21 % with 41.32 net, and says 80.00 cannot be reached (79.99 or 80.01)', () => {
    const group = { vatCategory: 'standard' as const, vatRateBp: 2100 };
    expect(lineForAmount('EUR', { description: 'x', amountMinor: 5000, group })).toMatchObject({
      ok: true,
      line: { quantity: '1', unitPriceMinor: 4132 },
    });
    expect(lineForAmount('EUR', { description: 'x', amountMinor: 8000, group })).toEqual({
      ok: false,
      below: 7999,
      above: 8001,
    });
  });
});

describe('a quantity to credit', () => {
  it.each([
    ['1', '3', true],
    ['3', '3.0000', true],
    ['0.0001', '3', true],
    ['3.0001', '3', false],
    ['0', '3', false],
    ['-1', '3', false],
    ['1,5', '3', false],
    ['-0.5', '-1', true],
    ['-2', '-1', false],
    ['0.5', '-1', false],
    ['1.00001', '3', false],
  ])('%s of %s invoiced: %s', (asked, invoiced, expected) => {
    expect(isCreditableQuantity(asked, invoiced)).toBe(expected);
  });
});
