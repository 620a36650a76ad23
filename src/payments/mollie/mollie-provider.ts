/**
 * The Mollie adapter of the {@link PaymentProvider} port, on Mollie's generated TypeScript SDK
 * (`mollie-api-typescript`).
 *
 * NOTE: why this SDK and not `@mollie/api-client` 4: it takes a `serverURL`, so the tests run the real
 * SDK against a plain-HTTP fake on 127.0.0.1 without relaxing TLS (api-client 4 only speaks HTTPS with
 * its own pinned CA list); it uses Node's `fetch`, has typed models for requests, answers and errors,
 * and its one dependency is `zod`, which we already have.
 *
 * @module
 */
import { Client } from 'mollie-api-typescript';
import { MethodEnum, type PaymentResponse } from 'mollie-api-typescript/models';
import {
  ClientError,
  ConnectionError,
  ErrorResponse,
  RequestTimeoutError,
} from 'mollie-api-typescript/models/errors';
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
import { fromMollieAmount, isMollieCurrency, toMollieAmount } from './mollie-amount.ts';
import { toMollieLocale } from './mollie-locale.ts';
import { mollieMethodName } from './mollie-method-names.ts';

export interface MollieProviderConfig {
  /** The profile's API key, `test_…` or `live_…`. */
  readonly apiKey: string;
  /** Mollie's API origin; default `https://api.mollie.com`. Tests give the fake server's URL. */
  readonly serverUrl?: string;
  /** Per request; default 10 s. A timeout is an outage ({@link ProviderUnavailableError}). */
  readonly timeoutMs?: number;
}

/** Mollie payment ids: `tr_` and letters and digits. */
const PAYMENT_ID = /^tr_[A-Za-z0-9]{1,64}$/;

const MOLLIE_METHOD_IDS: ReadonlySet<string> = new Set(Object.values(MethodEnum));

/** Mollie's payment statuses in the port's words; `authorized` (captured later) is money on its way. */
const STATUSES: Readonly<Record<string, ProviderPaymentStatus>> = {
  open: 'open',
  pending: 'pending',
  authorized: 'pending',
  paid: 'paid',
  failed: 'failed',
  canceled: 'canceled',
  expired: 'expired',
};

const MALFORMED: WebhookNotice = { ok: false, reason: 'malformed' };

/**
 * A {@link PaymentProvider} for one Mollie profile.
 *
 * @example
 * const mollie = mollieProvider({ apiKey: 'live_…' });
 * const methods = await mollie.listMethods({ amountMinor: 12_100, currency: 'EUR', locale: 'fr-BE' });
 */
