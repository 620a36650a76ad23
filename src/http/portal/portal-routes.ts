import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import formbody from '@fastify/formbody';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { addCustomerComment } from '../../app/comments/add-customer-comment.ts';
import { commentProblem } from '../../app/comments/comment-text.ts';
import { documentLocale } from '../../app/documents/document-model-from-rows.ts';
import { RENDER_FAILURE_COOL_OFF_SECONDS } from '../../app/documents/document-store.ts';
import { contentDisposition, invoiceDownload } from '../../app/documents/invoice-download.ts';
import { loadUsableLogo } from '../../app/organizations/usable-logo.ts';
import { startPayment } from '../../app/payments/start-payment.ts';
import { buildPayPage } from '../../app/portal/build-pay-page.ts';
import {
  buildHistoryPage,
  buildInvoicePage,
  type CommentFormState,
  loadCustomerInvoice,
} from '../../app/portal/build-portal-pages.ts';
import { type PortalAccess, resolvePortalAccess } from '../../app/portal/portal-access.ts';
import { recordInvoiceView } from '../../app/portal/record-invoice-view.ts';
import { isValidPortalCsrfToken, portalPaths } from '../../app/portal-links/portal-link.ts';
import {
  BAD_PORTAL_LINKS,
  type ClientRateLimit,
  clientRateLimit,
} from '../../app/rate-limits/client-rate-limit.ts';
import type { EventLog } from '../../core/event-log.ts';
import { isLang, type Lang, negotiateLanguage } from '../../core/lang.ts';
import { secretRing } from '../../core/secret-ring.ts';
import { findUnsafeText } from '../../core/unsafe-text.ts';
import { isUuid } from '../../core/uuid.ts';
import type { Db } from '../../db/transaction.ts';
import type { DocumentRenderer } from '../../documents/document-renderer.ts';
import { dateInTimeZone } from '../../domain/index.ts';
import type { JobSender } from '../../jobs/job-queue.ts';
import type { PaymentProviderFactory } from '../../payments/payment-provider.ts';
import type { HistoryTab } from '../../portal/view-models.ts';
import { renderDocumentUnavailablePage } from '../../portal/views/render-document-unavailable-page.ts';
import { renderHistoryPage } from '../../portal/views/render-history-page.ts';
import { renderInvoicePage } from '../../portal/views/render-invoice-page.ts';
import { renderNotFoundPage } from '../../portal/views/render-not-found-page.ts';
import { renderPayPage } from '../../portal/views/render-pay-page.ts';
import { renderRateLimitedPage } from '../../portal/views/render-rate-limited-page.ts';
import { keepSecretAddressesPrivate } from '../security-headers.ts';

export interface PortalDeps {
  db: Db;
  appSecret: string;
  /** APP_SECRET_PREVIOUS: still open sealed credentials, and portal links unless `portalLinksTrustPrevious` is false. */
  previousSecrets?: readonly string[];
  portalLinksTrustPrevious?: boolean;
  clock: () => Date;
  publicBaseUrl: string;
  renderer: DocumentRenderer;
  log: EventLog;
  jobs: JobSender;
  /** Bad-link counting, shared by every process through the database (the default). */
  limiter?: ClientRateLimit;
  /** Builds the connected accounts' payment providers. */
  providers: PaymentProviderFactory;
}

export const PORTAL_STYLESHEET_PATH = '/assets/portal.css';
const STYLESHEET_PATH = PORTAL_STYLESHEET_PATH;
const LANG_COOKIE = 'portal_lang';

/** Every portal route; the isolation tests are generated from this list. */
export const portalRouteTable = [
  { method: 'GET', path: '/p/:token', name: 'history' },
  { method: 'GET', path: '/p/:token/invoices/:invoiceId', name: 'invoice' },
  { method: 'GET', path: '/p/:token/invoices/:invoiceId/credit-notes/:creditNoteId', name: 'creditNote' },
  { method: 'GET', path: '/p/:token/invoices/:invoiceId/download', name: 'download' },
  { method: 'POST', path: '/p/:token/invoices/:invoiceId/comments', name: 'comment' },
  { method: 'GET', path: '/p/:token/logo', name: 'logo' },
  { method: 'GET', path: '/p/:token/invoices/:invoiceId/pay', name: 'pay' },
  { method: 'POST', path: '/p/:token/invoices/:invoiceId/pay', name: 'startPayment' },
] as const;

type PortalRouteName = (typeof portalRouteTable)[number]['name'];

/**
 * Security headers of every portal page: strict CSP with the page's style nonce, no referrer, no framing.
 * The pay page also shows the providers' method logos (https images) and its form ends at the provider's
 * checkout (a redirect CSP's form-action also governs).
 */
