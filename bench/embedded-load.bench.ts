/**
 * The embedded database under bursts of 50 concurrent portal requests: the real service (`startService`,
 * with its job workers polling) on an in-memory PGlite with the demo organization, as `npm start` runs it.
 * Each round fires 50 requests at once (history pages, invoice pages, downloads, pay pages and logos of
 * the five demo customers) and waits for every answer.
 */
import { type AddressInfo, createServer } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { seedDemo } from '../src/app/demo/seed-demo.ts';
import { portalPaths, portalToken } from '../src/app/portal-links/portal-link.ts';
import { loadConfig } from '../src/config.ts';
import { openDatabase } from '../src/db/connect-database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { dateInTimeZone } from '../src/domain/index.ts';
import { startService } from '../src/main.ts';
import type { BenchResult } from './support/bench-result.ts';
import { type HttpLoad, type LoadReport, startHttpLoad } from './support/http-load.ts';
import { formatMs, formatNumber } from './support/stats.ts';

const CONCURRENT = 50;
const ROUNDS = 20;
const WARM_UP_ROUNDS = 2;
const SECRET = 'bench-secret-0123456789abcdef0123456789abcdef';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** The demo's portal requests, in a fixed interleaved order. */
function portalRequests(seed: Awaited<ReturnType<typeof seedDemo>>): string[] {
  const token = (customerId: string) => portalToken(SECRET, customerId, 1);
  const pages: string[] = [];
  const downloads: string[] = [];
  for (const customer of seed.customers) {
    const t = token(customer.id);
    pages.push(portalPaths.history(t), `${portalPaths.history(t)}?tab=paid`, portalPaths.logo(t));
  }
  for (const c of seed.cases) {
    const customer = seed.customers.find((row) => row.name === c.customerName);
    if (!customer) continue;
    const t = token(customer.id);
    pages.push(portalPaths.invoice(t, c.invoiceId), portalPaths.pay(t, c.invoiceId));
    downloads.push(portalPaths.download(t, c.invoiceId));
  }
  // About one request in eight is a download, the rest pages.
  const mixed: string[] = [];
  for (let i = 0; mixed.length < pages.length + downloads.length; i += 1) {
    mixed.push(pages[i % pages.length] as string);
    if (i % 7 === 6 && i / 7 < downloads.length) mixed.push(downloads[Math.floor(i / 7)] as string);
  }
  return mixed;
}

/** One configuration of the service: `env` on top of the embedded defaults. */
async function measureService(
  load: HttpLoad,
  label: string,
  env: Record<string, string>,
): Promise<{ label: string; report: LoadReport; loopDelayMaxMs: number }> {
  const port = await freePort();
  const config = loadConfig({
    PORT: String(port),
    DATA_DIR: 'memory://',
    APP_SECRET: SECRET,
    PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
    LOG_LEVEL: 'silent',
    ...env,
  });
  const database = await openDatabase({ dataDir: 'memory://' });
  await migrateToLatest(database.db);
  const now = new Date();
  const seed = await seedDemo(database.db, {
    today: dateInTimeZone(now, 'Europe/Brussels'),
    now,
    actor: 'bench',
  });
  const service = await startService({ ...config, dataDir: 'memory://' }, database);
  try {
    const origin = `http://127.0.0.1:${port}`;
    // Each request once, one at a time (the first download renders and stores the PDF); a request that is
    // not a 200 (a draft's page, a paid invoice's pay page) is left out, so no 404 trips the bad-link limit.
    const paths: string[] = [];
    for (const path of portalRequests(seed)) {
      const response = await fetch(`${origin}${path}`);
      await response.arrayBuffer();
      if (response.status === 200) paths.push(path);
    }
    const spec = {
      origin,
      method: 'GET' as const,
      paths,
      headers: { 'accept-language': 'fr' },
      concurrency: CONCURRENT,
      durationMs: 0,
    };
    await load.run({ ...spec, rounds: WARM_UP_ROUNDS });
    // How long the server's event loop (this thread) went without a turn: health checks, timers and new
    // connections wait that long.
    const loopDelay = monitorEventLoopDelay({ resolution: 10 });
    loopDelay.enable();
    const report = await load.run({ ...spec, rounds: ROUNDS });
    loopDelay.disable();
    const loopDelayMaxMs = loopDelay.max / 1e6;
    console.log(`  ${label}: ${details(report, loopDelayMaxMs)}`);
    return { label, report, loopDelayMaxMs };
  } finally {
    await service.stop();
  }
}

function details(report: LoadReport, loopDelayMaxMs: number): string {
  const statuses = Object.entries(report.statuses ?? {})
    .map(([status, count]) => {
      const latency = report.statusLatencies?.[Number(status)];
      const name = status === '0' ? 'no answer' : status;
      return `${count} × ${name}${latency ? ` (p50 ${formatMs(latency.p50Ms)}, p99 ${formatMs(latency.p99Ms)})` : ''}`;
    })
    .join(', ');
  return [
    `p50 ${formatMs(report.p50Ms)}`,
    `p95 ${formatMs(report.p95Ms ?? Number.NaN)}`,
    `p99 ${formatMs(report.p99Ms)}`,
    `max ${formatMs(report.maxMs)}`,
    `${formatNumber(report.requests)} requests in ${ROUNDS} rounds of ${CONCURRENT}, ${(report.elapsedMs / 1000).toFixed(1)} s`,
    statuses,
    `${report.unavailableWithoutRetryAfter ?? 0} 503 without Retry-After`,
    `server event loop blocked up to ${formatMs(loopDelayMaxMs)}`,
    ...(report.firstError && !report.firstError.startsWith('503')
      ? [`first error: ${report.firstError}`]
      : []),
  ].join(', ');
}

export async function run(): Promise<BenchResult[]> {
  const load = await startHttpLoad();
  try {
    const runs = [
      await measureService(load, 'PGlite, no admission gate', { ADMISSION_GATE: 'off' }),
      await measureService(load, 'PGlite, admission gate with its defaults', {}),
    ];
    return runs.map(({ label, report, loopDelayMaxMs }) => ({
      name: `${label}: ${CONCURRENT} concurrent portal requests (demo), p99`,
      unit: 'ms',
      value: report.p99Ms,
      details: details(report, loopDelayMaxMs),
    }));
  } finally {
    await load.close();
  }
}
