import { langOr } from '../../core/lang.ts';
import { fail, notFound, ok, type Result } from '../../core/result.ts';
import { recordAudit } from '../../db/repositories/audit.repository.ts';
import { insertComment, markCommentsRead } from '../../db/repositories/comment.repository.ts';
import { findCustomer } from '../../db/repositories/customer.repository.ts';
import { findInvoice } from '../../db/repositories/invoice.repository.ts';
import type { AdminUserRow, CommentRow, OrganizationRow, OutgoingEmailRow } from '../../db/schema.ts';
import { type Db, runInTransaction } from '../../db/transaction.ts';
import type { JobSender } from '../../jobs/job-queue.ts';
import { renderCommentReplyEmail } from '../../mail/render-comment-reply-email.ts';
import { emailBranding, inlineImages, invoicePortalUrl, senderName } from '../emails/email-context.ts';
import { type MailSettings, queueOutgoingEmail } from '../emails/queue-outgoing-email.ts';
import { COMMENT_MAX_LENGTH, commentProblem, commentText } from './comment-text.ts';

/**
 * Who writes the business's reply. An admin signs it with their own name (the customer sees "Camille
 * Lambert", marked as a reply from the business). An API key acts for the organization, not for one of
 * its admins, so its reply is signed with the name the customer knows the business by (its trade name,
 * else its legal name); the audit trail names the key.
 */
export type ReplyAuthor = { kind: 'admin'; admin: AdminUserRow } | { kind: 'organization'; actor: string };

export interface CommentReply {
  comment: CommentRow;
  /**
   * The e-mail to the customer, queued in the same transaction; null when there is no one to send it to
   * (`emailSkipped` says why): the reply is in the thread all the same.
   */
  email: OutgoingEmailRow | null;
  emailSkipped: 'no_email_address' | 'portal_revoked' | null;
  /** How many of the customer's comments on the invoice the reply marked read. */
  markedRead: number;
}

/** The name the customer sees the business under in the portal. */
const portalBusinessName = (organization: OrganizationRow): string =>
  organization.trade_name ?? organization.legal_name;

/**
 * The business replies in an invoice's comment thread (B8). The text follows the same rule as a customer's
 * comment (`comment-text.ts`; `INVALID_COMMENT` on `body` with the problem). Only on an issued invoice of
 * the organization, the ones the customer sees (a draft or another organization's invoice is
 * `INVOICE_NOT_FOUND`). In one transaction: the comment (`author_kind 'admin'`), the
 * invoice's customer comments marked read, `invoice.comment_replied` on the invoice's history, and the
 * e-mail to the customer, in their language and the business's look, quoting the reply and linking to the
 * invoice in their portal, queued with its sending job.
 */
export async function replyToComment(
  deps: { db: Db; jobs: JobSender; mail: MailSettings },
  input: {
    /** The organization the caller already holds (the API key's, the admin's session's). */
    organization: OrganizationRow;
    invoiceId: string;
    body: string;
    author: ReplyAuthor;
    now: Date;
  },
): Promise<Result<CommentReply>> {
  const { organization, author } = input;
  if (author.kind === 'admin' && author.admin.organization_id !== organization.id) {
    throw new Error(`Admin ${author.admin.id} is not an admin of organization ${organization.id}`);
  }
  const problem = commentProblem(input.body);
  if (problem) return fail('INVALID_COMMENT', 'body', { problem, max: COMMENT_MAX_LENGTH });
  return runInTransaction(deps.db, async (trx) => {
    const invoice = await findInvoice(trx, organization.id, input.invoiceId);
    if (invoice?.state !== 'issued') return notFound('invoice');
    const customer = await findCustomer(trx, organization.id, invoice.customer_id);
    if (!customer) throw new Error(`Customer of invoice ${invoice.id} vanished`);

    const comment = await insertComment(trx, {
      organization_id: organization.id,
      invoice_id: invoice.id,
      author_kind: 'admin',
      author_name: author.kind === 'admin' ? author.admin.name : portalBusinessName(organization),
      body: commentText(input.body),
      // NOTE: dated by the database, like the customer's comments, so a thread's order never depends on
      // two clocks agreeing; `now` dates what the business did (read_at, the audit trail's context).
    });
    const markedRead = await markCommentsRead(trx, organization.id, invoice.id, input.now);

    const emailSkipped =
      customer.portal_revoked_at !== null
        ? 'portal_revoked'
        : customer.emails.length === 0
          ? 'no_email_address'
          : null;
    const email =
      emailSkipped === null
        ? await queueOutgoingEmail(trx, deps.jobs, deps.mail.mailFrom, {
            organizationId: organization.id,
            invoiceId: invoice.id,
            kind: 'comment-reply',
            dedupeKey: `comment-reply:${comment.id}`,
            fromName: senderName(organization),
            replyTo: organization.email,
            to: customer.emails,
            language: langOr(customer.language),
            email: renderCommentReplyEmail({
              language: langOr(customer.language),
              branding: emailBranding(organization),
              designedLayout: organization.email_designed_layout,
              invoiceNumber: invoice.number,
              customerName: customer.name,
              replyText: comment.body,
              invoiceUrl: invoicePortalUrl(deps.mail, customer, invoice.id),
            }),
            attachments: inlineImages(organization, false),
          })
        : null;

    await recordAudit(trx, {
      organizationId: organization.id,
      subjectType: 'invoice',
      subjectId: invoice.id,
      action: 'invoice.comment_replied',
      actor: author.kind === 'admin' ? `admin_user:${author.admin.id}` : author.actor,
      data: {
        commentId: comment.id,
        emailId: email?.id ?? null,
        ...(emailSkipped ? { emailSkipped } : {}),
        markedRead,
      },
    });
    return ok({ comment, email, emailSkipped, markedRead });
  });
}