function pageHeaders(reply: FastifyReply, nonce: string, options: { payment?: boolean } = {}): FastifyReply {
  const https = options.payment ? ' https:' : '';
  return reply
    .header(
      'content-security-policy',
      `default-src 'none'; style-src 'self' 'nonce-${nonce}'; img-src 'self' data:${https}; form-action 'self'${https}; ` +
        "frame-ancestors 'none'; base-uri 'none'",
    )
    .header('referrer-policy', 'no-referrer')
    .header('x-content-type-options', 'nosniff')
    .header('x-frame-options', 'DENY')
    .header('cache-control', 'private, no-store')
    .type('text/html; charset=utf-8');
}

export async function registerPortal(app: FastifyInstance, deps: PortalDeps): Promise<void> {
  const limiter = deps.limiter ?? clientRateLimit(deps, BAD_PORTAL_LINKS);
  const stylesheet = readFileSync(new URL('../../portal/assets/portal.css', import.meta.url), 'utf8');
  const secure = deps.publicBaseUrl.startsWith('https:');
  const pageDeps = { db: deps.db, appSecret: deps.appSecret, stylesheetUrl: STYLESHEET_PATH };
  const links = secretRing(
    deps.appSecret,
    deps.portalLinksTrustPrevious === false ? [] : deps.previousSecrets,
  );
  const paymentDeps = {
    db: deps.db,
    appSecret: deps.appSecret,
    ...(deps.previousSecrets ? { previousSecrets: deps.previousSecrets } : {}),
    publicBaseUrl: deps.publicBaseUrl,
    providers: deps.providers,
  };

  app.get(STYLESHEET_PATH, async (_request, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(stylesheet),
  );

  await app.register(async (portal) => {
    // Every answer under /p/ carries the customer's token in its address (pages, files, the logo,
    // redirects, refusals): never cached, never sent on as a Referer.
    keepSecretAddressesPrivate(portal);
    await portal.register(formbody, { bodyLimit: 64 * 1024 });

    const notFound = async (request: FastifyRequest, reply: FastifyReply) => {
      await limiter.hit(request.ip, deps.clock());
      const lang = negotiateLanguage(request.headers['accept-language']);
      return pageHeaders(reply.code(404), randomBytes(16).toString('base64')).send(
        renderNotFoundPage({ lang, stylesheetUrl: STYLESHEET_PATH }),
      );
    };

    /** Language: ?lang= (remembered in a cookie) > cookie > the customer's language. */
    const languageOf = (request: FastifyRequest, reply: FastifyReply, access: PortalAccess): Lang => {
      const asked = (request.query as Record<string, unknown>).lang;
      if (isLang(asked)) {
        reply.setCookie(LANG_COOKIE, asked, {
          path: '/p',
          maxAge: 365 * 24 * 3600,
          sameSite: 'lax',
          httpOnly: true,
          secure,
        });
        return asked;
      }
      const remembered = request.cookies[LANG_COOKIE];
      if (isLang(remembered)) return remembered;
      return isLang(access.customer.language) ? access.customer.language : 'en';
    };

    const handlers: Record<
      PortalRouteName,
      (request: FastifyRequest, reply: FastifyReply, access: PortalAccess) => Promise<unknown>
    > = {
      history: async (request, reply, access) => {
        const query = request.query as Record<string, string | undefined>;
        const tab: HistoryTab = query.tab === 'paid' || query.tab === 'credit-notes' ? query.tab : 'open';
        const nonce = randomBytes(16).toString('base64');
        const model = await buildHistoryPage(pageDeps, access, {
          tab,
          cursor: query.before,
          lang: languageOf(request, reply, access),
          today: dateInTimeZone(deps.clock(), access.organization.time_zone),
          currentUrl: request.url,
          cspNonce: nonce,
        });
        return pageHeaders(reply, nonce).send(renderHistoryPage(model));
      },
      invoice: (request, reply, access) => invoicePage(request, reply, access, null),
      creditNote: (request, reply, access) => {
        const { creditNoteId } = request.params as Record<string, string>;
        return invoicePage(request, reply, access, creditNoteId ?? null);
      },
      download: async (request, reply, access) => {
        const { invoiceId = '' } = request.params as Record<string, string>;
        const aggregate = isUuid(invoiceId)
          ? await loadCustomerInvoice(deps.db, access, invoiceId)
          : undefined;
        if (!aggregate) return notFound(request, reply);
        const file = await invoiceDownload(
          { db: deps.db, renderer: deps.renderer, log: deps.log },
          access.organization.id,
          aggregate.invoice.id,
        );
        if (!file.ok && file.code === 'DOCUMENT_RENDER_FAILED') {
          const wait = Number(file.params?.retryAfterSeconds ?? RENDER_FAILURE_COOL_OFF_SECONDS);
          return pageHeaders(reply.code(503), randomBytes(16).toString('base64'))
            .header('retry-after', String(wait))
            .send(
              renderDocumentUnavailablePage({
                lang: languageOf(request, reply, access),
                stylesheetUrl: STYLESHEET_PATH,
                retryAfterSeconds: wait,
                invoiceUrl: portalPaths.invoice(access.token, aggregate.invoice.id),
              }),
            );
        }
        if (!file.ok) return notFound(request, reply);
        return reply
          .header('content-type', file.value.contentType)
          .header('content-disposition', contentDisposition(file.value.fileName))
          .header('cache-control', 'private, no-store')
          .header('x-content-type-options', 'nosniff')
          .send(file.value.bytes);
      },
      comment: async (request, reply, access) => {
        const aggregate = await customerInvoice(request, access);
        if (!aggregate) return notFound(request, reply);
        const form = formOf(request);
        const body = typeof form.body === 'string' ? form.body : '';
        // NOTE: with Referrer-Policy: no-referrer a browser sends "Origin: null" on form posts, so a real
        // but foreign Origin, or Sec-Fetch-Site: cross-site, is what gets refused; the form token does the rest.
        if (!sameOriginPost(request) || !isValidPortalCsrfToken(links, access.token, form._csrf)) {
          return invoicePage(
            request,
            reply,
            access,
            null,
            { value: body, error: 'invalid_form', sent: false },
            403,
          );
        }
        const problem = commentProblem(body);
        if (problem) {
          const status = problem === 'invalid_characters' ? 400 : 422;
          return invoicePage(
            request,
            reply,
            access,
            null,
            { value: body, error: problem, sent: false },
            status,
          );
        }
        const added = await addCustomerComment(
          { db: deps.db, jobs: deps.jobs },
          {
            organizationId: access.organization.id,
            customerId: access.customer.id,
            invoiceId: aggregate.invoice.id,
            body,
          },
        );
        if (!added.ok) return notFound(request, reply);
        return reply
          .code(303)
          .header('location', `${portalPaths.invoice(access.token, aggregate.invoice.id)}?sent=1#comments`)
          .send();
      },
      pay: (request, reply, access) => payPage(request, reply, access, null, 200),
      startPayment: async (request, reply, access) => {
        const aggregate = await customerInvoice(request, access);
        if (!aggregate) return notFound(request, reply);
        const form = formOf(request);
        if (!sameOriginPost(request) || !isValidPortalCsrfToken(links, access.token, form._csrf)) {
          return payPage(request, reply, access, null, 403);
        }
        const method = typeof form.method === 'string' ? form.method.slice(0, 100) : '';
        const now = deps.clock();
        const lang = languageOf(request, reply, access);
        const started = await startPayment(
          { ...paymentDeps, log: deps.log, jobs: deps.jobs },
          {
            organization: access.organization,
            customer: access.customer,
            invoiceId: aggregate.invoice.id,
            methodKey: method,
            today: dateInTimeZone(now, access.organization.time_zone),
            now,
            locale: documentLocale(lang, access.organization.country),
            returnUrl: (attemptId) =>
              `${deps.publicBaseUrl}${portalPaths.pay(access.token, aggregate.invoice.id)}?attempt=${attemptId}`,
          },
        );
        if (started.ok) return reply.code(303).header('location', started.value.checkoutUrl).send();
        switch (started.code) {
          case 'PROVIDER_UNAVAILABLE':
            return payPage(request, reply, access, 'provider_unavailable', 503);
          case 'UNKNOWN_PAYMENT_METHOD':
            return payPage(request, reply, access, 'unknown_method', 422);
          case 'PAYMENTS_LOCKED':
            return payPage(request, reply, access, null, 423);
          case 'PAYMENT_IN_PROGRESS':
            return payPage(request, reply, access, 'in_progress', 409);
          default:
            return payPage(request, reply, access, null, 409);
        }
      },
      logo: async (request, reply, access) => {
        const logo = await loadUsableLogo(deps.db, deps.log, access.organization.id);
        if (!logo) return notFound(request, reply);
        return reply
          .type(logo.mimeType)
          .header('x-content-type-options', 'nosniff')
          .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; img-src data:")
          .send(Buffer.from(logo.data));
      },
    };

    /** The invoice of the URL, when it is one of this customer's issued invoices. */
    const customerInvoice = (request: FastifyRequest, access: PortalAccess) => {
      const { invoiceId = '' } = request.params as Record<string, string>;
      return isUuid(invoiceId) ? loadCustomerInvoice(deps.db, access, invoiceId) : Promise.resolve(undefined);
    };

    /** A posted form's fields (an empty object when there is no form). */
    const formOf = (request: FastifyRequest): Record<string, unknown> =>
      (typeof request.body === 'object' && request.body ? request.body : {}) as Record<string, unknown>;

    /** A form post from our own pages: a foreign Origin, or Sec-Fetch-Site: cross-site, is refused. */
    function sameOriginPost(request: FastifyRequest): boolean {
      const origin = request.headers.origin;
      const foreignOrigin =
        origin !== undefined && origin !== 'null' && origin !== new URL(deps.publicBaseUrl).origin;
      return !foreignOrigin && request.headers['sec-fetch-site'] !== 'cross-site';
    }

    async function payPage(
      request: FastifyRequest,
      reply: FastifyReply,
      access: PortalAccess,
      error: 'provider_unavailable' | 'unknown_method' | 'in_progress' | null,
      status: number,
    ) {
      const aggregate = await customerInvoice(request, access);
      if (!aggregate) return notFound(request, reply);
      const nonce = randomBytes(16).toString('base64');
      const now = deps.clock();
      const query = request.query as Record<string, unknown>;
      const attempt = query.attempt;
      const waited =
        typeof query.waited === 'string' && /^\d{1,3}$/.test(query.waited) ? Number(query.waited) : 0;
      const model = await buildPayPage({ ...pageDeps, ...paymentDeps }, access, {
        aggregate,
        lang: languageOf(request, reply, access),
        today: dateInTimeZone(now, access.organization.time_zone),
        now,
        currentUrl:
          request.method === 'GET' ? request.url : portalPaths.pay(access.token, aggregate.invoice.id),
        cspNonce: nonce,
        attemptId: typeof attempt === 'string' ? attempt : null,
        canceled: query.canceled === '1',
        waited,
        error,
      });
      return pageHeaders(reply.code(status), nonce, { payment: true }).send(renderPayPage(model));
    }

    async function invoicePage(
      request: FastifyRequest,
      reply: FastifyReply,
      access: PortalAccess,
      creditNoteId: string | null,
      form?: CommentFormState,
      status = 200,
    ) {
      const { invoiceId = '' } = request.params as Record<string, string>;
      if (!isUuid(invoiceId) || (creditNoteId !== null && !isUuid(creditNoteId)))
        return notFound(request, reply);
      const aggregate = await loadCustomerInvoice(deps.db, access, invoiceId);
      if (!aggregate) return notFound(request, reply);
      if (request.method === 'GET' && aggregate.invoice.first_viewed_at === null) {
        await recordInvoiceView(
          { db: deps.db, jobs: deps.jobs },
          {
            organizationId: access.organization.id,
            customerId: access.customer.id,
            invoiceId: aggregate.invoice.id,
            now: deps.clock(),
          },
        );
      }
      const nonce = randomBytes(16).toString('base64');
      const sent = (request.query as Record<string, unknown>).sent === '1';
      const model = await buildInvoicePage(pageDeps, access, {
        aggregate,
        creditNoteId,
        lang: languageOf(request, reply, access),
        today: dateInTimeZone(deps.clock(), access.organization.time_zone),
        currentUrl:
          request.method === 'GET' ? request.url : portalPaths.invoice(access.token, aggregate.invoice.id),
        cspNonce: nonce,
        form: form ?? { value: '', error: null, sent },
      });
      if (!model) return notFound(request, reply);
      return pageHeaders(reply.code(status), nonce).send(renderInvoicePage(model));
    }

    for (const route of portalRouteTable) {
      portal.route({
        method: route.method,
        url: route.path,
        handler: async (request, reply) => {
          const wait = await limiter.blockedFor(request.ip, deps.clock());
          if (wait > 0) {
            const lang = negotiateLanguage(request.headers['accept-language']);
            return pageHeaders(reply.code(429), randomBytes(16).toString('base64'))
              .header('retry-after', String(wait))
              .send(renderRateLimitedPage({ lang, stylesheetUrl: STYLESHEET_PATH, retryAfterSeconds: wait }));
          }
          const { token = '' } = request.params as Record<string, string>;
          const access = await resolvePortalAccess(deps.db, links, token);
          if (!access) return notFound(request, reply);
          // The one text rule (core/unsafe-text.ts) for every query and form field; the comment's own text
          // is answered on its form, anything else (never typed by a person) as a bad request.
          const unsafe = findUnsafeText({ query: request.query, form: request.body });
          const inComment =
            route.name === 'comment' && unsafe?.path[0] === 'form' && unsafe.path[1] === 'body';
          if (unsafe && !inComment) {
            const lang = negotiateLanguage(request.headers['accept-language']);
            return pageHeaders(reply.code(400), randomBytes(16).toString('base64')).send(
              renderNotFoundPage({ lang, stylesheetUrl: STYLESHEET_PATH }),
            );
          }
          return handlers[route.name](request, reply, access);
        },
      });
    }
  });
}
