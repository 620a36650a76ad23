/**
 * The load generator's thread (started by `http-load.ts`): keeps `concurrency` requests in flight over
 * keep-alive connections for a fixed time (in a few back-to-back trials, so a burst of activity from
 * another process skews one trial rather than the result) and reports throughput and latency. It runs in its own worker
 * thread so the client does not compete with the server for the server's event loop.
 */
import { Agent, request } from 'node:http';
import { parentPort } from 'node:worker_threads';
import { median, quantile } from './stats.ts';

/** One measurement to run. */
export interface LoadSpec {
  /** `http://127.0.0.1:port` */
  origin: string;
  method: 'GET' | 'POST';
  /** Paths, used in turn (one per request). */
  paths: string[];
  headers: Record<string, string>;
  /** JSON bodies, used in turn; every `{{seq}}` is replaced by a number unique within this worker. */
  bodies?: string[];
  /** Requests in flight at any time. */
  concurrency: number;
  /** Length of one trial. */
  durationMs: number;
  /** Back-to-back trials over the same connections (1 when absent). */
  trials?: number;
  /**
   * Stop after this many requests in all (each path once, in order, when it equals `paths.length`), even
   * before `durationMs`; for one-off requests such as the first download of each invoice.
   */
  maxRequests?: number;
  /**
   * Bursts instead of a steady load: each of `rounds` rounds sends `concurrency` requests at once and waits
   * for every answer; `durationMs` and `trials` are then ignored.
   */
  rounds?: number;
}

/** What one measurement saw. */
export interface LoadReport {
  requests: number;
  /** Response body bytes received, over every request of every trial. */
  bytes: number;
  /** Answers with a status other than 2xx, and transport errors. */
  errors: number;
  /** One example of what went wrong, if anything did. */
  firstError: string | null;
  elapsedMs: number;
  /** The median of the trials' throughputs. */
  requestsPerSecond: number;
  trialRequestsPerSecond: number[];
  /** Over every request of every trial. */
  p50Ms: number;
  /** Present for bursts (`rounds`). */
  p95Ms?: number;
  p99Ms: number;
  maxMs: number;
  /** Answers per HTTP status (0: a transport error), for bursts. */
  statuses?: Record<number, number>;
  /** p50 and p99 of the answers of each HTTP status, for bursts. */
  statusLatencies?: Record<number, { p50Ms: number; p99Ms: number }>;
  /** 503 answers that carried no Retry-After header, for bursts. */
  unavailableWithoutRetryAfter?: number;
}

let sequence = 0;

