import type { JobResult, PgBoss } from 'pg-boss';
import {
  type DeliverEmailDeps,
  deliverOutgoingEmail,
  recordEmailGivenUp,
} from '../app/emails/deliver-outgoing-email.ts';
import { queueInvoiceNotification } from '../app/emails/queue-invoice-notification.ts';
import type { MailSettings } from '../app/emails/queue-outgoing-email.ts';
import { type Metrics, noMetrics } from '../core/metrics.ts';
import { type JobQueueOptions, QUEUES, type QueuePolicies, workOptions } from '../jobs/job-queue.ts';
import { SMTP_CONNECTIONS } from '../mail/smtp-mailer.ts';
import { settleEach } from './settle-each.ts';

export interface EmailWorkerDeps extends DeliverEmailDeps {
  mail: MailSettings;
  /** Counts e-mails that end failed and failed attempts; none by default. */
  metrics?: Metrics;
}

interface EmailJob {
  organizationId: string;
  emailId: string;
}

interface CommentJob {
  organizationId: string;
  invoiceId: string;
  commentId: string;
}

/**
 * The e-mail workers: `email-send` sends one stored message; `email-send-dead` records a message the queue
 * gave up on; `comment-created` queues the comment's e-mail to every admin who receives comments (R12).
 *
 * A batch is sent at most {@link SMTP_CONNECTIONS} messages at a time, so no message waits in the SMTP
 * pool while its job's time runs out; a job whose time ran out before its turn is not sent (its signal).
 * The last attempt is the job's own `retryLimit` (a job keeps the policy it was created with).
 */
export async function registerEmailWorkers(
  boss: PgBoss,
  deps: EmailWorkerDeps,
  settings: { options: JobQueueOptions; policies: QueuePolicies },
): Promise<void> {
  const options = { ...workOptions(settings.options), perJobResults: true, includeMetadata: true } as const;
  const metrics = deps.metrics ?? noMetrics;
  const failedIn = (queue: string) => () => metrics.jobAttemptFailed(queue);
  await boss.work<EmailJob, JobResult[], typeof options>(QUEUES.emailSend, options, (jobs) =>
    settleEach(
      jobs,
      SMTP_CONNECTIONS,
      async (job) => {
        const outcome = await deliverOutgoingEmail(deps, {
          ...job.data,
          lastAttempt: job.retryCount >= job.retryLimit,
          signal: job.signal,
        });
        if (outcome === 'failed') metrics.emailFailed();
        return outcome;
      },
      failedIn(QUEUES.emailSend),
    ),
  );
  await boss.work<EmailJob, JobResult[], typeof options>(QUEUES.emailSendDead, options, (jobs) =>
    settleEach(
      jobs,
      1,
      async (job) => {
        const recorded = await recordEmailGivenUp(deps, job.data);
        if (recorded) metrics.emailFailed();
        return recorded;
      },
      failedIn(QUEUES.emailSendDead),
    ),
  );
  await boss.work<CommentJob, JobResult[], typeof options>(QUEUES.commentCreated, options, (jobs) =>
    settleEach(
      jobs,
      1,
      async (job) => {
        const queued = await queueInvoiceNotification(deps, {
          organizationId: job.data.organizationId,
          invoiceId: job.data.invoiceId,
          event: { kind: 'comment', commentId: job.data.commentId },
        });
        return queued.length;
      },
      failedIn(QUEUES.commentCreated),
    ),
  );
}
