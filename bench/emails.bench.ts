/**
 * Invoice e-mails with their PDF attached, end to end, on PGlite and PostgreSQL: queueing (the API's use
 * case: template, amount due, first PDF render, stored message and job in one transaction), then sending
 * through the real worker (pg-boss, nodemailer's SMTP pool) to an SMTP server (smtp-server) on 127.0.0.1 in
 * this process, timed from the worker's start until the server has accepted the last message.
 */
import { SMTPServer } from 'smtp-server';
import { createCustomer } from '../src/app/customers/create-customer.ts';
import { DEMO_ORGANIZATION } from '../src/app/demo/seed-demo.ts';
import { sendInvoiceEmail } from '../src/app/emails/send-invoice-email.ts';
import { createInvoice } from '../src/app/invoices/create-invoice.ts';
import { createOrganization } from '../src/app/organizations/create-organization.ts';
import { pdfRenderer } from '../src/documents/pdf-renderer.ts';
import { createJobQueue, jobSender, QUEUE_POLICIES, startJobQueue } from '../src/jobs/job-queue.ts';
import { smtpMailer } from '../src/mail/smtp-mailer.ts';
import { registerEmailWorkers } from '../src/workers/email-workers.ts';
import { type BenchDatabase, withPglite, withPostgres } from './support/bench-database.ts';
import type { BenchResult } from './support/bench-result.ts';
import { formatMs } from './support/stats.ts';

const MESSAGES = { pglite: 150, postgres: 400 } as const;
const SECRET = 'bench-secret-0123456789abcdef0123456789abcdef';
const TODAY = '2026-11-25';
const NOW = new Date('2026-11-25T10:00:00Z');
/** The service's defaults (JOB_POLL_INTERVAL_SECONDS, JOB_BATCH_SIZE, JOB_CONCURRENCY). */
const JOB_OPTIONS = { pollingIntervalSeconds: 0.5, batchSize: 10, concurrency: 2, poolSize: 4 };
const quiet = { info: () => {}, warn: () => {} };

/** An SMTP server that accepts everything and counts messages and bytes. */
async function startSmtpCounter() {
  let messages = 0;
  let bytes = 0;
  let onMessage = () => {};
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    closeTimeout: 200,
    onData(stream, _session, callback) {
      stream.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
      });
      stream.on('end', () => {
        messages += 1;
        onMessage();
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `smtp://127.0.0.1:${port}`,
    stats: () => ({ messages, bytes }),
    waitFor: (count: number) =>
      new Promise<void>((resolve) => {
        onMessage = () => {
          if (messages >= count) resolve();
        };
        onMessage();
      }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function measureOn(kind: 'pglite' | 'postgres', database: BenchDatabase): Promise<BenchResult[]> {
  const count = MESSAGES[kind];
  const db = database.handle.db;
  const { organization } = await createOrganization(db, {
    organization: { ...DEMO_ORGANIZATION, legalName: 'Bench Lumière SRL' },
    admin: { name: 'Bench', email: 'bench@bench.example', language: 'fr' },
    actor: 'bench',
  });
  const customer = await createCustomer(db, {
    organizationId: organization.id,
    customer: {
      kind: 'company',
      name: 'Client Banc d’Essai SA',
      language: 'fr',
      emails: ['compta@client.example'],
    },
    actor: 'bench',
  });
  if (!customer.ok) throw new Error(customer.code);
  const invoiceIds: string[] = [];
  for (let i = 0; i < count; i++) {
    const invoice = await createInvoice(db, {
      organization,
      invoice: {
        number: `B-${String(i).padStart(5, '0')}`,
        customerId: customer.value.id,
        issueDate: '2026-11-01',
        dueDate: '2026-12-01',
        lines: [
          { description: 'Étude d’éclairage', quantity: '1', unitPriceMinor: 185_000, vatRateBp: 2100 },
          { description: 'Luminaires LED', quantity: '12', unitPriceMinor: 8950, vatRateBp: 2100 },
          { description: 'Installation', quantity: '6.5', unitPriceMinor: 7200, vatRateBp: 600 },
        ],
      },
      actor: 'bench',
      now: NOW,
    });
    if (!invoice.ok) throw new Error(invoice.code);
    invoiceIds.push(invoice.value.aggregate.invoice.id);
  }

  const boss = createJobQueue(database.handle, JOB_OPTIONS);
  boss.on('error', () => {});
  await startJobQueue(boss);
  const smtp = await startSmtpCounter();
  const mailer = smtpMailer(smtp.url);
  const mail = {
    publicBaseUrl: 'https://invoices.example.com',
    appSecret: SECRET,
    mailFrom: 'invoices@example.com',
  };
  try {
    const queueStarted = performance.now();
    for (const invoiceId of invoiceIds) {
      const sent = await sendInvoiceEmail(
        { db, jobs: jobSender(boss), renderer: pdfRenderer, log: quiet, mail },
        { organization, invoiceId, actor: 'bench', today: TODAY },
      );
      if (!sent.ok) throw new Error(sent.code);
    }
    const queueMs = performance.now() - queueStarted;

    const sendStarted = performance.now();
    const arrived = smtp.waitFor(count);
    await registerEmailWorkers(
      boss,
      {
        db,
        mailer,
        jobs: jobSender(boss),
        log: quiet,
        clock: () => new Date(),
        mailFrom: mail.mailFrom,
        mail,
      },
      { options: JOB_OPTIONS, policies: QUEUE_POLICIES },
    );
    await arrived;
    const sendMs = performance.now() - sendStarted;
    const { bytes } = smtp.stats();
    const averageKb = bytes / count / 1024;
    console.log(
      `  ${kind}: queued ${count} in ${formatMs(queueMs)}, delivered in ${formatMs(sendMs)} (${averageKb.toFixed(0)} KB a message)`,
    );
    const where = kind === 'pglite' ? 'PGlite' : 'PostgreSQL';
    return [
      {
        name: `invoice e-mail queued (${where})`,
        unit: 'msg/s',
        value: count / (queueMs / 1000),
        details: `${count} sends one after the other through sendInvoiceEmail: template, amount due, first PDF render and store, message and job in one transaction; ${database.description}`,
      },
      {
        name: `invoice e-mail with PDF delivered to local SMTP (${where})`,
        unit: 'msg/s',
        value: count / (sendMs / 1000),
        details: `${count} queued messages (designed HTML + text + ${averageKb.toFixed(0)} KB with the PDF and the invoice picture) from worker start to the last accepted by smtp-server on 127.0.0.1; pg-boss batch ${JOB_OPTIONS.batchSize}, ${JOB_OPTIONS.concurrency} workers, poll ${JOB_OPTIONS.pollingIntervalSeconds} s; nodemailer pool of 3 connections; ${database.description}`,
      },
    ];
  } finally {
    await boss.stop({ graceful: false });
    await mailer.close();
    await smtp.close();
  }
}

export async function run(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  results.push(...(await withPglite((database) => measureOn('pglite', database))));
  results.push(...((await withPostgres((database) => measureOn('postgres', database))) ?? []));
  return results;
}
