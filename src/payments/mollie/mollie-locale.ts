import { Locale } from 'mollie-api-typescript/models';

export type MollieLocale = (typeof Locale)[keyof typeof Locale];

const MOLLIE_LOCALES: ReadonlySet<string> = new Set(Object.values(Locale));

/**
 * The region Mollie uses for a bare language tag (`fr` → `fr_FR`), for languages it has more than one
 * region for or whose region is not the language code upper-cased.
 */
const DEFAULT_REGION: Readonly<Record<string, MollieLocale>> = {
  ca: 'ca_ES',
  cs: 'cs_CZ',
  da: 'da_DK',
  de: 'de_DE',
  en: 'en_US',
  fr: 'fr_FR',
  nb: 'nb_NO',
  no: 'nb_NO',
  nl: 'nl_NL',
  sv: 'sv_SE',
};

/**
 * A BCP 47 tag as one of Mollie's locales (`fr-BE` → `fr_BE`, `en` → `en_US`, `de-BE` → `de_DE`), or
 * null when Mollie has none for the language: the payment is then created without a locale and Mollie
 * picks one from the customer's browser.
 *
 * @example
 * toMollieLocale('nl-BE'); // 'nl_BE'
 * toMollieLocale('ja-JP'); // null
 */
export function toMollieLocale(tag: string): MollieLocale | null {
  const [rawLanguage, ...rest] = tag.trim().split(/[-_]/);
  const language = (rawLanguage ?? '').toLowerCase();
  // The region is the first two-letter subtag after the language (a script such as `Latn` is skipped).
  const region = rest.find((part) => /^[A-Za-z]{2}$/.test(part))?.toUpperCase();
  if (region !== undefined) {
    const exact = `${language}_${region}`;
    if (MOLLIE_LOCALES.has(exact)) return exact as MollieLocale;
  }
  const fallback = Object.hasOwn(DEFAULT_REGION, language) ? DEFAULT_REGION[language] : undefined;
  if (fallback !== undefined) return fallback;
  const sameRegion = `${language}_${language.toUpperCase()}`;
  return MOLLIE_LOCALES.has(sameRegion) ? (sameRegion as MollieLocale) : null;
}
