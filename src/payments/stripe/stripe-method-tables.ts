/**
 * What the Stripe adapter knows about payment methods that Stripe's API does not say: their names as
 * customers know them and the currencies they can take. Stripe has neither a names nor an icons API, so
 * these tables are ours; a method missing from them keeps working (its id becomes its name, any currency).
 *
 * @module
 */

/** Customer-facing names by Stripe payment method type (Checkout's own labels). */
export const STRIPE_METHOD_NAMES: Readonly<Record<string, string>> = {
  acss_debit: 'Pre-authorized debit',
  affirm: 'Affirm',
  afterpay_clearpay: 'Afterpay / Clearpay',
  alipay: 'Alipay',
  amazon_pay: 'Amazon Pay',
  bacs_debit: 'Bacs Direct Debit',
  bancontact: 'Bancontact',
  billie: 'Billie',
  blik: 'BLIK',
  card: 'Card',
  customer_balance: 'Bank transfer',
  eps: 'EPS',
  giropay: 'giropay',
  ideal: 'iDEAL',
  klarna: 'Klarna',
  link: 'Link',
  mb_way: 'MB WAY',
  mobilepay: 'MobilePay',
  multibanco: 'Multibanco',
  p24: 'Przelewy24',
  pay_by_bank: 'Pay by bank',
  paypal: 'PayPal',
  revolut_pay: 'Revolut Pay',
  satispay: 'Satispay',
  sepa_debit: 'SEPA Direct Debit',
  sofort: 'Sofort',
  swish: 'Swish',
  twint: 'TWINT',
  us_bank_account: 'ACH Direct Debit',
};

/**
 * Methods that take only some currencies (ISO 4217, upper case), from Stripe's payment method pages.
 * A method not listed here is offered in every currency, and Stripe refuses the checkout when it cannot.
 * `customer_balance` is EUR only because the adapter opens EU bank transfers (IBAN instructions) only.
 */
export const STRIPE_METHOD_CURRENCIES: Readonly<Record<string, readonly string[]>> = {
  acss_debit: ['CAD', 'USD'],
  bacs_debit: ['GBP'],
  bancontact: ['EUR'],
  billie: ['EUR'],
  blik: ['PLN'],
  customer_balance: ['EUR'],
  eps: ['EUR'],
  giropay: ['EUR'],
  ideal: ['EUR'],
  mb_way: ['EUR'],
  mobilepay: ['DKK', 'EUR', 'NOK', 'SEK'],
  multibanco: ['EUR'],
  p24: ['EUR', 'PLN'],
  satispay: ['EUR'],
  sepa_debit: ['EUR'],
  sofort: ['EUR'],
  swish: ['SEK'],
  twint: ['CHF'],
  us_bank_account: ['USD'],
};

/**
 * Entries of a payment method configuration that are not a choice of their own on the portal: wallets
 * and card brands Checkout shows inside `card`.
 */
export const STRIPE_NOT_SELECTABLE: ReadonlySet<string> = new Set([
  'apple_pay',
  'google_pay',
  'samsung_pay',
  'cartes_bancaires',
  'jcb',
]);

export function stripeMethodName(methodId: string): string {
  return STRIPE_METHOD_NAMES[methodId] ?? methodId;
}

export function stripeMethodTakesCurrency(methodId: string, currency: string): boolean {
  const currencies = STRIPE_METHOD_CURRENCIES[methodId];
  return currencies === undefined || currencies.includes(currency.toUpperCase());
}
