import { randomFillSync } from 'node:crypto';
import { crc32, deflateSync } from 'node:zlib';
import Fastify from 'fastify';
import { createOrganization } from '../src/app/organizations/create-organization.ts';
import type { DatabaseHandle } from '../src/db/connect-database.ts';
import { buildApp } from '../src/http/build-app.ts';
import {
  listen,
  loadDetails,
  measure,
  measureServer,
  sendJson,
  serverDetails,
  statementCounter,
} from './support/api-bench.ts';
import { withPglite, withPostgres } from './support/bench-database.ts';
import type { BenchResult } from './support/bench-result.ts';
import { type HttpLoad, type LoadReport, type LoadSpec, startHttpLoad } from './support/http-load.ts';
import { formatMs, formatNumber } from './support/stats.ts';

const CONCURRENCY_LEVELS = [1, 8] as const;
const CUSTOMER_COUNT = 4;
/**
 * A real PNG of about `bytes` bytes (random pixels, stored without compression), since the API checks
 * that a logo is the image it says it is.
 */
function noisePng(bytes: number): Buffer {
  const side = Math.ceil(Math.sqrt(bytes / 4));
  const raw = Buffer.alloc((side * 4 + 1) * side);
  for (let row = 0; row < side; row++) randomFillSync(raw, row * (side * 4 + 1) + 1, side * 4);
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(side, 0);
  header.writeUInt32BE(side, 4);
  header[8] = 8;
  header[9] = 6;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 0 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A mid-sized logo (the API accepts up to 512 KiB). */
const LOGO_BYTES = 100 * 1024;

type Concurrency = (typeof CONCURRENCY_LEVELS)[number];

/** Baseline throughput per concurrency, to express the API's numbers as a share of a bare route. */
type Baseline = Map<Concurrency, LoadReport>;

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
      const measurement = await measureServer(load, spec, counter);
      const { report } = measurement;
      results.push({
        name,
        unit: 'req/s',
        value: report.requestsPerSecond,
        details: loadDetails(
          report,
          baseline.get(spec.concurrency as Concurrency),
          serverDetails(measurement),
        ),
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

    // Requests read the organization row but not its logo bytes: this row shows a logo costs (almost) nothing.
    const logo = { mimeType: 'image/png', dataBase64: noisePng(LOGO_BYTES).toString('base64') };
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
  return withPglite(async ({ handle, setupMs }) => [
    {
      name: 'PGlite in memory: open + migrate',
      unit: 'ms',
      value: setupMs,
      details: 'one-time start-up cost of a fresh embedded database',
    },
    ...(await measureApi('PGlite', handle, load, baseline)),
  ]);
}

async function measurePostgres(load: HttpLoad, baseline: Baseline): Promise<BenchResult[]> {
  const results = await withPostgres(async ({ handle, setupMs, description }) => [
    { name: 'PostgreSQL: connect + migrate', unit: 'ms', value: setupMs, details: description },
    ...(await measureApi('PostgreSQL', handle, load, baseline)),
  ]);
  return results ?? [];
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