/** Sends one request; the body is only decoded when the answer is an error (downloads are binary). */
function send(
  agent: Agent,
  spec: LoadSpec,
  index: number,
): Promise<{ status: number; bytes: number; body: string; retryAfter: string | undefined }> {
  const url = new URL(spec.paths[index % spec.paths.length] as string, spec.origin);
  const template = spec.bodies?.[index % spec.bodies.length];
  sequence += 1;
  const body = template?.replaceAll('{{seq}}', String(sequence));
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        agent,
        method: spec.method,
        headers: {
          ...spec.headers,
          ...(body === undefined
            ? {}
            : { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) }),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          const bytes = chunks.reduce((sum, chunk) => sum + chunk.length, 0);
          const ok = status >= 200 && status <= 299;
          resolve({
            status,
            bytes,
            body: ok ? '' : Buffer.concat(chunks).toString('utf8'),
            retryAfter: res.headers['retry-after'],
          });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** The part of a report every load shape shares: counts, throughput and latency quantiles. */
function measured(run: {
  latencies: number[];
  bytes: number;
  errors: number;
  firstError: string | null;
  started: number;
  trialRequestsPerSecond: number[];
}): LoadReport {
  const sorted = Float64Array.from(run.latencies).sort();
  return {
    requests: run.latencies.length,
    bytes: run.bytes,
    errors: run.errors,
    firstError: run.firstError,
    elapsedMs: performance.now() - run.started,
    requestsPerSecond: median(run.trialRequestsPerSecond),
    trialRequestsPerSecond: run.trialRequestsPerSecond,
    p50Ms: quantile(sorted, 0.5),
    p99Ms: quantile(sorted, 0.99),
    maxMs: quantile(sorted, 1),
  };
}

async function runLoad(spec: LoadSpec): Promise<LoadReport> {
  const agent = new Agent({ keepAlive: true, maxSockets: spec.concurrency });
  const latencies: number[] = [];
  const trialRequestsPerSecond: number[] = [];
  let errors = 0;
  let bytes = 0;
  let firstError: string | null = null;
  let next = 0;
  const started = performance.now();
  for (let trial = 0; trial < (spec.trials ?? 1); trial += 1) {
    const trialStarted = performance.now();
    const deadline = trialStarted + spec.durationMs;
    let trialRequests = 0;
    const user = async () => {
      while (performance.now() < deadline && (spec.maxRequests === undefined || next < spec.maxRequests)) {
        const index = next;
        next += 1;
        const sent = performance.now();
        try {
          const answer = await send(agent, spec, index);
          const { status, body } = answer;
          bytes += answer.bytes;
          if (status < 200 || status > 299) {
            errors += 1;
            firstError ??= `${status} ${body.slice(0, 300)}`;
          }
        } catch (error) {
          errors += 1;
          firstError ??= error instanceof Error ? error.message : String(error);
        }
        latencies.push(performance.now() - sent);
        trialRequests += 1;
      }
    };
    await Promise.all(Array.from({ length: spec.concurrency }, user));
    trialRequestsPerSecond.push((trialRequests * 1000) / (performance.now() - trialStarted));
  }
  agent.destroy();
  return measured({ latencies, bytes, errors, firstError, started, trialRequestsPerSecond });
}

/** `spec.rounds` bursts of `spec.concurrency` simultaneous requests, each burst waited for in full. */
async function runBursts(spec: LoadSpec, rounds: number): Promise<LoadReport> {
  const agent = new Agent({ keepAlive: true, maxSockets: spec.concurrency });
  const latencies: number[] = [];
  const trialRequestsPerSecond: number[] = [];
  const statuses: Record<number, number> = {};
  const byStatus = new Map<number, number[]>();
  let errors = 0;
  let bytes = 0;
  let unavailableWithoutRetryAfter = 0;
  let firstError: string | null = null;
  let next = 0;
  const started = performance.now();
  for (let round = 0; round < rounds; round += 1) {
    const roundStarted = performance.now();
    const one = async () => {
      const index = next;
      next += 1;
      const sent = performance.now();
      let status = 0;
      try {
        const answer = await send(agent, spec, index);
        status = answer.status;
        bytes += answer.bytes;
        if (status === 503 && answer.retryAfter === undefined) unavailableWithoutRetryAfter += 1;
        if (status < 200 || status > 299) {
          errors += 1;
          firstError ??= `${status} ${answer.body.slice(0, 300)}`;
        }
      } catch (error) {
        errors += 1;
        firstError ??= error instanceof Error ? error.message : String(error);
      }
      statuses[status] = (statuses[status] ?? 0) + 1;
      latencies.push(performance.now() - sent);
      byStatus.set(status, [...(byStatus.get(status) ?? []), performance.now() - sent]);
    };
    await Promise.all(Array.from({ length: spec.concurrency }, one));
    trialRequestsPerSecond.push((spec.concurrency * 1000) / (performance.now() - roundStarted));
  }
  agent.destroy();
  const report = measured({ latencies, bytes, errors, firstError, started, trialRequestsPerSecond });
  return {
    ...report,
    p95Ms: quantile(Float64Array.from(latencies).sort(), 0.95),
    statuses,
    statusLatencies: Object.fromEntries(
      [...byStatus].map(([status, times]) => {
        const ordered = Float64Array.from(times).sort();
        return [status, { p50Ms: quantile(ordered, 0.5), p99Ms: quantile(ordered, 0.99) }];
      }),
    ),
    unavailableWithoutRetryAfter,
  };
}

parentPort?.on('message', (spec: LoadSpec) => {
  (spec.rounds === undefined ? runLoad(spec) : runBursts(spec, spec.rounds)).then(
    (report) => parentPort?.postMessage({ ok: true, report }),
    (error: unknown) => parentPort?.postMessage({ ok: false, error: String(error) }),
  );
});
