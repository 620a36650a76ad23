import { z } from 'zod';
import { COMMENT_MAX_LENGTH } from '../../app/comments/comment-text.ts';
import { markInvoiceCommentsRead } from '../../app/comments/mark-invoice-comments-read.ts';
import { replyToComment } from '../../app/comments/reply-to-comment.ts';
import { fail, notFound } from '../../core/result.ts';
import { decodeCreatedAtCursor, encodeCreatedAtCursor } from '../../db/keyset-cursor.ts';
import {
  countUnreadComments,
  listCommentInbox,
  listInvoiceComments,
} from '../../db/repositories/comment.repository.ts';
import { findInvoice } from '../../db/repositories/invoice.repository.ts';
import type { CommentRow } from '../../db/schema.ts';
import { route } from './route-kit.ts';
import { IdParams } from './schemas.ts';

const InvoiceParams = IdParams('invoiceId');

const CommentReplySchema = z.strictObject({
  body: z.string().meta({
    description: `The reply: at most ${COMMENT_MAX_LENGTH} characters once trimmed, line breaks kept.`,
    example: 'Of course — 3.5 h on 12 February and 3 h on 13 February.',
  }),
});

const CommentInboxQuerySchema = z.strictObject({
  unread: z.enum(['true', 'false']).optional().meta({ description: '`true`: only the unread comments.' }),
  limit: z.coerce.number().int().min(1).max(200).optional(),
  cursor: z.string().max(200).optional(),
});

function commentJson(c: CommentRow) {
  return {
    id: c.id,
    authorKind: c.author_kind,
    authorName: c.author_name,
    body: c.body,
    createdAt: c.created_at.toISOString(),
    readAt: c.read_at?.toISOString() ?? null,
  };
}

const TAG = 'Comments';

export const commentRoutes = [
  route({
    method: 'GET',
    path: '/invoices/:invoiceId/comments',
    operationId: 'listInvoiceComments',
    summary: 'The comments on an invoice, the customer’s and the business’s replies, oldest first (R12, B8).',
    description:
      '`authorKind` is `customer` or `admin` (the business). `readAt` is when the business read a customer’s comment, null while unread (always null on replies).',
    tag: TAG,
    params: InvoiceParams,
    handler: async ({ deps, organization, params }) => {
      const invoice = await findInvoice(deps.db, organization.id, params.invoiceId);
      if (!invoice) return notFound('invoice');
      const comments = await listInvoiceComments(deps.db, organization.id, invoice.id);
      return { body: { data: comments.map(commentJson) } };
    },
  }),
  route({
    method: 'POST',
    path: '/invoices/:invoiceId/comments',
    operationId: 'replyToInvoiceComments',
    summary: 'Reply in an issued invoice’s comment thread; the customer is e-mailed the reply (B8).',
    description:
      'An API key acts for the organization: the reply is signed with the business’s name (its trade name, else its legal name) and shown to the customer as a reply from the business. ' +
      'The customer’s comments on the invoice are marked read. The reply is e-mailed to the customer’s addresses in their language, quoting it and linking to the invoice in their portal; ' +
      '`email` is null when the customer has no address or their portal link is revoked (`emailSkipped` says which). ' +
      'A draft, or an invoice of another organization, is `INVOICE_NOT_FOUND`; an empty or too long text is `INVALID_COMMENT`.',
    tag: TAG,
    params: InvoiceParams,
    body: CommentReplySchema,
    handler: async ({ deps, organization, params, body, actor, now }) => {
      const result = await replyToComment(
        { db: deps.db, jobs: deps.jobs, mail: deps.mail },
        {
          organization,
          invoiceId: params.invoiceId,
          body: body.body,
          author: { kind: 'organization', actor },
          now,
        },
      );
      if (!result.ok) return result;
      const { comment, email, emailSkipped, markedRead } = result.value;
      return {
        body: {
          ...commentJson(comment),
          invoiceId: comment.invoice_id,
          markedRead,
          email: email ? { id: email.id, status: email.status, to: email.to_addresses } : null,
          emailSkipped,
        },
      };
    },
  }),
  route({
    method: 'POST',
    path: '/invoices/:invoiceId/comments/read',
    operationId: 'markInvoiceCommentsRead',
    summary:
      'Mark the customer’s comments on an invoice read (the back office does it when the invoice is opened).',
    tag: TAG,
    params: InvoiceParams,
    successStatus: 200,
    handler: async ({ deps, organization, params, actor, now }) => {
      const result = await markInvoiceCommentsRead(deps.db, {
        organizationId: organization.id,
        invoiceId: params.invoiceId,
        actor,
        now,
      });
      return result.ok ? { body: result.value } : result;
    },
  }),
  route({
    method: 'GET',
    path: '/comments',
    operationId: 'listCommentInbox',
    summary:
      'The inbox: customers’ comments on every invoice, newest first, with the unread count (keyset pagination).',
    description:
      '`?unread=true` lists only the unread ones. Each has its invoice (id, number) and customer (id, name). The business’s own replies are not listed.',
    tag: TAG,
    query: CommentInboxQuerySchema,
    handler: async ({ deps, organization, query }) => {
      const limit = query.limit ?? 50;
      const before = decodeCreatedAtCursor(query.cursor);
      if (before === null) return fail('VALIDATION_FAILED', 'query.cursor');
      const rows = await listCommentInbox(deps.db, organization.id, {
        limit: limit + 1,
        unreadOnly: query.unread === 'true',
        ...(before ? { before } : {}),
      });
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      return {
        body: {
          data: page.map((c) => ({
            ...c,
            createdAt: c.createdAt.toISOString(),
            readAt: c.readAt?.toISOString() ?? null,
          })),
          unreadCount: await countUnreadComments(deps.db, organization.id),
          nextCursor:
            rows.length > limit && last
              ? encodeCreatedAtCursor({ created_at: last.createdAt, id: last.id })
              : null,
        },
      };
    },
  }),
];
