/**
 * The back office's invoice list and home page for an organization with 100,000 invoices, on PGlite and
 * PostgreSQL: `searchInvoices` (first page, a page 100 deep, searches, every filter) and `homeFigures`,
 * called directly (no HTTP), each timed over repeated calls. On PostgreSQL the plan of each list query is
 * printed, with the indexes it uses.
 */
import { sql } from 'kysely';
import { homeFigures } from '../src/app/back-office/home-figures.ts';
import { decodeIssueDateCursor } from '../src/db/keyset-cursor.ts';
import {
  type InvoiceSearchInput,
  searchInvoices,
  searchInvoicesQuery,
} from '../src/db/repositories/invoice-search.repository.ts';
import { type BenchDatabase, withPglite, withPostgres } from './support/bench-database.ts';
import type { BenchResult } from './support/bench-result.ts';
import { formatMs, formatNumber, median, quantile } from './support/stats.ts';

const INVOICES = 100_000;
const CUSTOMERS = 2_000;
const PAGE = 25;
const DEEP_PAGES = 100;
const TODAY = '2026-11-25';
const RUNS = 30;

/**
 * One organization, 2,000 customers and 100,000 invoices over ten years, written by `insert … select
 * generate_series` (seconds, not 100,000 use-case calls). The columns `refreshSettlement` keeps are written
 * as it would: one in 50 a draft, one in 97 fully credited, two in three of the rest paid (settled 20 days
 * after issue), the others open, one in seven of those partly paid. Most open ones are past due.
 */
