/**
 * A fake of the part of Mollie's v2 REST API the Mollie adapter uses, on plain HTTP at 127.0.0.1 (the
 * generated SDK takes a `serverURL`, so the real SDK talks to it unchanged). State lives in memory.
 *
 * Served: `GET /v2/profiles/me`, `GET /v2/methods`, `POST /v2/payments`, `GET /v2/payments/:id`,
 * `DELETE /v2/payments/:id`. Answers are `application/hal+json` in Mollie's shapes (HAL `_links`,
 * amounts as `{ currency, value }` strings, problem JSON `{ status, title, detail, _links }` for errors);
 * they are typed with the SDK's own models through {@link Wire}, so a misspelt or missing field does not
 * compile, and the SDK validates every answer again when it parses it.
 *
 * @example
 * const mollie = new MollieFakeServer({ apiKey: 'test_valid' });
 * await mollie.start();
 * const provider = mollieProvider({ apiKey: 'test_valid', serverUrl: mollie.url });
 * const checkout = await provider.createCheckout(request);   // an open payment, `tr_…`
 * mollie.setStatus(checkout.checkoutId, 'paid');              // the customer paid
 * await mollie.notify(checkout.checkoutId);                   // POST id=tr_… to its webhookUrl
 * mollie.refund(checkout.checkoutId, 500);                    // a partial refund of 5.00
 * await mollie.stop();
 *
 * @module
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type ListEntityMethod,
  type ListEntityMethodId,
  LocaleResponse,
  type MethodResponse,
  type PaymentDetails,
  type PaymentRequest$Outbound,
  type PaymentResponse,
  type ProfileResponse,
} from 'mollie-api-typescript/models';
import type { ErrorResponseData } from 'mollie-api-typescript/models/errors';
import type { ListMethodsResponse } from 'mollie-api-typescript/models/operations';
import type { RFCDate } from 'mollie-api-typescript/types';

/**
 * The JSON Mollie sends for one of the SDK's models. The SDK's types describe what it returns after
 * parsing, where `_links` and `_embedded` are renamed `links` and `embedded` and dates are `RFCDate`s;
 * this maps them back to the wire, field for field.
 */
export type Wire<T> = T extends string | number | boolean | null | undefined
  ? T
  : T extends RFCDate
    ? string
    : T extends readonly (infer U)[]
      ? Wire<U>[]
      : T extends object
        ? {
            [K in keyof T as K extends 'links' ? '_links' : K extends 'embedded' ? '_embedded' : K]: Wire<
              T[K]
            >;
          }
        : T;

export type MolliePaymentWire = Wire<PaymentResponse>;
/** A method id as Mollie's methods API writes it (`ideal`, `creditcard`, `banktransfer`…). */
export type MollieMethodId = ListEntityMethodId;

/** A payment method enabled on the fake's profile. */
export interface FakeMollieMethod {
  readonly id: MollieMethodId;
  /** Its name as Mollie's methods API gives it; defaults to a name for the common ids. */
  readonly description?: string;
  /** The currencies it takes; default `['EUR']`. */
  readonly currencies?: readonly string[];
  /** Smallest amount it takes, in minor units of the requested currency; default 1 (0.01). */
  readonly minimumMinor?: number;
  /** Largest amount, in minor units; default none. */
  readonly maximumMinor?: number | null;
}

export interface MollieFakeServerOptions {
  /** The one API key answered (`test_…` or `live_…`); any other `Authorization: Bearer` gets 401. */
  readonly apiKey: string;
  /** Default: iDEAL, Bancontact, card (EUR 0.01 … 10 000.00; card also USD, GBP and JPY) and bank transfer. */
  readonly methods?: readonly FakeMollieMethod[];
  /** Where the fake's hosted checkout pages live: a payment's checkout link is `<base>/<tr_id>`. */
  readonly checkoutBaseUrl?: string;
  /** The profile's name, answered by `GET /v2/profiles/me`. */
  readonly profileName?: string;
  /**
   * Methods whose open payments Mollie lets you cancel. Default `banktransfer` and `directdebit`, as at
   * Mollie: an open card, iDEAL or Bancontact payment is not cancelable (it expires by itself).
   */
  readonly cancelableMethods?: readonly string[];
}

