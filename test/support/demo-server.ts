import { type AddressInfo, createServer } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { PgBoss } from 'pg-boss';
import { type DemoSeed, seedDemo } from '../../src/app/demo/seed-demo.ts';
import { portalPaths, portalToken } from '../../src/app/portal-links/portal-link.ts';
import type { DatabaseHandle } from '../../src/db/connect-database.ts';
import { dateInTimeZone } from '../../src/domain/index.ts';
import { buildApp } from '../../src/http/build-app.ts';
import { mailboxKey, mailboxPath } from '../../src/http/mailbox/mailbox-routes.ts';
import { createJobQueue, jobSender, startJobQueue } from '../../src/jobs/job-queue.ts';
import { mailboxMailer } from '../../src/mail/mailer.ts';
import { sdkProviderFactory } from '../../src/payments/provider-factory.ts';
import { registerEmailWorkers } from '../../src/workers/email-workers.ts';
import { registerPaymentWorkers } from '../../src/workers/payment-workers.ts';
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
  /** The local mailbox page (absolute URL). */
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

/** The real service with the demo organization, listening on a random local port (browser tests, screenshots). */
export async function startDemoServer(
  now = new Date(),
  options: {
    /** The host name of PUBLIC_BASE_URL (`localhost` for WebAuthn, which refuses an IP address as its RP ID). */
    hostName?: string;
  } = {},
): Promise<DemoServer> {
  const database = await openTestDatabase(defaultDatabaseKind());
  const seed = await seedDemo(database.db, {
    today: dateInTimeZone(now, 'Europe/Brussels'),
    now,
    actor: 'test',
  });
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
  const key = mailboxKey(appSecret);
  const app = await buildApp({
    db: database.db,
    clock: () => now,
    publicBaseUrl: baseUrl,
    appSecret,
    jobs: jobSender(boss),
    mailboxKey: key,
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
      providers: sdkProviderFactory(),
      mail,
    },
    { options: jobOptions },
  );
  await app.listen({ host: '127.0.0.1', port });
  const tokenOf = (customerId: string) => portalToken(appSecret, customerId, 1);
  return {
    baseUrl,
    seed,
    database,
    app,
    mailboxUrl: `${baseUrl}${mailboxPath(key)}`,
    historyUrl(customerName) {
      const customer = seed.customers.find((c) => c.name === customerName);
      if (!customer) throw new Error(`no demo customer ${customerName}`);
      return `${baseUrl}${portalPaths.history(tokenOf(customer.id))}`;
    },
    invoiceUrl(invoiceNumber) {
      const found = seed.cases.find((c) => c.number === invoiceNumber);
      const customer = seed.customers.find((c) => c.name === found?.customerName);
      if (!found || !customer) throw new Error(`no demo invoice ${invoiceNumber}`);
      return `${baseUrl}${portalPaths.invoice(tokenOf(customer.id), found.invoiceId)}`;
    },
    async close() {
      await app.close();
      await boss.stop({ graceful: false });
      await database.close();
    },
  };
}
