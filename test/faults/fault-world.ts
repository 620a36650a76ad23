import { type ChildProcess, fork } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import pg from 'pg';
import { createOrganization } from '../../src/app/organizations/create-organization.ts';
import { type DatabaseHandle, openDatabase } from '../../src/db/connect-database.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { MollieFakeServer } from '../fakes/mollie-fake-server.ts';
import { StripeFakeServer } from '../fakes/stripe-fake-server.ts';
import { belgianTestOrganization } from '../support/api-harness.ts';
import type { PrivatePostgres } from '../support/private-postgres.ts';
import { eventually, freePort, type SmtpSink, startSmtpSink } from '../support/smtp-sink.ts';

/**
 * One scenario of the fault tests: a fresh database on the private PostgreSQL cluster, the outside world
 * in this process (fake Stripe and Mollie, a real SMTP sink, a webhook receiver, all on 127.0.0.1), and
 * service processes started from test/support/service-process.ts. Counts what the outside world received,
 * so a scenario can check that nothing was lost and nothing doubled.
 */

const APP_SECRET = 'fault-tests-secret-0123456789abcdef0123456789';
const MOLLIE_KEY = 'test_faultTests0123456789abcdefghij';
/** Every child's stderr, kept for the failure message of a test. */
const childOutput: string[] = [];

/** A service process: its address, and the means to end it. */
export interface ServiceProcess {
  readonly name: string;
  readonly url: string;
  readonly child: ChildProcess;
  alive: boolean;
  /** SIGKILL: no shutdown, the jobs in hand are left active for pg-boss to take back. */
  kill9(): void;
  /** SIGTERM and wait for the exit (graceful stop). */
  stop(): Promise<void>;
}

/** A receiver of webhook deliveries: counts each `webhook-id`, answers 200 after `delayMs`. */
async function startWebhookReceiver(delayMs: number) {
  const received = new Map<string, number>();
  const server: Server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      const id = String(request.headers['webhook-id'] ?? '');
      received.set(id, (received.get(id) ?? 0) + 1);
      setTimeout(() => {
        response.writeHead(200, { 'content-type': 'text/plain' });
        response.end('ok');
      }, delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    received,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export type WebhookReceiver = Awaited<ReturnType<typeof startWebhookReceiver>>;

export interface FaultWorld {
  readonly database: DatabaseHandle;
  readonly databaseUrl: string;
  readonly stripe: StripeFakeServer;
  readonly mollie: MollieFakeServer;
  readonly smtp: SmtpSink;
  readonly receiver: WebhookReceiver;
  readonly apiKey: string;
  readonly organizationId: string;
  readonly processes: ServiceProcess[];
  /** Processes that died without being killed or stopped by the test. */
  readonly unexpectedExits: string[];
  startProcess(name: string): Promise<ServiceProcess>;
  /** The live processes. */
  live(): ServiceProcess[];
  close(): Promise<void>;
}

/** The last lines the children wrote to stderr (for a failing test's message). */
export function childLog(): string {
  return childOutput.slice(-40).join('');
}

export async function startFaultWorld(
  cluster: PrivatePostgres,
  name: string,
  options: { smtpDelayMs?: number; webhookDelayMs?: number } = {},
): Promise<FaultWorld> {
  const admin = new pg.Client({ connectionString: cluster.url() });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const databaseUrl = cluster.url(name);
  const database = await openDatabase({ databaseUrl, poolSize: 4, onIdleError: () => {} });
  await migrateToLatest(database.db);

  const stripe = new StripeFakeServer({ methods: ['card', 'bancontact'] });
  const mollie = new MollieFakeServer({ apiKey: MOLLIE_KEY });
  await stripe.start();
  await mollie.start();
  const smtp = await startSmtpSink({ delayMs: options.smtpDelayMs ?? 0 });
  const receiver = await startWebhookReceiver(options.webhookDelayMs ?? 0);

  const created = await createOrganization(database.db, {
    organization: belgianTestOrganization('Fault Tests SRL'),
    admin: { name: 'Fault admin', email: 'admin@faults.example', language: 'fr' },
    actor: 'test',
  });

  const processes: ServiceProcess[] = [];
  const unexpectedExits: string[] = [];
  let closed = false;

  async function startProcess(processName: string): Promise<ServiceProcess> {
    const port = await freePort();
    const child = fork('test/support/service-process.ts', [], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        APP_SECRET,
        PORT: String(port),
        HOST: '127.0.0.1',
        PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
        SMTP_URL: smtp.url,
        MAIL_FROM: 'invoices@faults.example',
        LOG_LEVEL: 'error',
        DATABASE_POOL_SIZE: '8',
        RENDER_WORKERS: '1',
        // A process's first render starts its render worker: over 20 s (the default bound) was seen on the
        // shared two-core machine, so the bound is generous here.
        RENDER_TIMEOUT_SECONDS: '120',
        JOB_POLL_INTERVAL_SECONDS: '0.5',
        JOB_BATCH_SIZE: '5',
        JOB_CONCURRENCY: '2',
        // The webhook receiver is on 127.0.0.1: allowed by the operator setting of the SSRF guard.
        WEBHOOK_ALLOW_PRIVATE_ADDRESSES: 'true',
        FAKE_STRIPE_URL: stripe.url,
        FAKE_MOLLIE_URL: mollie.url,
        SERVE_ROLE: 'all',
      },
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      childOutput.push(`[${processName}] ${chunk.toString()}`);
      if (childOutput.length > 400) childOutput.splice(0, 200);
    });
    const readyPort = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${processName} did not start in 90 s`)), 90_000);
      child.on('message', (message: { ready?: boolean; port?: number; failed?: string }) => {
        if (message.ready && message.port) {
          clearTimeout(timer);
          resolve(message.port);
        } else if (message.failed) {
          clearTimeout(timer);
          reject(new Error(`${processName} failed to start: ${message.failed}`));
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`${processName} exited with ${code} before it was ready:\n${childLog()}`));
      });
    });
    const exited = new Promise<void>((resolve) =>
      child.once('exit', (code, signal) => {
        if (service.alive) {
          service.alive = false;
          unexpectedExits.push(`${processName} exited by itself (code ${code}, signal ${signal})`);
        }
        resolve();
      }),
    );
    const service: ServiceProcess = {
      name: processName,
      url: `http://127.0.0.1:${readyPort}`,
      child,
      alive: true,
      kill9() {
        service.alive = false;
        child.kill('SIGKILL');
      },
      async stop() {
        if (!service.alive) return exited;
        service.alive = false;
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
        await exited;
        clearTimeout(timer);
      },
    };
    processes.push(service);
    return service;
  }

  return {
    database,
    databaseUrl,
    stripe,
    mollie,
    smtp,
    receiver,
    apiKey: created.apiKey,
    organizationId: created.organization.id,
    processes,
    unexpectedExits,
    startProcess,
    live: () => processes.filter((p) => p.alive),
    async close() {
      if (closed) return;
      closed = true;
      await Promise.allSettled(processes.map((p) => p.stop()));
      await Promise.allSettled([stripe.stop(), mollie.stop(), smtp.stop(), receiver.stop()]);
      await database.close();
    },
  };
}