/** One request the fake received, in order of arrival. */
export interface FakeMollieRequest {
  readonly method: string;
  /** The path without the query, e.g. `/v2/payments/tr_abc`. */
  readonly path: string;
  /** The decoded query, e.g. `{ 'amount[value]': '10.00', 'amount[currency]': 'EUR' }`. */
  readonly query: Readonly<Record<string, string>>;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** The parsed JSON body, or undefined when there was none. */
  readonly body: unknown;
}

/** Statuses a test can move a payment to with {@link MollieFakeServer.setStatus}. */
export type FakeMolliePaymentStatus =
  | 'open'
  | 'pending'
  | 'authorized'
  | 'paid'
  | 'failed'
  | 'canceled'
  | 'expired';

const DEFAULT_METHODS: readonly FakeMollieMethod[] = [
  { id: 'ideal', maximumMinor: 1_000_000 },
  { id: 'bancontact', minimumMinor: 2, maximumMinor: 1_000_000 },
  { id: 'creditcard', currencies: ['EUR', 'USD', 'GBP', 'JPY'], maximumMinor: 1_000_000 },
  { id: 'banktransfer', maximumMinor: 1_000_000 },
];

const METHOD_DESCRIPTIONS: Readonly<Record<string, string>> = {
  ideal: 'iDEAL',
  bancontact: 'Bancontact',
  creditcard: 'Card',
  banktransfer: 'Bank transfer',
  paypal: 'PayPal',
  kbc: 'KBC/CBC Payment Button',
  belfius: 'Belfius Pay Button',
  applepay: 'Apple Pay',
};

/** Decimals of the currencies the fake accepts (Mollie's: 2, JPY and ISK 0). */
const FAKE_DECIMALS: Readonly<Record<string, number>> = { EUR: 2, USD: 2, GBP: 2, CHF: 2, JPY: 0, ISK: 0 };

/** The bank account the fake's bank transfers go to (the ISO 13616 example IBAN). */
export const FAKE_MOLLIE_BANK = {
  bankName: 'Stichting Mollie Payments',
  bankAccount: 'NL91ABNA0417164300',
  bankBic: 'ABNANL2A',
} as const;

const DOCS = { href: 'https://docs.mollie.com/reference/v2/payments-api', type: 'text/html' };

class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
    readonly field?: string,
  ) {
    super(detail);
  }
}

export class MollieFakeServer {
  /** Every request received, oldest first (failed and unauthorized ones too). */
  readonly requests: FakeMollieRequest[] = [];
  /** The payments created, by id; tests may read them (write through the methods below). */
  readonly payments = new Map<string, MolliePaymentWire>();

  private readonly options: Required<Omit<MollieFakeServerOptions, 'checkoutBaseUrl'>> & {
    checkoutBaseUrl: string | null;
  };
  private readonly server: Server;
  private readonly byIdempotencyKey = new Map<string, string>();
  private failures: { remaining: number; status: number } = { remaining: 0, status: 500 };
  private delays: { remaining: number; ms: number } = { remaining: 0, ms: 0 };
  private baseUrl: string | null = null;

  constructor(options: MollieFakeServerOptions) {
    this.options = {
      apiKey: options.apiKey,
      methods: options.methods ?? DEFAULT_METHODS,
      checkoutBaseUrl: options.checkoutBaseUrl ?? null,
      profileName: options.profileName ?? 'Fake Mollie profile',
      cancelableMethods: options.cancelableMethods ?? ['banktransfer', 'directdebit'],
    };
    this.server = createServer((request, response) => {
      this.handle(request, response).catch((error: unknown) => {
        response.writeHead(500, { 'content-type': 'text/plain' });
        response.end(String(error));
      });
    });
  }

