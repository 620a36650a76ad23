/**
 * The Stripe adapter of the payment provider port, on the official `stripe` SDK: a hosted Checkout Session
 * per attempt, the truth re-read from the session and its PaymentIntent, webhooks checked on the raw body.
 *
 * @module
 */
import Stripe from 'stripe';
import {
  type Checkout,
  type CheckoutRequest,
  type PaymentMethod,
  type PaymentProvider,
  type ProviderPayment,
  type ProviderPaymentStatus,
  ProviderUnavailableError,
  type VerifyResult,
  type WebhookNotice,
} from '../payment-provider.ts';
import {
  STRIPE_NOT_SELECTABLE,
  stripeMethodName,
  stripeMethodTakesCurrency,
} from './stripe-method-tables.ts';

export interface StripeProviderConfig {
  /** `sk_live_…`, `sk_test_…` or a restricted key `rk_…`. */
  readonly secretKey: string;
  /** The webhook endpoint's signing secret, `whsec_…`. */
  readonly webhookSecret: string;
  /** Another API address than api.stripe.com (the local fake in tests). */
  readonly api?: { readonly host: string; readonly port: number; readonly protocol: 'http' | 'https' };
  /** Per request; the SDK's default (80 s) is too long for a customer waiting on a button. */
  readonly timeoutMs?: number;
  /** Retries of connection errors, 409 and 5xx, with the same idempotency key. */
  readonly maxNetworkRetries?: number;
}

/**
 * How long a Checkout Session stays open. Stripe's default is 24 hours; we take one hour (Stripe's minimum
 * is 30 minutes): the session carries a frozen quote, and interest and late fees move the amount due, so a
 * customer who comes back later gets a fresh attempt rather than an old price. A bank transfer is not cut
 * short by this: its session completes as soon as the customer has the instructions.
 */
export const STRIPE_CHECKOUT_LIFETIME_SECONDS = 60 * 60;

const DEFAULT_TIMEOUT_MS = 20_000;
const DEFAULT_MAX_NETWORK_RETRIES = 2;

/** Countries where Stripe opens EU bank transfer accounts (`eu_bank_transfer.country`). */
const EU_BANK_TRANSFER_COUNTRIES = new Set(['BE', 'DE', 'ES', 'FR', 'IE', 'NL']);

/** The portal's languages to Checkout's locales; anything else lets Checkout follow the browser. */
const CHECKOUT_LOCALES: Readonly<Record<string, Stripe.Checkout.SessionCreateParams.Locale>> = {
  de: 'de',
  en: 'en',
  fr: 'fr',
  nl: 'nl',
};

export function stripeCheckoutLocale(bcp47: string): Stripe.Checkout.SessionCreateParams.Locale {
  const language = bcp47.split('-')[0]?.toLowerCase() ?? '';
  return CHECKOUT_LOCALES[language] ?? 'auto';
}

/**
 * Builds the Stripe provider.
 *
 * @example
 * const stripe = stripeProvider({ secretKey: 'sk_test_…', webhookSecret: 'whsec_…' });
 * const { url } = await stripe.createCheckout(request);
 */
