import { type ChildProcess, spawn } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/app/demo/seed-demo.ts';
import { portalPaths, portalToken } from '../../src/app/portal-links/portal-link.ts';
import type { DatabaseHandle } from '../../src/db/connect-database.ts';
import { freePort, startSmtpSink } from '../support/smtp-sink.ts';
import { openTestDatabase } from '../support/test-database.ts';
import { testDatabaseUrl } from '../support/test-env.ts';

/**
 * Scale-out as real processes on one PostgreSQL (a database of its own, dropped after): two `serve --role
 * web` and one `serve --role worker`, started with tsx as `npm run cli` does. Every wait is a poll with a
 * bound, and every process is killed at the end whatever happened.
 */

const APP_SECRET = 'scale-out-test-secret-0123456789abcdef0123';
const children: ChildProcess[] = [];

interface Running {
  child: ChildProcess;
  port: number;
  output: () => string;
  exited: Promise<number | null>;
}

async function serve(role: 'web' | 'worker', env: Record<string, string>): Promise<Running> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'serve', '--role', role], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', ...env },
  });
  children.push(child);
  let output = '';
  child.stdout?.on('data', (d) => {
    output += d;
  });
  child.stderr?.on('data', (d) => {
    output += d;
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const ready = role === 'web' ? 'is listening on' : 'workers are running';
  await expect.poll(() => output, { timeout: 120_000, interval: 200 }).toContain(ready);
  return { child, port, output: () => output, exited };
}

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

async function get(port: number, path: string, headers: Record<string, string> = {}): Promise<Answer> {
  const res = await fetch(`http://127.0.0.1:${port}${path}`, { headers, redirect: 'manual' });
  return { status: res.status, headers: Object.fromEntries(res.headers), body: await res.text() };
}

/**
 * A request whose body arrives in two parts: the first now, the rest when `finish` is called. Until then
 * it is in flight on the server, for as long as the test wants.
 */
function slowPost(port: number, path: string, headers: Record<string, string>, body: string) {
  const half = Math.floor(body.length / 2);
  let answer: (a: Answer) => void = () => {};
  let failed: (e: Error) => void = () => {};
  const response = new Promise<Answer>((resolve, reject) => {
    answer = resolve;
    failed = reject;
  });
  const req = httpRequest(
    {
      host: '127.0.0.1',
      port,
      method: 'POST',
      path,
      headers: { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
    },
    (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => {
        text += chunk;
      });
      res.on('end', () => answer({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    },
  );
  req.on('error', failed);
  req.write(body.slice(0, half));
  return { response, finish: () => req.end(body.slice(half)) };
}

describe.runIf(testDatabaseUrl() || process.env.CI)(
  'scale-out: web and worker processes on one PostgreSQL',
  () => {
    let database: DatabaseHandle;
    let env: Record<string, string>;
    let apiKey: string;
    let invoiceId: string;
    let portal: string;
    let gateOpen: () => void = () => {};
    let gate = new Promise<void>((resolve) => {
      gateOpen = resolve;
    });
    let held = 0;
    let sink: Awaited<ReturnType<typeof startSmtpSink>>;

    beforeAll(async () => {
      database = await openTestDatabase('postgres');
      const now = new Date();
      const seeded = await seedDemo(database.db, {
        today: now.toISOString().slice(0, 10),
        now,
        actor: 'test',
      });
      apiKey = seeded.apiKey;
      const sendable = seeded.cases[0];
      if (!sendable) throw new Error('the demo has no invoice');
      invoiceId = sendable.invoiceId;
      const customer = seeded.customers[0];
      if (!customer) throw new Error('the demo has no customer');
      portal = portalPaths.history(portalToken(APP_SECRET, customer.id, customer.portal_link_version));
      // A slow SMTP server: each message waits at the gate before it is accepted.
      sink = await startSmtpSink({
        beforeAccept: () => {
          held++;
          return gate;
        },
      });
      env = {
        DATABASE_URL: database.connectionString ?? '',
        APP_SECRET,
        SMTP_URL: `smtp://127.0.0.1:${sink.port}`,
        MAIL_FROM: 'invoices@scale.test',
        PUBLIC_BASE_URL: 'http://scale.test',
        TRUST_PROXY: 'true',
        LOG_LEVEL: 'info',
        DATA_DIR: '/nonexistent-scale-out-test',
        SHUTDOWN_TIMEOUT_SECONDS: '60',
      };
    }, 60_000);

    afterAll(async () => {
      for (const child of children)
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      gateOpen();
      await sink?.stop();
      await database?.close();
    });

    it('shares the bad-link limit, runs jobs only in the worker, and drains in-flight work on SIGTERM', async () => {
      const [webA, webB] = await Promise.all([serve('web', env), serve('web', env)]);
      if (!webA || !webB) throw new Error('web processes did not start');
      const webs = [webA, webB];

      // Ten bad links from one client, spread over both processes: that client is blocked on both, valid
      // links included; another client is not.
      const guesser = { 'x-forwarded-for': '198.51.100.10' };
      for (let i = 0; i < 10; i++)
        expect((await get(webs[i % 2]?.port ?? 0, portalPaths.history(`guess${i}`), guesser)).status).toBe(
          404,
        );
      for (const web of webs) {
        const blocked = await get(web.port, portal, guesser);
        expect(blocked.status).toBe(429);
        expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
        expect((await get(web.port, portal, { 'x-forwarded-for': '198.51.100.11' })).status).toBe(200);
      }

      // A job queued by a web process is not run there: no worker runs yet, so the message stays queued
      // (three poll intervals of 0.5 s would have been enough to take it).
      const auth = { authorization: `Bearer ${apiKey}` };
      const sent = await fetch(`http://127.0.0.1:${webA.port}/api/v1/invoices/${invoiceId}/send`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: '{}',
      });
      expect(sent.status).toBe(202);
      const emailId = ((await sent.json()) as { id: string }).id;
      const status = async () =>
        (
          await sql<{ status: string }>`select status from outgoing_emails where id = ${emailId}`.execute(
            database.db,
          )
        ).rows[0]?.status;
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(await status()).toBe('queued');
      expect(held).toBe(0);

      // The worker process takes it: the message reaches the SMTP server, which holds it (a job in hand).
      const worker = await serve('worker', env);
      expect(await get(worker.port, '/healthz')).toMatchObject({ status: 200 });
      expect((await get(worker.port, '/readyz')).status).toBe(200);
      expect((await get(worker.port, portal)).status).toBe(404);
      expect((await get(webB.port, '/readyz')).status).toBe(200);
      await expect.poll(() => held, { timeout: 30_000, interval: 100 }).toBe(1);

      // A request in flight on web B (its body half sent), then SIGTERM to web B and the worker.
      const customer = JSON.stringify({
        kind: 'person',
        name: 'Drained Customer',
        language: 'en',
        emails: [],
      });
      const slow = slowPost(webB.port, '/api/v1/customers', auth, customer);
      await expect
        .poll(() => webB.output().includes('"url":"/api/v1/customers"'), { timeout: 20_000, interval: 100 })
        .toBe(true);
      webB.child.kill('SIGTERM');
      worker.child.kill('SIGTERM');

      // The worker still holds its job: not ready (draining, named), still alive.
      await expect
        .poll(async () => (await get(worker.port, '/readyz')).status, { timeout: 20_000, interval: 100 })
        .toBe(503);
      const draining = JSON.parse((await get(worker.port, '/readyz')).body);
      expect(draining).toMatchObject({ status: 'not-ready', failing: ['shutdown'] });
      expect((await get(worker.port, '/healthz')).status).toBe(200);

      // Web B answers its in-flight request in full, wrote it, and exits 0.
      slow.finish();
      const created = await slow.response;
      expect(created.status).toBe(201);
      expect(JSON.parse(created.body)).toMatchObject({ name: 'Drained Customer' });
      expect(await webB.exited).toBe(0);
      const stored = await sql<{ n: number }>`
      select count(*)::int as n from customers where name = 'Drained Customer'`.execute(database.db);
      expect(stored.rows[0]?.n).toBe(1);

      // The worker finishes the job in hand once the server answers, then exits 0; the message went once.
      gateOpen();
      expect(await worker.exited).toBe(0);
      expect(await status()).toBe('sent');
      expect(sink.received).toHaveLength(1);

      // Web A was never disturbed.
      expect((await get(webA.port, '/readyz')).status).toBe(200);
      expect((await get(webA.port, portal, { 'x-forwarded-for': '198.51.100.12' })).status).toBe(200);
      webA.child.kill('SIGTERM');
      expect(await webA.exited).toBe(0);
    }, 300_000); // three cold processes (tsx) on a loaded two-core machine; every wait above is bounded

    it('past SHUTDOWN_TIMEOUT_SECONDS, names the abandoned request and exits with status 1', async () => {
      gate = Promise.resolve();
      const web = await serve('web', { ...env, SHUTDOWN_TIMEOUT_SECONDS: '1' });
      const auth = { authorization: `Bearer ${apiKey}` };
      const body = JSON.stringify({ kind: 'person', name: 'Never Finished', language: 'en', emails: [] });
      const slow = slowPost(web.port, '/api/v1/customers', auth, body);
      slow.response.catch(() => {});
      await expect
        .poll(() => web.output().includes('"url":"/api/v1/customers"'), { timeout: 20_000, interval: 100 })
        .toBe(true);
      web.child.kill('SIGTERM');
      expect(await web.exited).toBe(1);
      expect(web.output()).toContain('these were abandoned: request POST /api/v1/customers');
      const stored = await sql<{ n: number }>`
      select count(*)::int as n from customers where name = 'Never Finished'`.execute(database.db);
      expect(stored.rows[0]?.n).toBe(0);
    }, 120_000);

    it('refuses --role web or worker on the embedded database, which allows one process', async () => {
      const { spawnSync } = await import('node:child_process');
      const refused = spawnSync(
        process.execPath,
        ['--import', 'tsx', 'src/cli.ts', 'serve', '--role', 'web'],
        {
          env: { ...process.env, DATABASE_URL: '', APP_SECRET: '', DATA_DIR: '/nonexistent-scale-out-test' },
          encoding: 'utf8',
          timeout: 60_000,
        },
      );
      expect(refused.status).toBe(2);
      expect(refused.stderr).toContain(
        'error: cannot serve --role web: the web role runs beside other processes on one PostgreSQL server (set DATABASE_URL)',
      );
    }, 60_000);
  },
);
