/**
 * A local Stripe for tests: an HTTP server on 127.0.0.1 that speaks the part of Stripe's REST API the
 * Stripe adapter uses, so the real `stripe` SDK runs against it (`api: { host, port, protocol: 'http' }`).
 * State lives in memory; objects are typed with the SDK's own types, so a wrong field is a compile error.
 *
 * API served (form-encoded bodies with Stripe's bracket syntax, `expand[]`, `Authorization: Bearer`
 * checked, `Idempotency-Key` honoured on POST):
 * - `GET /v1/account`
 * - `GET /v1/payment_method_configurations` (a default configuration with the enabled methods, and one
 *   other configuration that is not the default)
 * - `POST /v1/checkout/sessions`, `GET /v1/checkout/sessions[?payment_intent=]`,
 *   `GET /v1/checkout/sessions/:id`, `POST /v1/checkout/sessions/:id/expire`
 * - `GET /v1/payment_intents/:id`, `GET /v1/charges/:id`, `GET /v1/disputes[?charge=|?payment_intent=]`
 *
 * Plus the hosted page a session's `url` points at: `GET /pay/:sessionId` shows buttons whose
 * `POST /pay/:sessionId` runs {@link StripeFakeServer.completeCheckout} and redirects like Stripe does.
 *
 * Control API, for adapter tests and end-to-end payment tests:
 *
 * @example
 * const fake = new StripeFakeServer({ secretKey: 'sk_test_fake', webhookSecret: 'whsec_fake',
 *   methods: ['card', 'bancontact', 'customer_balance'] });
 * await fake.start();
 * const provider = stripeProvider({ secretKey: 'sk_test_fake', webhookSecret: 'whsec_fake',
 *   api: fake.api, maxNetworkRetries: 0 });
 * const { checkoutId } = await provider.createCheckout(request);
 * const [completed] = fake.completeCheckout(checkoutId, 'paid');   // returns the events it created
 * const { body, headers } = fake.signedDelivery(completed);         // or: await fake.deliver(completed, url)
 * fake.failNext(2);                                                 // the next two API calls answer 500
 * await fake.stop();
 *
 * @module
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';

export interface StripeFakeOptions {
  /** The one API key the fake accepts; any other gets Stripe's 401. Default `sk_test_fake_key`. */
  readonly secretKey?: string;
  /** The webhook signing secret {@link StripeFakeServer.signedDelivery} signs with. Default `whsec_fake_secret`. */
  readonly webhookSecret?: string;
  /** Payment method types enabled (available) in the default configuration. Default card, bancontact, ideal,
   * sepa_debit, customer_balance. */
  readonly methods?: readonly string[];
  /** The account behind the key. */
  readonly account?: { readonly id?: string; readonly name?: string; readonly country?: string };
}

/** One API call the fake received (outage answers included). */
export interface StripeFakeRequest {
  readonly method: string;
  /** Without the query string, e.g. `/v1/checkout/sessions`. */
  readonly path: string;
  /** The decoded form body (POST) or query (GET), brackets turned into objects and arrays. */
  readonly params: Record<string, unknown>;
  readonly idempotencyKey: string | null;
  readonly authorization: string | null;
  readonly status: number;
}

/** How a customer finishes on the hosted page. */
export type StripeFakeCheckoutOutcome = 'paid' | 'pending' | 'failed' | 'canceled' | 'expired';

/** Every method a configuration lists; those not enabled are listed as unavailable. */
const CONFIGURATION_METHODS = [
  'apple_pay',
  'bancontact',
  'card',
  'customer_balance',
  'eps',
  'google_pay',
  'ideal',
  'klarna',
  'link',
  'p24',
  'paypal',
  'sepa_debit',
] as const;

/** Methods whose payment is only known later (Checkout completes them `unpaid`, then async events). */
const DELAYED_METHODS = new Set([
  'sepa_debit',
  'customer_balance',
  'us_bank_account',
  'bacs_debit',
  'acss_debit',
]);

type Params = Record<string, unknown>;

class FakeApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: { error: Record<string, unknown> },
  ) {
    super(String(body.error.message));
  }
}

export class StripeFakeServer {
  readonly secretKey: string;
  readonly webhookSecret: string;
  /** Every API call received, oldest first. */
  readonly requests: StripeFakeRequest[] = [];
  /** Every event the fake created, oldest first (as Stripe would have sent them). */
  readonly events: Stripe.Event[] = [];

  readonly #methods: ReadonlySet<string>;
  readonly #account: Stripe.Account;
  readonly #configurations: Stripe.PaymentMethodConfiguration[];
  readonly #sessions = new Map<string, Stripe.Checkout.Session>();
  readonly #intents = new Map<string, Stripe.PaymentIntent>();
  readonly #charges = new Map<string, Stripe.Charge>();
  readonly #disputes = new Map<string, Stripe.Dispute>();
  /** A session's `payment_intent_data`, for the PaymentIntent Checkout creates at confirmation. */
  readonly #intentData = new Map<string, { description: string | null; metadata: Record<string, string> }>();
  readonly #idempotency = new Map<string, { fingerprint: string; status: number; body: string }>();
  #failures = { count: 0, status: 500 };
  #delays = { count: 0, ms: 0 };
  #server: Server | null = null;
  #port = 0;

