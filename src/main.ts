import type { FastifyInstance } from 'fastify';
import type { PgBoss } from 'pg-boss';
import { webhookEgress } from './app/webhooks/webhook-egress.ts';
import { type Config, type ServeRole, serveRoleProblem } from './config.ts';
import { type DatabaseHandle, openDatabase } from './db/connect-database.ts';
import { migrateToLatest } from './db/migrate.ts';
import { pooledPdfRenderer } from './documents/pooled-pdf-renderer.ts';
import { buildApp } from './http/build-app.ts';
import { mailboxPath } from './http/mailbox/mailbox-routes.ts';
import { buildOperationsApp, trackRequestsInFlight } from './http/operations/operational-routes.ts';
import {
  createJobQueue,
  jobSender,
  QUEUE_POLICIES,
  type QueuePolicies,
  startJobQueue,
} from './jobs/job-queue.ts';
import { type Mailer, mailboxMailer } from './mail/mailer.ts';
import { smtpMailer } from './mail/smtp-mailer.ts';
import { registerQueueMetrics } from './metrics/queue-metrics.ts';
import { createServiceMetrics, type ServiceMetrics } from './metrics/service-metrics.ts';
import type { PaymentProviderFactory } from './payments/payment-provider.ts';
import { sdkProviderFactory } from './payments/provider-factory.ts';
import { registerEmailWorkers } from './workers/email-workers.ts';
import { registerMaintenanceWorker } from './workers/maintenance-worker.ts';
import { registerPaymentWorkers } from './workers/payment-workers.ts';
import { registerWebhookWorker } from './workers/webhook-worker.ts';

export interface RunningService {
  role: ServeRole;
  /** The HTTP listener: the whole app (web, all) or only the operational routes (worker). */
  app: FastifyInstance;
  database: DatabaseHandle;
  jobs: PgBoss;
  /** This instance's metrics registry (served at /metrics) and the counters the workers feed. */
  metrics: ServiceMetrics;
  /** An organization's local mailbox page's path, or null with SMTP configured or no web part. */
  mailboxPath: ((organizationId: string) => string) | null;
  /**
   * Shuts down gracefully: readiness answers 503 at once, the listener stops accepting, and the requests
   * and jobs in hand are finished within `timeoutMs` (default `SHUTDOWN_TIMEOUT_SECONDS`); then everything
   * is closed. Says what it had to abandon when time ran out.
   */
  stop(options?: { timeoutMs?: number }): Promise<ShutdownReport>;
}

export interface ShutdownReport {
  /** True when every request and job in hand finished in time. */
  clean: boolean;
  /** What was still running when time ran out, e.g. `request GET /p/:token/invoices/:invoiceId/download`. */
  abandoned: string[];
}

export interface ServiceOptions {
  /** What to run; defaults to the configuration's (`SERVE_ROLE`, default all). */
  role?: ServeRole;
  clock?: () => Date;
  /** Defaults to SMTP with `SMTP_URL`, else the local mailbox. */
  mailer?: Mailer;
  /** Retry policies of the queues; tests shorten them. */
  queuePolicies?: QueuePolicies;
  /** Builds payment providers from connected accounts (tests point them at fake servers). */
  providers?: PaymentProviderFactory;
  /** Seconds between pg-boss's sweeps for jobs of a dead process (default 60; crash tests lower it). */
  superviseIntervalSeconds?: number;
}

/** Opens the database of the configuration and brings its schema (and pg-boss's) up to date. */
export async function openMigratedDatabase(config: Config): Promise<DatabaseHandle> {
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    poolSize: config.databasePoolSize,
    onIdleError: (error) =>
      console.warn(`database: a connection was dropped (${error.message}); it will be replaced`),
  });
  try {
    await migrateToLatest(database.db);
    return database;
  } catch (error) {
    await database.close();
    throw error;
  }
}

