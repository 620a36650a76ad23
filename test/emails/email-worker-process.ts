/**
 * An e-mail worker in a process of its own, for the crash test: it sends through SMTP like the service,
 * and right after the server accepts a message (before that is recorded) it tells its parent and waits,
 * so the parent can kill it in exactly that window.
 *
 * Environment: DATABASE_URL (a PostgreSQL test database), SMTP_URL.
 */
import { openDatabase } from '../../src/db/connect-database.ts';
import { createJobQueue, jobSender, startJobQueue } from '../../src/jobs/job-queue.ts';
import { smtpMailer } from '../../src/mail/smtp-mailer.ts';
import { registerEmailWorkers } from '../../src/workers/email-workers.ts';
import { FAST_POLICIES } from './support.ts';

const databaseUrl = process.env.DATABASE_URL ?? '';
const smtpUrl = process.env.SMTP_URL ?? '';
const database = await openDatabase({ databaseUrl, poolSize: 2 });
const options = { pollingIntervalSeconds: 0.5, batchSize: 1, concurrency: 1, poolSize: 2 };
const boss = createJobQueue(database, options);
boss.on('error', () => {});
await startJobQueue(boss, FAST_POLICIES);
await registerEmailWorkers(
  boss,
  {
    db: database.db,
    mailer: smtpMailer(smtpUrl),
    jobs: jobSender(boss),
    log: { info: () => {}, warn: () => {} },
    clock: () => new Date(),
    mailFrom: 'invoices@portal.test',
    mail: {
      publicBaseUrl: 'http://portal.test',
      appSecret: 'unused-in-this-process-0123456789abcdef',
      mailFrom: 'invoices@portal.test',
    },
    afterAccepted: async (email) => {
      process.send?.({ accepted: email.id });
      await new Promise(() => {});
    },
  },
  { options, policies: FAST_POLICIES },
);
process.send?.({ ready: true });
