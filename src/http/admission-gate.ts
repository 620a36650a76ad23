import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isLang, type Lang, negotiateLanguage } from '../core/lang.ts';
import { apiMessage } from '../i18n/api-messages.ts';
import { renderBusyPage } from '../portal/views/render-busy-page.ts';
import { errorBody } from './api/error-table.ts';

/** How many requests are handled at once, and how many may wait, for how long. */
export interface AdmissionLimits {
  /** Requests handled at once; the others wait their turn in arrival order. */
  maxActive: number;
  /** Requests that may wait; one more is answered 503 at once. */
  maxQueue: number;
  /** The longest a request waits for its turn; then it is answered 503. */
  maxWaitMs: number;
}

/** Why a request was not admitted. */
export type Refusal = 'queue_full' | 'waited_too_long' | 'gone';

type Waiter = { admit: () => void; refuse: (reason: Refusal) => void; timer: NodeJS.Timeout };

/**
 * A bounded FIFO in front of request handling: at most `maxActive` requests run, the next ones wait in
 * arrival order, and a request is refused when `maxQueue` are already waiting or when its turn has not come
 * after `maxWaitMs`. Each admitted request must call the `release` it was given exactly once.
 *
 * NOTE: on the embedded database every statement queues for PGlite's one connection, on the server's own
 * thread; without the gate 50 requests interleave their statements and each finishes near the end of the
 * whole burst. Behind it the first ones finish first and the rest wait a bounded time or are told to come
 * back (Retry-After).
 */
export class AdmissionGate {
  #active = 0;
  readonly #queue: Waiter[] = [];

  constructor(readonly limits: AdmissionLimits) {}

  get active(): number {
    return this.#active;
  }

  get waiting(): number {
    return this.#queue.length;
  }

  /**
   * Resolves with a `release` function once the request may run, or with the reason it may not. `signal`
   * (the client went away) takes a waiting request out of the queue.
   */
  enter(signal?: AbortSignal): Promise<{ ok: true; release: () => void } | { ok: false; reason: Refusal }> {
    if (this.#active < this.limits.maxActive && this.#queue.length === 0) {
      this.#active += 1;
      return Promise.resolve({ ok: true, release: this.#releaser() });
    }
    if (this.#queue.length >= this.limits.maxQueue)
      return Promise.resolve({ ok: false, reason: 'queue_full' });
    return new Promise((resolve) => {
      const leave = (reason: Refusal) => {
        const index = this.#queue.indexOf(waiter);
        if (index === -1) return;
        this.#queue.splice(index, 1);
        clearTimeout(waiter.timer);
        signal?.removeEventListener('abort', onAbort);
        resolve({ ok: false, reason });
      };
      const onAbort = () => leave('gone');
      const waiter: Waiter = {
        admit: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve({ ok: true, release: this.#releaser() });
        },
        refuse: leave,
        timer: setTimeout(() => leave('waited_too_long'), this.limits.maxWaitMs),
      };
      this.#queue.push(waiter);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** A release that frees the slot once, handing it straight to the first waiter if there is one. */
  #releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.#queue.shift();
      if (next) {
        clearTimeout(next.timer);
        next.admit();
      } else {
        this.#active -= 1;
      }
    };
  }
}

/**
 * Paths that never wait behind the gate: liveness, readiness and metrics (an operator must see a busy
 * service as alive and measure it), and static assets (no database).
 */
export function isExemptFromAdmission(path: string): boolean {
  return (
    path === '/healthz' ||
    path === '/readyz' ||
    path === '/metrics' ||
    path.startsWith('/assets/') ||
    path.startsWith('/admin/assets/')
  );
}

export interface AdmissionGateDeps {
  limits: AdmissionLimits;
  /** The portal's stylesheet, which the busy page links to. */
  stylesheetUrl: string;
  /** Told of every refused request (logs, metrics). */
  onRefused?: (reason: Refusal, path: string) => void;
}

/**
 * Puts every request (but the exempt ones) through one `AdmissionGate`. A refused request gets 503 with
 * Retry-After: the portal's localized busy page for pages, the API's JSON error (`SERVICE_BUSY`) for the
 * API and provider notifications. Registered first in `buildApp`, so it runs before anything else.
 */
export function registerAdmissionGate(app: FastifyInstance, deps: AdmissionGateDeps): AdmissionGate {
  const gate = new AdmissionGate(deps.limits);
  const retryAfterSeconds = Math.max(1, Math.ceil(deps.limits.maxWaitMs / 1000));
  app.addHook('onRequest', async (request, reply) => {
    const path = request.url.split('?', 1)[0] ?? '';
    if (isExemptFromAdmission(path)) return;
    const gone = new AbortController();
    const onClose = () => gone.abort();
    reply.raw.once('close', onClose);
    const entered = await gate.enter(gone.signal);
    reply.raw.off('close', onClose);
    if (entered.ok) {
      // 'close' comes once the answer is sent or the client is gone, whichever happens.
      if (reply.raw.closed || reply.raw.writableFinished) entered.release();
      else reply.raw.once('close', entered.release);
      return;
    }
    deps.onRefused?.(entered.reason, path);
    if (entered.reason === 'gone') return reply.hijack();
    return sendBusy(request, reply, path, retryAfterSeconds, deps.stylesheetUrl);
  });
  return gate;
}

function sendBusy(
  request: FastifyRequest,
  reply: FastifyReply,
  path: string,
  retryAfterSeconds: number,
  stylesheetUrl: string,
): FastifyReply {
  reply.code(503).header('retry-after', String(retryAfterSeconds)).header('cache-control', 'no-store');
  if (path.startsWith('/api/') || path.startsWith('/webhooks/')) {
    const lang = negotiateLanguage(request.headers['accept-language']);
    return reply.send(errorBody('SERVICE_BUSY', apiMessage(lang, 'SERVICE_BUSY', { retryAfterSeconds })));
  }
  const nonce = randomBytes(16).toString('base64');
  return reply
    .header(
      'content-security-policy',
      `default-src 'none'; style-src 'self' 'nonce-${nonce}'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'`,
    )
    .header('referrer-policy', 'no-referrer')
    .header('x-content-type-options', 'nosniff')
    .type('text/html; charset=utf-8')
    .send(renderBusyPage({ lang: pageLanguage(request), stylesheetUrl, retryAfterSeconds }));
}

/**
 * The portal's remembered language (its `portal_lang` cookie, set by `?lang=`), else the browser's. Read
 * from the header: the gate runs before the cookie plugin has parsed anything.
 */
function pageLanguage(request: FastifyRequest): Lang {
  const remembered = /(?:^|;\s*)portal_lang=([a-z]{2})(?:;|$)/.exec(request.headers.cookie ?? '')?.[1];
  return isLang(remembered) ? remembered : negotiateLanguage(request.headers['accept-language']);
}
