/** Small statistics and formatting helpers for benchmarks. */

/** The value at quantile `q` (0..1) of `sorted` (ascending), nearest-rank; NaN for an empty list. */
export function quantile(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank] as number;
}

/** The median of `values` (which it does not modify). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

const integerFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const oneDecimalFormat = new Intl.NumberFormat('en-US', {
  minimumFractionDigits: 1,
  maximumFractionDigits: 1,
});
const twoDecimalFormat = new Intl.NumberFormat('en-US', {
  minimumFractionDigits: 2,
  maximumFractionDigits: 2,
});

/** `1234567.8` → `'1,234,568'`; values under 100 keep one decimal, under 10 two. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const magnitude = Math.abs(value);
  if (magnitude >= 100) return integerFormat.format(value);
  if (magnitude >= 10) return oneDecimalFormat.format(value);
  return twoDecimalFormat.format(value);
}

/** Milliseconds with a unit: `'12.3 ms'`. */
export function formatMs(ms: number): string {
  return `${formatNumber(ms)} ms`;
}
