import { type ChildProcess, spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoSeed, seedDemo } from '../../src/app/demo/seed-demo.ts';
import type { DatabaseKind } from '../../src/db/connect-database.ts';
import { smtpMailer } from '../../src/mail/smtp-mailer.ts';
import { type ApiHarness, createApiHarness } from '../support/api-harness.ts';
import { eventually, type SmtpSink, startSmtpSink } from '../support/smtp-sink.ts';
import { contractDatabaseKinds, defaultDatabaseKind } from '../support/test-env.ts';
import { FAST_POLICIES, jobsDone } from './support.ts';

async function setUp(kind: DatabaseKind = defaultDatabaseKind()) {
  const sink = await startSmtpSink();
  const h = await createApiHarness({
    kind,
    now: () => new Date('2026-11-25T10:00:00Z'),
    policies: FAST_POLICIES,
    superviseIntervalSeconds: 1,
  });
  const demo = await seedDemo(h.database.db, {
    today: '2026-11-25',
    now: new Date('2026-11-25T09:00:00Z'),
    actor: 'test',
  });
  return { sink, h, demo };
}

async function sendInvoice(h: ApiHarness, demo: DemoSeed, index: number) {
  const invoice = demo.cases.filter((c) => !c.shows.startsWith('draft'))[index];
  const res = await h.request(demo.apiKey, 'POST', `/api/v1/invoices/${invoice?.invoiceId}/send`, {});
  expect(res.status).toBe(202);
  return res.body as { id: string; messageId: string };
}

async function emailRows(h: ApiHarness) {
  return h.database.db.selectFrom('outgoing_emails').selectAll().orderBy('queued_at').execute();
}

describe.each(contractDatabaseKinds())('durable e-mail sending (%s)', (kind) => {
  let sink: SmtpSink;
  let h: ApiHarness;
  let demo: DemoSeed;

  beforeAll(async () => {
    ({ sink, h, demo } = await setUp(kind));
    await h.startEmailWorkers(smtpMailer(sink.url, { timeoutMs: 2000 }));
  });
  afterAll(async () => {
    await h?.close();
    await sink?.stop();
  });

  it('keeps messages while the SMTP server is down and delivers each exactly once when it is back', async () => {
    await sink.stop();
    const queued = [
      await sendInvoice(h, demo, 0),
      await sendInvoice(h, demo, 1),
      await sendInvoice(h, demo, 2),
    ];

    // The worker tries, fails, records why, and tries again; nothing is lost or given up.
    const waiting = await eventually(async () => {
      const rows = await emailRows(h);
      return rows.length === 3 && rows.every((r) => r.attempts >= 2) ? rows : undefined;
    }, 'two failed attempts on every message');
    for (const row of waiting) {
      expect(row.status).toBe('queued');
      expect(row.last_error).toMatch(/ECONNREFUSED|connect/i);
    }
    expect(sink.received).toHaveLength(0);

    await sink.start();
    await eventually(
      async () => (await emailRows(h)).every((r) => r.status === 'sent'),
      'every message sent',
    );
    await eventually(() => jobsDone(h.database.db, ['email-send']), 'every send job finished');

    const arrived = sink.received.map((m) => m.parsed.messageId).sort();
    expect(arrived).toEqual(queued.map((q) => q.messageId).sort());
    const rows = await emailRows(h);
    expect(rows.every((r) => r.last_error !== null && r.sent_at !== null)).toBe(true);
  });
});

