import { type AddressInfo, createServer } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { PgBoss } from 'pg-boss';
import { type DemoSeed, seedDemo } from '../../src/app/demo/seed-demo.ts';
import {
  type CreateOrganizationInput,
  createOrganization,
} from '../../src/app/organizations/create-organization.ts';
import { portalPaths, portalToken } from '../../src/app/portal-links/portal-link.ts';
import { webhookEgress } from '../../src/app/webhooks/webhook-egress.ts';
import type { DatabaseHandle } from '../../src/db/connect-database.ts';
import { dateInTimeZone } from '../../src/domain/index.ts';
import { buildApp } from '../../src/http/build-app.ts';
import { mailboxPath } from '../../src/http/mailbox/mailbox-routes.ts';
import { createJobQueue, jobSender, startJobQueue } from '../../src/jobs/job-queue.ts';
import { mailboxMailer } from '../../src/mail/mailer.ts';
import type { PaymentProviderFactory } from '../../src/payments/payment-provider.ts';
import { sdkProviderFactory } from '../../src/payments/provider-factory.ts';
import { registerEmailWorkers } from '../../src/workers/email-workers.ts';
import { registerPaymentWorkers } from '../../src/workers/payment-workers.ts';
import { registerWebhookWorker } from '../../src/workers/webhook-worker.ts';
import { FAST_POLICIES } from '../emails/support.ts';
import { openTestDatabase } from './test-database.ts';
import { defaultDatabaseKind } from './test-env.ts';

