import { fail, notFound, ok, type Result } from '../../core/result.ts';
import { recordAudit } from '../../db/repositories/audit.repository.ts';
import type { OutgoingEmailRow } from '../../db/schema.ts';
import { type Db, runInTransaction } from '../../db/transaction.ts';
import { type JobSender, QUEUES } from '../../jobs/job-queue.ts';

/**
 * Queues a failed message again, unchanged (same Message-ID): for when the reason is fixed, e.g. the SMTP
 * settings. A queued or sent message is refused, so nothing is ever sent twice on purpose; so is one whose
 * body retention has dropped (there is nothing left to send).
 */
export async function retryOutgoingEmail(
  deps: { db: Db; jobs: JobSender },
  input: { organizationId: string; emailId: string; actor: string },
): Promise<Result<OutgoingEmailRow>> {
  return runInTransaction(deps.db, async (trx) => {
    const current = await trx
      .selectFrom('outgoing_emails')
      .select(['id', 'status', 'invoice_id', 'body_pruned_at'])
      .where('organization_id', '=', input.organizationId)
      .where('id', '=', input.emailId)
      .forUpdate()
      .executeTakeFirst();
    if (!current) return notFound('email');
    if (current.status !== 'failed' || current.body_pruned_at !== null)
      return fail('EMAIL_NOT_RETRYABLE', 'emailId', { status: current.status });
    const row = await trx
      .updateTable('outgoing_emails')
      .set({ status: 'queued', failed_at: null })
      .where('id', '=', current.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await deps.jobs.sendInTransaction(trx, QUEUES.emailSend, {
      organizationId: input.organizationId,
      emailId: row.id,
    });
    if (current.invoice_id) {
      await recordAudit(trx, {
        organizationId: input.organizationId,
        subjectType: 'invoice',
        subjectId: current.invoice_id,
        action: 'invoice.email_retried',
        actor: input.actor,
        data: { emailId: row.id },
      });
    }
    return ok(row);
  });
}
