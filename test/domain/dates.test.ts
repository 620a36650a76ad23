import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  compareDates,
  dateInTimeZone,
  diffDays,
  isIsoDate,
  isTimeZone,
  maxDate,
  minDate,
  monthsBetween,
} from '../../src/domain/dates.ts';

/** Days since 1970-01-01 by the platform's own calendar: an independent oracle for the years it handles. */
function utcDayNumber(d: string): number {
  return Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10))) / 86_400_000;
}

const dateArbitrary = fc
  .date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2199-12-31T00:00:00Z'), noInvalidDate: true })
  .map((date) => date.toISOString().slice(0, 10));

describe('isIsoDate', () => {
  it.each([
    ['2026-02-28', true],
    ['2024-02-29', true], // leap year
    ['2000-02-29', true], // divisible by 400
    ['2026-02-29', false],
    ['1900-02-29', false], // divisible by 100 only
    ['2026-02-30', false],
    ['2026-04-31', false],
    ['2026-12-31', true],
    ['2026-13-01', false],
    ['2026-00-10', false],
    ['2026-01-00', false],
    ['2026-1-01', false],
    ['26-01-01', false],
    ['2026-01-01T00:00:00Z', false],
    [' 2026-01-01', false],
    ['2026/01/01', false],
    ['', false],
    ['0001-01-01', true],
    ['9999-12-31', true],
  ])('%j → %s', (s, expected) => {
    expect(isIsoDate(s)).toBe(expected);
  });
});

describe('addDays', () => {
  it.each([
    ['2026-02-27', 2, '2026-03-01'],
    ['2024-02-28', 1, '2024-02-29'],
    ['2026-12-31', 1, '2027-01-01'],
    ['2026-03-01', -1, '2026-02-28'],
    ['2026-01-01', 0, '2026-01-01'],
    ['2026-01-01', 365, '2027-01-01'],
    ['2024-01-01', 366, '2025-01-01'],
    ['1970-01-01', -1, '1969-12-31'],
    ['2026-03-28', 1, '2026-03-29'], // European DST starts that night: no effect on dates
    ['2026-10-24', 2, '2026-10-26'],
    ['0001-01-01', 0, '0001-01-01'],
  ])('%s + %d days = %s', (d, n, expected) => {
    expect(addDays(d, n)).toBe(expected);
  });

  it('refuses invalid dates, fractional days and dates beyond year 9999', () => {
    expect(() => addDays('2026-02-30', 1)).toThrow(RangeError);
    expect(() => addDays('2026-01-01', 1.5)).toThrow(RangeError);
    expect(() => addDays('9999-12-31', 1)).toThrow(RangeError);
  });

  it('agrees with the platform calendar and with diffDays', () => {
    fc.assert(
      fc.property(dateArbitrary, fc.integer({ min: -20_000, max: 20_000 }), (d, n) => {
        const later = addDays(d, n);
        expect(isIsoDate(later)).toBe(true);
        expect(diffDays(d, later)).toBe(n);
        expect(utcDayNumber(later) - utcDayNumber(d)).toBe(n);
      }),
    );
  });
});

describe('diffDays', () => {
  it.each([
    ['2026-01-31', '2026-03-01', 29],
    ['2026-03-01', '2026-01-31', -29],
    ['2024-01-31', '2024-03-01', 30],
    ['2026-01-01', '2027-01-01', 365],
    ['2000-01-01', '2100-01-01', 36_525], // 25 leap years: 2000, 2004, …, 2096
    ['2026-05-05', '2026-05-05', 0],
  ])('%s → %s is %d days', (from, to, expected) => {
    expect(diffDays(from, to)).toBe(expected);
  });

  it('refuses invalid dates', () => {
    expect(() => diffDays('2026-01-01', '2026-02-29')).toThrow(RangeError);
  });
});