/** Whether `work` settles within `ms` (it keeps running either way). */
async function settlesWithin(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const settled = work.then(
    () => true,
    () => true,
  );
  const late = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), Math.max(0, ms));
  });
  try {
    return await Promise.race([settled, late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The composition root: the only place that knows every adapter. Builds the service on an open database
 * for its role: `web` is the HTTP app with a job queue that only sends; `worker` is every job worker with
 * a listener for the operational routes only; `all` is both in one process (the only role the embedded
 * database allows). Any number of web and worker processes share one PostgreSQL.
 */
export async function startService(
  config: Config,
  database: DatabaseHandle,
  options: ServiceOptions = {},
): Promise<RunningService> {
  const role = options.role ?? config.serveRole;
  const problem = serveRoleProblem(role, database.kind === 'postgres' ? database.connectionString : null);
  if (problem) throw new Error(`cannot serve: ${problem}`);
  const runsWeb = role !== 'worker';
  const runsWorkers = role !== 'web';
  let draining = false;

  const policies = options.queuePolicies ?? QUEUE_POLICIES;
  const clock = options.clock ?? (() => new Date());
  const mailer = options.mailer ?? (config.smtpUrl ? smtpMailer(config.smtpUrl) : mailboxMailer);
  const mailbox = runsWeb && mailer.transport === 'mailbox';
  const jobs = createJobQueue(database, {
    ...config.jobs,
    poolSize: runsWorkers ? 4 : 2,
    supervise: runsWorkers,
    // Processes that run workers run pg-boss's cron too (the retention schedule); it sends each due job once.
    schedule: runsWorkers,
    ...(options.superviseIntervalSeconds
      ? { superviseIntervalSeconds: options.superviseIntervalSeconds }
      : {}),
  });
  jobs.on('error', (error) => console.error('job queue error:', error));
  await startJobQueue(jobs, policies);
  const sender = jobSender(jobs);
  const providers = options.providers ?? sdkProviderFactory();
  const serviceMetrics = createServiceMetrics();
  registerQueueMetrics(serviceMetrics.registry, jobs);
  const { metrics } = serviceMetrics;
  const metricsRoute = { registry: serviceMetrics.registry, token: config.metrics.token };
  const renderer = runsWeb ? pooledPdfRenderer(config.render) : null;
  const logger = config.logLevel === 'silent' ? false : { level: config.logLevel };
  const app = renderer
    ? await buildApp({
        renderer,
        db: database.db,
        clock,
        publicBaseUrl: config.publicBaseUrl,
        appSecret: config.appSecret,
        previousSecrets: config.appSecretPrevious,
        portalLinksTrustPrevious: config.portalLinksTrustPrevious,
        jobs: sender,
        trustProxy: config.trustProxy,
        logger,
        mailFrom: config.mailFrom,
        localMailbox: mailbox,
        admission: config.admission,
        providers,
        draining: () => draining,
        unsignedNoticesPerMinute: config.unsignedNoticesPerMinute,
        allowPrivateWebhookAddresses: config.webhookAllowPrivateAddresses,
        metrics: metricsRoute,
      })
    : await buildOperationsApp({ db: database.db, draining: () => draining, logger, metrics: metricsRoute });
  const requestsInFlight = trackRequestsInFlight(app);
  const egress = webhookEgress({ allowPrivateAddresses: config.webhookAllowPrivateAddresses });
  if (runsWorkers) {
    const mail = {
      publicBaseUrl: config.publicBaseUrl,
      appSecret: config.appSecret,
      mailFrom: config.mailFrom,
    };
    await registerEmailWorkers(
      jobs,
      {
        db: database.db,
        mailer,
        jobs: sender,
        log: app.log,
        clock,
        mailFrom: config.mailFrom,
        mail,
        metrics,
      },
      { options: config.jobs, policies },
    );
    await registerPaymentWorkers(
      jobs,
      {
        db: database.db,
        jobs: sender,
        clock,
        appSecret: config.appSecret,
        previousSecrets: config.appSecretPrevious,
        publicBaseUrl: config.publicBaseUrl,
        providers,
        mail,
        log: app.log,
        metrics,
      },
      { options: config.jobs },
    );
    await registerWebhookWorker(
      jobs,
      {
        db: database.db,
        appSecret: config.appSecret,
        previousSecrets: config.appSecretPrevious,
        fetch: globalThis.fetch,
        egress,
        clock,
      },
      {
        options: config.jobs,
        onError: (error) => console.error('webhook delivery error:', error),
        metrics,
      },
    );
    await registerMaintenanceWorker(
      jobs,
      { db: database.db, log: app.log, clock, retention: config.retention },
      { options: config.jobs },
    );
  }
  await app.listen({ port: config.port, host: config.host });

  /** Stops accepting and waits for the requests in hand; returns those still running at the deadline. */
  const drainRequests = async (deadline: number): Promise<string[]> => {
    // The operational listener of a worker stays open while its jobs finish, so readiness can be asked.
    if (!runsWeb) return [];
    const closing = app.close();
    if (await settlesWithin(closing, deadline - Date.now())) return [];
    const abandoned = requestsInFlight().map((request) => `request ${request}`);
    app.server.closeAllConnections();
    await settlesWithin(closing, 1000);
    return abandoned;
  };

  /** Stops fetching jobs and waits for those in hand; returns those still running at the deadline. */
  const drainJobs = async (deadline: number): Promise<string[]> => {
    // pg-boss's own bound comes a moment after ours, so what it still holds can be listed first; at its
    // bound it fails the jobs in hand ("shut down while active"), which their queue's policy retries.
    const stopping = jobs.stop({ graceful: true, timeout: Math.max(1000, deadline - Date.now() + 1000) });
    if (await settlesWithin(stopping, deadline - Date.now())) return [];
    const abandoned = jobs
      .getWipData()
      .filter((worker) => worker.count > 0)
      .map((worker) => `${worker.count} job(s) of ${worker.name}`);
    await settlesWithin(stopping, 5000);
    return abandoned;
  };

  let stopping: Promise<ShutdownReport> | null = null;
  return {
    role,
    app,
    database,
    jobs,
    metrics: serviceMetrics,
    mailboxPath: mailbox ? (organizationId) => mailboxPath(config.appSecret, organizationId) : null,
    stop(stopOptions = {}) {
      stopping ??= (async () => {
        draining = true;
        const deadline = Date.now() + (stopOptions.timeoutMs ?? config.shutdownTimeoutSeconds * 1000);
        const [requests, inHand] = await Promise.all([drainRequests(deadline), drainJobs(deadline)]);
        if (!runsWeb) await settlesWithin(app.close(), 1000);
        await mailer.close();
        await egress.dispatcher.close();
        await renderer?.close();
        await settlesWithin(database.close(), 5000);
        const abandoned = [...requests, ...inHand];
        return { clean: abandoned.length === 0, abandoned };
      })();
      return stopping;
    },
  };
}
