import { formatMinorPlain, type IsoDate, isIsoDate } from '../domain/index.ts';

/** How a document writes amounts, quantities, rates and dates in its locale. */
export interface DocumentFormatters {
  /** Minor units of the document currency: 149314 EUR in fr-BE → `1 493,14 €`. */
  money(amountMinor: number): string;
  /** A decimal string quantity: `'2.5'` in fr-BE → `2,5`. */
  quantity(quantity: string): string;
  /** Basis points as a percentage: 2100 in fr-BE → `21 %`. */
  percent(basisPoints: number): string;
  /** A calendar date, long style, in UTC so no time zone can move it: `3 mars 2026`. */
  date(date: IsoDate): string;
}

// Building an Intl formatter costs far more than using one, and a process renders few locales.
const numberFormats = new Map<string, Intl.NumberFormat>();
const dateFormats = new Map<string, Intl.DateTimeFormat>();
const FORMAT_CACHE_LIMIT = 200;

function cached<T>(cache: Map<string, T>, key: string, create: () => T): T {
  let value = cache.get(key);
  if (value === undefined) {
    value = create();
    if (cache.size >= FORMAT_CACHE_LIMIT) cache.clear();
    cache.set(key, value);
  }
  return value;
}

function numberFormat(locale: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  return cached(
    numberFormats,
    `${locale}|${JSON.stringify(options)}`,
    () => new Intl.NumberFormat(locale, options),
  );
}

const DECIMAL = /^-?\d+(?:\.\d+)?$/;

/** `value` typed as the exact decimal string Intl.NumberFormat formats without going through a float. */
function decimal(value: string): `${number}` {
  return value as `${number}`;
}

/** Basis points as an exact decimal fraction: 2100 → `'0.2100'`, 10000 → `'1.0000'`. */
function basisPointsAsFraction(basisPoints: number): string {
  const sign = basisPoints < 0 ? '-' : '';
  const digits = String(Math.abs(Math.trunc(basisPoints))).padStart(5, '0');
  return `${sign}${digits.slice(0, -4)}.${digits.slice(-4)}`;
}

/** A locale Intl accepts: `locale` itself, else the bare `fallbackLanguage`. */
function usableLocale(locale: string, fallbackLanguage: string): string {
  try {
    return Intl.NumberFormat.supportedLocalesOf([locale]).length > 0 ? locale : fallbackLanguage;
  } catch {
    return fallbackLanguage;
  }
}

/**
 * The formatters of a document in `locale` and `currency`. Amounts are turned into exact decimal strings
 * (`formatMinorPlain`) and formatted from those, so no amount ever passes through a float; the number of
 * decimals is the ISO 4217 exponent the domain uses.
 *
 * @throws RangeError when the currency is not supported by the domain.
 */
export function documentFormatters(
  locale: string,
  currency: string,
  fallbackLanguage = 'en',
): DocumentFormatters {
  const tag = usableLocale(locale, fallbackLanguage);
  // Throws early for an unknown currency, rather than halfway through a document.
  const exponent = formatMinorPlain(0, currency).split('.')[1]?.length ?? 0;
  const money = numberFormat(tag, {
    style: 'currency',
    currency,
    minimumFractionDigits: exponent,
    maximumFractionDigits: exponent,
  });
  const quantity = numberFormat(tag, { maximumFractionDigits: 4 });
  const percent = numberFormat(tag, { style: 'percent', maximumFractionDigits: 2 });
  const date = cached(
    dateFormats,
    tag,
    () => new Intl.DateTimeFormat(tag, { dateStyle: 'long', timeZone: 'UTC' }),
  );
  return {
    money: (amountMinor) => money.format(decimal(formatMinorPlain(amountMinor, currency))),
    quantity: (value) => (DECIMAL.test(value) ? quantity.format(decimal(value)) : value),
    percent: (basisPoints) => percent.format(decimal(basisPointsAsFraction(basisPoints))),
    date: (value) => (isIsoDate(value) ? date.format(new Date(`${value}T00:00:00Z`)) : value),
  };
}
