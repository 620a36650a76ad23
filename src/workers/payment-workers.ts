import type { JobResult, PgBoss } from 'pg-boss';
import type { InvoiceNotificationEvent } from '../app/emails/queue-invoice-notification.ts';
import { queueInvoiceNotification } from '../app/emails/queue-invoice-notification.ts';
import type { MailSettings } from '../app/emails/queue-outgoing-email.ts';
import { type ApplyEventDeps, applyProviderEvent } from '../app/payments/apply-provider-event.ts';
import type { EventLog } from '../core/event-log.ts';
import { type Metrics, noMetrics } from '../core/metrics.ts';
import { markProviderEventGivenUp } from '../db/repositories/provider-event.repository.ts';
import { type JobQueueOptions, QUEUES, workOptions } from '../jobs/job-queue.ts';
import { settleEach } from './settle-each.ts';

export interface PaymentWorkerDeps extends ApplyEventDeps {
  mail: MailSettings;
  log?: EventLog;
  /** Counts provider events given up and failed attempts; none by default. */
  metrics?: Metrics;
}

/**
 * The payment workers: `payment-event` applies a stored provider notification (re-reading the truth,
 * recording the payment once); `invoice-notification` queues the e-mails of a payment, refund or
 * chargeback (R17), idempotently per event and recipient.
 */
export async function registerPaymentWorkers(
  boss: PgBoss,
  deps: PaymentWorkerDeps,
  settings: { options: JobQueueOptions },
): Promise<void> {
  const options = { ...workOptions(settings.options), perJobResults: true, includeMetadata: true } as const;
  const metrics = deps.metrics ?? noMetrics;
  const failedIn = (queue: string) => () => metrics.jobAttemptFailed(queue);
  await boss.work<{ organizationId: string; eventRowId: string }, JobResult[], typeof options>(
    QUEUES.paymentEvent,
    options,
    (jobs) => settleEach(jobs, 2, (job) => applyProviderEvent(deps, job.data), failedIn(QUEUES.paymentEvent)),
  );
  await boss.work<{ organizationId: string; eventRowId: string }, JobResult[], typeof options>(
    QUEUES.paymentEventDead,
    options,
    (jobs) =>
      settleEach(
        jobs,
        1,
        async (job) => {
          // The provider already had its 200 and will not send it again: keep it visible, never silent.
          const row = await markProviderEventGivenUp(deps.db, job.data.organizationId, job.data.eventRowId);
          if (row) {
            metrics.paymentEventGivenUp();
            deps.log?.warn(
              { ...row, organizationId: job.data.organizationId },
              'gave up applying a provider event',
            );
          }
          return row !== undefined;
        },
        failedIn(QUEUES.paymentEventDead),
      ),
  );
  await boss.work<
    { organizationId: string; invoiceId: string; event: InvoiceNotificationEvent },
    JobResult[],
    typeof options
  >(QUEUES.invoiceNotification, options, (jobs) =>
    settleEach(
      jobs,
      1,
      async (job) => (await queueInvoiceNotification(deps, job.data)).length,
      failedIn(QUEUES.invoiceNotification),
    ),
  );
}
