import { describe, expect, it } from 'vitest';
import { documentLocale } from '../../src/app/documents/document-model-from-rows.ts';

describe('document locale', () => {
  it.each([
    ['fr', 'BE', 'fr-BE'],
    ['nl', 'BE', 'nl-BE'],
    ['de', 'DE', 'de-DE'],
    ['en', 'GB', 'en-GB'],
    ['en', 'us', 'en-US'],
    ['en', 'BE', 'en-IE'],
    ['en', null, 'en-IE'],
    ['fr', null, 'fr'],
  ] as const)('%s for an organization in %s formats as %s', (language, country, locale) => {
    expect(documentLocale(language, country)).toBe(locale);
  });

  it('gives English customers of a Belgian business one consistent convention', () => {
    const locale = documentLocale('en', 'BE');
    expect(new Intl.NumberFormat(locale, { style: 'currency', currency: 'EUR' }).format(1800.5)).toBe(
      '€1,800.50',
    );
    expect(new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(0.105)).toBe(
      '10.5%',
    );
  });
});
