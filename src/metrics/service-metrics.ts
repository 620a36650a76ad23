import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';
import type { Metrics } from '../core/metrics.ts';
import { QUEUES } from '../jobs/job-queue.ts';

/** The metrics of one service instance: its own registry (never prom-client's global one) and the port. */
export interface ServiceMetrics {
  registry: Registry;
  /** What the workers count through. */
  metrics: Metrics;
}

/**
 * A registry of this instance's metrics with the process's defaults (CPU, memory, event loop, GC) and the
 * counters of the {@link Metrics} port. One per service instance, so tests building several in one
 * process do not clash. Every queue's attempt counter starts at 0, so a rate is defined before the first
 * failure.
 */
export function createServiceMetrics(options: { defaultMetrics?: boolean } = {}): ServiceMetrics {
  const registry = new Registry();
  if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry });
  const emailsFailed = new Counter({
    name: 'emails_failed_total',
    help: 'Outgoing e-mails that ended failed (refused for good, out of retries, or given up by the queue).',
    registers: [registry],
  });
  const paymentEventsGivenUp = new Counter({
    name: 'payment_events_given_up_total',
    help: 'Payment-provider events the queue gave up applying (marked gave_up for an operator).',
    registers: [registry],
  });
  const webhookDeliveriesFailed = new Counter({
    name: 'webhook_deliveries_failed_total',
    help: 'Webhook deliveries that ended failed (out of retries, endpoint disabled, or given up by the queue).',
    registers: [registry],
  });
  const jobAttemptsFailed = new Counter({
    name: 'job_attempts_failed_total',
    help: 'Job attempts that failed in this process, per queue (each is retried or goes to its dead letter).',
    labelNames: ['queue'],
    registers: [registry],
  });
  for (const queue of Object.values(QUEUES)) jobAttemptsFailed.inc({ queue }, 0);
  httpRequestDuration(registry);
  return {
    registry,
    metrics: {
      emailFailed: () => emailsFailed.inc(),
      paymentEventGivenUp: () => paymentEventsGivenUp.inc(),
      webhookDeliveryFailed: () => webhookDeliveriesFailed.inc(),
      jobAttemptFailed: (queue) => jobAttemptsFailed.inc({ queue }),
    },
  };
}

const HTTP_REQUEST_DURATION = 'http_request_duration_seconds';

/**
 * The request latency histogram of `registry` (created on first use): its count per label set is the
 * request rate. `route` is the route's pattern, never the URL, so no token or id reaches a label.
 */
export function httpRequestDuration(registry: Registry): Histogram<'method' | 'route' | 'status_code'> {
  const existing = registry.getSingleMetric(HTTP_REQUEST_DURATION);
  if (existing) return existing as Histogram<'method' | 'route' | 'status_code'>;
  return new Histogram({
    name: HTTP_REQUEST_DURATION,
    help: 'HTTP requests by method, route pattern and status code: count and duration in seconds.',
    labelNames: ['method', 'route', 'status_code'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
}
