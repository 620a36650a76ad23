/**
 * The customer portal under load: the invoice page and the history page of a customer with 10,000
 * invoices, on PGlite and PostgreSQL, beside a bare Fastify route measured in the same run.
 */
import Fastify from 'fastify';
import { createOrganization } from '../src/app/organizations/create-organization.ts';
import { portalPaths, portalToken } from '../src/app/portal-links/portal-link.ts';
import { encodeIssueDateCursor } from '../src/db/keyset-cursor.ts';
import { addDays } from '../src/domain/index.ts';
import { buildApp } from '../src/http/build-app.ts';
import { listen, loadDetails, measure } from './support/api-bench.ts';
import { type BenchDatabase, withPglite, withPostgres } from './support/bench-database.ts';
import type { BenchResult } from './support/bench-result.ts';
import { type HttpLoad, type LoadReport, startHttpLoad } from './support/http-load.ts';
import { formatMs, formatNumber } from './support/stats.ts';

const INVOICES = 10_000;
const BATCH = 500;
const CONCURRENCY_LEVELS = [1, 8] as const;
const SECRET = 'bench-secret-0123456789abcdef0123456789abcdef';
const TODAY = '2026-11-25';
const NOW = new Date('2026-11-25T10:00:00Z');

/** 10,000 issued invoices over ten years; two in three paid (settled), a few credited, the rest open. */
async function seedCustomer(
  database: BenchDatabase,
): Promise<{ token: string; invoiceIds: string[]; seconds: number }> {
  const started = performance.now();
  const db = database.handle.db;
  const { organization } = await createOrganization(db, {
    organization: {
      legalName: 'Bench Lumière SRL',
      country: 'BE',
      timeZone: 'Europe/Brussels',
      defaultLanguage: 'fr',
      defaultCurrency: 'EUR',
      iban: 'BE71 0961 2345 6769',
      logo: {
        mimeType: 'image/svg+xml',
        dataBase64: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>').toString('base64'),
      },
      lateFeePolicy: {
        lateFeeBp: 1000,
        lateFeeMinimumMinor: 5000,
        annualInterestRateBp: 1050,
        fixedCompensationB2B: true,
      },
    },
    admin: { name: 'Bench', email: 'bench@example.com', language: 'fr' },
    actor: 'bench',
  });
  const customer = await db
    .insertInto('customers')
    .values({
      organization_id: organization.id,
      kind: 'company',
      name: 'Grand Client SA',
      language: 'fr',
      emails: [],
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const invoiceIds: string[] = [];
  for (let start = 0; start < INVOICES; start += BATCH) {
    const rows = Array.from({ length: Math.min(BATCH, INVOICES - start) }, (_, k) => {
      const i = start + k;
      const issueDate = addDays(TODAY, -Math.floor((i * 3650) / INVOICES));
      const paid = i % 3 !== 0;
      return {
        organization_id: organization.id,
        customer_id: customer.id,
        number: `B-${String(i).padStart(6, '0')}`,
        state: 'issued' as const,
        issue_date: issueDate,
        due_date: addDays(issueDate, 30),
        currency: 'EUR',
        net_total_minor: 100_000,
        vat_total_minor: 21_000,
        total_minor: 121_000,
        vat_breakdown: JSON.stringify([
          { vatCategory: 'standard', vatRateBp: 2100, taxableMinor: 100_000, vatMinor: 21_000 },
        ]),
        payment_reference: null,
        settled_on: paid ? addDays(issueDate, 20) : null,
      };
    });
    const inserted = await db
      .insertInto('invoices')
      .values(rows)
      .returning(['id', 'issue_date', 'settled_on'])
      .execute();
    await db
      .insertInto('invoice_lines')
      .values(
        inserted.map((inv) => ({
          organization_id: organization.id,
          invoice_id: inv.id,
          position: 1,
          description: 'Conseil en éclairage',
          quantity: '10',
          unit_price_minor: 10_000,
          vat_rate_bp: 2100,
          vat_category: 'standard',
          net_minor: 100_000,
        })),
      )
      .execute();
    const paid = inserted.filter((inv) => inv.settled_on);
    if (paid.length > 0) {
      await db
        .insertInto('payments')
        .values(
          paid.map((inv) => ({
            organization_id: organization.id,
            invoice_id: inv.id,
            amount_minor: 121_000,
            currency: 'EUR',
            paid_on: inv.settled_on ?? inv.issue_date,
            method: 'bank_transfer',
            source: 'import' as const,
          })),
        )
        .execute();
    }
    invoiceIds.push(...inserted.map((inv) => inv.id));
  }
  return {
    token: portalToken(SECRET, customer.id, 1),
    invoiceIds,
    seconds: (performance.now() - started) / 1000,
  };
}

async function baseline(load: HttpLoad): Promise<Map<number, LoadReport>> {
  const app = Fastify({ logger: false });
  app.get('/bare', async () => ({ ok: true }));
  const origin = await listen(app);
  const reports = new Map<number, LoadReport>();
  try {
    for (const concurrency of CONCURRENCY_LEVELS) {
      reports.set(
        concurrency,
        await measure(load, { origin, method: 'GET', paths: ['/bare'], headers: {}, concurrency }),
      );
    }
  } finally {
    await app.close();
  }
  return reports;
}

async function portalRows(
  database: BenchDatabase,
  label: string,
  load: HttpLoad,
  bare: Map<number, LoadReport>,
) {
  const results: BenchResult[] = [];
  const seeded = await seedCustomer(database);
  console.log(`  ${label}: seeded ${formatNumber(INVOICES)} invoices in ${seeded.seconds.toFixed(1)} s`);
  const app = await buildApp({
    db: database.handle.db,
    clock: () => NOW,
    publicBaseUrl: 'http://127.0.0.1',
    appSecret: SECRET,
  });
  const origin = await listen(app);
  try {
    const recent = seeded.invoiceIds.slice(0, 100).map((id) => portalPaths.invoice(seeded.token, id));
    const old = seeded.invoiceIds.slice(-100).map((id) => portalPaths.invoice(seeded.token, id));
    const history = portalPaths.history(seeded.token);
    // A deep page: the keyset cursor of an invoice near the end (page ~130 of the Paid tab).
    const deep = await database.handle.db
      .selectFrom('invoices')
      .select(['issue_date', 'id'])
      .where('number', '=', `B-${String(INVOICES - 40).padStart(6, '0')}`)
      .executeTakeFirstOrThrow();
    const deepCursor = encodeIssueDateCursor(deep);
    const cases = [
      { name: 'invoice page', paths: [...recent, ...old] },
      { name: 'history, Open tab, first page', paths: [history] },
      { name: 'history, Paid tab, first page', paths: [`${history}?tab=paid`] },
      { name: 'history, Paid tab, a page near the end', paths: [`${history}?tab=paid&before=${deepCursor}`] },
    ];
    for (const c of cases) {
      for (const concurrency of CONCURRENCY_LEVELS) {
        const report = await measure(load, {
          origin,
          method: 'GET',
          paths: c.paths,
          headers: {},
          concurrency,
        });
        console.log(
          `  ${label} ${c.name}, ${concurrency} in flight: ${formatNumber(report.requestsPerSecond)} req/s, p99 ${formatMs(report.p99Ms)}`,
        );
        results.push({
          name: `${label}: portal ${c.name} (customer with ${formatNumber(INVOICES)} invoices), ${concurrency} in flight`,
          unit: 'req/s',
          value: report.requestsPerSecond,
          details: loadDetails(report, bare.get(concurrency)),
        });
      }
    }
  } finally {
    await app.close();
  }
  return results;
}

export async function run(): Promise<BenchResult[]> {
  const load = await startHttpLoad();
  try {
    const bare = await baseline(load);
    const results: BenchResult[] = [...bare].map(([concurrency, report]) => ({
      name: `bare Fastify GET constant JSON (portal run), ${concurrency} in flight`,
      unit: 'req/s',
      value: report.requestsPerSecond,
      details: loadDetails(report, undefined),
    }));
    results.push(...(await withPglite((database) => portalRows(database, 'PGlite', load, bare))));
    const server = await withPostgres((database) => portalRows(database, 'PostgreSQL', load, bare));
    if (server) results.push(...server);
    return results;
  } finally {
    await load.close();
  }
}
