import { z } from 'zod';
import { composeMessage } from '../../app/emails/deliver-outgoing-email.ts';
import { retryOutgoingEmail } from '../../app/emails/retry-outgoing-email.ts';
import {
  OUTBOX_STATUSES,
  type OutboxEmail,
  type OutboxStatus,
  outboxPaths,
  renderOutboxEmailPage,
  renderOutboxPage,
} from '../../back-office/views/outbox-page.ts';
import { isNotFound } from '../../core/result.ts';
import { decodeCreatedAtCursor, encodeCreatedAtCursor } from '../../db/keyset-cursor.ts';
import { findOutgoingEmail, listOutboxEmails } from '../../db/repositories/outgoing-email.repository.ts';
import type { OutgoingEmailRow } from '../../db/schema.ts';
import { buildRawMessage } from '../../mail/smtp-mailer.ts';
import { IdParams } from '../api/schemas.ts';
import { mailboxPath } from '../mailbox/mailbox-routes.ts';
import { type BackOfficeContext, type BackOfficeResult, backOfficeRoute } from './back-office-kit.ts';
import { DoneQuery, failureText } from './developer-settings.pages.ts';

/**
 * The outbox (issue 12): every e-mail of the organization, newest first in keyset pages, by status; one
 * message as it was sent (headers, text, the .eml download), and a retry of a failed one through the
 * use case the API's `POST /emails/:emailId/retry` calls.
 */

export const OUTBOX_PAGE_SIZE = 25;

const EmailParams = IdParams('emailId');

function outboxItem(e: OutgoingEmailRow): OutboxEmail {
  return {
    id: e.id,
    invoiceId: e.invoice_id,
    kind: e.kind,
    status: e.status,
    to: e.to_addresses,
    cc: e.cc_addresses,
    subject: e.subject,
    problem: e.last_error,
    attempts: e.attempts,
    queuedAt: e.queued_at,
    sentAt: e.sent_at,
    failedAt: e.failed_at,
  };
}

type EmailContext = BackOfficeContext<{ emailId: string }, unknown>;

async function outboxEmailPage(
  ctx: EmailContext,
  options: { retried?: boolean; failure?: string },
  status = 200,
): Promise<BackOfficeResult> {
  const email = await findOutgoingEmail(ctx.deps.db, ctx.organization.id, ctx.params.emailId);
  if (!email) return { notFound: true };
  return {
    status,
    page: renderOutboxEmailPage({
      chrome: ctx.chrome('settings'),
      email: {
        ...outboxItem(email),
        fromName: email.from_name,
        fromAddress: ctx.deps.mail.mailFrom,
        replyTo: email.reply_to,
        messageId: email.message_id,
        text: email.text_body,
        hasHtml: email.html_body !== null,
        attachments: email.attachments.flatMap((a) => (a.source === 'document' ? [a.fileName] : [])),
        transportResponse: email.transport_response,
      },
      retried: options.retried ?? false,
      failure: options.failure ?? null,
    }),
  };
}

export const outboxPages = [
  backOfficeRoute({
    method: 'GET',
    path: '/settings/outbox',
    name: 'outbox',
    query: z.object({ status: z.string().max(20).optional(), cursor: z.string().max(200).optional() }),
    handler: async (ctx) => {
      const status = OUTBOX_STATUSES.includes(ctx.query.status as OutboxStatus)
        ? (ctx.query.status as OutboxStatus)
        : null;
      const before = decodeCreatedAtCursor(ctx.query.cursor);
      if (before === null) return { notFound: true };
      const rows = await listOutboxEmails(ctx.deps.db, ctx.organization.id, {
        limit: OUTBOX_PAGE_SIZE + 1,
        ...(before ? { before } : {}),
        ...(status ? { status } : {}),
      });
      const emails = rows.slice(0, OUTBOX_PAGE_SIZE);
      const last = emails.at(-1);
      const url = (cursor: string | null) => {
        const params = new URLSearchParams();
        if (status) params.set('status', status);
        if (cursor) params.set('cursor', cursor);
        const query = params.toString();
        return query ? `${outboxPaths.list}?${query}` : outboxPaths.list;
      };
      return {
        page: renderOutboxPage({
          chrome: ctx.chrome('settings'),
          status,
          emails: emails.map(outboxItem),
          nextUrl:
            rows.length > OUTBOX_PAGE_SIZE && last
              ? url(encodeCreatedAtCursor({ created_at: last.queued_at, id: last.id }))
              : null,
          firstUrl: ctx.query.cursor ? url(null) : null,
          mailboxUrl: ctx.deps.localMailbox ? mailboxPath(ctx.deps.appSecret, ctx.organization.id) : null,
        }),
      };
    },
  }),
  backOfficeRoute({
    method: 'GET',
    path: '/settings/outbox/:emailId',
    name: 'outboxEmail',
    params: EmailParams,
    query: DoneQuery,
    handler: async (ctx) => outboxEmailPage(ctx, { retried: ctx.query.done === 'retried' }),
  }),
  backOfficeRoute({
    method: 'GET',
    path: '/settings/outbox/:emailId/source.eml',
    name: 'outboxEmailSource',
    params: EmailParams,
    handler: async (ctx) => {
      const email = await findOutgoingEmail(ctx.deps.db, ctx.organization.id, ctx.params.emailId);
      if (!email) return { notFound: true };
      const message = await composeMessage(
        { db: ctx.deps.db, log: ctx.deps.log, mailFrom: ctx.deps.mail.mailFrom },
        email,
      );
      return {
        file: {
          fileName: `message-${email.id}.eml`,
          contentType: 'message/rfc822',
          bytes: await buildRawMessage(message),
        },
      };
    },
  }),
  backOfficeRoute({
    method: 'POST',
    path: '/settings/outbox/:emailId/retry',
    name: 'retryEmail',
    params: EmailParams,
    handler: async (ctx) => {
      const result = await retryOutgoingEmail(
        { db: ctx.deps.db, jobs: ctx.deps.jobs },
        { organizationId: ctx.organization.id, emailId: ctx.params.emailId, actor: ctx.actor },
      );
      if (result.ok) return { redirect: `${outboxPaths.email(ctx.params.emailId)}?done=retried` };
      if (isNotFound(result.code)) return { notFound: true };
      return outboxEmailPage(ctx, { failure: failureText(ctx, result) }, 409);
    },
  }),
];
