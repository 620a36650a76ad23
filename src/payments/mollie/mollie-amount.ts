/**
 * Mollie's amounts: `{ currency, value }` where `value` is a decimal string with exactly the currency's
 * number of decimals (`"10.00"` EUR, `"1000"` JPY). Converted to and from our integer minor units with
 * string and bigint arithmetic only, never floats.
 *
 * @module
 */

/**
 * The currencies Mollie accepts for payments and the decimals it wants in `value` (Mollie's
 * "Multicurrency" guide). All are 2 except ISK and JPY (0); HUF keeps its 2 ISO decimals at Mollie.
 * Which methods take which currency varies (most non-EUR currencies are cards and PayPal only):
 * the methods API, called with the amount, answers that.
 */
export const MOLLIE_CURRENCY_DECIMALS: Readonly<Record<string, number>> = Object.freeze({
  AED: 2,
  AUD: 2,
  BGN: 2,
  BRL: 2,
  CAD: 2,
  CHF: 2,
  CZK: 2,
  DKK: 2,
  EUR: 2,
  GBP: 2,
  HKD: 2,
  HUF: 2,
  ILS: 2,
  ISK: 0,
  JPY: 0,
  MXN: 2,
  MYR: 2,
  NOK: 2,
  NZD: 2,
  PHP: 2,
  PLN: 2,
  RON: 2,
  SEK: 2,
  SGD: 2,
  THB: 2,
  TWD: 2,
  USD: 2,
  ZAR: 2,
});

/** Whether Mollie takes payments in `currency` (ISO 4217, upper case). */
export function isMollieCurrency(currency: string): boolean {
  return Object.hasOwn(MOLLIE_CURRENCY_DECIMALS, currency);
}

function mollieDecimals(currency: string): number {
  const decimals = Object.hasOwn(MOLLIE_CURRENCY_DECIMALS, currency)
    ? MOLLIE_CURRENCY_DECIMALS[currency]
    : undefined;
  if (decimals === undefined) {
    throw new RangeError(`Mollie does not take payments in ${JSON.stringify(currency)}`);
  }
  return decimals;
}

/**
 * A non-negative amount in minor units as a decimal string with exactly `decimals` decimals.
 *
 * @example
 * minorToDecimalString(1050, 2); // '10.50'
 * minorToDecimalString(5, 3); // '0.005'
 * minorToDecimalString(1000, 0); // '1000'
 * @throws RangeError when `amountMinor` is not a non-negative safe integer.
 */
export function minorToDecimalString(amountMinor: number, decimals: number): string {
  if (!Number.isSafeInteger(amountMinor) || amountMinor < 0) {
    throw new RangeError(`Not an amount in minor units: ${amountMinor}`);
  }
  const digits = String(amountMinor);
  if (decimals === 0) return digits;
  const padded = digits.padStart(decimals + 1, '0');
  return `${padded.slice(0, -decimals)}.${padded.slice(-decimals)}`;
}

/**
 * The exact inverse of {@link minorToDecimalString}: `value` must have exactly `decimals` decimals (no
 * sign, exponent, spaces or extra zeros after the point), as Mollie writes amounts; anything else is
 * refused rather than guessed.
 *
 * @example
 * decimalStringToMinor('10.50', 2); // 1050
 * decimalStringToMinor('10.5', 2); // RangeError
 * @throws RangeError when `value` is malformed or does not fit a safe integer.
 */
export function decimalStringToMinor(value: string, decimals: number): number {
  const pattern = decimals === 0 ? /^(\d+)$/ : new RegExp(`^(\\d+)\\.(\\d{${decimals}})$`);
  const match = pattern.exec(value);
  if (match === null) {
    throw new RangeError(`Malformed amount ${JSON.stringify(value)} (expected ${decimals} decimals)`);
  }
  const minor = BigInt(`${match[1]}${match[2] ?? ''}`);
  if (minor > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new RangeError(`Amount ${JSON.stringify(value)} is too large`);
  }
  return Number(minor);
}

/** Our amount as Mollie's `{ currency, value }`. @throws RangeError for a currency Mollie does not take. */
export function toMollieAmount(amountMinor: number, currency: string): { currency: string; value: string } {
  return { currency, value: minorToDecimalString(amountMinor, mollieDecimals(currency)) };
}

/** Mollie's `{ currency, value }` in minor units. @throws RangeError when malformed. */
export function fromMollieAmount(amount: { currency: string; value: string }): number {
  return decimalStringToMinor(amount.value, mollieDecimals(amount.currency));
}