describe('compareDates, maxDate, minDate', () => {
  it.each([
    ['2026-01-01', '2026-01-02', -1],
    ['2026-01-02', '2026-01-01', 1],
    ['2026-01-01', '2026-01-01', 0],
    ['2025-12-31', '2026-01-01', -1],
  ])('compareDates(%s, %s) = %d', (a, b, expected) => {
    expect(compareDates(a, b)).toBe(expected);
  });

  it('picks the latest and earliest', () => {
    expect(maxDate('2026-01-02', '2025-12-31', '2026-01-01')).toBe('2026-01-02');
    expect(minDate('2026-01-02', '2025-12-31', '2026-01-01')).toBe('2025-12-31');
    expect(maxDate('2026-01-01')).toBe('2026-01-01');
    expect(minDate('2026-03-01', '2026-02-28')).toBe('2026-02-28');
  });

  it('refuses invalid dates', () => {
    expect(() => compareDates('2026-01-01', 'tomorrow')).toThrow(RangeError);
    expect(() => maxDate('2026-02-30')).toThrow(RangeError);
    expect(() => minDate('2026-01-01', '2026-02-30')).toThrow(RangeError);
  });
});

describe('monthsBetween', () => {
  it.each([
    ['2026-01-15', '2026-03-14', 1],
    ['2026-01-15', '2026-03-15', 2],
    ['2026-01-31', '2026-02-28', 1], // end of February reached
    ['2026-01-31', '2026-02-27', 0],
    ['2024-01-31', '2024-02-28', 0], // February 2024 has a 29th
    ['2024-01-31', '2024-02-29', 1],
    ['2026-01-01', '2026-01-31', 0],
    ['2026-01-01', '2027-01-01', 12],
    ['2025-12-31', '2026-01-30', 0],
    ['2026-02-28', '2026-03-27', 0],
    ['2026-02-28', '2026-03-28', 1],
    ['2026-05-05', '2026-05-05', 0],
    ['2026-03-15', '2026-01-15', -2],
    ['2026-03-14', '2026-01-15', -1],
    ['2026-01-30', '2025-12-31', 0], // 0, not −0
  ])('%s → %s is %d whole months', (from, to, expected) => {
    expect(monthsBetween(from, to)).toBe(expected);
  });

  it('is antisymmetric', () => {
    fc.assert(
      fc.property(dateArbitrary, dateArbitrary, (a, b) => {
        expect(monthsBetween(a, b) + monthsBetween(b, a)).toBe(0);
      }),
    );
  });
});

describe('dateInTimeZone and isTimeZone', () => {
  it.each([
    ['2026-03-01T23:30:00Z', 'Europe/Brussels', '2026-03-02'], // 00:30 CET
    ['2026-03-01T23:30:00Z', 'UTC', '2026-03-01'],
    ['2026-03-01T23:30:00Z', 'America/New_York', '2026-03-01'],
    ['2026-06-30T22:30:00Z', 'Europe/Brussels', '2026-07-01'], // 00:30 CEST (UTC+2)
    ['2026-12-31T22:30:00Z', 'Europe/Brussels', '2026-12-31'], // 23:30 CET (UTC+1)
    ['2026-03-01T10:00:00Z', 'Pacific/Kiritimati', '2026-03-02'], // UTC+14
    ['2026-03-01T10:00:00Z', 'Pacific/Pago_Pago', '2026-02-28'], // UTC−11
  ])('%s in %s is %s', (instant, timeZone, expected) => {
    expect(dateInTimeZone(new Date(instant), timeZone)).toBe(expected);
  });

  it('refuses an unknown zone or an invalid instant', () => {
    expect(() => dateInTimeZone(new Date('2026-01-01T00:00:00Z'), 'Mars/Olympus')).toThrow(RangeError);
    expect(() => dateInTimeZone(new Date(Number.NaN), 'UTC')).toThrow(RangeError);
  });

  it.each([
    ['Europe/Brussels', true],
    ['UTC', true],
    ['America/Argentina/Buenos_Aires', true],
    ['Mars/Olympus', false],
    ['', false],
  ])('isTimeZone(%j) = %s', (tz, expected) => {
    expect(isTimeZone(tz)).toBe(expected);
  });
});