/** Connects both providers and a webhook endpoint for every event, through the API of `service`. */
export async function connectOutsideWorld(world: FaultWorld, service: ServiceProcess): Promise<void> {
  const call = async (method: string, path: string, body: unknown) => {
    const res = await fetch(`${service.url}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${world.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  };
  await call('PUT', '/payment-accounts/stripe', {
    secretKey: world.stripe.secretKey,
    webhookSecret: world.stripe.webhookSecret,
  });
  await call('PUT', '/payment-accounts/mollie', { apiKey: MOLLIE_KEY });
  await call('POST', '/webhook-endpoints', {
    url: world.receiver.url,
    events: ['invoice.sent', 'invoice.viewed', 'comment.created', 'invoice.paid'],
  });
}

/** pg-boss's jobs by queue and state, e.g. `{ 'email-send': { completed: 12 } }`. */
export async function jobStates(database: DatabaseHandle): Promise<Record<string, Record<string, number>>> {
  const rows = await sql<{ name: string; state: string; n: number }>`
    select name, state::text as state, count(*)::int as n from pgboss.job group by name, state`.execute(
    database.db,
  );
  const states: Record<string, Record<string, number>> = {};
  for (const row of rows.rows) {
    const queue = states[row.name] ?? {};
    queue[row.state] = row.n;
    states[row.name] = queue;
  }
  return states;
}

/** Active jobs per queue right now. */
export async function activeJobs(database: DatabaseHandle): Promise<Record<string, number>> {
  const rows = await sql<{ name: string; n: number }>`
    select name, count(*)::int as n from pgboss.job where state = 'active' group by name`.execute(
    database.db,
  );
  return Object.fromEntries(rows.rows.map((r) => [r.name, r.n]));
}

/** Waits until no job is waiting, retrying or active (bounded). */
export async function drained(database: DatabaseHandle, timeoutMs: number): Promise<void> {
  await eventually(
    async () => {
      const open = await sql<{ n: number }>`
        select count(*)::int as n from pgboss.job where state in ('created', 'retry', 'active')`.execute(
        database.db,
      );
      return open.rows[0]?.n === 0;
    },
    'every job to finish',
    timeoutMs,
  );
}

/**
 * Each process renders one invoice PDF before the load: the first render of a process starts its render
 * worker, which takes seconds on a loaded machine and would otherwise hold up the load's first sends.
 * Returns how long each first render took (ms).
 */
export async function warmUp(world: FaultWorld): Promise<Record<string, number>> {
  const took: Record<string, number> = {};
  for (const service of world.live()) {
    const call = async (method: string, path: string, body?: unknown) => {
      const res = await fetch(`${service.url}/api/v1${path}`, {
        method,
        headers: {
          authorization: `Bearer ${world.apiKey}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      if (!res.ok) throw new Error(`warm-up ${method} ${path}: ${res.status} ${await res.text()}`);
      return res;
    };
    const customer = (await (
      await call('POST', '/customers', {
        kind: 'company',
        name: `Warm-up ${service.name}`,
        language: 'en',
        emails: ['warm-up@load.example'],
      })
    ).json()) as { id: string };
    const invoice = (await (
      await call('POST', '/invoices', {
        number: `W-${service.name}`,
        customerId: customer.id,
        issueDate: '2026-11-01',
        dueDate: '2027-12-31',
        lines: [
          { description: 'Warm-up', quantity: '1', unitPriceMinor: 100, vatRateBp: 0, vatCategory: 'exempt' },
        ],
        vatExemptionReason: 'Article 44',
      })
    ).json()) as { id: string };
    const began = Date.now();
    await (await call('GET', `/invoices/${invoice.id}/pdf`)).arrayBuffer();
    took[service.name] = Date.now() - began;
  }
  return took;
}