  constructor(options: StripeFakeOptions = {}) {
    this.secretKey = options.secretKey ?? 'sk_test_fake_key';
    this.webhookSecret = options.webhookSecret ?? 'whsec_fake_secret';
    this.#methods = new Set(
      options.methods ?? ['card', 'bancontact', 'ideal', 'sepa_debit', 'customer_balance'],
    );
    this.#account = newAccount(
      options.account?.id ?? 'acct_fake1234567890',
      options.account?.name ?? 'Fake Company BV',
      options.account?.country ?? 'BE',
    );
    this.#configurations = [
      newConfiguration('pmc_fake_other', 'Other platform configuration', false, new Set(['card'])),
      newConfiguration('pmc_fake_default', 'Default', true, this.#methods),
    ];
  }

  /** `http://127.0.0.1:<port>`, once started. */
  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get port(): number {
    if (this.#server === null) throw new Error('The Stripe fake is not started');
    return this.#port;
  }

  /** What the adapter's `api` option takes. */
  get api(): { host: string; port: number; protocol: 'http' } {
    return { host: '127.0.0.1', port: this.port, protocol: 'http' };
  }

  async start(): Promise<void> {
    const server = createServer((request, response) => {
      this.#handle(request, response).catch((error: unknown) => {
        response.writeHead(500, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ error: { type: 'api_error', message: String(error) } }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.#server = server;
    this.#port = (server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    const server = this.#server;
    if (server === null) return;
    this.#server = null;
    server.closeAllConnections();
    await new Promise<void>((resolve, reject) =>
      server.close((error) => (error ? reject(error) : resolve())),
    );
  }

  /** The next `count` API calls answer `status` (an outage); the SDK's retries count as calls. */
  failNext(count: number, status = 500): void {
    this.#failures = { count, status };
  }

  /**
   * The next `count` API calls are answered only after `delayMs` (a slow Stripe, beyond the adapter's
   * timeout); the SDK's retries count as calls.
   */
  delayNext(count: number, delayMs: number): void {
    this.#delays = { count, ms: delayMs };
  }

  /** A stored session, as the API would return it unexpanded. */
  session(id: string): Stripe.Checkout.Session {
    return structuredClone(required(this.#sessions.get(id), `No such checkout.session: ${id}`));
  }

  paymentIntent(id: string): Stripe.PaymentIntent {
    return structuredClone(required(this.#intents.get(id), `No such payment_intent: ${id}`));
  }

  /**
   * The customer finishes on the hosted page. Returns the events created:
   * - `paid`: the payment succeeds at once → `checkout.session.completed` (paid);
   * - `pending`: a delayed method (SEPA Direct Debit, or a bank transfer whose instructions the customer
   *   now has) → `checkout.session.completed` (unpaid); then {@link settlePending};
   * - `failed`: the payment is declined (`card_declined`); like Stripe, the session stays open for another
   *   try → `payment_intent.payment_failed`. A failure that ends the checkout is `settlePending(id, 'failed')`;
   * - `canceled`: the session completes but its PaymentIntent is canceled (`abandoned`) before any money →
   *   `checkout.session.completed`, `payment_intent.canceled`;
   * - `expired`: the session expires → `checkout.session.expired`.
   */
  completeCheckout(sessionId: string, outcome: StripeFakeCheckoutOutcome): Stripe.Event[] {
    const session = this.#openSession(sessionId);
    const created: Stripe.Event[] = [];
    if (outcome === 'expired') {
      this.#expire(session);
      return [this.#event({ type: 'checkout.session.expired', object: session }, created)];
    }
    const method = session.allowed_payment_method_types?.[0] ?? 'card';
    const intent = this.#intentFor(session, method);
    if (outcome === 'failed') {
      const charge = this.#newCharge(intent, method, 'failed');
      intent.status = 'requires_payment_method';
      intent.last_payment_error = paymentError('card_declined', 'Your card was declined.', method);
      intent.latest_charge = charge.id;
      return [this.#event({ type: 'payment_intent.payment_failed', object: intent }, created)];
    }
    session.status = 'complete';
    session.customer_details = customerDetails(session.customer_email);
    if (outcome === 'paid') {
      const charge = this.#newCharge(intent, method, 'succeeded');
      intent.status = 'succeeded';
      intent.amount_received = intent.amount;
      intent.latest_charge = charge.id;
      session.payment_status = 'paid';
      return [this.#event({ type: 'checkout.session.completed', object: session }, created)];
    }
    session.payment_status = 'unpaid';
    if (method === 'customer_balance') {
      intent.status = 'requires_action';
      intent.next_action = bankTransferAction(intent, this.#account);
    } else {
      const charge = this.#newCharge(intent, method, 'pending');
      intent.status = 'processing';
      intent.latest_charge = charge.id;
    }
    this.#event({ type: 'checkout.session.completed', object: session }, created);
    if (outcome === 'canceled') {
      intent.status = 'canceled';
      intent.cancellation_reason = 'abandoned';
      intent.canceled_at = now();
      intent.next_action = null;
      this.#event({ type: 'payment_intent.canceled', object: intent }, created);
    } else if (!DELAYED_METHODS.has(method)) {
      throw new Error(`${method} is not a delayed method: a pending outcome needs e.g. sepa_debit`);
    }
    return created;
  }

  /**
   * A delayed payment ends: `paid` → `checkout.session.async_payment_succeeded`; `failed` (with
   * `failureCode`, default `insufficient_funds`) → `checkout.session.async_payment_failed`.
   */
  settlePending(
    sessionId: string,
    outcome: 'paid' | 'failed',
    failureCode = 'insufficient_funds',
  ): Stripe.Event[] {
    const session = required(this.#sessions.get(sessionId), `No such checkout.session: ${sessionId}`);
    const intent = this.#intents.get(idOf(session.payment_intent) ?? '');
    if (session.status !== 'complete' || session.payment_status !== 'unpaid' || intent === undefined) {
      throw new Error(`Checkout Session ${sessionId} has no pending payment`);
    }
    const method = intent.payment_method_types[0] ?? 'card';
    let charge = this.#charges.get(idOf(intent.latest_charge) ?? '');
    charge ??= this.#newCharge(intent, method, 'pending');
    intent.latest_charge = charge.id;
    intent.next_action = null;
    const created: Stripe.Event[] = [];
    if (outcome === 'paid') {
      charge.status = 'succeeded';
      charge.paid = true;
      charge.amount_captured = charge.amount;
      intent.status = 'succeeded';
      intent.amount_received = intent.amount;
      session.payment_status = 'paid';
      return [this.#event({ type: 'checkout.session.async_payment_succeeded', object: session }, created)];
    }
    charge.status = 'failed';
    charge.failure_code = failureCode;
    charge.failure_message = 'The payment failed.';
    intent.status = 'requires_payment_method';
    intent.last_payment_error = paymentError(failureCode, 'The payment failed.', method);
    return [this.#event({ type: 'checkout.session.async_payment_failed', object: session }, created)];
  }

  /** Refunds part or all of the payment's charge → `charge.refunded`. */
  refund(paymentIntentId: string, amountMinor: number): Stripe.Event[] {
    const charge = this.#succeededCharge(paymentIntentId);
    if (charge.amount_refunded + amountMinor > charge.amount) throw new Error('Refund exceeds the charge');
    charge.amount_refunded += amountMinor;
    charge.refunded = charge.amount_refunded === charge.amount;
    return [this.#event({ type: 'charge.refunded', object: charge }, [])];
  }

  /**
   * The customer's bank disputes the whole charge: `charge.dispute.created` and
   * `charge.dispute.funds_withdrawn`, then, unless `open`, `charge.dispute.closed` as `lost` or `won`
   * (a won dispute also gives `charge.dispute.funds_reinstated`).
   */
  chargeback(paymentIntentId: string, outcome: 'lost' | 'won' | 'open' = 'lost'): Stripe.Event[] {
    const charge = this.#succeededCharge(paymentIntentId);
    charge.disputed = true;
    const dispute = newDispute(charge, paymentIntentId);
    this.#disputes.set(dispute.id, dispute);
    const created: Stripe.Event[] = [];
    this.#event({ type: 'charge.dispute.created', object: dispute }, created);
    dispute.balance_transactions.push(
      newBalanceTransaction(dispute, -dispute.amount, 'Chargeback withdrawal'),
    );
    this.#event({ type: 'charge.dispute.funds_withdrawn', object: dispute }, created);
    if (outcome === 'open') return created;
    if (outcome === 'won') {
      dispute.balance_transactions.push(
        newBalanceTransaction(dispute, dispute.amount, 'Chargeback reversal'),
      );
      dispute.status = 'won';
      this.#event({ type: 'charge.dispute.funds_reinstated', object: dispute }, created);
    } else {
      dispute.status = 'lost';
    }
    this.#event({ type: 'charge.dispute.closed', object: dispute }, created);
    return created;
  }

  /**
   * The event as Stripe would post it: the exact body and its `Stripe-Signature` header, signed with the
   * webhook secret (or `secret`) at `timestamp` (seconds, default now) by the SDK's own test signer.
   */
  signedDelivery(
    event: Stripe.Event,
    options: { secret?: string; timestamp?: number } = {},
  ): { body: string; headers: Record<string, string> } {
    const body = JSON.stringify(event, null, 2);
    return { body, headers: this.signatureHeaders(body, options) };
  }

  /** The headers of a webhook request carrying `body` as is (tests sign bodies that are not events). */
  signatureHeaders(
    body: string,
    options: { secret?: string; timestamp?: number } = {},
  ): Record<string, string> {
    const signature = Stripe.webhooks.generateTestHeaderString({
      payload: body,
      secret: options.secret ?? this.webhookSecret,
      timestamp: options.timestamp ?? now(),
    });
    return { 'content-type': 'application/json; charset=utf-8', 'stripe-signature': signature };
  }

  /** POSTs the signed event to `url`, as Stripe's webhook delivery does. */
  async deliver(event: Stripe.Event, url: string): Promise<Response> {
    const { body, headers } = this.signedDelivery(event);
    return fetch(url, { method: 'POST', headers, body });
  }

  async #handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const raw = await readBody(request);
    if (url.pathname.startsWith('/pay/')) {
      this.#hostedPage(request.method ?? 'GET', url.pathname.slice('/pay/'.length), raw, response);
      return;
    }
    if (this.#delays.count > 0) {
      this.#delays.count -= 1;
      await new Promise((resolve) => setTimeout(resolve, this.#delays.ms));
    }
    const method = request.method ?? 'GET';
    const params = parseForm(method === 'GET' || method === 'DELETE' ? url.search.slice(1) : raw);
    const idempotencyKey = headerOf(request, 'idempotency-key');
    const authorization = headerOf(request, 'authorization');
    const answer = (status: number, body: string, replayed = false) => {
      this.requests.push({ method, path: url.pathname, params, idempotencyKey, authorization, status });
      response.writeHead(status, {
        'content-type': 'application/json',
        'request-id': `req_${randomId()}`,
        'stripe-version': Stripe.API_VERSION,
        ...(idempotencyKey === null ? {} : { 'idempotency-key': idempotencyKey }),
        ...(replayed ? { 'idempotent-replayed': 'true' } : {}),
      });
      response.end(body);
    };

    if (this.#failures.count > 0) {
      this.#failures.count -= 1;
      const status = this.#failures.status;
      const type = status === 429 ? 'rate_limit_error' : 'api_error';
      answer(
        status,
        JSON.stringify({ error: { type, message: `The fake Stripe answers ${status} (outage)` } }),
      );
      return;
    }
    if (authorization !== `Bearer ${this.secretKey}`) {
      const given = authorization?.replace(/^Bearer /, '') ?? '';
      const message =
        given === ''
          ? 'You did not provide an API key. You need to provide your API key in the Authorization header.'
          : `Invalid API Key provided: ${given.slice(0, 8)}${'*'.repeat(Math.max(given.length - 12, 0))}${given.slice(-4)}`;
      answer(401, JSON.stringify({ error: { type: 'invalid_request_error', message } }));
      return;
    }
    const fingerprint = `${method} ${url.pathname} ${raw}`;
    if (method === 'POST' && idempotencyKey !== null) {
      const previous = this.#idempotency.get(idempotencyKey);
      if (previous !== undefined) {
        if (previous.fingerprint === fingerprint) {
          answer(previous.status, previous.body, true);
        } else {
          const message =
            'Keys for idempotent requests can only be used with the same parameters they were first used with.';
          answer(400, JSON.stringify({ error: { type: 'idempotency_error', message } }));
        }
        return;
      }
    }
    let status = 200;
    let body: string;
    try {
      body = JSON.stringify(this.#route(method, url.pathname, params), null, 2);
    } catch (error) {
      if (!(error instanceof FakeApiError)) throw error;
      status = error.status;
      body = JSON.stringify(error.body);
    }
    if (method === 'POST' && idempotencyKey !== null) {
      this.#idempotency.set(idempotencyKey, { fingerprint, status, body });
    }
    answer(status, body);
  }

  #route(method: string, path: string, params: Params): unknown {
    const expand = stringArray(params.expand);
    const parts = path.split('/').filter(Boolean);
    const [version, resource, id, action] = parts;
    if (version === 'v1') {
      if (method === 'GET' && path === '/v1/account') return structuredClone(this.#account);
      if (method === 'GET' && path === '/v1/payment_method_configurations') {
        return this.#list(path, this.#configurations, params, expand);
      }
      if (resource === 'checkout' && id === 'sessions') {
        const sessionId = action;
        const verb = parts[4];
        if (method === 'POST' && sessionId === undefined)
          return this.#render(this.#createSession(params), expand);
        if (method === 'GET' && sessionId === undefined) {
          const wanted = typeof params.payment_intent === 'string' ? params.payment_intent : null;
          const sessions = [...this.#sessions.values()].filter(
            (session) => wanted === null || idOf(session.payment_intent) === wanted,
          );
          return this.#list(path, sessions.reverse(), params, expand);
        }
        if (sessionId !== undefined) {
          const session = this.#sessions.get(sessionId) ?? notFound('checkout.session', sessionId);
          if (method === 'GET' && verb === undefined) return this.#render(session, expand);
          if (method === 'POST' && verb === 'expire') {
            if (session.status !== 'open') {
              throw new FakeApiError(400, {
                error: {
                  type: 'invalid_request_error',
                  message: `Only Checkout Sessions with a status in ["open"] can be expired. This Checkout Session has a status of "${session.status}".`,
                },
              });
            }
            this.#expire(session);
            this.#event({ type: 'checkout.session.expired', object: session }, []);
            return this.#render(session, expand);
          }
        }
      }
      if (method === 'GET' && resource === 'payment_intents' && id !== undefined) {
        return this.#render(this.#intents.get(id) ?? notFound('payment_intent', id), expand);
      }
      if (method === 'GET' && resource === 'charges' && id !== undefined) {
        return this.#render(this.#charges.get(id) ?? notFound('charge', id), expand);
      }
      if (method === 'GET' && resource === 'disputes' && id === undefined) {
        const disputes = [...this.#disputes.values()].filter(
          (dispute) =>
            (params.charge === undefined || idOf(dispute.charge) === params.charge) &&
            (params.payment_intent === undefined || idOf(dispute.payment_intent) === params.payment_intent),
        );
        return this.#list(path, disputes, params, expand);
      }
    }
    throw new FakeApiError(404, {
      error: { type: 'invalid_request_error', message: `Unrecognized request URL (${method}: ${path}).` },
    });
  }

  #createSession(params: Params): Stripe.Checkout.Session {
    if (params.mode !== 'payment') invalid('mode', 'The fake only supports `mode=payment`.');
    const item = asRecord(asArray(params.line_items)[0]);
    const priceData = asRecord(item.price_data);
    const currency =
      typeof priceData.currency === 'string'
        ? priceData.currency
        : invalid('line_items[0][price_data][currency]', 'Missing currency.');
    const unitAmount = Number(priceData.unit_amount);
    const quantity = Number(item.quantity ?? 1);
    if (!Number.isInteger(unitAmount) || unitAmount < 0)
      invalid('line_items[0][price_data][unit_amount]', 'Invalid integer.');
    const allowed = stringArray(params.allowed_payment_method_types ?? params.payment_method_types);
    for (const type of allowed) {
      if (!this.#methods.has(type)) {
        invalid(
          'allowed_payment_method_types',
          `The payment method type "${type}" is not activated for your account.`,
        );
      }
    }
    const expiresAt = params.expires_at === undefined ? now() + 24 * 3600 : Number(params.expires_at);
    if (expiresAt < now() + 30 * 60 - 60 || expiresAt > now() + 24 * 3600 + 60) {
      invalid(
        'expires_at',
        'The `expires_at` timestamp must be between 30 minutes and 24 hours from creation.',
      );
    }
    const id = `cs_test_${randomId()}`;
    const session = newSession({
      id,
      url: `${this.url}/pay/${id}`,
      amount: unitAmount * quantity,
      currency,
      allowed: allowed.length === 0 ? null : allowed,
      configurationId: 'pmc_fake_default',
      expiresAt,
      params,
    });
    this.#sessions.set(id, session);
    const paymentIntentData = asRecord(params.payment_intent_data);
    this.#intentData.set(id, {
      description: stringOrNull(paymentIntentData.description),
      metadata: { ...(asRecord(paymentIntentData.metadata) as Record<string, string>) },
    });
    return session;
  }

  #openSession(sessionId: string): Stripe.Checkout.Session {
    const session = required(this.#sessions.get(sessionId), `No such checkout.session: ${sessionId}`);
    if (session.status !== 'open')
      throw new Error(`Checkout Session ${sessionId} is ${session.status}, not open`);
    return session;
  }

  #expire(session: Stripe.Checkout.Session): void {
    session.status = 'expired';
    session.url = null;
    const intent = this.#intents.get(idOf(session.payment_intent) ?? '');
    if (intent !== undefined && intent.status !== 'succeeded') {
      intent.status = 'canceled';
      intent.canceled_at = now();
      intent.cancellation_reason = 'abandoned';
    }
  }

  /** Checkout creates the PaymentIntent when the customer confirms (not at session creation). */
  #intentFor(session: Stripe.Checkout.Session, method: string): Stripe.PaymentIntent {
    const existing = this.#intents.get(idOf(session.payment_intent) ?? '');
    if (existing !== undefined) return existing;
    const data = this.#intentData.get(session.id) ?? { description: null, metadata: {} };
    const intent = newPaymentIntent({
      id: `pi_${randomId()}`,
      amount: session.amount_total ?? 0,
      currency: session.currency ?? 'eur',
      method,
      ...data,
    });
    this.#intents.set(intent.id, intent);
    session.payment_intent = intent.id;
    return intent;
  }

  #newCharge(intent: Stripe.PaymentIntent, method: string, status: Stripe.Charge.Status): Stripe.Charge {
    const charge = newCharge({ id: `ch_${randomId()}`, intent, method, status });
    this.#charges.set(charge.id, charge);
    return charge;
  }

  #succeededCharge(paymentIntentId: string): Stripe.Charge {
    const intent = required(this.#intents.get(paymentIntentId), `No such payment_intent: ${paymentIntentId}`);
    const charge = this.#charges.get(idOf(intent.latest_charge) ?? '');
    if (charge === undefined || charge.status !== 'succeeded') {
      throw new Error(`PaymentIntent ${paymentIntentId} has no succeeded charge`);
    }
    return charge;
  }

  #event(
    event: Pick<Stripe.Event, 'type'> & { object: Stripe.Event['data']['object'] },
    into: Stripe.Event[],
  ): Stripe.Event {
    const envelope: Omit<Stripe.EventBase, 'type' | 'data'> = {
      id: `evt_${randomId()}`,
      object: 'event',
      api_version: Stripe.API_VERSION,
      created: now(),
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
    };
    // The type and its object's kind are paired by the callers; TypeScript cannot pair a union's members.
    const created = {
      ...envelope,
      type: event.type,
      data: { object: structuredClone(event.object) },
    } as Stripe.Event;
    this.events.push(created);
    into.push(created);
    return created;
  }

  #list<T extends { id: string }>(
    url: string,
    items: readonly T[],
    params: Params,
    expand: string[],
  ): Stripe.ApiList<T> {
    const limit = Math.min(Number(params.limit ?? 10), 100);
    const after =
      typeof params.starting_after === 'string'
        ? items.findIndex((item) => item.id === params.starting_after)
        : -1;
    const page = items.slice(after + 1, after + 1 + limit);
    const list: Stripe.ApiList<T> = {
      object: 'list',
      data: page,
      has_more: after + 1 + limit < items.length,
      url,
    };
    return this.#render(list, expand);
  }

  /** A deep copy with the `expand` paths (`payment_intent.latest_charge`, `data.payment_intent`) filled in. */
  #render<T>(object: T, expand: readonly string[]): T {
    const copy = structuredClone(object);
    for (const path of expand) this.#expandPath(copy, path.split('.'));
    return copy;
  }

  #expandPath(target: unknown, path: readonly string[]): void {
    const [head, ...rest] = path;
    if (head === undefined || typeof target !== 'object' || target === null) return;
    const record = target as Record<string, unknown>;
    if (head === 'data' && Array.isArray(record.data)) {
      for (const item of record.data) this.#expandPath(item, rest);
      return;
    }
    let value = record[head];
    if (typeof value === 'string') {
      const found = this.#sessions.get(value) ?? this.#intents.get(value) ?? this.#charges.get(value);
      if (found !== undefined) {
        value = structuredClone(found);
        record[head] = value;
      }
    }
    this.#expandPath(value, rest);
  }

  #hostedPage(method: string, sessionId: string, raw: string, response: ServerResponse): void {
    const session = this.#sessions.get(sessionId);
    if (session === undefined || session.status !== 'open') {
      response.writeHead(404, { 'content-type': 'text/html; charset=utf-8' });
      response.end('<!doctype html><title>Fake Stripe</title><p>This checkout is no longer available.</p>');
      return;
    }
    if (method === 'POST') {
      const outcome = new URLSearchParams(raw).get('outcome');
      const target = outcome === 'cancel' ? session.cancel_url : session.success_url;
      if (outcome === 'paid' || outcome === 'pending' || outcome === 'failed' || outcome === 'canceled') {
        this.completeCheckout(sessionId, outcome);
      }
      response.writeHead(303, { location: outcome === 'failed' ? `/pay/${sessionId}` : (target ?? '/') });
      response.end();
      return;
    }
    const amount = `${((session.amount_total ?? 0) / 100).toFixed(2)} ${(session.currency ?? '').toUpperCase()}`;
    const buttons = ['paid', 'pending', 'failed', 'canceled', 'cancel']
      .map((outcome) => `<button name="outcome" value="${outcome}">${outcome}</button>`)
      .join(' ');
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(
      `<!doctype html><title>Fake Stripe Checkout</title><h1>Pay ${amount}</h1>` +
        `<p>Method: ${(session.allowed_payment_method_types ?? ['any']).join(', ')}</p>` +
        `<form method="post" action="/pay/${sessionId}">${buttons}</form>`,
    );
  }
}

function newAccount(id: string, name: string, country: string): Stripe.Account {
  return {
    id,
    object: 'account',
    business_profile: {
      annual_revenue: null,
      estimated_worker_count: null,
      mcc: null,
      minority_owned_business_designation: null,
      name,
      product_description: null,
      specified_commercial_transactions_act_url: null,
      support_address: null,
      support_email: null,
      support_phone: null,
      support_url: null,
      url: null,
    },
    business_type: 'company',
    charges_enabled: true,
    country,
    created: now(),
    default_currency: 'eur',
    details_submitted: true,
    email: 'billing@example.com',
    payouts_enabled: true,
    type: 'standard',
  };
}

function newConfiguration(
  id: string,
  name: string,
  isDefault: boolean,
  enabled: ReadonlySet<string>,
): Stripe.PaymentMethodConfiguration {
  const setting = (on: boolean): Stripe.PaymentMethodConfiguration.Card => ({
    available: on,
    display_preference: { overridable: true, preference: on ? 'on' : 'off', value: on ? 'on' : 'off' },
  });
  const methods = new Set([...CONFIGURATION_METHODS, ...enabled]);
  return {
    id,
    object: 'payment_method_configuration',
    active: true,
    application: null,
    is_default: isDefault,
    livemode: false,
    name,
    parent: null,
    ...Object.fromEntries([...methods].sort().map((method) => [method, setting(enabled.has(method))])),
  };
}

function newSession(args: {
  id: string;
  url: string;
  amount: number;
  currency: string;
  allowed: string[] | null;
  configurationId: string;
  expiresAt: number;
  params: Params;
}): Stripe.Checkout.Session {
  const { params } = args;
  const metadata = asRecord(params.metadata) as Record<string, string>;
  return {
    id: args.id,
    object: 'checkout.session',
    adaptive_pricing: null,
    after_expiration: null,
    allow_promotion_codes: null,
    allowed_payment_method_types: args.allowed,
    amount_subtotal: args.amount,
    amount_total: args.amount,
    automatic_tax: { enabled: false, liability: null, provider: null, status: null },
    billing_address_collection: null,
    cancel_url: stringOrNull(params.cancel_url),
    client_reference_id: stringOrNull(params.client_reference_id),
    client_secret: null,
    collected_information: null,
    consent: null,
    consent_collection: null,
    created: now(),
    currency: args.currency,
    currency_conversion: null,
    custom_fields: [],
    custom_text: {
      after_submit: null,
      shipping_address: null,
      submit: null,
      terms_of_service_acceptance: null,
    },
    customer: null,
    customer_account: null,
    customer_creation: params.customer_creation === 'always' ? 'always' : 'if_required',
    customer_details: null,
    customer_email: stringOrNull(params.customer_email),
    discounts: [],
    expires_at: args.expiresAt,
    integration_identifier: null,
    invoice: null,
    invoice_creation: null,
    livemode: false,
    locale: (stringOrNull(params.locale) ?? null) as Stripe.Checkout.Session.Locale | null,
    managed_payments: null,
    metadata: { ...metadata },
    mode: 'payment',
    origin_context: null,
    payment_intent: null,
    payment_link: null,
    payment_method_collection: 'if_required',
    payment_method_configuration_details: { id: args.configurationId, parent: null },
    payment_method_options: structuredClone(
      asRecord(params.payment_method_options),
    ) as Stripe.Checkout.Session.PaymentMethodOptions,
    payment_method_types: args.allowed ?? ['card'],
    payment_status: 'unpaid',
    permissions: null,
    recovered_from: null,
    saved_payment_method_options: null,
    setup_intent: null,
    shipping_address_collection: null,
    shipping_cost: null,
    shipping_options: [],
    status: 'open',
    submit_type: null,
    subscription: null,
    success_url: stringOrNull(params.success_url),
    total_details: { amount_discount: 0, amount_shipping: 0, amount_tax: 0 },
    ui_mode: 'hosted',
    url: args.url,
    wallet_options: null,
  };
}

function newPaymentIntent(args: {
  id: string;
  amount: number;
  currency: string;
  method: string;
  description: string | null;
  metadata: Record<string, string>;
}): Stripe.PaymentIntent {
  return {
    id: args.id,
    object: 'payment_intent',
    allowed_payment_method_types: null,
    amount: args.amount,
    amount_capturable: 0,
    amount_received: 0,
    application: null,
    application_fee_amount: null,
    automatic_payment_methods: null,
    canceled_at: null,
    cancellation_reason: null,
    capture_method: 'automatic_async',
    client_secret: `${args.id}_secret_${randomId()}`,
    confirmation_method: 'automatic',
    created: now(),
    currency: args.currency,
    customer: null,
    customer_account: null,
    description: args.description,
    excluded_payment_method_types: null,
    last_payment_error: null,
    latest_charge: null,
    livemode: false,
    managed_payments: null,
    metadata: args.metadata,
    next_action: null,
    on_behalf_of: null,
    payment_method: `pm_${randomId()}`,
    payment_method_configuration_details: null,
    payment_method_options: null,
    payment_method_types: [args.method],
    payment_record: null,
    processing: null,
    receipt_email: null,
    review: null,
    setup_future_usage: null,
    shipping: null,
    source: null,
    statement_descriptor: null,
    statement_descriptor_suffix: null,
    status: 'requires_payment_method',
    transfer_group: null,
  };
}

function newCharge(args: {
  id: string;
  intent: Stripe.PaymentIntent;
  method: string;
  status: Stripe.Charge.Status;
}): Stripe.Charge {
  const { intent } = args;
  const succeeded = args.status === 'succeeded';
  return {
    id: args.id,
    object: 'charge',
    amount: intent.amount,
    amount_captured: succeeded ? intent.amount : 0,
    amount_refunded: 0,
    application: null,
    application_fee: null,
    application_fee_amount: null,
    balance_transaction: null,
    billing_details: { address: null, email: null, name: null, phone: null, tax_id: null },
    calculated_statement_descriptor: 'FAKE COMPANY',
    captured: succeeded,
    created: now(),
    currency: intent.currency,
    customer: null,
    description: intent.description,
    disputed: false,
    failure_balance_transaction: null,
    failure_code: args.status === 'failed' ? 'card_declined' : null,
    failure_message: args.status === 'failed' ? 'Your card was declined.' : null,
    fraud_details: {},
    livemode: false,
    metadata: { ...intent.metadata },
    on_behalf_of: null,
    outcome: null,
    paid: succeeded,
    payment_intent: intent.id,
    payment_method: typeof intent.payment_method === 'string' ? intent.payment_method : null,
    payment_method_details: { type: args.method },
    receipt_email: null,
    receipt_number: null,
    receipt_url: null,
    refunded: false,
    review: null,
    shipping: null,
    source: null,
    source_transfer: null,
    statement_descriptor: null,
    statement_descriptor_suffix: null,
    status: args.status,
    transfer_data: null,
    transfer_group: null,
  };
}

function newDispute(charge: Stripe.Charge, paymentIntentId: string): Stripe.Dispute {
  return {
    id: `dp_${randomId()}`,
    object: 'dispute',
    amount: charge.amount,
    balance_transactions: [],
    charge: charge.id,
    created: now(),
    currency: charge.currency,
    enhanced_eligibility_types: [],
    evidence: {
      access_activity_log: null,
      billing_address: null,
      cancellation_policy: null,
      cancellation_policy_disclosure: null,
      cancellation_rebuttal: null,
      customer_communication: null,
      customer_email_address: null,
      customer_name: null,
      customer_purchase_ip: null,
      customer_signature: null,
      duplicate_charge_documentation: null,
      duplicate_charge_explanation: null,
      duplicate_charge_id: null,
      enhanced_evidence: {},
      product_description: null,
      receipt: null,
      refund_policy: null,
      refund_policy_disclosure: null,
      refund_refusal_explanation: null,
      service_date: null,
      service_documentation: null,
      shipping_address: null,
      shipping_carrier: null,
      shipping_date: null,
      shipping_documentation: null,
      shipping_tracking_number: null,
      uncategorized_file: null,
      uncategorized_text: null,
    },
    evidence_details: {
      due_by: now() + 7 * 24 * 3600,
      enhanced_eligibility: {},
      has_evidence: false,
      past_due: false,
      submission_count: 0,
      submission_method: 'not_submitted',
    },
    intended_submission_method: null,
    is_charge_refundable: false,
    livemode: false,
    metadata: {},
    payment_intent: paymentIntentId,
    reason: 'fraudulent',
    status: 'needs_response',
  };
}

function newBalanceTransaction(
  dispute: Stripe.Dispute,
  amount: number,
  description: string,
): Stripe.BalanceTransaction {
  return {
    id: `txn_${randomId()}`,
    object: 'balance_transaction',
    amount,
    available_on: now(),
    balance_type: 'payments',
    created: now(),
    currency: dispute.currency,
    description,
    exchange_rate: null,
    fee: 0,
    fee_details: [],
    net: amount,
    reporting_category: amount < 0 ? 'dispute' : 'dispute_reversal',
    source: dispute.id,
    status: 'available',
    type: 'adjustment',
  };
}

function paymentError(code: string, message: string, method: string): Stripe.PaymentIntent.LastPaymentError {
  return { code, message, type: method === 'card' ? 'card_error' : 'invalid_request_error' };
}

function customerDetails(email: string | null): Stripe.Checkout.Session.CustomerDetails {
  return {
    address: null,
    business_name: null,
    email,
    individual_name: null,
    name: 'Fake Customer',
    phone: null,
    tax_exempt: 'none',
    tax_ids: [],
  };
}

/** What Stripe shows a customer who chose a bank transfer: an IBAN of the account's country, a reference. */
function bankTransferAction(
  intent: Stripe.PaymentIntent,
  account: Stripe.Account,
): Stripe.PaymentIntent.NextAction {
  const address: Stripe.Address = {
    city: 'Dublin',
    country: 'IE',
    line1: '1 Grand Canal Street Lower',
    line2: null,
    postal_code: 'D02 H210',
    state: null,
  };
  return {
    type: 'display_bank_transfer_instructions',
    display_bank_transfer_instructions: {
      amount_remaining: intent.amount,
      currency: intent.currency,
      financial_addresses: [
        {
          type: 'iban',
          supported_networks: ['sepa'],
          iban: {
            account_holder_address: address,
            account_holder_name: account.business_profile?.name ?? 'Stripe',
            bank_address: address,
            bic: 'SXPYDEHH',
            country: account.country ?? 'BE',
            iban: 'BE71096123456769',
          },
        },
      ],
      hosted_instructions_url: null,
      reference: `FAKE${intent.id.slice(-8).toUpperCase()}`,
      type: 'eu_bank_transfer',
    },
  };
}

/** Stripe's form encoding: `a[b][0][c]=v` and `expand[]=v` become nested objects and arrays. */
export function parseForm(text: string): Params {
  const root: Params = {};
  for (const [key, value] of new URLSearchParams(text)) {
    const match = /^([^[]+)((?:\[[^\]]*\])*)$/.exec(key);
    if (match === null) continue;
    const segments = [
      match[1] ?? '',
      ...[...(match[2] ?? '').matchAll(/\[([^\]]*)\]/g)].map((m) => m[1] ?? ''),
    ];
    let container: Params = root;
    segments.forEach((segment, index) => {
      const name = segment === '' ? String(Object.keys(container).length) : segment;
      if (index === segments.length - 1) {
        container[name] = value;
      } else {
        container[name] ??= {};
        container = container[name] as Params;
      }
    });
  }
  return arraysFromIndexes(root) as Params;
}

function arraysFromIndexes(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const entries = Object.entries(value).map(([key, item]) => [key, arraysFromIndexes(item)] as const);
  if (entries.length > 0 && entries.every(([key]) => /^\d+$/.test(key))) {
    return entries.sort(([a], [b]) => Number(a) - Number(b)).map(([, item]) => item);
  }
  return Object.fromEntries(entries);
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function headerOf(request: IncomingMessage, name: string): string | null {
  const value = request.headers[name];
  return typeof value === 'string' ? value : null;
}

function invalid(param: string, message: string): never {
  throw new FakeApiError(400, { error: { type: 'invalid_request_error', param, message } });
}

function notFound(object: string, id: string): never {
  throw new FakeApiError(404, {
    error: {
      type: 'invalid_request_error',
      code: 'resource_missing',
      param: 'id',
      message: `No such ${object}: '${id}'`,
    },
  });
}

function required<T>(value: T | undefined, message: string): T {
  if (value === undefined) throw new Error(message);
  return value;
}

function asRecord(value: unknown): Params {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Params) : {};
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function stringArray(value: unknown): string[] {
  return asArray(value).filter((item): item is string => typeof item === 'string');
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

function idOf(value: string | { id: string } | null | undefined): string | null {
  if (typeof value === 'string') return value;
  return value?.id ?? null;
}

function randomId(): string {
  return randomBytes(12).toString('base64url').replace(/[-_]/g, 'x');
}

function now(): number {
  return Math.floor(Date.now() / 1000);
}
