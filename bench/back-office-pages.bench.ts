/**
 * The back office over HTTP for an organization with 100,000 invoices (issue 11), on PGlite and
 * PostgreSQL, 1 and 8 requests in flight, beside a bare Fastify route of the same run: the invoice list's
 * first page, a page ~100 deep, a search, the home page, and invoice pages, each as a signed-in admin
 * (session cookie; every request also loads the session and the unread count).
 */
import Fastify from 'fastify';
import { listBackOfficeInvoices } from '../src/app/back-office/list-back-office-invoices.ts';
import { issueDemoSignInLink } from '../src/app/back-office-auth/request-sign-in.ts';
import { buildApp } from '../src/http/build-app.ts';
import { seed } from './back-office-list.bench.ts';
import { listen, loadDetails, measure } from './support/api-bench.ts';
import { type BenchDatabase, withPglite, withPostgres } from './support/bench-database.ts';
import type { BenchResult } from './support/bench-result.ts';
import { type HttpLoad, type LoadReport, startHttpLoad } from './support/http-load.ts';
import { formatMs, formatNumber } from './support/stats.ts';

const CONCURRENCY_LEVELS = [1, 8] as const;
const SECRET = 'bench-secret-0123456789abcdef0123456789abcdef';
const NOW = new Date('2026-11-25T10:00:00Z');
const TODAY = '2026-11-25';

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

/** Signs in as the organization's admin through the sign-in link, as a browser would; the cookie. */
async function signIn(origin: string, database: BenchDatabase, organizationId: string): Promise<string> {
  const link = await issueDemoSignInLink(database.handle.db, {
    organizationId,
    publicBaseUrl: origin,
    now: NOW,
  });
  if (!link) throw new Error('no admin');
  const token = new URL(link.url).searchParams.get('token') ?? '';
  const res = await fetch(`${origin}/admin/sign-in/confirm`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token }).toString(),
    redirect: 'manual',
  });
  const cookie = /bo_session=[^;]+/.exec(res.headers.get('set-cookie') ?? '')?.[0];
  if (res.status !== 303 || !cookie) throw new Error(`sign-in answered ${res.status}`);
  return cookie;
}

async function pageRows(
  database: BenchDatabase,
  label: string,
  load: HttpLoad,
  bare: Map<number, LoadReport>,
) {
  const results: BenchResult[] = [];
  const seeded = await seed(database);
  const db = database.handle.db;
  await db
    .insertInto('admin_users')
    .values({
      organization_id: seeded.organizationId,
      name: 'Bench',
      email: 'bench@example.com',
      language: 'fr',
    })
    .execute();
  console.log(`  ${label}: seeded 100,000 invoices in ${seeded.seconds.toFixed(1)} s`);
  const app = await buildApp({ db, clock: () => NOW, publicBaseUrl: 'http://127.0.0.1', appSecret: SECRET });
  const origin = await listen(app);
  try {
    const cookie = await signIn(origin, database, seeded.organizationId);
    // The cursor of page 100, found by walking the pages as a user clicking "Next page" would.
    let cursor: string | undefined;
    const invoiceIds: string[] = [];
    for (let page = 1; page < 100; page += 1) {
      const listed = await listBackOfficeInvoices(db, {
        organizationId: seeded.organizationId,
        cursor,
        today: TODAY,
      });
      if (!listed.ok || !listed.value.nextCursor) throw new Error('the list ended early');
      if (page % 10 === 1) invoiceIds.push(...listed.value.rows.slice(0, 10).map((r) => r.id));
      cursor = listed.value.nextCursor;
    }
    const cases = [
      { name: 'invoice list, first page', paths: ['/admin/invoices'] },
      { name: 'invoice list, page 100', paths: [`/admin/invoices?cursor=${cursor}`] },
      { name: 'invoice list, overdue filter', paths: ['/admin/invoices?status=overdue'] },
      { name: 'invoice list, search by customer name', paths: ['/admin/invoices?q=janssens'] },
      { name: 'home page', paths: ['/admin'] },
      { name: 'invoice page', paths: invoiceIds.map((id) => `/admin/invoices/${id}`) },
    ];
    for (const c of cases) {
      for (const concurrency of CONCURRENCY_LEVELS) {
        const report = await measure(load, {
          origin,
          method: 'GET',
          paths: c.paths,
          headers: { cookie },
          concurrency,
        });
        console.log(
          `  ${label} ${c.name}, ${concurrency} in flight: ${formatNumber(report.requestsPerSecond)} req/s, p99 ${formatMs(report.p99Ms)}`,
        );
        results.push({
          name: `${label}: back office ${c.name} (100,000 invoices), ${concurrency} in flight`,
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
      name: `bare Fastify GET constant JSON (back-office run), ${concurrency} in flight`,
      unit: 'req/s',
      value: report.requestsPerSecond,
      details: loadDetails(report, undefined),
    }));
    results.push(...(await withPglite((database) => pageRows(database, 'PGlite', load, bare))));
    const server = await withPostgres((database) => pageRows(database, 'PostgreSQL', load, bare));
    if (server) results.push(...server);
    return results;
  } finally {
    await load.close();
  }
}