export interface DemoServer {
  baseUrl: string;
  seed: DemoSeed;
  database: DatabaseHandle;
  app: FastifyInstance;
  /** Absolute portal URLs per demo customer name. */
  historyUrl(customerName: string): string;
  invoiceUrl(invoiceNumber: string): string;
  /** The demo organization's local mailbox page (absolute URL). */
  mailboxUrl: string;
  close(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

interface ServerOptions {
  /** The host name of PUBLIC_BASE_URL (`localhost` for WebAuthn, which refuses an IP address as its RP ID). */
  hostName?: string;
  /** The payment adapters of the app and the payment workers (e.g. the SDKs against fake servers). */
  providers?: PaymentProviderFactory;
  /** Also run the webhook worker, with the real delivery code and global `fetch`. */
  webhooks?: boolean;
}

interface RunningServer {
  baseUrl: string;
  database: DatabaseHandle;
  app: FastifyInstance;
  /** An organization's local mailbox page (absolute URL). */
  mailboxUrlOf(organizationId: string): string;
  appSecret: string;
  close(): Promise<void>;
}

/** The real service on a random local port, with the database filled by `setup` before it starts. */
async function startServer(
  now: Date,
  options: ServerOptions,
  setup: (database: DatabaseHandle) => Promise<void>,
): Promise<RunningServer> {
  const database = await openTestDatabase(defaultDatabaseKind());
  await setup(database);
  const boss: PgBoss = createJobQueue(database, {
    pollingIntervalSeconds: 0.5,
    batchSize: 10,
    concurrency: 1,
    poolSize: 2,
  });
  boss.on('error', () => {});
  await startJobQueue(boss, FAST_POLICIES);
  const appSecret = 'e2e-secret-0123456789abcdef0123456789abcdef';
  // The port is known before the app is built: PUBLIC_BASE_URL must be the origin the browser sends.
  const port = await freePort();
  const baseUrl = `http://${options.hostName ?? '127.0.0.1'}:${port}`;
  const app = await buildApp({
    db: database.db,
    clock: () => now,
    publicBaseUrl: baseUrl,
    appSecret,
    jobs: jobSender(boss),
    localMailbox: true,
    // The browser tests' webhook receiver listens on 127.0.0.1.
    allowPrivateWebhookAddresses: options.webhooks ?? false,
    ...(options.providers ? { providers: options.providers } : {}),
  });
  // The workers as the service runs them: e-mails into the local mailbox, provider events applied.
  const mail = { publicBaseUrl: baseUrl, appSecret, mailFrom: 'invoices@localhost' };
  const jobOptions = { pollingIntervalSeconds: 0.5, batchSize: 10, concurrency: 1 };
  const quiet = { info: () => {}, warn: () => {} };
  await registerEmailWorkers(
    boss,
    {
      db: database.db,
      mailer: mailboxMailer,
      jobs: jobSender(boss),
      log: quiet,
      clock: () => now,
      mailFrom: mail.mailFrom,
      mail,
    },
    { options: jobOptions, policies: FAST_POLICIES },
  );
  await registerPaymentWorkers(
    boss,
    {
      db: database.db,
      jobs: jobSender(boss),
      clock: () => now,
      appSecret,
      publicBaseUrl: baseUrl,
      providers: options.providers ?? sdkProviderFactory(),
      mail,
    },
    { options: jobOptions },
  );
  if (options.webhooks) {
    await registerWebhookWorker(
      boss,
      {
        db: database.db,
        appSecret,
        fetch: globalThis.fetch,
        egress: webhookEgress({ allowPrivateAddresses: true }),
        clock: () => now,
      },
      { options: jobOptions },
    );
  }
  await app.listen({ host: '127.0.0.1', port });
  return {
    baseUrl,
    database,
    app,
    appSecret,
    mailboxUrlOf: (organizationId) => `${baseUrl}${mailboxPath(appSecret, organizationId)}`,
    async close() {
      await app.close();
      await boss.stop({ graceful: false });
      await database.close();
    },
  };
}

/** The real service with the demo organization, listening on a random local port (browser tests, screenshots). */
export async function startDemoServer(now = new Date(), options: ServerOptions = {}): Promise<DemoServer> {
  let seed: DemoSeed | undefined;
  const server = await startServer(now, options, async (database) => {
    seed = await seedDemo(database.db, {
      today: dateInTimeZone(now, 'Europe/Brussels'),
      now,
      actor: 'test',
    });
  });
  if (!seed) throw new Error('the demo was not seeded');
  const demo = seed;
  const tokenOf = (customerId: string) => portalToken(server.appSecret, customerId, 1);
  return {
    baseUrl: server.baseUrl,
    seed: demo,
    database: server.database,
    app: server.app,
    mailboxUrl: server.mailboxUrlOf(demo.organization.id),
    historyUrl(customerName) {
      const customer = demo.customers.find((c) => c.name === customerName);
      if (!customer) throw new Error(`no demo customer ${customerName}`);
      return `${server.baseUrl}${portalPaths.history(tokenOf(customer.id))}`;
    },
    invoiceUrl(invoiceNumber) {
      const found = demo.cases.find((c) => c.number === invoiceNumber);
      const customer = demo.customers.find((c) => c.name === found?.customerName);
      if (!found || !customer) throw new Error(`no demo invoice ${invoiceNumber}`);
      return `${server.baseUrl}${portalPaths.invoice(tokenOf(customer.id), found.invoiceId)}`;
    },
    close: () => server.close(),
  };
}

export interface FreshServer {
  baseUrl: string;
  database: DatabaseHandle;
  app: FastifyInstance;
  mailboxUrl: string;
  /** What `create-organization` made: the organization, its first admin and the API key it prints. */
  created: Awaited<ReturnType<typeof createOrganization>>;
  close(): Promise<void>;
}

/**
 * The real service with one organization made as the CLI's `create-organization` makes it (the same use
 * case, nothing else in the database), listening on a random local port.
 */
export async function startFreshServer(
  now: Date,
  organization: CreateOrganizationInput,
  options: ServerOptions = {},
): Promise<FreshServer> {
  let created: FreshServer['created'] | undefined;
  const server = await startServer(now, options, async (database) => {
    created = await createOrganization(database.db, organization);
  });
  if (!created) throw new Error('the organization was not created');
  return {
    baseUrl: server.baseUrl,
    database: server.database,
    app: server.app,
    mailboxUrl: server.mailboxUrlOf(created.organization.id),
    created,
    close: () => server.close(),
  };
}
