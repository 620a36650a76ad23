import type { IsoDate, OverdueUnit } from '../domain/index.ts';
import { type DocumentFormatters, documentFormatters } from './document-formatters.ts';

/** Duration units the portal tells times in (overdue time, retry delay). */
export type DurationUnit = OverdueUnit | 'hour' | 'minute' | 'second';

/** How the portal writes amounts, dates, rates and durations in one locale. */
export interface DisplayFormat {
  /** Minor units of `currency`: 149314 EUR in fr-BE → `1 493,14 €`. */
  money(amountMinor: number, currency: string): string;
  /** A calendar date, long style: `3 mars 2026`. */
  date(date: IsoDate): string;
  /** A moment, date and time, in `timeZone` with the zone named so it is never ambiguous. */
  dateTime(instant: Date): string;
  /** Basis points as a percentage: 1250 → `12,5 %`. */
  percent(basisPoints: number): string;
  /** A decimal string quantity: `'2.5'` → `2,5`. */
  quantity(quantity: string): string;
  /** A count of a unit, pluralized by Intl: `3 weeks`, `3 semaines`, `3 weken`, `3 Wochen`. */
  duration(count: number, unit: DurationUnit): string;
  /** A file's size in kB (at least 1) or, from 1 MB, MB to one decimal (1024-based): `84 kB`, `2,5 MB`. */
  fileSize(bytes: number): string;
}

/**
 * The formatters of the portal in `locale`. Money, dates and percentages are the documents' own formatters
 * (so the portal and the PDF write amounts alike); durations use `Intl.NumberFormat` unit style, which
 * knows each language's plurals.
 *
 * @param timeZone zone of `dateTime` (the organization's); its short name is printed with the time.
 */
export function displayFormat(locale: string, timeZone = 'UTC'): DisplayFormat {
  const key = `${locale}|${timeZone}`;
  let format = formats.get(key);
  if (format === undefined) {
    format = createDisplayFormat(locale, timeZone);
    // Few locales and zones are ever used; the bound only guards against unexpected input.
    if (formats.size >= 100) formats.clear();
    formats.set(key, format);
  }
  return format;
}

// Building Intl formatters costs far more than using them: one set per locale and zone per process.
const formats = new Map<string, DisplayFormat>();

function createDisplayFormat(locale: string, timeZone: string): DisplayFormat {
  const byCurrency = new Map<string, DocumentFormatters>();
  const forCurrency = (currency: string): DocumentFormatters => {
    let formatters = byCurrency.get(currency);
    if (formatters === undefined) {
      formatters = documentFormatters(locale, currency);
      byCurrency.set(currency, formatters);
    }
    return formatters;
  };
  // Percentages, quantities and dates do not depend on the currency.
  const neutral = forCurrency('EUR');
  const tag = Intl.NumberFormat.supportedLocalesOf([locale]).length > 0 ? locale : 'en';
  const dateTimeFormat = new Intl.DateTimeFormat(tag, {
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone,
    timeZoneName: 'short',
  });
  const units = new Map<DurationUnit, Intl.NumberFormat>();
  let sizes: { kB: Intl.NumberFormat; MB: Intl.NumberFormat } | undefined;
  return {
    money: (amountMinor, currency) => forCurrency(currency).money(amountMinor),
    date: (value) => neutral.date(value),
    dateTime: (instant) => dateTimeFormat.format(instant),
    percent: (basisPoints) => neutral.percent(basisPoints),
    quantity: (value) => neutral.quantity(value),
    duration: (count, unit) => {
      let format = units.get(unit);
      if (format === undefined) {
        format = new Intl.NumberFormat(tag, { style: 'unit', unit, unitDisplay: 'long' });
        units.set(unit, format);
      }
      return format.format(count);
    },
    fileSize: (bytes) => {
      const mb = bytes / (1024 * 1024);
      sizes ??= {
        kB: new Intl.NumberFormat(tag, { style: 'unit', unit: 'kilobyte', maximumFractionDigits: 0 }),
        MB: new Intl.NumberFormat(tag, { style: 'unit', unit: 'megabyte', maximumFractionDigits: 1 }),
      };
      return mb >= 1 ? sizes.MB.format(mb) : sizes.kB.format(Math.max(1, Math.round(bytes / 1024)));
    },
  };
}
