import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { palette } from '../../src/documents/pdf-palette.ts';
import { renderEmailHtml } from '../../src/mail/email-layout.ts';
import {
  brandPalette,
  contrastRatio,
  DEFAULT_ACCENT_COLOR,
  DEFAULT_PRIMARY_COLOR,
  ensureContrast,
  textColorOn,
} from '../../src/web/brand-colors.ts';

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

describe('the one brand-colour rule (portal, e-mail, PDF)', () => {
  it('draws a readable primary, the text on it, the accent and a tint from the brand', () => {
    const colors = brandPalette({ primaryColor: '#F2B134', accentColor: '#0F5257' });
    expect(colors.primary).toBe(ensureContrast('#f2b134'));
    expect(contrastRatio(colors.primary, '#ffffff')).toBeGreaterThanOrEqual(4.5);
    expect(colors.onPrimary).toBe(textColorOn(colors.primary));
    expect(colors.accent).toBe('#0f5257');
    expect(contrastRatio(colors.tint, '#ffffff')).toBeLessThan(1.2);
  });

  it('falls back to the product blue for a colour that is not #rrggbb', () => {
    const colors = brandPalette({ primaryColor: 'red', accentColor: 'url(x)' });
    expect(colors.primary).toBe(DEFAULT_PRIMARY_COLOR);
    expect(colors.accent).toBe(DEFAULT_ACCENT_COLOR);
  });

  it('gives the PDF and the e-mail the colour the portal uses', () => {
    for (const primaryColor of ['#f2b134', '#0f5257', '#ffff00']) {
      const expected = brandPalette({ primaryColor, accentColor: '#000000' }).primary;
      expect(palette({ primaryColor, accentColor: '#000000' }).primary).toBe(expected);
      const email = renderEmailHtml({
        lang: 'en',
        subject: 'Invoice',
        blocks: [
          {
            kind: 'paragraph',
            parts: [{ kind: 'link', label: 'Open', url: 'https://x.test/p', plainText: 'x' }],
          },
        ],
        branding: { organizationName: 'Atelier', logoUrl: null, primaryColor },
      });
      expect(email).toContain(`color:${expected}`);
    }
  });
});
