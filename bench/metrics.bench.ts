/**
 * What Prometheus metrics cost: the request hook (one histogram observation per request, measured as
 * the difference between a Fastify app with and without `registerMetrics`, requests through `inject`),
 * and a scrape of `/metrics` with the process defaults and as many route label sets as the real route
 * tables have (× 2 status codes), on PGlite and PostgreSQL, with the queue reading cached (most scrapes)
 * and read every time (pg-boss's `getQueues`, one query).
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { apiRoutes } from '../src/http/api/route-table.ts';
import { backOfficeRoutes } from '../src/http/back-office/back-office-route-table.ts';
import { registerMetrics } from '../src/http/operations/metrics-routes.ts';
import { portalRouteTable } from '../src/http/portal/portal-routes.ts';
import { createJobQueue, startJobQueue } from '../src/jobs/job-queue.ts';
import { registerQueueMetrics } from '../src/metrics/queue-metrics.ts';
import { createServiceMetrics, httpRequestDuration } from '../src/metrics/service-metrics.ts';
import { type BenchDatabase, withPglite, withPostgres } from './support/bench-database.ts';
import type { BenchResult } from './support/bench-result.ts';
import { formatMs, median, quantile } from './support/stats.ts';

const REQUESTS = 2_000;
const ROUNDS = 41;
const SCRAPES = 200;

async function bareApp(withMetrics: boolean): Promise<FastifyInstance> {
  const app = Fastify();
  if (withMetrics) registerMetrics(app, { registry: createServiceMetrics().registry, token: null });
  app.get('/p/:token/invoices/:invoiceId', async () => 'ok');
  await app.ready();
  return app;
}

/** Microseconds per request through `inject`, over REQUESTS requests. */
async function microsPerRequest(app: FastifyInstance): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < REQUESTS; i++) {
    const response = await app.inject({ method: 'GET', url: `/p/token${i % 97}/invoices/${i}` });
    if (response.statusCode !== 200) throw new Error(`status ${response.statusCode}`);
  }
  return ((performance.now() - started) * 1000) / REQUESTS;
}

async function measureHook(): Promise<BenchResult[]> {
  const plain = await bareApp(false);
  const metered = await bareApp(true);
  try {
    await microsPerRequest(plain);
    await microsPerRequest(metered);
    const without: number[] = [];
    const withHook: number[] = [];
    const added: number[] = [];
    // Short alternated rounds, their difference taken pairwise, so load from elsewhere hits both sides alike.
    for (let round = 0; round < ROUNDS; round++) {
      without.push(await microsPerRequest(plain));
      withHook.push(await microsPerRequest(metered));
      added.push((withHook.at(-1) as number) - (without.at(-1) as number));
    }
    const base = median(without);
    const metric = median(withHook);
    console.log(`  request: ${base.toFixed(1)} µs bare, ${metric.toFixed(1)} µs with the metrics hook`);

    const histogram = httpRequestDuration(createServiceMetrics({ defaultMetrics: false }).registry);
    const observations = 1_000_000;
    const started = performance.now();
    for (let i = 0; i < observations; i++)
      histogram.observe({ method: 'GET', route: '/p/:token/invoices/:invoiceId', status_code: '200' }, 0.004);
    const observeMicros = ((performance.now() - started) * 1000) / observations;
    return [
      {
        name: 'metrics request hook, added per request',
        unit: 'µs',
        value: median(added),
        details: `median of ${ROUNDS} paired differences, each round ${REQUESTS.toLocaleString('en-US')} inject() requests to one route without then with registerMetrics (onResponse hook, route pattern label, histogram observe); medians ${base.toFixed(1)} µs bare, ${metric.toFixed(1)} µs metered`,
      },
      {
        name: 'histogram observe with 3 labels',
        unit: 'µs',
        value: observeMicros,
        details: `${observations.toLocaleString('en-US')} observations of http_request_duration_seconds in a loop`,
      },
    ];
  } finally {
    await plain.close();
    await metered.close();
  }
}

async function scrapeOn(kind: 'pglite' | 'postgres', database: BenchDatabase): Promise<BenchResult[]> {
  const boss = createJobQueue(database.handle, {
    pollingIntervalSeconds: 0.5,
    batchSize: 10,
    concurrency: 1,
    poolSize: 2,
  });
  boss.on('error', () => {});
  await startJobQueue(boss);
  try {
    const results: BenchResult[] = [];
    const routes = [
      ...apiRoutes.map((r) => `/api/v1${r.path}`),
      ...backOfficeRoutes.map((r) => `/admin${r.path}`),
      ...portalRouteTable.map((r) => r.path),
    ];
    for (const cacheMs of [5_000, 0]) {
      const { registry } = createServiceMetrics();
      registerQueueMetrics(registry, boss, { cacheMs });
      const app = Fastify();
      registerMetrics(app, { registry, token: null });
      await app.ready();
      const histogram = httpRequestDuration(registry);
      for (const route of routes)
        for (const status_code of ['200', '404'])
          histogram.observe({ method: 'GET', route, status_code }, 0.01);
      const times: number[] = [];
      let bytes = 0;
      for (let i = 0; i < SCRAPES; i++) {
        const started = performance.now();
        const response = await app.inject({ method: 'GET', url: '/metrics' });
        times.push(performance.now() - started);
        if (response.statusCode !== 200) throw new Error(`scrape ${response.statusCode}`);
        bytes = response.body.length;
      }
      await app.close();
      times.sort((a, b) => a - b);
      const where = kind === 'pglite' ? 'PGlite' : 'PostgreSQL';
      const reading = cacheMs === 0 ? 'queues read each scrape' : 'queue reading cached';
      console.log(
        `  ${kind}, ${reading}: scrape p50 ${formatMs(quantile(times, 0.5))}, p99 ${formatMs(quantile(times, 0.99))}, ${Math.round(bytes / 1024)} KiB`,
      );
      results.push({
        name: `/metrics scrape, ${reading} (${where})`,
        unit: 'ms p50',
        value: quantile(times, 0.5),
        details: `${SCRAPES} scrapes one after the other through inject(); p99 ${formatMs(quantile(times, 0.99))}; ${routes.length * 2} route label sets (every route of the tables × 2 status codes), process defaults, 8 queues × 4 states; ${Math.round(bytes / 1024)} KiB of text; ${database.description}`,
      });
    }
    return results;
  } finally {
    await boss.stop({ graceful: false });
  }
}

export async function run(): Promise<BenchResult[]> {
  const results = await measureHook();
  results.push(...(await withPglite((database) => scrapeOn('pglite', database))));
  results.push(...((await withPostgres((database) => scrapeOn('postgres', database))) ?? []));
  return results;
}
