import type { FastifyInstance } from 'fastify';
import type { PgBoss } from 'pg-boss';
import type { Config } from './config.ts';
import { type DatabaseHandle, openDatabase } from './db/connect-database.ts';
import { migrateToLatest } from './db/migrate.ts';
import { pooledPdfRenderer } from './documents/pooled-pdf-renderer.ts';
import { buildApp } from './http/build-app.ts';
import { mailboxKey } from './http/mailbox/mailbox-routes.ts';
import {
  createJobQueue,
  jobSender,
  QUEUE_POLICIES,
  type QueuePolicies,
  startJobQueue,
} from './jobs/job-queue.ts';
import { type Mailer, mailboxMailer } from './mail/mailer.ts';
import { smtpMailer } from './mail/smtp-mailer.ts';
import type { PaymentProviderFactory } from './payments/payment-provider.ts';
import { sdkProviderFactory } from './payments/provider-factory.ts';
import { registerEmailWorkers } from './workers/email-workers.ts';
import { registerPaymentWorkers } from './workers/payment-workers.ts';
import { registerWebhookWorker } from './workers/webhook-worker.ts';

export interface RunningService {
  app: FastifyInstance;
  database: DatabaseHandle;
  jobs: PgBoss;
  /** The local mailbox page's path, or null with SMTP configured. */
  mailboxPath: string | null;
  stop(): Promise<void>;
}

export interface ServiceOptions {
  clock?: () => Date;
  /** Defaults to SMTP with `SMTP_URL`, else the local mailbox. */
  mailer?: Mailer;
  /** Retry policies of the queues; tests shorten them. */
  queuePolicies?: QueuePolicies;
  /** Builds payment providers from connected accounts (tests point them at fake servers). */
  providers?: PaymentProviderFactory;
}

/** Opens the database of the configuration and brings its schema (and pg-boss's) up to date. */
export async function openMigratedDatabase(config: Config): Promise<DatabaseHandle> {
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    poolSize: config.databasePoolSize,
    onIdleError: (error) =>
      console.warn(`database: an idle connection was dropped (${error.message}); it will be replaced`),
  });
  try {
    await migrateToLatest(database.db);
    return database;
  } catch (error) {
    await database.close();
    throw error;
  }
}

/**
 * The composition root: the only place that knows every adapter. Builds the service on an open database,
 * starts the job queue and the HTTP server.
 */
export async function startService(
  config: Config,
  database: DatabaseHandle,
  options: ServiceOptions = {},
): Promise<RunningService> {
  const policies = options.queuePolicies ?? QUEUE_POLICIES;
  const clock = options.clock ?? (() => new Date());
  const mailer = options.mailer ?? (config.smtpUrl ? smtpMailer(config.smtpUrl) : mailboxMailer);
  const mailbox = mailer.transport === 'mailbox' ? mailboxKey(config.appSecret) : null;
  const jobs = createJobQueue(database, { ...config.jobs, poolSize: 4 });
  jobs.on('error', (error) => console.error('job queue error:', error));
  await startJobQueue(jobs, policies);
  const sender = jobSender(jobs);
  const providers = options.providers ?? sdkProviderFactory();
  const renderer = pooledPdfRenderer(config.render);
  const app = await buildApp({
    renderer,
    db: database.db,
    clock,
    publicBaseUrl: config.publicBaseUrl,
    appSecret: config.appSecret,
    jobs: sender,
    trustProxy: config.trustProxy,
    logger: config.logLevel === 'silent' ? false : { level: config.logLevel },
    mailFrom: config.mailFrom,
    mailboxKey: mailbox,
    providers,
    admission: config.admission,
  });
  await registerEmailWorkers(
    jobs,
    {
      db: database.db,
      mailer,
      jobs: sender,
      log: app.log,
      clock,
      mailFrom: config.mailFrom,
      mail: { publicBaseUrl: config.publicBaseUrl, appSecret: config.appSecret, mailFrom: config.mailFrom },
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
      publicBaseUrl: config.publicBaseUrl,
      providers,
      mail: { publicBaseUrl: config.publicBaseUrl, appSecret: config.appSecret, mailFrom: config.mailFrom },
      log: app.log,
    },
    { options: config.jobs },
  );
  await registerWebhookWorker(
    jobs,
    { db: database.db, appSecret: config.appSecret, fetch: globalThis.fetch, clock },
    {
      options: config.jobs,
      onError: (error) => console.error('webhook delivery error:', error),
    },
  );
  await app.listen({ port: config.port, host: config.host });
  let stopped = false;
  return {
    app,
    database,
    jobs,
    mailboxPath: mailbox === null ? null : `/mailbox/${mailbox}`,
    async stop() {
      if (stopped) return;
      stopped = true;
      await app.close();
      await jobs.stop({ graceful: true, timeout: 10_000 });
      await mailer.close();
      await renderer.close();
      await database.close();
    },
  };
}
