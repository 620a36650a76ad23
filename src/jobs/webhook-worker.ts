import type { JobResult, PgBoss } from 'pg-boss';
import { type DeliverWebhookDeps, deliverWebhook } from '../app/webhooks/deliver-webhook.ts';
import { type JobQueueOptions, QUEUES, type QueuePolicy, workOptions } from './job-queue.ts';

export interface WebhookDeliverJob {
  organizationId: string;
  deliveryId: string;
}

/**
 * Works the `webhook-deliver` queue. Each job of a batch settles on its own (`perJobResults`): a
 * receiver that is down delays its own deliveries only. An attempt to retry is reported as a failed job,
 * so pg-boss schedules the next try with the queue's backoff; the attempt numbered `policy.retryLimit`
 * is the last, and its failure is final in the delivery log. Returns the worker id.
 */
export async function registerWebhookWorker(
  boss: PgBoss,
  deps: DeliverWebhookDeps,
  config: { options: JobQueueOptions; policy: QueuePolicy; onError?: (error: unknown) => void },
): Promise<string> {
  return boss.work<WebhookDeliverJob>(
    QUEUES.webhookDeliver,
    { ...workOptions(config.options), perJobResults: true },
    async (jobs) =>
      Promise.all(
        jobs.map(async (job): Promise<JobResult> => {
          try {
            const outcome = await deliverWebhook(deps, {
              organizationId: job.data.organizationId,
              deliveryId: job.data.deliveryId,
              lastAttempt: job.retryCount >= config.policy.retryLimit,
            });
            return outcome.kind === 'retry'
              ? { id: job.id, status: 'failed', output: { reason: outcome.reason } }
              : { id: job.id, status: 'completed', output: outcome };
          } catch (error) {
            // An unexpected failure (e.g. the database): pg-boss retries this job, the others settle.
            config.onError?.(error);
            return { id: job.id, status: 'failed', output: { error: String(error) } };
          }
        }),
      ),
  );
}