  /** The server's origin, e.g. `http://127.0.0.1:41234`: pass it as the adapter's `serverUrl`. */
  get url(): string {
    if (this.baseUrl === null) throw new Error('MollieFakeServer: start() it first');
    return this.baseUrl;
  }

  /** Listens on 127.0.0.1, on a free port. */
  async start(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', () => resolve());
    });
    const { port } = this.server.address() as AddressInfo;
    this.baseUrl = `http://127.0.0.1:${port}`;
  }

  /** Stops listening and closes open connections. */
  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve, reject) =>
      this.server.close((error) => (error ? reject(error) : resolve())),
    );
  }

  /** The next `count` API requests get `status` (default 500) as problem JSON, before authentication. */
  failNext(count: number, status = 500): void {
    this.failures = { remaining: count, status };
  }

  /** The next `count` API requests are answered only after `delayMs` (to test the adapter's timeout). */
  delayNext(count: number, delayMs: number): void {
    this.delays = { remaining: count, ms: delayMs };
  }

  /** The requests received for `method` whose path starts with `pathPrefix`, oldest first. */
  requestsTo(method: string, pathPrefix: string): FakeMollieRequest[] {
    return this.requests.filter(
      (request) => request.method === method && request.path.startsWith(pathPrefix),
    );
  }

  /** A created payment, as the API would answer it. @throws Error when there is none. */
  payment(paymentId: string): MolliePaymentWire {
    const payment = this.payments.get(paymentId);
    if (payment === undefined) throw new Error(`MollieFakeServer: no payment ${paymentId}`);
    return payment;
  }

  /**
   * Moves a payment to `status`, as the customer's action or the bank would, setting the matching
   * timestamp (`paidAt`, `failedAt`…) and merging `details` (e.g. `{ failureReason: 'card_declined' }`).
   * A payment no longer open loses its checkout link, as at Mollie.
   */
  setStatus(paymentId: string, status: FakeMolliePaymentStatus, details?: Wire<PaymentDetails>): void {
    const payment = this.payment(paymentId);
    const now = new Date().toISOString();
    payment.status = status;
    if (details !== undefined) payment.details = { ...payment.details, ...details };
    if (status === 'paid') {
      payment.paidAt = now;
      payment.amountRefunded ??= { currency: payment.amount.currency, value: zero(payment.amount.currency) };
      payment.amountRemaining ??= { ...payment.amount };
    }
    if (status === 'authorized') payment.authorizedAt = now;
    if (status === 'failed') payment.failedAt = now;
    if (status === 'canceled') payment.canceledAt = now;
    if (status === 'expired') payment.expiredAt = now;
    if (status !== 'open') delete payment._links.checkout;
    payment.isCancelable = this.cancelable(payment);
  }

  /** Refunds part or all of a paid payment (its status stays `paid`, as at Mollie). */
  refund(paymentId: string, amountMinor: number): void {
    const payment = this.payment(paymentId);
    if (payment.status !== 'paid') throw new Error(`MollieFakeServer: ${paymentId} is not paid`);
    const currency = payment.amount.currency;
    const refunded = toMinor(payment.amountRefunded?.value ?? zero(currency)) + amountMinor;
    const paid = toMinor(payment.amount.value);
    if (amountMinor <= 0 || refunded > paid) throw new Error('MollieFakeServer: refund out of range');
    payment.amountRefunded = { currency, value: toValue(refunded, currency) };
    payment.amountRemaining = { currency, value: toValue(paid - refunded, currency) };
  }

  /** Records a chargeback of `amountMinor` on a paid payment (its status stays `paid`, as at Mollie). */
  chargeback(paymentId: string, amountMinor: number): void {
    const payment = this.payment(paymentId);
    if (payment.status !== 'paid') throw new Error(`MollieFakeServer: ${paymentId} is not paid`);
    const currency = payment.amount.currency;
    const chargedBack = toMinor(payment.amountChargedBack?.value ?? zero(currency)) + amountMinor;
    if (amountMinor <= 0 || chargedBack > toMinor(payment.amount.value)) {
      throw new Error('MollieFakeServer: chargeback out of range');
    }
    payment.amountChargedBack = { currency, value: toValue(chargedBack, currency) };
  }

  /**
   * Posts `id=tr_…` (`application/x-www-form-urlencoded`) to the payment's `webhookUrl`, or to
   * `webhookUrl` when given, as Mollie does after every status change; answers the receiver's response.
   */
  async notify(paymentId: string, webhookUrl?: string): Promise<{ status: number; body: string }> {
    const target = webhookUrl ?? this.payment(paymentId).webhookUrl;
    if (!target) throw new Error(`MollieFakeServer: ${paymentId} has no webhookUrl`);
    const response = await fetch(target, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'user-agent': 'Mollie HTTP client/1.0',
      },
      body: new URLSearchParams({ id: paymentId }).toString(),
      redirect: 'manual',
    });
    return { status: response.status, body: await response.text() };
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://fake');
    const raw = await readBody(request);
    let body: unknown;
    try {
      body = raw.length > 0 ? JSON.parse(raw) : undefined;
    } catch {
      body = raw;
    }
    this.requests.push({
      method: request.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: { ...request.headers },
      body,
    });

    if (this.delays.remaining > 0) {
      this.delays.remaining -= 1;
      await new Promise((resolve) => setTimeout(resolve, this.delays.ms));
    }
    try {
      if (this.failures.remaining > 0) {
        this.failures.remaining -= 1;
        throw new HttpProblem(this.failures.status, 'Fake failure', 'The fake was told to fail this request');
      }
      this.authenticate(request.headers.authorization);
      const [status, answer] = this.route(request.method ?? 'GET', url, body, request.headers);
      send(response, status, answer);
    } catch (error) {
      if (!(error instanceof HttpProblem)) throw error;
      const problem: Wire<ErrorResponseData> = {
        status: error.status,
        title: error.title,
        detail: error.detail,
        ...(error.field === undefined ? {} : { field: error.field }),
        _links: { documentation: DOCS },
      };
      send(response, error.status, problem);
    }
  }

  private authenticate(authorization: string | undefined): void {
    if (authorization !== `Bearer ${this.options.apiKey}`) {
      throw new HttpProblem(401, 'Unauthorized Request', 'Missing authentication, or failed to authenticate');
    }
  }

  private route(
    method: string,
    url: URL,
    body: unknown,
    headers: IncomingMessage['headers'],
  ): [number, unknown] {
    const path = url.pathname;
    if (method === 'GET' && path === '/v2/profiles/me') return [200, this.profile()];
    if (method === 'GET' && path === '/v2/methods') return [200, this.listMethods(url.searchParams)];
    if (method === 'POST' && path === '/v2/payments') {
      const key = headers['idempotency-key'];
      return this.createPayment(body, typeof key === 'string' ? key : null);
    }
    const match = /^\/v2\/payments\/([^/]+)$/.exec(path);
    if (match?.[1] !== undefined) {
      const payment = this.payments.get(match[1]);
      if (payment === undefined) {
        throw new HttpProblem(404, 'Not Found', `No payment exists with token ${match[1]}.`);
      }
      if (method === 'GET') return [200, payment];
      if (method === 'DELETE') return [200, this.cancel(payment)];
    }
    throw new HttpProblem(404, 'Not Found', `The resource ${method} ${path} does not exist.`);
  }

  private mode(): 'test' | 'live' {
    return this.options.apiKey.startsWith('live_') ? 'live' : 'test';
  }

  private profile(): Wire<ProfileResponse> {
    return {
      resource: 'profile',
      id: 'pfl_fake',
      mode: this.mode(),
      name: this.options.profileName,
      website: 'https://invoices.example',
      email: 'billing@invoices.example',
      phone: '+32000000000',
      businessCategory: null,
      status: 'verified',
      createdAt: '2026-01-01T00:00:00+00:00',
      _links: { self: { href: `${this.url}/v2/profiles/pfl_fake`, type: 'application/hal+json' } },
    };
  }

  private listMethods(query: URLSearchParams): Wire<ListMethodsResponse> {
    const value = query.get('amount[value]');
    const currency = query.get('amount[currency]') ?? 'EUR';
    if (value !== null && !Object.hasOwn(FAKE_DECIMALS, currency)) {
      throw new HttpProblem(
        400,
        'Bad Request',
        `The currency ${currency} is not supported`,
        'amount.currency',
      );
    }
    const amount = value === null ? null : toMinorOrProblem(value, currency, 'amount.value');
    const methods = this.options.methods.filter(
      (method) =>
        (method.currencies ?? ['EUR']).includes(currency) && (amount === null || fits(method, amount)),
    );
    const self = `${this.url}/v2/methods`;
    return {
      count: methods.length,
      _embedded: {
        methods: methods.map(
          (method): Wire<ListEntityMethod> => ({
            resource: 'method',
            id: method.id,
            description: method.description ?? METHOD_DESCRIPTIONS[method.id] ?? method.id,
            minimumAmount: { currency, value: toValue(method.minimumMinor ?? 1, currency) },
            maximumAmount:
              method.maximumMinor == null
                ? null
                : { currency, value: toValue(method.maximumMinor, currency) },
            image: {
              size1x: `https://www.mollie.com/external/icons/payment-methods/${method.id}.png`,
              size2x: `https://www.mollie.com/external/icons/payment-methods/${method.id}%402x.png`,
              svg: `https://www.mollie.com/external/icons/payment-methods/${method.id}.svg`,
            },
            status: 'activated',
            _links: { self: { href: `${self}/${method.id}`, type: 'application/hal+json' } },
          }),
        ),
      },
      _links: { self: { href: self, type: 'application/hal+json' }, documentation: DOCS },
    };
  }

  private createPayment(body: unknown, idempotencyKey: string | null): [number, MolliePaymentWire] {
    if (idempotencyKey !== null) {
      const existing = this.byIdempotencyKey.get(idempotencyKey);
      if (existing !== undefined) return [201, this.payment(existing)];
    }
    const request = body as Partial<PaymentRequest$Outbound> | undefined;
    if (typeof request?.description !== 'string' || request.description === '') {
      throw new HttpProblem(422, 'Unprocessable Entity', 'The description is invalid', 'description');
    }
    if (typeof request.redirectUrl !== 'string') {
      throw new HttpProblem(422, 'Unprocessable Entity', 'The redirect URL is invalid', 'redirectUrl');
    }
    const amount = request.amount;
    if (typeof amount?.currency !== 'string' || !Object.hasOwn(FAKE_DECIMALS, amount.currency)) {
      throw new HttpProblem(422, 'Unprocessable Entity', 'The currency is not supported', 'amount.currency');
    }
    const amountMinor = toMinorOrProblem(String(amount.value), amount.currency, 'amount.value');
    const locale = request.locale ?? null;
    if (locale !== null && !(Object.values(LocaleResponse) as string[]).includes(locale)) {
      throw new HttpProblem(422, 'Unprocessable Entity', `The locale ${locale} is not supported`, 'locale');
    }
    const methodId = typeof request.method === 'string' ? request.method : null;
    const method = this.options.methods.find((candidate) => candidate.id === methodId);
    if (methodId !== null && method === undefined) {
      throw new HttpProblem(
        422,
        'Unprocessable Entity',
        `The payment method ${methodId} is not enabled`,
        'method',
      );
    }
    if (method !== undefined && !fits(method, amountMinor)) {
      throw new HttpProblem(
        422,
        'Unprocessable Entity',
        'The amount is out of range for this method',
        'amount',
      );
    }

    const id = `tr_${randomId()}`;
    const created = new Date();
    // Mollie: 15 minutes for most methods; bank transfers stay open for weeks (28 days here).
    const lifetimeMs = methodId === 'banktransfer' ? 28 * 86_400_000 : 15 * 60_000;
    const self = `${this.url}/v2/payments/${id}`;
    const checkout = `${this.options.checkoutBaseUrl ?? `${this.url}/checkout`}/${id}`;
    const payment: MolliePaymentWire = {
      resource: 'payment',
      id,
      mode: this.mode(),
      description: request.description,
      amount: { currency: amount.currency, value: amount.value },
      redirectUrl: request.redirectUrl,
      cancelUrl: request.cancelUrl ?? null,
      webhookUrl: request.webhookUrl ?? null,
      locale: locale as LocaleResponse | null,
      method: methodId as MethodResponse | null,
      metadata: request.metadata ?? null,
      sequenceType: 'oneoff',
      profileId: 'pfl_fake',
      status: 'open',
      createdAt: created.toISOString(),
      expiresAt: new Date(created.getTime() + lifetimeMs).toISOString(),
      _links: {
        self: { href: self, type: 'application/hal+json' },
        checkout: { href: checkout, type: 'text/html' },
        dashboard: { href: `https://my.mollie.com/dashboard/payments/${id}`, type: 'text/html' },
        documentation: DOCS,
      },
    };
    if (methodId === 'banktransfer') {
      payment.details = {
        ...FAKE_MOLLIE_BANK,
        transferReference: `RF18 ${id.slice(3, 7).toUpperCase()} 0000 0001`,
      };
    }
    payment.isCancelable = this.cancelable(payment);
    this.payments.set(id, payment);
    if (idempotencyKey !== null) this.byIdempotencyKey.set(idempotencyKey, id);
    return [201, payment];
  }

  private cancel(payment: MolliePaymentWire): MolliePaymentWire {
    if (!payment.isCancelable) {
      throw new HttpProblem(422, 'Unprocessable Entity', 'The payment cannot be canceled');
    }
    this.setStatus(payment.id, 'canceled');
    return payment;
  }

  private cancelable(payment: MolliePaymentWire): boolean {
    if (payment.status === 'authorized') return true;
    return (
      (payment.status === 'open' || payment.status === 'pending') &&
      typeof payment.method === 'string' &&
      this.options.cancelableMethods.includes(payment.method)
    );
  }
}

