/**
 * Calendar dates as ISO strings `'YYYY-MM-DD'` (proleptic Gregorian, years 0000–9999). The domain never
 * reads the clock: "today" is always an input. Arithmetic is done on day numbers, not on `Date`, so time
 * zones and daylight saving time cannot shift a date.
 *
 * @module
 */

/** A calendar date `'YYYY-MM-DD'`, e.g. `'2026-02-28'`. */
export type IsoDate = string;

const ISO_DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) {
    return isLeapYear(year) ? 29 : 28;
  }
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function parseCalendarDate(s: string): CalendarDate | null {
  const match = ISO_DATE_PATTERN.exec(s);
  if (match === null) {
    return null;
  }
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    return null;
  }
  return { year, month, day };
}

function toCalendarDate(d: IsoDate, what: string): CalendarDate {
  const parsed = parseCalendarDate(d);
  if (parsed === null) {
    throw new RangeError(`${what} must be a calendar date YYYY-MM-DD, got ${JSON.stringify(d)}`);
  }
  return parsed;
}

/** Days since 1970-01-01 (H. Hinnant's days_from_civil), exact for any proleptic Gregorian date. */
function dayNumber({ year, month, day }: CalendarDate): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

/** Inverse of {@link dayNumber} (H. Hinnant's civil_from_days). */
function calendarDateFromDayNumber(days: number): CalendarDate {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) /
      365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

function formatCalendarDate({ year, month, day }: CalendarDate): IsoDate {
  if (year < 0 || year > 9999) {
    throw new RangeError(`Date out of the supported range 0000–9999: year ${year}`);
  }
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * Whether `s` is a real calendar date written `'YYYY-MM-DD'`: `'2024-02-29'` is one, `'2026-02-30'`,
 * `'2026-2-3'` and `'2026-02-03T00:00'` are not.
 */
export function isIsoDate(s: string): boolean {
  return parseCalendarDate(s) !== null;
}

/**
 * The date `n` days after `d` (before it when `n` is negative).
 *
 * @example addDays('2026-02-27', 2); // '2026-03-01'
 * @throws RangeError on an invalid date, a non-integer `n`, or a result outside years 0000–9999.
 */
export function addDays(d: IsoDate, n: number): IsoDate {
  if (!Number.isSafeInteger(n)) {
    throw new RangeError(`Days must be an integer, got ${String(n)}`);
  }
  return formatCalendarDate(calendarDateFromDayNumber(dayNumber(toCalendarDate(d, 'date')) + n));
}

/**
 * `to − from` in whole days (negative when `to` is before `from`).
 *
 * @example diffDays('2026-01-31', '2026-03-01'); // 29
 * @throws RangeError on an invalid date.
 */
export function diffDays(from: IsoDate, to: IsoDate): number {
  return dayNumber(toCalendarDate(to, 'to')) - dayNumber(toCalendarDate(from, 'from'));
}

/**
 * Orders two dates: −1 when `a` is earlier, 0 when equal, 1 when later (usable with `Array.sort`).
 *
 * @throws RangeError on an invalid date.
 */
export function compareDates(a: IsoDate, b: IsoDate): -1 | 0 | 1 {
  const difference = diffDays(b, a);
  return difference < 0 ? -1 : difference > 0 ? 1 : 0;
}

/**
 * The latest of the given dates.
 *
 * @throws RangeError on an invalid date.
 */
export function maxDate(first: IsoDate, ...rest: IsoDate[]): IsoDate {
  let latest = first;
  toCalendarDate(first, 'date');
  for (const d of rest) {
    if (compareDates(d, latest) > 0) {
      latest = d;
    }
  }
  return latest;
}

/**
 * The earliest of the given dates.
 *
 * @throws RangeError on an invalid date.
 */
export function minDate(first: IsoDate, ...rest: IsoDate[]): IsoDate {
  let earliest = first;
  toCalendarDate(first, 'date');
  for (const d of rest) {
    if (compareDates(d, earliest) < 0) {
      earliest = d;
    }
  }
  return earliest;
}

/**
 * Whole calendar months from `from` to `to`: the largest `m` such that `from` plus `m` months (the day
 * clamped to the end of a shorter month) is not after `to`. Negative when `to` is before `from`
 * (`monthsBetween(a, b) === -monthsBetween(b, a)`).
 *
 * @example
 * monthsBetween('2026-01-15', '2026-03-14'); // 1
 * monthsBetween('2026-01-15', '2026-03-15'); // 2
 * monthsBetween('2026-01-31', '2026-02-28'); // 1 (end of month reached)
 * @throws RangeError on an invalid date.
 */
export function monthsBetween(from: IsoDate, to: IsoDate): number {
  const start = toCalendarDate(from, 'from');
  const end = toCalendarDate(to, 'to');
  if (dayNumber(end) < dayNumber(start)) {
    return 0 - monthsBetween(to, from);
  }
  const months = (end.year - start.year) * 12 + (end.month - start.month);
  // The last month is complete when the start's day is reached, or when the end month has no such day.
  const lastMonthComplete = end.day >= start.day || end.day === daysInMonth(end.year, end.month);
  return lastMonthComplete ? months : months - 1;
}

// Building an Intl.DateTimeFormat is slow, so formatters are reused; the bound keeps a stream of
// differently spelled zone names ('europe/brussels', 'EUROPE/BRUSSELS', …) from growing the cache forever.
const dateFormatters = new Map<string, Intl.DateTimeFormat>();
const DATE_FORMATTER_CACHE_LIMIT = 500;

function dateFormatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = dateFormatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      calendar: 'iso8601',
      numberingSystem: 'latn',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    if (dateFormatters.size >= DATE_FORMATTER_CACHE_LIMIT) {
      dateFormatters.clear();
    }
    dateFormatters.set(timeZone, formatter);
  }
  return formatter;
}

/**
 * The calendar date of `instant` on the wall clocks of `timeZone` (an IANA name like `'Europe/Brussels'`).
 * Pure: the instant is an input, never the current time.
 *
 * @example dateInTimeZone(new Date('2026-03-01T23:30:00Z'), 'Europe/Brussels'); // '2026-03-02'
 * @throws RangeError on an invalid instant or an unknown time zone.
 */
export function dateInTimeZone(instant: Date, timeZone: string): IsoDate {
  if (Number.isNaN(instant.getTime())) {
    throw new RangeError('instant is an invalid Date');
  }
  let year = Number.NaN;
  let month = Number.NaN;
  let day = Number.NaN;
  for (const part of dateFormatterFor(timeZone).formatToParts(instant)) {
    if (part.type === 'year') year = Number(part.value);
    else if (part.type === 'month') month = Number(part.value);
    else if (part.type === 'day') day = Number(part.value);
  }
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) {
    throw new RangeError(`Cannot read a calendar date for ${instant.toISOString()} in ${timeZone}`);
  }
  return formatCalendarDate({ year, month, day });
}

/** Whether the runtime's `Intl` knows `tz` as a time zone (`'Europe/Brussels'`, `'UTC'`). */
export function isTimeZone(tz: string): boolean {
  try {
    dateFormatterFor(tz);
    return true;
  } catch {
    return false;
  }
}
