import type { JobResult, PgBoss } from 'pg-boss';
import { type DeliverEmailDeps, deliverOutgoingEmail } from '../app/emails/deliver-outgoing-email.ts';
import { queueInvoiceNotification } from '../app/emails/queue-invoice-notification.ts';
import type { MailSettings } from '../app/emails/queue-outgoing-email.ts';
import { type JobQueueOptions, QUEUES, type QueuePolicies, workOptions } from './job-queue.ts';

export interface EmailWorkerDeps extends DeliverEmailDeps {
  mail: MailSettings;
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

/** Runs each job of a batch on its own, so one failure retries only that job. */
async function settleEach<T>(
  jobs: readonly { id: string; data: T; retryCount: number }[],
  run: (data: T, retryCount: number) => Promise<unknown>,
): Promise<JobResult[]> {
  return Promise.all(
    jobs.map(async (job) => {
      try {
        const output = await run(job.data, job.retryCount);
        return { id: job.id, status: 'completed' as const, output: { outcome: output } };
      } catch (error) {
        return {
          id: job.id,
          status: 'failed' as const,
          output: { message: error instanceof Error ? error.message : String(error) },
        };
      }
    }),
  );
}

/**
 * The e-mail workers: `email-send` sends one stored message; `comment-created` queues the comment's
 * e-mail to every admin (R12).
 */
export async function registerEmailWorkers(
  boss: PgBoss,
  deps: EmailWorkerDeps,
  settings: { options: JobQueueOptions; policies: QueuePolicies },
): Promise<void> {
  const options = { ...workOptions(settings.options), perJobResults: true } as const;
  const sendPolicy = settings.policies[QUEUES.emailSend];
  await boss.work<EmailJob, JobResult[], typeof options>(QUEUES.emailSend, options, (jobs) =>
    settleEach(jobs, (data, retryCount) =>
      deliverOutgoingEmail(deps, { ...data, lastAttempt: retryCount >= sendPolicy.retryLimit }),
    ),
  );
  await boss.work<CommentJob, JobResult[], typeof options>(QUEUES.commentCreated, options, (jobs) =>
    settleEach(jobs, async (data) => {
      const queued = await queueInvoiceNotification(deps, {
        organizationId: data.organizationId,
        invoiceId: data.invoiceId,
        event: { kind: 'comment', commentId: data.commentId },
      });
      return queued.length;
    }),
  );
}