describe.runIf(defaultDatabaseKind() === 'postgres')('a worker killed after SMTP accepted a message', () => {
  let sink: SmtpSink;
  let h: ApiHarness;
  let demo: DemoSeed;
  let child: ChildProcess | undefined;

  beforeAll(async () => {
    ({ sink, h, demo } = await setUp());
  });
  afterAll(async () => {
    child?.kill('SIGKILL');
    await h?.close();
    await sink?.stop();
  });

  it('sends it again with the same Message-ID and Date, and then records it once', {
    timeout: 60_000,
  }, async () => {
    const queued = await sendInvoice(h, demo, 0);
    child = spawn(process.execPath, ['--import', 'tsx', 'test/emails/email-worker-process.ts'], {
      env: { ...process.env, DATABASE_URL: h.database.connectionString ?? '', SMTP_URL: sink.url },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const worker = child;
    const accepted = await new Promise<string>((resolve, reject) => {
      worker.on('message', (message: { accepted?: string }) => {
        if (message.accepted) resolve(message.accepted);
      });
      worker.on('exit', (code) => reject(new Error(`the worker process exited early (${code})`)));
    });
    expect(accepted).toBe(queued.id);
    worker.removeAllListeners('exit');
    const exited = new Promise((resolve) => worker.once('exit', resolve));
    worker.kill('SIGKILL');
    await exited;

    // The server has the message; our records do not know it was sent.
    expect(sink.received.map((m) => m.parsed.messageId)).toEqual([queued.messageId]);
    const [before] = await emailRows(h);
    expect(before?.status).toBe('queued');

    // A surviving worker takes the job up once pg-boss sees its heartbeat is gone, and sends the same
    // message again.
    await h.startEmailWorkers(smtpMailer(sink.url));
    await eventually(
      async () => (await emailRows(h))[0]?.status === 'sent',
      'the message recorded as sent',
      30_000,
    );
    await eventually(() => jobsDone(h.database.db, ['email-send']), 'the send job finished');

    expect(sink.received).toHaveLength(2);
    const [first, second] = sink.received.map((m) => m.parsed);
    expect(second?.messageId).toBe(queued.messageId);
    expect(second?.headers.get('date')).toEqual(first?.headers.get('date'));
    expect(second?.subject).toBe(first?.subject);
    const [after] = await emailRows(h);
    expect(after?.attempts).toBe(1);
  });
});

describe('a message the queue gives up on', () => {
  let sink: SmtpSink;
  let h: ApiHarness;
  let demo: DemoSeed;

  beforeAll(async () => {
    // A server that never answers, and a queue that allows one attempt of 2 s.
    sink = await startSmtpSink({ hang: true });
    h = await createApiHarness({
      now: () => new Date('2026-11-25T10:00:00Z'),
      policies: {
        ...FAST_POLICIES,
        'email-send': {
          retryLimit: 0,
          retryDelay: 1,
          retryBackoff: false,
          expireInSeconds: 2,
          deadLetter: 'email-send-dead',
        },
      },
      superviseIntervalSeconds: 1,
    });
    demo = await seedDemo(h.database.db, {
      today: '2026-11-25',
      now: new Date('2026-11-25T09:00:00Z'),
      actor: 'test',
    });
    await h.startEmailWorkers(smtpMailer(sink.url, { timeoutMs: 6000 }));
  });
  afterAll(async () => {
    await h?.close();
    await sink?.stop();
  });

  it('marks it failed with the reason instead of leaving it queued for ever, and it can be retried', async () => {
    const queued = await sendInvoice(h, demo, 0);
    const failed = await eventually(
      async () => {
        const res = await h.request(demo.apiKey, 'GET', `/api/v1/emails/${queued.id}`);
        return res.body.status === 'failed' ? res.body : undefined;
      },
      'the message marked failed',
      30_000,
    );
    expect(failed.lastError).toMatch(/last attempt did not finish/);
    // The hung attempt ends later (the server times out); it must not undo that record.
    await eventually(
      () => jobsDone(h.database.db, ['email-send', 'email-send-dead']),
      'the jobs finished',
      30_000,
    );
    await new Promise((resolve) => setTimeout(resolve, 7000));
    const [row] = await emailRows(h);
    expect(row?.status).toBe('failed');
    const retried = await h.request(demo.apiKey, 'POST', `/api/v1/emails/${queued.id}/retry`);
    expect(retried.status).toBe(202);
  }, 60_000);
});
