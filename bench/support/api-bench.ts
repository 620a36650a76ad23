/** Helpers for benchmarks that drive the real app over HTTP (`api-*.bench.ts`, `documents.bench.ts`). */
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { KyselyPlugin } from 'kysely';
import type { HttpLoad, LoadReport, LoadSpec } from './http-load.ts';
import { formatMs, formatNumber } from './stats.ts';

export const WARM_UP_MS = 500;
/** Each measurement is TRIALS back-to-back trials of TRIAL_MS; the result is the median trial. */
export const TRIALS = 3;
export const TRIAL_MS = 1000;

/** Counts the SQL statements Kysely sends (transaction begin/commit excluded). */
export function statementCounter(): { plugin: KyselyPlugin; count: () => number } {
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

/** Starts `app` on 127.0.0.1 on a free port and returns its origin. */
export async function listen(app: FastifyInstance): Promise<string> {
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;
  return `http://127.0.0.1:${port}`;
}

/** Warms up for WARM_UP_MS, then measures TRIALS × TRIAL_MS. */
export async function measure(load: HttpLoad, spec: Omit<LoadSpec, 'durationMs'>): Promise<LoadReport> {
  await load.run({ ...spec, durationMs: WARM_UP_MS });
  return load.run({ ...spec, durationMs: TRIAL_MS, trials: TRIALS });
}

/** What the server did during one measurement, next to what the client saw. */
export interface ServerMeasurement {
  report: LoadReport;
  statementsPerRequest: number;
  /** Share of the time the server's event loop was busy (0..1). */
  loopUtilization: number;
}

/**
 * Like {@link measure}, also counting the SQL statements per request (through `counter`, plugged into the
 * app's database handle) and how busy this thread's event loop (the server's) was.
 */
export async function measureServer(
  load: HttpLoad,
  spec: Omit<LoadSpec, 'durationMs'>,
  counter: { count: () => number },
): Promise<ServerMeasurement> {
  await load.run({ ...spec, durationMs: WARM_UP_MS });
  const before = counter.count();
  const loopBefore = performance.eventLoopUtilization();
  const report = await load.run({ ...spec, durationMs: TRIAL_MS, trials: TRIALS });
  const loop = performance.eventLoopUtilization(loopBefore);
  return {
    report,
    statementsPerRequest: (counter.count() - before) / Math.max(1, report.requests),
    loopUtilization: loop.utilization,
  };
}

/** The details column of an HTTP row: latency, volume, trials, errors, and `extra`. */
export function loadDetails(
  report: LoadReport,
  baseline: LoadReport | undefined,
  extra: string[] = [],
): string {
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

/** The server-side details: SQL statements per request and event-loop use. */
export function serverDetails(measurement: ServerMeasurement): string[] {
  return [
    `${formatNumber(measurement.statementsPerRequest)} SQL statements/request`,
    `server event loop ${Math.round(measurement.loopUtilization * 100)} % busy`,
  ];
}

/** Sends a JSON request with the API key; throws on an error answer. */
export async function sendJson<T = { id: string }>(
  method: 'POST' | 'PATCH',
  origin: string,
  path: string,
  apiKey: string,
  body: unknown,
): Promise<T> {
  const response = await fetch(`${origin}${path}`, {
    method,
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text.slice(0, 500)}`);
  return JSON.parse(text) as T;
}
