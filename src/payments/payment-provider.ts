/**
 * The port every payment provider implements (Stripe, Mollie, the demo provider). Small on purpose, one
 * input and one output object per method (Medusa's shape); the rest of the application never sees a
 * provider's own types. Whatever a webhook says, the truth is re-read with {@link PaymentProvider.fetchPayment}.
 *
 * @module
 */

export type PaymentProviderName = 'stripe' | 'mollie' | 'demo';

/** A way to pay that the organization enabled in its provider account (R15). */
export interface PaymentMethod {
  /** The provider's id: Stripe `card`, `bancontact`, `customer_balance`…; Mollie `creditcard`, `bancontact`, `banktransfer`… */
  readonly id: string;
  /** Its name as the customer knows it, e.g. `Bancontact`, `Card`. */
  readonly name: string;
  /** An https URL of the method's logo (the provider's own when it has one), or null. */
  readonly iconUrl: string | null;
  /** A bank transfer only promises a payment: it never marks an invoice paid by itself (R19). */
  readonly isBankTransfer: boolean;
}

export interface CheckoutRequest {
  /** The frozen quote: what is due now, in minor units of `currency`. */
  readonly amountMinor: number;
  /** ISO 4217, upper case. */
  readonly currency: string;
  /** One of {@link PaymentProvider.listMethods}' ids: the customer chose it in the portal. */
  readonly methodId: string;
  /** Shown on the provider's page and the customer's statement, e.g. `Invoice 2026-0101`. */
  readonly description: string;
  /** Our payment attempt's id, stored in the provider's metadata so its events lead back to the attempt. */
  readonly attemptId: string;
  /** BCP 47 locale of the customer, e.g. `fr-BE`; each adapter maps it to what its provider takes. */
  readonly locale: string;
  readonly customerEmail: string | null;
  /** Where the provider sends the customer back after paying (or not). */
  readonly returnUrl: string;
  /** Where the provider sends the customer who cancels (Stripe); may equal `returnUrl`. */
  readonly cancelUrl: string;
  /** Where the provider posts its notifications for this payment (Mollie takes it per payment). */
  readonly webhookUrl: string;
  /** Makes creating the checkout idempotent on the provider's side (our attempt id). */
  readonly idempotencyKey: string;
}

/** A hosted payment page, opened for one attempt. */
export interface Checkout {
  /** Stripe: the Checkout Session id (`cs_…`); Mollie: the payment id (`tr_…`). */
  readonly checkoutId: string;
  /** The provider's hosted page the customer is sent to. */
  readonly url: string;
  /** When the provider stops accepting it, when known. */
  readonly expiresAt: Date | null;
}

/**
 * - `open`: created, the customer has not finished;
 * - `pending`: the customer finished, the money is on its way (a delayed method, or a bank transfer);
 * - `paid`: the provider has the money;
 * - `failed`, `canceled`, `expired`: no money will come from this checkout.
 */
export type ProviderPaymentStatus = 'open' | 'pending' | 'paid' | 'failed' | 'canceled' | 'expired';

/** The truth about a checkout, read from the provider (never from a webhook's body). */
export interface ProviderPayment {
  readonly checkoutId: string;
  /** The payment's own id (Stripe PaymentIntent `pi_…`, Mollie `tr_…`); null while there is none. */
  readonly paymentId: string | null;
  readonly status: ProviderPaymentStatus;
  /** What the provider says was (or is to be) paid, in minor units of `currency`. */
  readonly amountMinor: number;
  readonly currency: string;
  readonly methodId: string | null;
  /** For the invoice's "Paid" line (R16), e.g. `Bancontact`; the application adds the provider's name. */
  readonly methodName: string | null;
  /** Our attempt id from the provider's metadata; null when the checkout is not ours. */
  readonly attemptId: string | null;
  /** When the method is a bank transfer waiting for the money: what the customer must transfer, and where. */
  readonly bankTransfer: {
    readonly beneficiary: string;
    readonly iban: string;
    readonly bic: string | null;
    readonly reference: string;
  } | null;
  /** Refunded so far, in minor units (0 when none). */
  readonly refundedMinor: number;
  /** Reversed by a chargeback (dispute lost or funds withdrawn), in minor units (0 when none). */
  readonly chargedBackMinor: number;
  readonly paidAt: Date | null;
  /** The provider's reason for `failed`, when it gives one (e.g. `card_declined`). */
  readonly failureReason: string | null;
  /**
   * The reason of the last declined try on a checkout still open (Stripe: a card declined, the customer
   * may try again on the same page), e.g. `card_declined`; null when no try was declined.
   */
  readonly declineReason: string | null;
}

/** A provider's webhook request, once checked: which checkout or payment to re-read. */
export type WebhookNotice =
  | {
      readonly ok: true;
      /** The provider's event id (Stripe `evt_…`); null when the provider has none (Mollie): then every
       * notification is stored and applied, which is safe because applying is idempotent. */
      readonly eventId: string | null;
      /** The event type when the provider names one (`checkout.session.completed`), for the log. */
      readonly type: string | null;
      readonly checkoutId: string | null;
      readonly paymentId: string | null;
    }
  | { readonly ok: false; readonly reason: 'bad_signature' | 'malformed' };

export type VerifyResult =
  | { readonly ok: true; readonly accountName: string | null; readonly testMode: boolean }
  | { readonly ok: false; readonly reason: 'invalid_credentials' | 'unreachable'; readonly message: string };

export interface PaymentProvider {
  readonly name: PaymentProviderName;
  /** Checks the credentials with the provider (used when the business connects its account). */
  verify(): Promise<VerifyResult>;
  /**
   * The methods the organization enabled that can pay this amount in this currency (Stripe: its payment
   * method configuration; Mollie: its methods API for the amount and locale), in the provider's order.
   */
  listMethods(input: { amountMinor: number; currency: string; locale: string }): Promise<PaymentMethod[]>;
  createCheckout(request: CheckoutRequest): Promise<Checkout>;
  /** Reads the checkout, or the checkout of a payment, back from the provider. */
  fetchPayment(reference: { checkoutId: string } | { paymentId: string }): Promise<ProviderPayment>;
  /**
   * Reads a webhook request. Stripe: the signature is checked on the raw body with the endpoint's signing
   * secret; Mollie: the body carries only `id=tr_…`, the truth is fetched afterwards. Never throws.
   */
  readWebhook(request: {
    rawBody: Buffer;
    headers: Readonly<Record<string, string | string[] | undefined>>;
  }): WebhookNotice;
  /** Ends an open checkout early (its quote no longer equals the amount due). */
  expireCheckout(checkoutId: string): Promise<void>;
  /**
   * Whether a notification of this type reports one declined try to pay (Stripe:
   * `payment_intent.payment_failed`), which counts as a failed payment (R18) even though the checkout stays
   * open. False for a provider whose failed payment ends its checkout (Mollie, the demo).
   */
  isDeclineNotice(eventType: string | null): boolean;
}

/**
 * The provider could not be reached, timed out or answered 5xx: an outage, which the customer is told
 * about but which never counts as a failed payment (R18).
 */
export class ProviderUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ProviderUnavailableError';
  }
}

/** What connecting a provider account takes. */
export type ProviderCredentials =
  | { provider: 'stripe'; secretKey: string; webhookSecret: string }
  | { provider: 'mollie'; apiKey: string };

/** Builds a provider adapter from credentials; the composition root knows the real SDK adapters. */
export interface PaymentProviderFactory {
  connect(credentials: ProviderCredentials): PaymentProvider;
}
