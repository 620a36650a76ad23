import { randomBytes } from 'node:crypto';
import cookie from '@fastify/cookie';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { MAX_UPLOAD_BYTES } from '../app/documents/document-store.ts';
import type { EventLog } from '../core/event-log.ts';
import { negotiateLanguage } from '../core/lang.ts';
import { type Db, isDatabaseUnavailable } from '../db/transaction.ts';
import type { DocumentRenderer } from '../documents/document-renderer.ts';
import { pdfRenderer } from '../documents/pdf-renderer.ts';
import { apiMessage } from '../i18n/api-messages.ts';
import type { JobSender } from '../jobs/job-queue.ts';
import type { PaymentProviderFactory } from '../payments/payment-provider.ts';
import { type AdmissionLimits, registerAdmissionGate } from './admission-gate.ts';
import { renderDocsPage } from './api/docs-page.ts';
import { errorBody } from './api/error-table.ts';
import { buildOpenApi } from './api/openapi.ts';
import { registerApiRoutes } from './api/route-kit.ts';
import { apiRoutes } from './api/route-table.ts';
import { backOfficeRoutes } from './back-office/back-office-route-table.ts';
import { registerBackOffice } from './back-office/register-back-office.ts';
import { registerMailbox } from './mailbox/mailbox-routes.ts';
import { type MetricsRouteOptions, registerMetrics } from './operations/metrics-routes.ts';
import { registerOperationalRoutes } from './operations/operational-routes.ts';
import { registerDemoCheckout } from './payments/demo-checkout-routes.ts';
import { registerPaymentWebhooks } from './payments/payment-webhook-routes.ts';
import { PORTAL_STYLESHEET_PATH, registerPortal } from './portal/portal-routes.ts';
import { registerSecurityHeaders } from './security-headers.ts';

export interface AppDeps {
  db: Db;
  /** Signs portal links and form tokens. Defaults to a random secret: links then only work in this process. */
  appSecret?: string;
  /**
   * APP_SECRET_PREVIOUS: older secrets still accepted where something is verified or decrypted (portal links
   * unless `portalLinksTrustPrevious` is false, form tokens, sealed secrets); nothing is signed with them.
   */
  previousSecrets?: readonly string[];
  /** PORTAL_LINKS_TRUST_PREVIOUS (default true). */
  portalLinksTrustPrevious?: boolean;
  /** The job queue; routes that queue jobs (portal comments) refuse to work without one. */
  jobs?: JobSender;
  /** Defaults to the pdfkit renderer. */
  renderer?: DocumentRenderer;
  log?: EventLog;
  clock: () => Date;
  publicBaseUrl: string;
  trustProxy?: boolean | number | string[];
  logger?: FastifyServerOptions['logger'];
  /** The sender address of e-mails; defaults to invoices@localhost. */
  mailFrom?: string;
  /** Builds payment providers from connected accounts' credentials (the real SDK adapters in main.ts). */
  providers?: PaymentProviderFactory;
  /**
   * The local mailbox pages (no SMTP configured), one per organization behind a key derived from
   * `appSecret`. Absent or false: no mailbox pages, as with SMTP configured.
   */
  localMailbox?: boolean;
  /** Prometheus metrics: `/metrics` and the request histogram. Absent: neither. */
  metrics?: MetricsRouteOptions;
  /** Scale-out (issue 13): whether the process is shutting down (readiness), the unsigned-notice limit. */
  draining?: () => boolean;
  unsignedNoticesPerMinute?: number;
  /** `WEBHOOK_ALLOW_PRIVATE_ADDRESSES`: endpoints may be saved with private or loopback hosts (development). */
  allowPrivateWebhookAddresses?: boolean;
  /** The admission gate's limits (admission-gate.ts); absent or null: no gate. */
  admission?: AdmissionLimits | null;
}

/** What a request that found the database unavailable is told to wait before trying again. */
const DATABASE_RETRY_AFTER_SECONDS = 5;

/** Without adapters, no organization can connect an account; the demo provider needs none. */
const noProviderAdapters: PaymentProviderFactory = {
  connect: (credentials) => {
    throw new Error(`No ${credentials.provider} adapter was given to buildApp`);
  },
};

const missingJobQueue: JobSender = {
  sendInTransaction: async () => {
    throw new Error('No job queue was given to buildApp');
  },
};