export function stripeProvider(config: StripeProviderConfig): PaymentProvider {
  const stripe = new Stripe(config.secretKey, {
    timeout: config.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    maxNetworkRetries: config.maxNetworkRetries ?? DEFAULT_MAX_NETWORK_RETRIES,
    telemetry: false,
    ...(config.api === undefined
      ? {}
      : { host: config.api.host, port: config.api.port, protocol: config.api.protocol }),
  });
  let accountCountry: Promise<string | null> | undefined;

  /** The account's country, read once: the EU bank transfer is opened in it. */
  function readAccountCountry(): Promise<string | null> {
    accountCountry ??= stripe.accounts.retrieveCurrent().then(
      (account) => account.country ?? null,
      (error: unknown) => {
        accountCountry = undefined;
        throw error;
      },
    );
    return accountCountry;
  }

  return {
    name: 'stripe',

    async verify(): Promise<VerifyResult> {
      try {
        const account = await stripe.accounts.retrieveCurrent();
        return {
          ok: true,
          accountName:
            account.settings?.dashboard?.display_name ??
            account.business_profile?.name ??
            account.email ??
            null,
          testMode: isTestKey(config.secretKey),
        };
      } catch (error) {
        // NOTE: a restricted key without the "read account" permission is refused the same way: the
        // business must allow it, which Stripe's message says.
        if (
          error instanceof Stripe.errors.StripeAuthenticationError ||
          error instanceof Stripe.errors.StripePermissionError
        ) {
          return { ok: false, reason: 'invalid_credentials', message: error.message };
        }
        if (isOutage(error)) {
          return { ok: false, reason: 'unreachable', message: messageOf(error) };
        }
        throw error;
      }
    },

    async listMethods(input) {
      return guard(async () => {
        let configuration: Stripe.PaymentMethodConfiguration | undefined;
        for await (const candidate of stripe.paymentMethodConfigurations.list({ limit: 100 })) {
          if (candidate.is_default) {
            configuration = candidate;
            break;
          }
        }
        if (configuration === undefined) return [];
        const methods: PaymentMethod[] = [];
        for (const [methodId, setting] of Object.entries(configuration)) {
          if (!isMethodSetting(setting) || !setting.available) continue;
          if (STRIPE_NOT_SELECTABLE.has(methodId)) continue;
          if (!stripeMethodTakesCurrency(methodId, input.currency)) continue;
          methods.push({
            id: methodId,
            name: stripeMethodName(methodId),
            iconUrl: null,
            isBankTransfer: methodId === 'customer_balance',
          });
        }
        return methods;
      });
    },

    async createCheckout(request: CheckoutRequest): Promise<Checkout> {
      return guard(async () => {
        const params: Stripe.Checkout.SessionCreateParams = {
          mode: 'payment',
          line_items: [
            {
              quantity: 1,
              price_data: {
                currency: request.currency.toLowerCase(),
                unit_amount: request.amountMinor,
                product_data: { name: request.description },
              },
            },
          ],
          // NOTE: `payment_method_types` left the v23 types (and the API version they pin); its typed
          // successor `allowed_payment_method_types` filters the methods of the payment method
          // configuration, which is where listMethods found this one, so the page offers it alone.
          allowed_payment_method_types: [request.methodId],
          client_reference_id: request.attemptId,
          metadata: { attemptId: request.attemptId },
          payment_intent_data: {
            description: request.description,
            metadata: { attemptId: request.attemptId },
          },
          success_url: request.returnUrl,
          cancel_url: request.cancelUrl,
          locale: stripeCheckoutLocale(request.locale),
          expires_at: Math.floor(Date.now() / 1000) + STRIPE_CHECKOUT_LIFETIME_SECONDS,
          ...(request.customerEmail === null ? {} : { customer_email: request.customerEmail }),
        };
        if (request.methodId === 'customer_balance') {
          // Stripe's bank transfer credits a customer's balance, so it needs a Customer.
          const country = (await readAccountCountry())?.toUpperCase() ?? '';
          params.customer_creation = 'always';
          params.payment_method_options = {
            customer_balance: {
              funding_type: 'bank_transfer',
              bank_transfer: {
                type: 'eu_bank_transfer',
                eu_bank_transfer: { country: EU_BANK_TRANSFER_COUNTRIES.has(country) ? country : 'BE' },
              },
            },
          };
        }
        const session = await stripe.checkout.sessions.create(params, {
          idempotencyKey: request.idempotencyKey,
        });
        if (session.url === null)
          throw new Error(`Stripe returned Checkout Session ${session.id} without a URL`);
        return { checkoutId: session.id, url: session.url, expiresAt: new Date(session.expires_at * 1000) };
      });
    },

    async fetchPayment(reference): Promise<ProviderPayment> {
      return guard(async () => {
        let session: Stripe.Checkout.Session;
        if ('checkoutId' in reference) {
          session = await stripe.checkout.sessions.retrieve(reference.checkoutId, {
            expand: ['payment_intent', 'payment_intent.latest_charge'],
          });
        } else {
          const page = await stripe.checkout.sessions.list({
            payment_intent: reference.paymentId,
            limit: 1,
            expand: ['data.payment_intent', 'data.payment_intent.latest_charge'],
          });
          const found = page.data[0];
          if (found === undefined) {
            throw new Error(`No Stripe Checkout Session for PaymentIntent ${reference.paymentId}`);
          }
          session = found;
        }
        const intent = expanded(session.payment_intent);
        const charge = intent === null ? null : expanded(intent.latest_charge);
        const status = paymentStatus(session, intent);
        const methodId =
          charge?.payment_method_details?.type ??
          (session.allowed_payment_method_types?.length === 1
            ? session.allowed_payment_method_types[0]
            : null) ??
          null;
        return {
          checkoutId: session.id,
          paymentId: intent?.id ?? idOf(session.payment_intent),
          status,
          amountMinor: session.amount_total ?? 0,
          currency: (session.currency ?? '').toUpperCase(),
          methodId,
          methodName: methodId === null ? null : stripeMethodName(methodId),
          attemptId: session.metadata?.attemptId ?? intent?.metadata.attemptId ?? null,
          bankTransfer: status === 'pending' && intent !== null ? bankTransferOf(intent) : null,
          refundedMinor: charge?.amount_refunded ?? 0,
          chargedBackMinor: charge?.disputed ? await chargedBackMinor(stripe, charge) : 0,
          paidAt: status === 'paid' && charge !== null ? new Date(charge.created * 1000) : null,
          failureReason:
            status === 'failed'
              ? (intent?.last_payment_error?.code ?? intent?.last_payment_error?.decline_code ?? null)
              : null,
          declineReason:
            status === 'open' && intent?.last_payment_error
              ? (intent.last_payment_error.decline_code ?? intent.last_payment_error.code ?? 'declined')
              : null,
        };
      });
    },

    isDeclineNotice: (eventType) => eventType === 'payment_intent.payment_failed',

    readWebhook(request): WebhookNotice {
      const signature = headerValue(request.headers, 'stripe-signature');
      if (signature === null) return { ok: false, reason: 'bad_signature' };
      let event: Stripe.Event;
      try {
        event = stripe.webhooks.constructEvent(request.rawBody, signature, config.webhookSecret);
      } catch (error) {
        if (error instanceof Stripe.errors.StripeSignatureVerificationError) {
          return { ok: false, reason: 'bad_signature' };
        }
        return { ok: false, reason: 'malformed' };
      }
      if (typeof event?.id !== 'string' || typeof event.data?.object !== 'object') {
        return { ok: false, reason: 'malformed' };
      }
      return { ok: true, eventId: event.id, type: event.type, ...idsOf(event.data.object) };
    },

    async expireCheckout(checkoutId: string): Promise<void> {
      await guard(async () => {
        try {
          await stripe.checkout.sessions.expire(checkoutId);
        } catch (error) {
          if (!(error instanceof Stripe.errors.StripeInvalidRequestError)) throw error;
          // Stripe refuses to expire a session that is no longer open (already expired, or completed);
          // that is the end we wanted, so only an open session makes the refusal an error.
          const session = await stripe.checkout.sessions.retrieve(checkoutId);
          if (session.status === 'open') throw error;
        }
      });
    },
  };
}