export function mollieProvider(config: MollieProviderConfig): PaymentProvider {
  const client = new Client({
    security: { apiKey: config.apiKey },
    ...(config.serverUrl === undefined ? {} : { serverURL: config.serverUrl }),
    timeoutMs: config.timeoutMs ?? 10_000,
    // NOTE: no retries inside the SDK (its default retries 5xx, 429 and connection errors for 7.5 s):
    // an outage is reported at once as ProviderUnavailableError, and the caller decides (a job retries
    // on its own schedule, a customer is told at once).
    retryConfig: { strategy: 'none' },
  });

  return {
    name: 'mollie',

    async verify(): Promise<VerifyResult> {
      const testMode = config.apiKey.startsWith('test_')
        ? true
        : config.apiKey.startsWith('live_')
          ? false
          : null;
      if (testMode === null) {
        return {
          ok: false,
          reason: 'invalid_credentials',
          message: 'A Mollie API key starts with test_ or live_.',
        };
      }
      try {
        // The profile of the key: the cheapest authenticated call an API key may make (the
        // organization endpoints need an OAuth or organization access token).
        const profile = await client.profiles.getCurrent();
        return { ok: true, accountName: profile.name, testMode };
      } catch (error) {
        if (error instanceof ClientError && (error.statusCode === 401 || error.statusCode === 403)) {
          return { ok: false, reason: 'invalid_credentials', message: problemDetail(error) };
        }
        if (isOutage(error)) return { ok: false, reason: 'unreachable', message: describe(error) };
        throw error;
      }
    },

    async listMethods({ amountMinor, currency, locale }): Promise<PaymentMethod[]> {
      if (!isMollieCurrency(currency)) return [];
      const mollieLocale = toMollieLocale(locale);
      const answer = await call('list methods', () =>
        client.methods.list({
          amount: toMollieAmount(amountMinor, currency),
          sequenceType: 'oneoff',
          ...(mollieLocale === null ? {} : { locale: mollieLocale }),
        }),
      );
      return answer.embedded.methods.flatMap((method) =>
        method.id === null
          ? []
          : [
              {
                id: method.id,
                name: method.description,
                iconUrl: method.image.svg.startsWith('https://') ? method.image.svg : null,
                isBankTransfer: method.id === 'banktransfer',
              },
            ],
      );
    },

    async createCheckout(request: CheckoutRequest): Promise<Checkout> {
      const method = mollieMethod(request.methodId);
      const locale = toMollieLocale(request.locale);
      const payment = await call('create payment', () =>
        client.payments.create({
          // Sent as Mollie's `Idempotency-Key` header: a retried creation answers the same payment.
          idempotencyKey: request.idempotencyKey,
          paymentRequest: {
            amount: toMollieAmount(request.amountMinor, request.currency),
            description: request.description,
            redirectUrl: request.returnUrl,
            cancelUrl: request.cancelUrl,
            webhookUrl: request.webhookUrl,
            method,
            sequenceType: 'oneoff',
            metadata: { attemptId: request.attemptId },
            ...(locale === null ? {} : { locale }),
            // Mollie e-mails the transfer instructions to this address; other methods need no address
            // (and some would then want a full one).
            ...(method === 'banktransfer' && request.customerEmail !== null
              ? { billingAddress: { email: request.customerEmail } }
              : {}),
          },
        }),
      );
      const url = payment.links.checkout?.href;
      if (url === undefined) {
        throw new Error(
          `Mollie created payment ${payment.id} without a checkout link (status ${payment.status})`,
        );
      }
      return {
        checkoutId: payment.id,
        url,
        expiresAt: payment.expiresAt ? new Date(payment.expiresAt) : null,
      };
    },

    async fetchPayment(reference): Promise<ProviderPayment> {
      // A Mollie checkout is its payment: both references are the `tr_…` id.
      const id = 'checkoutId' in reference ? reference.checkoutId : reference.paymentId;
      if (!PAYMENT_ID.test(id)) throw new RangeError(`Not a Mollie payment id: ${JSON.stringify(id)}`);
      const payment = await call('get payment', () => client.payments.get({ paymentId: id }));
      return providerPayment(payment);
    },

    readWebhook({ rawBody, headers }): WebhookNotice {
      try {
        const contentType = firstHeader(headers['content-type']);
        if (contentType !== undefined && !/^application\/x-www-form-urlencoded\s*(;|$)/i.test(contentType)) {
          return MALFORMED;
        }
        if (rawBody.length > 1024) return MALFORMED;
        const ids = new URLSearchParams(rawBody.toString('utf8')).getAll('id');
        const id = ids.length === 1 ? ids[0] : undefined;
        if (id === undefined || !PAYMENT_ID.test(id)) return MALFORMED;
        return { ok: true, eventId: null, type: null, checkoutId: id, paymentId: id };
      } catch {
        return MALFORMED;
      }
    },

    // A failed Mollie payment ends its checkout: the attempt's own status counts it (R18).
    isDeclineNotice: () => false,

    async expireCheckout(checkoutId: string): Promise<void> {
      if (!PAYMENT_ID.test(checkoutId)) {
        throw new RangeError(`Not a Mollie payment id: ${JSON.stringify(checkoutId)}`);
      }
      try {
        await call('cancel payment', () => client.payments.cancel({ paymentId: checkoutId }));
      } catch (error) {
        // NOTE: 422 is Mollie's "this payment cannot be canceled": already final, or an open payment of a
        // method Mollie does not cancel (cards, iDEAL, Bancontact…), which expires by itself (`expiresAt`).
        // Either way nothing more can be done here; the payment's truth is still re-read on its webhook.
        if (error instanceof ClientError && error.statusCode === 422) return;
        throw error;
      }
    },
  };
}

