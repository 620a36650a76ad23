import type { JobResult, PgBoss } from 'pg-boss';
import {
  type DeliverWebhookDeps,
  deliverWebhook,
  recordDeliveryGivenUp,
} from '../app/webhooks/deliver-webhook.ts';
import { type Metrics, noMetrics } from '../core/metrics.ts';
import { type JobQueueOptions, QUEUES, workOptions } from '../jobs/job-queue.ts';

export interface WebhookDeliverJob {
  organizationId: string;
  deliveryId: string;
}

/**
 * Works the `webhook-deliver` queue. Each job of a batch settles on its own (`perJobResults`): a
 * receiver that is down delays its own deliveries only. An attempt to retry is reported as a failed job,
 * so pg-boss schedules the next try with the queue's backoff; the attempt numbered with the job's own
 * `retryLimit` is the last, and its failure is final in the delivery log. A job pg-boss gives up on
 * without that record (its worker died) reaches `webhook-deliver-dead`, whose worker marks it failed.
 */
export async function registerWebhookWorker(
  boss: PgBoss,
  deps: DeliverWebhookDeps,
  config: { options: JobQueueOptions; onError?: (error: unknown) => void; metrics?: Metrics },
): Promise<void> {
  const options = { ...workOptions(config.options), perJobResults: true, includeMetadata: true } as const;
  const metrics = config.metrics ?? noMetrics;
  await boss.work<WebhookDeliverJob, JobResult[], typeof options>(
    QUEUES.webhookDeliver,
    options,
    async (jobs) =>
      Promise.all(
        jobs.map(async (job): Promise<JobResult> => {
          try {
            const outcome = await deliverWebhook(deps, {
              organizationId: job.data.organizationId,
              deliveryId: job.data.deliveryId,
              lastAttempt: job.retryCount >= job.retryLimit,
            });
            if (outcome.kind === 'failed') metrics.webhookDeliveryFailed();
            if (outcome.kind !== 'retry') return { id: job.id, status: 'completed', output: outcome };
            metrics.jobAttemptFailed(QUEUES.webhookDeliver);
            return { id: job.id, status: 'failed', output: { reason: outcome.reason } };
          } catch (error) {
            // An unexpected failure (e.g. the database): pg-boss retries this job, the others settle.
            config.onError?.(error);
            metrics.jobAttemptFailed(QUEUES.webhookDeliver);
            return { id: job.id, status: 'failed', output: { error: String(error) } };
          }
        }),
      ),
  );
  await boss.work<WebhookDeliverJob, JobResult[], typeof options>(
    QUEUES.webhookDeliverDead,
    options,
    async (jobs) =>
      Promise.all(
        jobs.map(async (job): Promise<JobResult> => {
          try {
            const recorded = await recordDeliveryGivenUp(deps, job.data);
            if (recorded) metrics.webhookDeliveryFailed();
            return { id: job.id, status: 'completed', output: { recorded } };
          } catch (error) {
            config.onError?.(error);
            metrics.jobAttemptFailed(QUEUES.webhookDeliverDead);
            return { id: job.id, status: 'failed', output: { error: String(error) } };
          }
        }),
      ),
  );
}