function isTestKey(secretKey: string): boolean {
  return /^(sk|rk)_test_/.test(secretKey);
}

function isMethodSetting(value: unknown): value is { available: boolean } {
  return (
    typeof value === 'object' &&
    value !== null &&
    'available' in value &&
    typeof value.available === 'boolean' &&
    'display_preference' in value
  );
}

/**
 * - open session → `open` (a declined card leaves it open: the customer may try again on the same page);
 * - expired → `expired`;
 * - complete and paid → `paid`;
 * - complete and unpaid: `failed` when the PaymentIntent failed (`requires_payment_method` or `canceled`
 *   with a `last_payment_error`), `canceled` when it was canceled without one, otherwise `pending`
 *   (a delayed method on its way, or a bank transfer waiting for the money).
 */
function paymentStatus(
  session: Stripe.Checkout.Session,
  intent: Stripe.PaymentIntent | null,
): ProviderPaymentStatus {
  if (session.status === 'expired') return 'expired';
  if (session.status !== 'complete') return 'open';
  if (session.payment_status === 'paid' || session.payment_status === 'no_payment_required') return 'paid';
  if (intent === null) return 'pending';
  if (intent.status === 'succeeded') return 'paid';
  if (intent.status === 'canceled') return intent.last_payment_error === null ? 'canceled' : 'failed';
  if (intent.status === 'requires_payment_method' && intent.last_payment_error !== null) return 'failed';
  return 'pending';
}

