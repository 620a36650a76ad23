import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import type { KyselyPlugin } from 'kysely';
import pg from 'pg';
import { createOrganization } from '../src/app/organizations/create-organization.ts';
import { type DatabaseHandle, openDatabase } from '../src/db/connect-database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { buildApp } from '../src/http/build-app.ts';
import type { BenchResult } from './support/bench-result.ts';
import { type HttpLoad, type LoadReport, type LoadSpec, startHttpLoad } from './support/http-load.ts';
import { formatMs, formatNumber } from './support/stats.ts';

const WARM_UP_MS = 500;
/** Each measurement is TRIALS back-to-back trials of TRIAL_MS; the result is the median trial. */
const TRIALS = 3;
const TRIAL_MS = 1000;
const CONCURRENCY_LEVELS = [1, 8] as const;
const CUSTOMER_COUNT = 4;
/** A mid-sized logo (the API accepts up to 512 KiB). */
const LOGO_BYTES = 100 * 1024;
const BENCH_DATABASE = 'invoice_portal_bench';
const DEFAULT_SERVER_URL = 'postgres://postgres@127.0.0.1:5432/test';

type Concurrency = (typeof CONCURRENCY_LEVELS)[number];

/** Baseline throughput per concurrency, to express the API's numbers as a share of a bare route. */
type Baseline = Map<Concurrency, LoadReport>;

/** Counts the SQL statements Kysely sends (transaction begin/commit excluded). */
function statementCounter(): { plugin: KyselyPlugin; count: () => number } {
  let statements = 0;
  return {
    plugin: {
      transformQuery: (args) => {
        statements += 1;
        return args.node;
      },
      transformResult: async (args) => args.result,
    },
    count: () => statements,
  };
}

async function listen(app: FastifyInstance): Promise<string> {
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;
  return `http://127.0.0.1:${port}`;
}

/** Warms up for WARM_UP_MS, then measures TRIALS × TRIAL_MS. */
async function measure(load: HttpLoad, spec: Omit<LoadSpec, 'durationMs'>): Promise<LoadReport> {
  await load.run({ ...spec, durationMs: WARM_UP_MS });
  return load.run({ ...spec, durationMs: TRIAL_MS, trials: TRIALS });
}

function loadDetails(report: LoadReport, baseline: LoadReport | undefined, extra: string[] = []): string {
  const parts = [
    `p50 ${formatMs(report.p50Ms)}`,
    `p99 ${formatMs(report.p99Ms)}`,
    `${formatNumber(report.requests)} requests in ${(report.elapsedMs / 1000).toFixed(1)} s`,
    `trials ${report.trialRequestsPerSecond.map(formatNumber).join(' / ')} req/s`,
    `${report.errors} errors`,
    ...extra,
  ];
  if (baseline && report.requestsPerSecond > 0) {
    parts.push(`bare route ÷ this = ${formatNumber(baseline.requestsPerSecond / report.requestsPerSecond)}`);
  }
  if (report.firstError) parts.push(`first error: ${report.firstError}`);
  return parts.join(', ');
}

async function measureBaseline(load: HttpLoad): Promise<{ baseline: Baseline; results: BenchResult[] }> {
  const app = Fastify({ logger: false });
  const constant = { status: 'ok', service: 'invoice-portal', version: 1 };
  app.get('/constant', async () => constant);
  const origin = await listen(app);
  const baseline: Baseline = new Map();
  const results: BenchResult[] = [];
  try {
    for (const concurrency of CONCURRENCY_LEVELS) {
      const report = await measure(load, {
        origin,
        method: 'GET',
        paths: ['/constant'],
        headers: {},
        concurrency,
      });
      baseline.set(concurrency, report);
      results.push({
        name: `bare Fastify GET constant JSON, ${concurrency} in flight`,
        unit: 'req/s',
        value: report.requestsPerSecond,
        details: loadDetails(report, undefined),
      });
      console.log(`  bare route, ${concurrency} in flight: ${formatNumber(report.requestsPerSecond)} req/s`);
    }
  } finally {
    await app.close();
  }
  return { baseline, results };
}

function isoDateDaysAgo(days: number): string {
  return new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
}

