import { describe, expect, it } from 'vitest';
import { overdueDuration } from '../../src/domain/overdue.ts';

describe('overdueDuration', () => {
  it.each([
    ['2026-01-01', '2025-12-31', null],
    ['2026-01-01', '2026-01-01', null], // due today
    ['2026-01-01', '2026-01-02', { days: 1, count: 1, unit: 'day' }],
    ['2026-01-01', '2026-01-14', { days: 13, count: 13, unit: 'day' }],
    ['2026-01-01', '2026-01-15', { days: 14, count: 2, unit: 'week' }],
    ['2026-01-01', '2026-01-22', { days: 21, count: 3, unit: 'week' }],
    ['2026-01-01', '2026-03-01', { days: 59, count: 8, unit: 'week' }], // 8.4 weeks
    ['2026-01-01', '2026-03-02', { days: 60, count: 2, unit: 'month' }],
    ['2026-01-31', '2026-04-01', { days: 60, count: 2, unit: 'month' }], // 31 March is 2 months
    ['2026-01-01', '2026-12-31', { days: 364, count: 11, unit: 'month' }],
    ['2026-01-01', '2027-01-01', { days: 365, count: 1, unit: 'year' }],
    ['2024-01-01', '2024-12-31', { days: 365, count: 1, unit: 'year' }], // leap year: 11 months, still 1 year
    ['2026-01-01', '2027-02-05', { days: 400, count: 1, unit: 'year' }],
    ['2026-01-01', '2028-03-11', { days: 800, count: 2, unit: 'year' }],
  ])('due %s, seen %s → %o', (dueDate, asOf, expected) => {
    expect(overdueDuration(dueDate, asOf)).toEqual(expected);
  });

  it('refuses invalid dates', () => {
    expect(() => overdueDuration('2026-02-30', '2026-03-01')).toThrow(RangeError);
  });
});