function fits(method: FakeMollieMethod, amountMinor: number): boolean {
  return (
    amountMinor >= (method.minimumMinor ?? 1) &&
    (method.maximumMinor == null || amountMinor <= method.maximumMinor)
  );
}

function decimalsOf(currency: string): number {
  const decimals = FAKE_DECIMALS[currency];
  if (decimals === undefined) throw new Error(`MollieFakeServer: unknown currency ${currency}`);
  return decimals;
}

function zero(currency: string): string {
  return toValue(0, currency);
}

/** Minor units → Mollie's value, written independently of the adapter's converter. */
function toValue(minor: number, currency: string): string {
  const decimals = decimalsOf(currency);
  if (decimals === 0) return String(minor);
  const text = String(minor).padStart(decimals + 1, '0');
  return `${text.slice(0, -decimals)}.${text.slice(-decimals)}`;
}

/** Mollie's value → minor units; only for values the fake checked or wrote itself. */
function toMinor(value: string): number {
  return Number(value.replace('.', ''));
}

function toMinorOrProblem(value: string, currency: string, field: string): number {
  const decimals = decimalsOf(currency);
  const pattern = decimals === 0 ? /^\d+$/ : new RegExp(`^\\d+\\.\\d{${decimals}}$`);
  if (!pattern.test(value)) {
    throw new HttpProblem(
      422,
      'Unprocessable Entity',
      `The amount contains an invalid value for ${currency}: ${JSON.stringify(value)}`,
      field,
    );
  }
  return toMinor(value);
}

function randomId(): string {
  return randomBytes(8).toString('base64url').replace(/[-_]/g, 'x').slice(0, 10);
}

function send(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/hal+json',
    'content-length': Buffer.byteLength(text),
    ...(status === 429 ? { 'retry-after': '1' } : {}),
  });
  response.end(text);
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}
