import { fail, notFound, ok, type Result } from '../../core/result.ts';
import { recordAudit } from '../../db/repositories/audit.repository.ts';
import type { CommentRow } from '../../db/schema.ts';
import { type Db, runInTransaction } from '../../db/transaction.ts';
import { type JobSender, QUEUES } from '../../jobs/job-queue.ts';
import { emitWebhookEvent } from '../webhooks/emit-webhook-event.ts';
import { commentProblem, commentText } from './comment-text.ts';

/**
 * A customer's comment on one of their invoices (R12): stored with its time and author, recorded on the
 * invoice's history, a `comment-created` job queued (the notifications feature e-mails every admin from
 * it) and a `comment.created` webhook event emitted, all in the same transaction. A customer may comment
 * as often as they like.
 */
export async function addCustomerComment(
  deps: { db: Db; jobs: JobSender },
  input: { organizationId: string; customerId: string; invoiceId: string; body: string },
): Promise<Result<CommentRow>> {
  const problem = commentProblem(input.body);
  if (problem) return fail('INVALID_COMMENT', 'body', { problem });
  return runInTransaction(deps.db, async (trx) => {
    const invoice = await trx
      .selectFrom('invoices')
      .innerJoin('customers', (join) =>
        join
          .onRef('customers.id', '=', 'invoices.customer_id')
          .onRef('customers.organization_id', '=', 'invoices.organization_id'),
      )
      .select(['invoices.id', 'invoices.number', 'customers.name as customerName'])
      .where('invoices.organization_id', '=', input.organizationId)
      .where('invoices.id', '=', input.invoiceId)
      .where('invoices.customer_id', '=', input.customerId)
      .where('invoices.state', '=', 'issued')
      .executeTakeFirst();
    if (!invoice) return notFound('invoice');
    const comment = await trx
      .insertInto('comments')
      .values({
        organization_id: input.organizationId,
        invoice_id: invoice.id,
        author_kind: 'customer',
        author_name: invoice.customerName,
        body: commentText(input.body),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      organizationId: input.organizationId,
      subjectType: 'invoice',
      subjectId: invoice.id,
      action: 'invoice.commented',
      actor: 'customer',
      data: { commentId: comment.id },
    });
    await deps.jobs.sendInTransaction(trx, QUEUES.commentCreated, {
      organizationId: input.organizationId,
      invoiceId: invoice.id,
      commentId: comment.id,
    });
    await emitWebhookEvent(trx, deps.jobs, {
      organizationId: input.organizationId,
      type: 'comment.created',
      occurredAt: comment.created_at,
      data: {
        invoiceId: invoice.id,
        invoiceNumber: invoice.number,
        customerId: input.customerId,
        commentId: comment.id,
        body: comment.body,
        createdAt: comment.created_at.toISOString(),
      },
    });
    return ok(comment);
  });
}
