/**
 * Where the workers count the end states an operator watches: what failed for good, what the queue gave
 * up on. The Prometheus adapter (`metrics/service-metrics.ts`) implements it; without one nothing is
 * counted ({@link noMetrics}). Counting never fails and never waits.
 */
export interface Metrics {
  /** An outgoing e-mail ended `failed`: refused for good, out of retries, or given up by the queue. */
  emailFailed(): void;
  /** A stored payment-provider event reached its dead letter: it is `gave_up` until an operator acts. */
  paymentEventGivenUp(): void;
  /** A webhook delivery ended `failed` (out of retries, endpoint disabled, or given up by the queue). */
  webhookDeliveryFailed(): void;
  /** One attempt of a job of `queue` failed: the queue retries it, or moves it to its dead letter. */
  jobAttemptFailed(queue: string): void;
}

/** Counts nothing: the default where no metrics are collected. */
export const noMetrics: Metrics = {
  emailFailed: () => {},
  paymentEventGivenUp: () => {},
  webhookDeliveryFailed: () => {},
  jobAttemptFailed: () => {},
};
