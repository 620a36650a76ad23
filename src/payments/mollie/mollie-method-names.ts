/**
 * The name a customer knows each Mollie method by, for the invoice's "Paid" line (R16). Mollie's own
 * `description` is localized and only comes with the methods API; a payment carries just the id.
 * Brand names are written as their owners write them.
 */
export const MOLLIE_METHOD_NAMES: Readonly<Record<string, string>> = Object.freeze({
  alma: 'Alma',
  applepay: 'Apple Pay',
  bacs: 'Bacs Direct Debit',
  bancomatpay: 'BANCOMAT Pay',
  bancontact: 'Bancontact',
  banktransfer: 'Bank transfer',
  belfius: 'Belfius Pay Button',
  billie: 'Billie',
  bizum: 'Bizum',
  blik: 'BLIK',
  creditcard: 'Card',
  directdebit: 'SEPA Direct Debit',
  eps: 'eps',
  giftcard: 'Gift card',
  googlepay: 'Google Pay',
  ideal: 'iDEAL',
  in3: 'iDEAL in3',
  kbc: 'KBC/CBC Payment Button',
  klarna: 'Klarna',
  klarnapaylater: 'Klarna Pay later',
  klarnapaynow: 'Klarna Pay now',
  klarnasliceit: 'Klarna Slice it',
  mbway: 'MB WAY',
  mobilepay: 'MobilePay',
  multibanco: 'Multibanco',
  mybank: 'MyBank',
  payconiq: 'Payconiq',
  paybybank: 'Pay by Bank',
  paypal: 'PayPal',
  paysafecard: 'paysafecard',
  pointofsale: 'Point of sale',
  przelewy24: 'Przelewy24',
  riverty: 'Riverty',
  satispay: 'Satispay',
  swish: 'Swish',
  trustly: 'Trustly',
  twint: 'TWINT',
  vipps: 'Vipps',
  voucher: 'Voucher',
});

/**
 * The customer-facing name of a Mollie method id; an id missing from {@link MOLLIE_METHOD_NAMES} (a
 * method Mollie added later) is shown as the id itself rather than not at all.
 *
 * @example
 * mollieMethodName('creditcard'); // 'Card'
 */
export function mollieMethodName(methodId: string): string {
  return Object.hasOwn(MOLLIE_METHOD_NAMES, methodId)
    ? (MOLLIE_METHOD_NAMES[methodId] ?? methodId)
    : methodId;
}
