import type { Lang } from '../core/lang.ts';

/**
 * The one mechanism behind every message catalog (API errors, portal, PDF labels, e-mails): texts with
 * `{name}` placeholders, one table per language, the placeholder names read from the English text at
 * compile time, and one rule for filling them ({@link interpolate}).
 *
 * @module
 */

/** The values a message's placeholders are filled with, by name. */
export type MessageParams = Readonly<Record<string, string | number>>;

/** The placeholder names of a message text: `'Pay {amount} by {date}'` → `'amount' | 'date'`. */
export type PlaceholdersOf<Text extends string> = Text extends `${string}{${infer Name}}${infer Rest}`
  ? Name | PlaceholdersOf<Rest>
  : never;

/** The parameters a message text needs, by name. */
export type MessageParamsOf<Text extends string> = Readonly<Record<PlaceholdersOf<Text>, string | number>>;

/** No argument for a text without placeholders; its named parameters otherwise. */
export type MessageArgsOf<Text extends string> = [PlaceholdersOf<Text>] extends [never]
  ? []
  : [params: MessageParamsOf<Text>];

/** One language's texts: exactly the keys of the English catalog, which defines them. */
export type MessagesOf<English> = Readonly<Record<keyof English, string>>;

/** A catalog's texts in every language; the English table keeps its literal texts for the types. */
export type CatalogTexts<English extends MessageTable> = { readonly en: English } & Readonly<
  Record<Exclude<Lang, 'en'>, MessagesOf<English>>
>;

type MessageTable = Readonly<Record<string, string>>;

const PLACEHOLDER = /\{(\w+)\}/g;

/**
 * `template` with each `{name}` replaced by `params[name]`. A placeholder without a parameter (absent,
 * `undefined`, or only inherited, like `toString`) stays as written, so a mistake shows on the page
 * instead of leaving a silent gap. Anything else in braces is left alone.
 *
 * @example interpolate('Page {page} of {pages}', { page: 1 }); // 'Page 1 of {pages}'
 */
export function interpolate(template: string, params: MessageParams = {}): string {
  return template.replace(PLACEHOLDER, (placeholder, name: string) => {
    const value = Object.hasOwn(params, name) ? params[name] : undefined;
    return value === undefined ? placeholder : String(value);
  });
}

/** A catalog's `message` bound to one language: what a view or an e-mail calls `t`. */
export type Translator<English extends MessageTable> = <K extends keyof English & string>(
  key: K,
  ...args: MessageArgsOf<English[K]>
) => string;

/** What {@link defineCatalog} gives a catalog module to build its public functions on. */
export interface Catalog<English extends MessageTable> {
  /** The text `key` in `lang`, filled; the parameters are checked against the English text. */
  message<K extends keyof English & string>(lang: Lang, key: K, ...args: MessageArgsOf<English[K]>): string;
  /**
   * The text `key` in `lang`, filled with whatever `params` holds: for keys computed at run time (the
   * API's `logo.${reason}`) and callers that pass their parameters as one record. A key missing from
   * `lang` falls back to English, then to the key itself (only possible for a catalog typed by `string`).
   */
  format(lang: Lang, key: keyof English & string, params?: MessageParams): string;
  /** {@link Catalog.message} bound to `lang`. */
  translator(lang: Lang): Translator<English>;
}

/**
 * The functions of a catalog whose English table is `texts.en`.
 *
 * @example
 * const catalog = defineCatalog({ en, fr, nl, de });
 * catalog.message('fr', 'overdueBy', { duration: '3 semaines' }); // 'En retard de 3 semaines'
 */
export function defineCatalog<English extends MessageTable>(texts: CatalogTexts<English>): Catalog<English> {
  const format = (lang: Lang, key: keyof English & string, params?: MessageParams): string => {
    const template: string | undefined = texts[lang][key] ?? texts.en[key];
    return interpolate(template ?? key, params);
  };
  const message = <K extends keyof English & string>(
    lang: Lang,
    key: K,
    ...args: MessageArgsOf<English[K]>
  ): string => format(lang, key, args[0]);
  return {
    message,
    format,
    translator:
      (lang) =>
      (key, ...args) =>
        message(lang, key, ...args),
  };
}