function bankTransferOf(intent: Stripe.PaymentIntent): ProviderPayment['bankTransfer'] {
  const instructions = intent.next_action?.display_bank_transfer_instructions;
  const iban = instructions?.financial_addresses?.find((address) => address.iban !== undefined)?.iban;
  if (instructions === undefined || iban === undefined || instructions.reference === null) return null;
  return {
    beneficiary: iban.account_holder_name,
    iban: iban.iban,
    bic: iban.bic || null,
    reference: instructions.reference,
  };
}

/**
 * What chargebacks took back from this charge, in its currency: the full amount of every dispute that is
 * `lost`, or still contested with its funds withdrawn (`needs_response`, `under_review`, appeals, with a
 * balance transaction). A dispute that is won, prevented or only an inquiry (`warning_*`) takes nothing.
 */
async function chargedBackMinor(stripe: Stripe, charge: Stripe.Charge): Promise<number> {
  let total = 0;
  for await (const dispute of stripe.disputes.list({ charge: charge.id, limit: 100 })) {
    const contested =
      !['won', 'prevented', 'lost'].includes(dispute.status) && !dispute.status.startsWith('warning_');
    if (dispute.status === 'lost' || (contested && dispute.balance_transactions.length > 0)) {
      total += dispute.amount;
    }
  }
  return total;
}

function idsOf(object: unknown): { checkoutId: string | null; paymentId: string | null } {
  if (typeof object !== 'object' || object === null || !('object' in object) || !('id' in object)) {
    return { checkoutId: null, paymentId: null };
  }
  const record = object as { object: unknown; id: unknown; payment_intent?: unknown };
  switch (record.object) {
    case 'checkout.session':
      return { checkoutId: stringOrNull(record.id), paymentId: idOf(record.payment_intent) };
    case 'payment_intent':
      return { checkoutId: null, paymentId: stringOrNull(record.id) };
    case 'charge':
    case 'dispute':
    case 'refund':
      return { checkoutId: null, paymentId: idOf(record.payment_intent) };
    default:
      return { checkoutId: null, paymentId: null };
  }
}

function expanded<T extends { id: string }>(value: string | T | null | undefined): T | null {
  return typeof value === 'object' && value !== null ? value : null;
}

function idOf(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && value !== null && 'id' in value) return stringOrNull(value.id);
  return null;
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

function headerValue(
  headers: Readonly<Record<string, string | string[] | undefined>>,
  name: string,
): string | null {
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== name) continue;
    if (typeof value === 'string' && value !== '') return value;
    if (Array.isArray(value) && value.length === 1 && value[0] !== '') return value[0] ?? null;
    return null;
  }
  return null;
}

/** Connection errors, timeouts (which the SDK reports as connection errors), rate limits and 5xx. */
function isOutage(error: unknown): boolean {
  return (
    error instanceof Stripe.errors.StripeConnectionError ||
    error instanceof Stripe.errors.StripeRateLimitError ||
    (error instanceof Stripe.errors.StripeError && (error.statusCode ?? 0) >= 500)
  );
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function guard<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (isOutage(error))
      throw new ProviderUnavailableError(`Stripe is unavailable: ${messageOf(error)}`, { cause: error });
    throw error;
  }
}
