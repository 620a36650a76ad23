/**
 * Money: integer amounts in a currency's minor unit (cents for EUR, yen for JPY, fils for KWD), carried as
 * JS `number`s that must be safe integers, next to an ISO 4217 currency code. Floats never hold money;
 * any product that could exceed 2^53 or lose exactness is computed with `bigint`.
 *
 * Rates are integer basis points (1 bp = 0.01 %, 21 % VAT = 2100). Quantities are decimal strings with up
 * to 4 decimals, parsed exactly.
 *
 * **The rounding rule** (the only one in the domain):
 * - Every rounding is *half away from zero* to the currency's minor unit ({@link roundHalfAwayFromZero}):
 *   1.5 → 2, 2.5 → 3, −1.5 → −2, 1.49 → 1.
 * - Line net = round(quantity × unitPrice × (1 − discount)), rounded once per line.
 * - VAT is computed per VAT category and rate on the sum of the line nets of that category and rate
 *   (EN 16931 style, not per line): vat = round(sumNet × rate).
 * - Invoice total = Σ line nets + Σ VAT of the breakdown rows.
 * - Late fees and interest follow the same rule: one rounding per fee, one per interest period.
 *
 * @module
 */

/**
 * ISO 4217 minor-unit exponents (number of decimals) of the supported currencies.
 * ISK is 0 and HUF is 2, as ISO 4217 says (some systems use other values).
 */
export const CURRENCY_EXPONENTS: Readonly<Record<string, number>> = Object.freeze({
  EUR: 2,
  USD: 2,
  GBP: 2,
  CHF: 2,
  SEK: 2,
  NOK: 2,
  DKK: 2,
  PLN: 2,
  CZK: 2,
  HUF: 2,
  RON: 2,
  BGN: 2,
  CAD: 2,
  AUD: 2,
  NZD: 2,
  JPY: 0,
  KRW: 0,
  ISK: 0,
  CLP: 0,
  KWD: 3,
  BHD: 3,
  JOD: 3,
  OMR: 3,
  TND: 3,
});

/**
 * Whether `code` is a supported ISO 4217 currency code (exact, upper case: `'eur'` is not one).
 */
export function isCurrencyCode(code: string): boolean {
  return Object.hasOwn(CURRENCY_EXPONENTS, code);
}

/**
 * The number of decimals of the currency's minor unit (EUR 2, JPY 0, KWD 3).
 *
 * @throws RangeError when the currency is not supported.
 */
export function currencyExponent(code: string): number {
  const exponent = Object.hasOwn(CURRENCY_EXPONENTS, code) ? CURRENCY_EXPONENTS[code] : undefined;
  if (exponent === undefined) {
    throw new RangeError(`Unknown currency code: ${JSON.stringify(code)}`);
  }
  return exponent;
}

/**
 * Exact `numerator / denominator`, rounded half away from zero: the domain's one rounding rule.
 *
 * @example
 * roundHalfAwayFromZero(5n, 2n); // 3n
 * roundHalfAwayFromZero(-5n, 2n); // -3n
 * roundHalfAwayFromZero(149n, 100n); // 1n
 * @throws RangeError when `denominator` is 0.
 */
export function roundHalfAwayFromZero(numerator: bigint, denominator: bigint): bigint {
  if (denominator === 0n) {
    throw new RangeError('Division by zero');
  }
  const negative = numerator < 0n !== denominator < 0n;
  const dividend = numerator < 0n ? -numerator : numerator;
  const divisor = denominator < 0n ? -denominator : denominator;
  let quotient = dividend / divisor;
  // A remainder of at least half the divisor rounds the magnitude up, whichever the sign.
  if ((dividend % divisor) * 2n >= divisor) {
    quotient += 1n;
  }
  return negative ? -quotient : quotient;
}

/**
 * Returns `amount` if it is a safe integer (an exact number of minor units); `-0` becomes `0`.
 *
 * @param what - names the amount in the error message, e.g. `'unitPriceMinor'`.
 * @throws RangeError otherwise (fractions, NaN, Infinity, beyond ±2^53 − 1).
 */
export function assertMinor(amount: number, what = 'amount'): number {
  if (!Number.isSafeInteger(amount)) {
    throw new RangeError(`${what} must be a safe integer number of minor units, got ${String(amount)}`);
  }
  return amount + 0;
}

/**
 * Converts an exact `bigint` amount of minor units to a `number`.
 *
 * @throws RangeError when it is not a safe integer.
 */
export function minorFromBigInt(amount: bigint, what = 'amount'): number {
  if (amount > BigInt(Number.MAX_SAFE_INTEGER) || amount < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new RangeError(`${what} is beyond the safe integer range: ${amount.toString()}`);
  }
  return Number(amount);
}

const DECIMAL_PATTERN = /^(-)?(\d+)(?:\.(\d+))?$/;

