import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { composeMessage } from '../../app/emails/deliver-outgoing-email.ts';
import type { EventLog } from '../../core/event-log.ts';
import { isUuid } from '../../core/uuid.ts';
import { findOutgoingEmail, listMailboxEmails } from '../../db/repositories/outgoing-email.repository.ts';
import type { Db } from '../../db/transaction.ts';
import { buildRawMessage } from '../../mail/smtp-mailer.ts';
import { renderMailboxList, renderMailboxMessage } from './mailbox-views.ts';

/**
 * One organization's mailbox key, derived from APP_SECRET and the organization's id like portal links:
 * stable across restarts, nothing to store, and one organization's key opens no other's mail (on a shared
 * database, every organization's mail stays its own).
 */
export function mailboxKey(appSecret: string, organizationId: string): string {
  return createHmac('sha256', appSecret)
    .update(`local-mailbox:v2:${organizationId}`)
    .digest('base64url')
    .slice(0, 32);
}

/** The organization's mailbox page: `/mailbox/<organization id>/<key>`. */
export const mailboxPath = (appSecret: string, organizationId: string) =>
  `/mailbox/${organizationId}/${mailboxKey(appSecret, organizationId)}`;

const LIST_SIZE = 200;

function sameKey(given: string, key: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(key);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The local mailbox pages (no SMTP configured), one per organization: `/mailbox/<organization>/<key>` lists
 * that organization's messages, each opens with its headers, attachments, HTML version (in a sandboxed
 * frame, inline images served from here) and text version, and downloads as `.eml`. Another
 * organization's message under this key is not found. Registered only without SMTP.
 */
export async function registerMailbox(
  app: FastifyInstance,
  deps: { db: Db; log: EventLog; appSecret: string; mailFrom: string },
): Promise<void> {
  const messagePath = (organizationId: string, id: string) =>
    `${mailboxPath(deps.appSecret, organizationId)}/messages/${id}`;

  /** The organization whose key the path carries, or undefined for anything else. */
  function organizationOf(request: FastifyRequest): string | undefined {
    const { organizationId = '', key = '' } = request.params as Record<string, string>;
    if (!isUuid(organizationId)) return undefined;
    return sameKey(key, mailboxKey(deps.appSecret, organizationId)) ? organizationId : undefined;
  }

  const notFound = (reply: FastifyReply) =>
    reply.code(404).type('text/plain; charset=utf-8').header('cache-control', 'no-store').send('Not found');

  const pageHeaders = (reply: FastifyReply, nonce: string) =>
    reply
      .type('text/html; charset=utf-8')
      .header(
        'content-security-policy',
        `default-src 'none'; style-src 'nonce-${nonce}'; frame-src 'self'; img-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'`,
      )
      .header('cache-control', 'no-store')
      .header('referrer-policy', 'no-referrer')
      .header('x-content-type-options', 'nosniff');

  async function loadEmail(request: FastifyRequest) {
    const organizationId = organizationOf(request);
    const { id = '' } = request.params as Record<string, string>;
    if (!organizationId || !isUuid(id)) return undefined;
    return findOutgoingEmail(deps.db, organizationId, id);
  }

  app.get('/mailbox/:organizationId/:key', async (request, reply) => {
    const organizationId = organizationOf(request);
    if (!organizationId) return notFound(reply);
    const emails = await listMailboxEmails(deps.db, organizationId, LIST_SIZE);
    const nonce = randomBytes(16).toString('base64');
    return pageHeaders(reply, nonce).send(
      renderMailboxList({ emails, messagePath: (id) => messagePath(organizationId, id), nonce }),
    );
  });

  app.get('/mailbox/:organizationId/:key/messages/:id', async (request, reply) => {
    const email = await loadEmail(request);
    if (!email) return notFound(reply);
    const base = mailboxPath(deps.appSecret, email.organization_id);
    const message = await composeMessage(deps, email);
    const nonce = randomBytes(16).toString('base64');
    return pageHeaders(reply, nonce).send(
      renderMailboxMessage({
        email,
        fromAddress: deps.mailFrom,
        attachments: message.attachments.map((a, index) => ({
          name: a.filename,
          contentType: a.contentType,
          size: a.content.length,
          url: `${messagePath(email.organization_id, email.id)}/attachments/${index}`,
          inline: a.contentId !== undefined,
        })),
        htmlUrl: email.html_body === null ? null : `${messagePath(email.organization_id, email.id)}/html`,
        emlUrl: `${messagePath(email.organization_id, email.id)}/source.eml`,
        listUrl: base,
        nonce,
      }),
    );
  });

  app.get('/mailbox/:organizationId/:key/messages/:id/html', async (request, reply) => {
    const email = await loadEmail(request);
    if (!email?.html_body) return notFound(reply);
    const message = await composeMessage(deps, email);
    // `cid:` images point at the attachments served here, as a mail client would resolve them.
    const html = email.html_body.replace(
      /(["'])cid:([^"']+)\1/g,
      (whole, quote: string, contentId: string) => {
        const index = message.attachments.findIndex((a) => a.contentId === contentId);
        return index < 0
          ? whole
          : `${quote}${messagePath(email.organization_id, email.id)}/attachments/${index}${quote}`;
      },
    );
    return (
      reply
        .type('text/html; charset=utf-8')
        .header(
          'content-security-policy',
          "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'self'; base-uri 'none'; form-action 'none'",
        )
        .header('cache-control', 'no-store')
        // The message's links carry portal tokens; the page's own address carries the mailbox key.
        .header('referrer-policy', 'no-referrer')
        .header('x-content-type-options', 'nosniff')
        .send(html)
    );
  });

  app.get('/mailbox/:organizationId/:key/messages/:id/attachments/:index', async (request, reply) => {
    const email = await loadEmail(request);
    if (!email) return notFound(reply);
    const { index = '' } = request.params as Record<string, string>;
    const message = await composeMessage(deps, email);
    const attachment = /^\d{1,3}$/.test(index) ? message.attachments[Number(index)] : undefined;
    if (!attachment) return notFound(reply);
    const disposition = attachment.contentId ? 'inline' : 'attachment';
    return reply
      .type(attachment.contentType)
      .header(
        'content-disposition',
        `${disposition}; filename="${attachment.filename.replace(/[^\w.-]+/g, '_')}"; filename*=UTF-8''${encodeURIComponent(attachment.filename)}`,
      )
      .header('content-security-policy', "default-src 'none'")
      .header('cache-control', 'no-store')
      .header('x-content-type-options', 'nosniff')
      .send(attachment.content);
  });

  app.get('/mailbox/:organizationId/:key/messages/:id/source.eml', async (request, reply) => {
    const email = await loadEmail(request);
    if (!email) return notFound(reply);
    const raw = await buildRawMessage(await composeMessage(deps, email));
    return reply
      .type('message/rfc822')
      .header('content-disposition', `attachment; filename="message-${email.id}.eml"`)
      .header('cache-control', 'no-store')
      .header('x-content-type-options', 'nosniff')
      .send(raw);
  });
}