/** An invoice of 3 lines at 2 VAT rates, issued 45 days ago and due 15 days ago (so fees and interest apply). */
function invoiceBody(customerId: string, numberPrefix: string): string {
  return JSON.stringify({
    number: `${numberPrefix}-{{seq}}`,
    customerId,
    issueDate: isoDateDaysAgo(45),
    dueDate: isoDateDaysAgo(15),
    lines: [
      { description: 'Consulting, senior', quantity: '12.5', unitPriceMinor: 9500, vatRateBp: 2100 },
      {
        description: 'Licence, yearly',
        quantity: 1,
        unitPriceMinor: 120_000,
        discountBp: 1000,
        vatRateBp: 2100,
      },
      { description: 'Printed manual', quantity: '3', unitPriceMinor: 2450, vatRateBp: 600 },
    ],
  });
}

async function sendJson(
  method: 'POST' | 'PATCH',
  origin: string,
  path: string,
  apiKey: string,
  body: unknown,
): Promise<{ id: string }> {
  const response = await fetch(`${origin}${path}`, {
    method,
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text.slice(0, 500)}`);
  return JSON.parse(text) as { id: string };
}

/** Sets up an organization and customers on `handle`, then measures invoice creation and reading. */
async function measureApi(
  label: string,
  handle: DatabaseHandle,
  load: HttpLoad,
  baseline: Baseline,
): Promise<BenchResult[]> {
  const counter = statementCounter();
  const db = handle.db.withPlugin(counter.plugin);
  const { apiKey } = await createOrganization(db, {
    organization: {
      legalName: 'Bench Consulting BV',
      country: 'BE',
      timeZone: 'Europe/Brussels',
      defaultLanguage: 'en',
      defaultCurrency: 'EUR',
      iban: 'BE71096123456769',
      lateFeePolicy: {
        lateFeeBp: 1000,
        lateFeeMinimumMinor: 2500,
        annualInterestRateBp: 800,
        fixedCompensationB2B: true,
      },
    },
    admin: { name: 'Bench Admin', email: 'admin@bench.example', language: 'en' },
    actor: 'bench',
  });
  const app = await buildApp({ db, clock: () => new Date(), publicBaseUrl: 'http://127.0.0.1' });
  const origin = await listen(app);
  const results: BenchResult[] = [];
  try {
    const customerIds: string[] = [];
    for (let index = 0; index < CUSTOMER_COUNT; index += 1) {
      const customer = await sendJson('POST', origin, '/api/v1/customers', apiKey, {
        kind: index % 2 === 0 ? 'company' : 'person',
        name: `Bench customer ${index + 1}`,
        language: 'en',
        emails: [`customer${index + 1}@bench.example`],
      });
      customerIds.push(customer.id);
    }
    const headers = { authorization: `Bearer ${apiKey}` };

    const run = async (name: string, spec: Omit<LoadSpec, 'durationMs'>): Promise<void> => {
      await load.run({ ...spec, durationMs: WARM_UP_MS });
      const before = counter.count();
      const loopBefore = performance.eventLoopUtilization();
      const report = await load.run({ ...spec, durationMs: TRIAL_MS, trials: TRIALS });
      const loop = performance.eventLoopUtilization(loopBefore);
      const statements = (counter.count() - before) / Math.max(1, report.requests);
      results.push({
        name,
        unit: 'req/s',
        value: report.requestsPerSecond,
        details: loadDetails(report, baseline.get(spec.concurrency as Concurrency), [
          `${formatNumber(statements)} SQL statements/request`,
          `server event loop ${Math.round(loop.utilization * 100)} % busy`,
        ]),
      });
      console.log(
        `  ${name}: ${formatNumber(report.requestsPerSecond)} req/s, p50 ${formatMs(report.p50Ms)}`,
      );
    };

    for (const concurrency of [...CONCURRENCY_LEVELS].reverse()) {
      await run(`API POST /invoices (3 lines), ${label}, ${concurrency} in flight`, {
        origin,
        method: 'POST',
        paths: ['/api/v1/invoices'],
        headers,
        bodies: customerIds.map((id) => invoiceBody(id, `BENCH-C${concurrency}`)),
        concurrency,
      });
    }

    const invoices = await handle.db
      .selectFrom('invoices')
      .select('id')
      .orderBy('number')
      .limit(5000)
      .execute();
    const paths = invoices.map((invoice) => `/api/v1/invoices/${invoice.id}`);
    for (const concurrency of CONCURRENCY_LEVELS) {
      await run(`API GET /invoices/:id, ${label}, ${concurrency} in flight`, {
        origin,
        method: 'GET',
        paths,
        headers,
        concurrency,
      });
    }

    // Every API request loads the whole organization row, its logo included (see BENCHMARKS.md).
    const logo = { mimeType: 'image/png', dataBase64: Buffer.alloc(LOGO_BYTES, 0x5a).toString('base64') };
    await sendJson('PATCH', origin, '/api/v1/organization', apiKey, { logo });
    await run(`API GET /invoices/:id, ${label}, 8 in flight, organization with a 100 KiB logo`, {
      origin,
      method: 'GET',
      paths,
      headers,
      concurrency: 8,
    });
  } finally {
    await app.close();
  }
  return results;
}

async function measurePglite(load: HttpLoad, baseline: Baseline): Promise<BenchResult[]> {
  const started = performance.now();
  const handle = await openDatabase({ dataDir: 'memory://' });
  try {
    await migrateToLatest(handle.db);
    const setupMs = performance.now() - started;
    console.log(`  PGlite (in memory) opened and migrated in ${formatMs(setupMs)}`);
    const results = await measureApi('PGlite', handle, load, baseline);
    return [
      {
        name: 'PGlite in memory: open + migrate',
        unit: 'ms',
        value: setupMs,
        details: 'one-time start-up cost of a fresh embedded database',
      },
      ...results,
    ];
  } finally {
    await handle.close();
  }
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** Runs `sql` on the server's admin database; the error when the server cannot be reached. */
async function adminQuery(url: string, sql: string, params: unknown[] = []): Promise<unknown[]> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    return (await client.query(sql, params)).rows;
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * Drops the benchmark database once the closed pool's connections are gone.
 *
 * NOTE: pg-pool's `end()` resolves before its connections have closed, and the pool has no 'error'
 * listener: terminating those backends at once (`drop database … with (force)`) makes an idle client emit
 * 'error' on the pool, which crashes the process. So wait for the server to see them leave first.
 */
async function dropBenchDatabase(serverUrl: string): Promise<void> {
  const deadline = performance.now() + 5000;
  while (performance.now() < deadline) {
    const [row] = (await adminQuery(
      serverUrl,
      'select count(*)::int as connections from pg_stat_activity where datname = $1',
      [BENCH_DATABASE],
    )) as { connections: number }[];
    if (!row || row.connections === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await adminQuery(serverUrl, `drop database if exists ${BENCH_DATABASE} with (force)`);
}

async function measurePostgres(load: HttpLoad, baseline: Baseline): Promise<BenchResult[]> {
  const serverUrl = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL || DEFAULT_SERVER_URL;
  const redacted = serverUrl.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
  try {
    await adminQuery(serverUrl, `drop database if exists ${BENCH_DATABASE} with (force)`);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    console.log(
      `  NOTE: PostgreSQL at ${redacted} is not reachable (${reason}); PostgreSQL benchmarks skipped.`,
    );
    return [];
  }
  await adminQuery(serverUrl, `create database ${BENCH_DATABASE}`);
  try {
    const started = performance.now();
    const handle = await openDatabase({ databaseUrl: withDatabase(serverUrl, BENCH_DATABASE), poolSize: 10 });
    try {
      await migrateToLatest(handle.db);
      const setupMs = performance.now() - started;
      const version = await handle.db
        .selectNoFrom((eb) => eb.fn<string>('current_setting', [eb.val('server_version')]).as('version'))
        .executeTakeFirstOrThrow();
      console.log(`  PostgreSQL ${version.version} at ${redacted}: database ${BENCH_DATABASE} migrated`);
      const results = await measureApi('PostgreSQL', handle, load, baseline);
      return [
        {
          name: 'PostgreSQL: connect + migrate',
          unit: 'ms',
          value: setupMs,
          details: `PostgreSQL ${version.version}, pool of 10 connections, database ${BENCH_DATABASE}`,
        },
        ...results,
      ];
    } finally {
      await handle.close();
    }
  } finally {
    await dropBenchDatabase(serverUrl);
  }
}

export async function run(): Promise<BenchResult[]> {
  const load = await startHttpLoad();
  try {
    const { baseline, results } = await measureBaseline(load);
    results.push(...(await measurePglite(load, baseline)));
    results.push(...(await measurePostgres(load, baseline)));
    return results;
  } finally {
    await load.close();
  }
}