/**
 * Parses a plain decimal string exactly: the value is `units / 10^scale`.
 *
 * Accepted: an optional `-`, digits, optionally `.` and digits (`"12"`, `"-1.5"`, `"0.125"`, `"1.50"`).
 * Refused (null): whitespace, `+`, thousands separators, exponents, `".5"`, `"5."`, more than
 * `maxDecimals` significant decimals. Trailing zeros of the fraction do not count as decimals and are
 * dropped, so the scale is the smallest one that is exact (`"1.50"` → `{ units: 15n, scale: 1 }`).
 *
 * @throws RangeError when `maxDecimals` is not a non-negative integer.
 */
export function parseDecimal(text: string, maxDecimals: number): { units: bigint; scale: number } | null {
  if (!Number.isSafeInteger(maxDecimals) || maxDecimals < 0) {
    throw new RangeError(`maxDecimals must be a non-negative integer, got ${String(maxDecimals)}`);
  }
  const match = DECIMAL_PATTERN.exec(text);
  if (match === null) {
    return null;
  }
  const [, minus, integerDigits = '', fractionDigits = ''] = match;
  const fraction = fractionDigits.replace(/0+$/, '');
  if (fraction.length > maxDecimals) {
    return null;
  }
  const magnitude = BigInt(integerDigits + fraction);
  return { units: minus === undefined ? magnitude : -magnitude, scale: fraction.length };
}

/**
 * Parses an amount written in major units (`"12.34"`) into minor units of `currency` (1234 for EUR).
 *
 * @returns null when the text is not a plain decimal (see {@link parseDecimal}), has more decimals than
 * the currency allows (`"1.234"` EUR), or is beyond the safe integer range.
 * @throws RangeError when the currency is not supported.
 */
export function parseMajorToMinor(text: string, currency: string): number | null {
  const exponent = currencyExponent(currency);
  const parsed = parseDecimal(text, exponent);
  if (parsed === null) {
    return null;
  }
  const minor = parsed.units * 10n ** BigInt(exponent - parsed.scale);
  if (minor > BigInt(Number.MAX_SAFE_INTEGER) || minor < BigInt(Number.MIN_SAFE_INTEGER)) {
    return null;
  }
  return Number(minor);
}

/**
 * Writes minor units as a plain major-unit decimal, without grouping or symbol: 1234 EUR → `"12.34"`,
 * −5 EUR → `"-0.05"`, 1234 JPY → `"1234"`, 1234 KWD → `"1.234"`. Locale formatting is done elsewhere.
 *
 * @throws RangeError when the amount is not a safe integer or the currency is not supported.
 */
export function formatMinorPlain(amountMinor: number, currency: string): string {
  const amount = assertMinor(amountMinor, 'amountMinor');
  const exponent = currencyExponent(currency);
  const sign = amount < 0 ? '-' : '';
  const digits = Math.abs(amount).toString();
  if (exponent === 0) {
    return sign + digits;
  }
  const padded = digits.padStart(exponent + 1, '0');
  return `${sign}${padded.slice(0, -exponent)}.${padded.slice(-exponent)}`;
}

/**
 * A percentage written by a person (`"21"`, `"5.5"`, `"12,5"`) as basis points (2100, 550, 1250); null
 * when it is not a plain decimal with at most two decimals.
 */
export function percentToBasisPoints(text: string): number | null {
  const parsed = parseDecimal(text.trim().replace(',', '.'), 2);
  if (parsed === null) return null;
  const bp = parsed.units * 10n ** BigInt(2 - parsed.scale);
  return bp > BigInt(Number.MAX_SAFE_INTEGER) || bp < 0n ? null : Number(bp);
}

/**
 * A plain decimal as a person writes it, without the zeros a `numeric` column pads it with:
 * `"2.5000"` → `"2.5"`, `"3.0000"` → `"3"`, `"-0.1000"` → `"-0.1"`; any other text is returned unchanged.
 */
export function trimDecimal(text: string): string {
  if (!/^-?\d+\.\d+$/.test(text)) return text;
  return text.replace(/\.?0+$/, '');
}

/**
 * Basis points written as the percentage a person types, without trailing zeros: 2100 → `"21"`,
 * 550 → `"5.5"`, 1 → `"0.01"`; the inverse of {@link percentToBasisPoints}.
 *
 * @throws RangeError when the value is not a non-negative safe integer.
 */
export function basisPointsToPercent(bp: number): string {
  if (!Number.isSafeInteger(bp) || bp < 0)
    throw new RangeError(`basis points must be a non-negative integer: ${bp}`);
  const whole = Math.trunc(bp / 100);
  const fraction = (bp % 100).toString().padStart(2, '0').replace(/0+$/, '');
  return fraction === '' ? `${whole}` : `${whole}.${fraction}`;
}
