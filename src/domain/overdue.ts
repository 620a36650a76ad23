import { diffDays, type IsoDate, monthsBetween } from './dates.ts';

/** The unit an overdue time is told in. */
export type OverdueUnit = 'day' | 'week' | 'month' | 'year';

/** How long an invoice has been overdue, for "overdue for 3 weeks". */
export interface OverdueDuration {
  /** Exact days past the due date. */
  days: number;
  /** Whole `unit`s, at least 1. */
  count: number;
  unit: OverdueUnit;
}

/**
 * How long past `dueDate` the day `asOf` is, in a unit fit for people: under 14 days in days, under 60
 * days in whole weeks, under 365 days in whole calendar months, else in whole calendar years (counts
 * are truncated, never less than 1).
 *
 * @example
 * overdueDuration('2026-01-01', '2026-01-22'); // { days: 21, count: 3, unit: 'week' }
 * overdueDuration('2026-01-01', '2026-01-01'); // null (due today, not overdue)
 * @returns null when `asOf` is not after `dueDate`.
 * @throws RangeError on an invalid date.
 */
export function overdueDuration(dueDate: IsoDate, asOf: IsoDate): OverdueDuration | null {
  const days = diffDays(dueDate, asOf);
  if (days <= 0) {
    return null;
  }
  if (days < 14) {
    return { days, count: days, unit: 'day' };
  }
  if (days < 60) {
    return { days, count: Math.floor(days / 7), unit: 'week' };
  }
  const months = monthsBetween(dueDate, asOf);
  if (days < 365) {
    return { days, count: Math.max(1, months), unit: 'month' };
  }
  // 365 days can be 11 months and some days across a leap day, hence the minimum of 1 year.
  return { days, count: Math.max(1, Math.floor(months / 12)), unit: 'year' };
}