/** The HTTP application; every adapter comes in through `deps` (composition root: main.ts). */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: deps.logger ?? false,
    // NOTE: Fastify accepts a hop count at run time; its typings only list the other forms.
    trustProxy: (deps.trustProxy ?? false) as boolean | string[],
    bodyLimit: 1024 * 1024,
  });
  // First, so its request hook sees every route registered below.
  if (deps.metrics) registerMetrics(app, deps.metrics);
  // Then the gate: a request it sheds is still counted by the metrics.
  if (deps.admission)
    registerAdmissionGate(app, { limits: deps.admission, stylesheetUrl: PORTAL_STYLESHEET_PATH });

  app.addContentTypeParser(
    'application/pdf',
    { parseAs: 'buffer', bodyLimit: MAX_UPLOAD_BYTES },
    (_request, body, done) => done(null, body),
  );

  app.setErrorHandler((error: { statusCode?: number; code?: string; message: string }, request, reply) => {
    const lang = negotiateLanguage(request.headers['accept-language']);
    const status = error.statusCode ?? 500;
    const code =
      error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE'
        ? 'UNSUPPORTED_MEDIA_TYPE'
        : error.code === 'FST_ERR_CTP_BODY_TOO_LARGE'
          ? 'PAYLOAD_TOO_LARGE'
          : status === 400
            ? 'INVALID_JSON'
            : status === 429
              ? 'RATE_LIMITED'
              : 'INTERNAL_ERROR';
    if (status >= 500 && isDatabaseUnavailable(error)) {
      // The database is restarting or out of reach: a moment's outage, not a fault; the client may retry.
      request.log.warn({ err: error }, 'request failed: the database is unavailable');
      const retryAfterSeconds = DATABASE_RETRY_AFTER_SECONDS;
      return reply
        .code(503)
        .header('retry-after', String(retryAfterSeconds))
        .send(
          errorBody('SERVICE_UNAVAILABLE', apiMessage(lang, 'SERVICE_UNAVAILABLE', { retryAfterSeconds })),
        );
    }
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    return reply.code(status >= 400 ? status : 500).send(errorBody(code, apiMessage(lang, code)));
  });

  registerSecurityHeaders(app, { publicBaseUrl: deps.publicBaseUrl });

  app.setNotFoundHandler((request, reply) => {
    const lang = negotiateLanguage(request.headers['accept-language']);
    return reply.code(404).send(errorBody('ROUTE_NOT_FOUND', apiMessage(lang, 'ROUTE_NOT_FOUND')));
  });

  registerOperationalRoutes(app, { db: deps.db, draining: deps.draining ?? (() => false) });

  const openApi = buildOpenApi(apiRoutes, deps.publicBaseUrl);
  app.get('/api/v1/openapi.json', async () => openApi);
  const docs = renderDocsPage(apiRoutes);
  // A static page with one inline stylesheet: nothing else may load, run, submit or frame it.
  app.get('/api/docs', async (_request, reply) =>
    reply
      .type('text/html; charset=utf-8')
      .header(
        'content-security-policy',
        "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
      )
      .send(docs),
  );

  const appSecret = deps.appSecret ?? randomBytes(32).toString('hex');
  const resolved = {
    db: deps.db,
    renderer: deps.renderer ?? pdfRenderer,
    appSecret,
    previousSecrets: deps.previousSecrets ?? [],
    portalLinksTrustPrevious: deps.portalLinksTrustPrevious ?? true,
    jobs: deps.jobs ?? missingJobQueue,
    log: deps.log ?? app.log,
    clock: deps.clock,
    publicBaseUrl: deps.publicBaseUrl,
    mail: { publicBaseUrl: deps.publicBaseUrl, appSecret, mailFrom: deps.mailFrom ?? 'invoices@localhost' },
    providers: deps.providers ?? noProviderAdapters,
    unsignedNoticesPerMinute: deps.unsignedNoticesPerMinute,
    allowPrivateWebhookAddresses: deps.allowPrivateWebhookAddresses ?? false,
    localMailbox: deps.localMailbox ?? false,
  };
  // Cookies (the portal's language, the back office's session) are parsed and written by one plugin.
  await app.register(cookie);
  registerApiRoutes(app, apiRoutes, resolved);
  await registerPortal(app, resolved);
  await registerPaymentWebhooks(app, resolved);
  await registerDemoCheckout(app, resolved);
  await registerBackOffice(app, backOfficeRoutes, resolved);
  if (resolved.localMailbox)
    await registerMailbox(app, {
      db: deps.db,
      log: deps.log ?? app.log,
      appSecret,
      mailFrom: resolved.mail.mailFrom,
    });
  return app;
}