function mollieMethod(methodId: string): MethodEnum {
  if (!MOLLIE_METHOD_IDS.has(methodId)) {
    throw new RangeError(`Not a Mollie payment method: ${JSON.stringify(methodId)}`);
  }
  return methodId as MethodEnum;
}

function providerPayment(payment: PaymentResponse): ProviderPayment {
  const status = Object.hasOwn(STATUSES, payment.status) ? STATUSES[payment.status] : undefined;
  if (status === undefined) {
    throw new Error(`Mollie payment ${payment.id} has an unknown status ${JSON.stringify(payment.status)}`);
  }
  const currency = payment.amount.currency;
  const minorOf = (amount: { currency: string; value: string } | undefined, what: string): number => {
    if (amount === undefined) return 0;
    if (amount.currency !== currency) {
      throw new Error(
        `Mollie payment ${payment.id}: ${what} is in ${amount.currency}, the payment in ${currency}`,
      );
    }
    return fromMollieAmount(amount);
  };
  const methodId = payment.method ?? null;
  const details = payment.details ?? null;
  const bankTransfer =
    methodId === 'banktransfer' &&
    (status === 'open' || status === 'pending') &&
    details?.bankName !== undefined &&
    details.bankAccount !== undefined &&
    typeof details.transferReference === 'string'
      ? {
          beneficiary: details.bankName,
          iban: details.bankAccount,
          bic: details.bankBic ?? null,
          reference: details.transferReference,
        }
      : null;
  const metadata = payment.metadata;
  const attemptId =
    typeof metadata === 'object' &&
    metadata !== null &&
    !Array.isArray(metadata) &&
    typeof metadata.attemptId === 'string'
      ? metadata.attemptId
      : null;

  return {
    checkoutId: payment.id,
    paymentId: payment.id,
    status,
    amountMinor: fromMollieAmount(payment.amount),
    currency,
    methodId,
    methodName: methodId === null ? null : mollieMethodName(methodId),
    attemptId,
    bankTransfer,
    refundedMinor: minorOf(payment.amountRefunded, 'amountRefunded'),
    chargedBackMinor: minorOf(payment.amountChargedBack, 'amountChargedBack'),
    paidAt: payment.paidAt ? new Date(payment.paidAt) : null,
    failureReason: status === 'failed' ? (details?.failureReason ?? null) : null,
    // A failed Mollie payment ends its checkout: the attempt's own status counts it (R18).
    declineReason: null,
  };
}

/** Connection failures, timeouts, 5xx and 429 are outages; every other error is the caller's. */
function isOutage(error: unknown): boolean {
  if (error instanceof ConnectionError || error instanceof RequestTimeoutError) return true;
  return error instanceof ClientError && (error.statusCode >= 500 || error.statusCode === 429);
}

async function call<T>(what: string, request: () => Promise<T>): Promise<T> {
  try {
    return await request();
  } catch (error) {
    if (isOutage(error)) {
      throw new ProviderUnavailableError(`Mollie (${what}): ${describe(error)}`, { cause: error });
    }
    throw error;
  }
}

function describe(error: unknown): string {
  if (error instanceof ClientError) return `HTTP ${error.statusCode}: ${problemDetail(error)}`;
  return error instanceof Error ? error.message : String(error);
}

/** Mollie's `detail` from its problem JSON, whichever error class the SDK chose for the status. */
function problemDetail(error: ClientError): string {
  if (error instanceof ErrorResponse) return error.detail;
  try {
    const body: unknown = JSON.parse(error.body);
    if (typeof body === 'object' && body !== null && 'detail' in body && typeof body.detail === 'string') {
      return body.detail;
    }
  } catch {
    // Not JSON: fall through to the status line.
  }
  return `Mollie answered HTTP ${error.statusCode}`;
}

function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
