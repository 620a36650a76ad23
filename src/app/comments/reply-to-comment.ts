import { langOr } from '../../core/lang.ts';
import { fail, notFound, ok, type Result } from '../../core/result.ts';
import { recordAudit } from '../../db/repositories/audit.repository.ts';
import { insertComment, markCommentsRead } from '../../db/repositories/comment.repository.ts';
import { findCustomer } from '../../db/repositories/customer.repository.ts';
import { findInvoice } from '../../db/repositories/invoice.repository.ts';
import type { CommentRow, OrganizationRow } from '../../db/schema.ts';
import { type Db, runInTransaction } from '../../db/transaction.ts';
import type { JobSender } from '../../jobs/job-queue.ts';
import { renderNotificationEmail } from '../../mail/render-notification-email.ts';
import { documentLanguage, documentLocale } from '../documents/document-model-from-rows.ts';
import { emailBranding, inlineImages, invoicePortalUrl, senderName } from '../emails/email-context.ts';
import { type MailSettings, queueOutgoingEmail } from '../emails/queue-outgoing-email.ts';
import { commentProblem } from './add-customer-comment.ts';

/**
 * The business answers in an invoice's thread (B8): the reply is stored as the business's (with the
 * admin's name), the customer's comments on that invoice count as read, the reply is recorded on the
 * invoice's history, and it is e-mailed to the customer in their language with a link to the invoice in
 * their portal — all in one transaction. Only issued invoices have a thread the customer sees.
 */
export async function replyToComment(
  deps: { db: Db; jobs: JobSender; mail: MailSettings },
  input: {
    organization: OrganizationRow;
    invoiceId: string;
    /** Who signs the reply: the admin's name. */
    authorName: string;
    body: string;
    actor: string;
    now: Date;
  },
): Promise<Result<CommentRow>> {
  const problem = commentProblem(input.body);
  if (problem) return fail('INVALID_COMMENT', 'body', { problem });
  const { organization } = input;
  return runInTransaction(deps.db, async (trx) => {
    const invoice = await findInvoice(trx, organization.id, input.invoiceId);
    if (invoice?.state !== 'issued') return notFound('invoice');
    const customer = await findCustomer(trx, organization.id, invoice.customer_id);
    if (!customer) throw new Error(`The customer of invoice ${invoice.id} vanished`);
    const reply = await insertComment(trx, {
      organization_id: organization.id,
      invoice_id: invoice.id,
      author_kind: 'admin',
      author_name: input.authorName,
      body: input.body.trim(),
      read_at: input.now,
    });
    await markCommentsRead(trx, { organizationId: organization.id, invoiceId: invoice.id }, input.now);
    await recordAudit(trx, {
      organizationId: organization.id,
      subjectType: 'invoice',
      subjectId: invoice.id,
      action: 'comment.replied',
      actor: input.actor,
      data: { commentId: reply.id },
    });
    // A revoked portal has no link to send; the reply still shows once the customer has a link again.
    if (customer.emails.length > 0 && customer.portal_revoked_at === null) {
      const language = documentLanguage(customer, organization);
      await queueOutgoingEmail(trx, deps.jobs, deps.mail.mailFrom, {
        organizationId: organization.id,
        invoiceId: invoice.id,
        kind: 'comment-reply',
        dedupeKey: `comment-reply:${reply.id}`,
        fromName: senderName(organization),
        replyTo: organization.email,
        to: customer.emails,
        language,
        email: renderNotificationEmail({
          kind: 'comment-reply',
          language: langOr(language),
          locale: documentLocale(language, organization.country),
          branding: emailBranding(organization),
          designedLayout: organization.email_designed_layout,
          invoiceNumber: invoice.number,
          customerName: customer.name,
          currency: invoice.currency,
          invoiceUrl: invoicePortalUrl(deps.mail, customer, invoice.id),
          replyText: reply.body,
        }),
        attachments: inlineImages(organization, false),
      });
    }
    return ok(reply);
  });
}
