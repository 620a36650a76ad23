import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contrastRatio, ensureContrast, textColorOn } from '../../src/portal/brand-colors.ts';

describe('brand colours (B9)', () => {
  it.each([
    ['#ffffff', '#000000', 21],
    ['#ffffff', '#ffffff', 1],
    ['#0f5257', '#ffffff', 8.88],
    ['#f2b134', '#ffffff', 1.89],
  ])('contrast of %s on %s is %d', (a, b, expected) => {
    expect(contrastRatio(a, b)).toBeCloseTo(expected, 1);
  });

  it('keeps a brand colour that already reads well, and darkens one that does not', () => {
    expect(ensureContrast('#0f5257')).toBe('#0f5257');
    const gold = ensureContrast('#f2b134');
    expect(gold).not.toBe('#f2b134');
    expect(contrastRatio(gold, '#ffffff')).toBeGreaterThanOrEqual(4.5);
  });

  it('always reaches 4.5:1 against white, for any colour', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffff }), (n) => {
        const color = `#${n.toString(16).padStart(6, '0')}`;
        expect(contrastRatio(ensureContrast(color), '#ffffff')).toBeGreaterThanOrEqual(4.5);
      }),
    );
  });

  it('picks the more readable text colour on a background', () => {
    expect(textColorOn('#0f5257')).toBe('#ffffff');
    expect(textColorOn('#f2b134')).toBe('#1a1a1a');
  });
});