export async function seed(database: BenchDatabase): Promise<{ organizationId: string; seconds: number }> {
  const started = performance.now();
  const db = database.handle.db;
  const organization = await db
    .insertInto('organizations')
    .values({
      legal_name: 'Bench Grossiste SA',
      country: 'BE',
      time_zone: 'Europe/Brussels',
      default_language: 'fr',
      default_currency: 'EUR',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const organizationId = organization.id;
  await sql`
    insert into customers (organization_id, kind, name, language)
    select ${organizationId}, 'company',
      (array['Boulangerie', 'Garage', 'Cabinet', 'Brasserie', 'Atelier', 'Pharmacie'])[1 + g % 6]
        || ' ' || (array['Dupont', 'Lemaire', 'Janssens', 'Peeters', 'Müller', 'Société'])[1 + (g / 6) % 6]
        || ' ' || g, 'fr'
    from generate_series(1, ${CUSTOMERS}) g`.execute(db);
  await sql`
    with c as (select id, row_number() over (order by id) - 1 as n from customers where organization_id = ${organizationId}),
    g as (
      select g, (${TODAY}::date - (g * 3650 / ${INVOICES}))::date as issue_date,
        case when g % 50 = 0 then 'draft' when g % 97 = 0 then 'credited' when g % 3 <> 0 then 'paid' else 'open' end as kind
      from generate_series(0, ${INVOICES} - 1) g
    )
    insert into invoices (organization_id, customer_id, number, state, issue_date, due_date, currency,
      net_total_minor, vat_total_minor, total_minor, vat_breakdown, settled_on, paid_minor, credited_minor)
    select ${organizationId}, c.id, 'F-' || lpad(g.g::text, 6, '0'),
      case when g.kind = 'draft' then 'draft' else 'issued' end,
      g.issue_date, g.issue_date + 30, case when g.g % 10 = 0 then 'USD' else 'EUR' end,
      100000, 21000, 121000, '[]',
      case when g.kind in ('paid', 'credited') then g.issue_date + 20 end,
      case when g.kind = 'paid' then 121000 when g.kind = 'open' and g.g % 7 = 0 then 50000 else 0 end,
      case when g.kind = 'credited' then 121000 else 0 end
    from g join c on c.n = g.g % ${CUSTOMERS}`.execute(db);
  await sql`analyze`.execute(db);
  return { organizationId, seconds: (performance.now() - started) / 1000 };
}

async function time(work: () => Promise<unknown>): Promise<{ medianMs: number; p95Ms: number }> {
  for (let i = 0; i < 3; i += 1) await work();
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i += 1) {
    const started = performance.now();
    await work();
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  return { medianMs: median(samples), p95Ms: quantile(samples, 0.95) };
}

/** The indexes a plan reads, e.g. `invoices_list_open`, or `seq scan` when it reads the table. */
function indexesOf(plan: string[]): string {
  const used = new Set<string>();
  for (const line of plan) {
    const index = /(?:Index Scan|Index Only Scan|Bitmap Index Scan)(?: Backward)? (?:using|on) (\w+)/.exec(
      line,
    );
    if (index?.[1]) used.add(index[1]);
    if (/Seq Scan on invoices/.test(line)) used.add('seq scan on invoices');
  }
  return [...used].join(', ');
}

async function listRows(database: BenchDatabase, label: string): Promise<BenchResult[]> {
  const { organizationId, seconds } = await seed(database);
  console.log(`  ${label}: seeded ${formatNumber(INVOICES)} invoices in ${seconds.toFixed(1)} s`);
  const db = database.handle.db;
  let cursor: string | null = null;
  for (let page = 0; page < DEEP_PAGES - 1; page += 1) {
    const result = await searchInvoices(db, organizationId, {
      limit: PAGE,
      today: TODAY,
      cursor: decodeIssueDateCursor(cursor ?? undefined) ?? undefined,
    });
    cursor = result.nextCursor;
  }
  const deepCursor = decodeIssueDateCursor(cursor ?? undefined) ?? undefined;
  const cases: { name: string; input: Omit<InvoiceSearchInput, 'limit' | 'today'> }[] = [
    { name: 'first page', input: {} },
    { name: `page ${DEEP_PAGES} (cursors followed)`, input: { cursor: deepCursor } },
    { name: 'search by number "F-0421"', input: { search: 'F-0421' } },
    { name: 'search by customer name "lemaire 12"', input: { search: 'lemaire 12' } },
    { name: 'search, rare: "müller 1999"', input: { search: 'müller 1999' } },
    { name: 'search, no match', input: { search: 'zzzz' } },
    ...(['draft', 'open', 'overdue', 'partially_paid', 'paid', 'credited'] as const).map((status) => ({
      name: `filter ${status}`,
      input: { status },
    })),
    { name: 'filter overdue, page 100', input: { status: 'overdue' as const, cursor: deepCursor } },
  ];
  const results: BenchResult[] = [];
  for (const c of cases) {
    const input = { ...c.input, limit: PAGE, today: TODAY };
    const { medianMs, p95Ms } = await time(() => searchInvoices(db, organizationId, input));
    const rows = (await searchInvoices(db, organizationId, input)).rows.length;
    let plan = '';
    if (database.handle.kind === 'postgres') {
      const explained = await searchInvoicesQuery(db, organizationId, input).explain();
      const lines = explained.map((row) => String(Object.values(row)[0]));
      plan = `; plan: ${indexesOf(lines)}`;
      console.log(`  EXPLAIN ${c.name}:\n    ${lines.join('\n    ')}`);
    }
    console.log(`  ${label} ${c.name}: median ${formatMs(medianMs)}, p95 ${formatMs(p95Ms)}, ${rows} rows`);
    results.push({
      name: `${label}: searchInvoices ${c.name} (${formatNumber(INVOICES)} invoices)`,
      unit: 'ms',
      value: medianMs,
      details: `median of ${RUNS} calls, p95 ${formatMs(p95Ms)}, ${rows} rows${plan}`,
    });
  }
  const { medianMs, p95Ms } = await time(() => homeFigures(db, { organizationId, today: TODAY }));
  const figures = await homeFigures(db, { organizationId, today: TODAY });
  const currencies = figures.ok
    ? figures.value.currencies.map((f) => `${f.currency} ${f.openCount} open`).join(', ')
    : '';
  console.log(`  ${label} homeFigures: median ${formatMs(medianMs)}, p95 ${formatMs(p95Ms)} (${currencies})`);
  results.push({
    name: `${label}: homeFigures (${formatNumber(INVOICES)} invoices)`,
    unit: 'ms',
    value: medianMs,
    details: `median of ${RUNS} calls, p95 ${formatMs(p95Ms)}; ${currencies}`,
  });
  return results;
}

export async function run(): Promise<BenchResult[]> {
  const results = await withPglite((database) => listRows(database, 'PGlite'));
  const server = await withPostgres((database) => listRows(database, 'PostgreSQL'));
  if (server) results.push(...server);
  return results;
}
