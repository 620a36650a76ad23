/**
 * The languages the product speaks: every catalog (API, portal, e-mail, PDF), the customer's and the
 * admin's language, and the API's `language` fields use this one type.
 */
export const LANGS = ['en', 'fr', 'nl', 'de'] as const;

export type Lang = (typeof LANGS)[number];

export const isLang = (value: unknown): value is Lang => LANGS.includes(value as Lang);

/** A stored language (a customer's, an organization's default) as a `Lang`, English when unknown. */
export const langOr = (value: unknown, fallback: Lang = 'en'): Lang => (isLang(value) ? value : fallback);

/** Picks the best supported language from an Accept-Language header (q-values honoured). */
export function negotiateLanguage(header: string | undefined, fallback: Lang = 'en'): Lang {
  if (!header) return fallback;
  const ranked = header
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { tag: tag.toLowerCase(), q: q ? Number(q.slice(2)) : 1 };
    })
    .filter((x) => x.tag && Number.isFinite(x.q) && x.q > 0)
    .sort((a, b) => b.q - a.q);
  for (const { tag } of ranked) {
    const base = tag.split('-')[0];
    if (isLang(base)) return base;
  }
  return fallback;
}
