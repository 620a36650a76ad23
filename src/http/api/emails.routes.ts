import { z } from 'zod';
import { retryOutgoingEmail } from '../../app/emails/retry-outgoing-email.ts';
import { sendInvoiceEmail } from '../../app/emails/send-invoice-email.ts';
import { notFound } from '../../core/result.ts';
import { findInvoice } from '../../db/repositories/invoice.repository.ts';
import { findOutgoingEmail, listInvoiceEmails } from '../../db/repositories/outgoing-email.repository.ts';
import type { OutgoingEmailRow } from '../../db/schema.ts';
import { route } from './route-kit.ts';
import { Email, IdParams, Uuid } from './schemas.ts';

/** An outgoing e-mail as the API shows it: who, what, and where its sending stands. */
export function outgoingEmailJson(e: OutgoingEmailRow) {
  return {
    id: e.id,
    invoiceId: e.invoice_id,
    kind: e.kind,
    status: e.status,
    messageId: e.message_id,
    to: e.to_addresses,
    cc: e.cc_addresses,
    replyTo: e.reply_to,
    language: e.language,
    subject: e.subject,
    text: e.text_body,
    hasHtml: e.html_body !== null,
    attachments: e.attachments.map((a) =>
      a.source === 'document'
        ? { kind: 'file', fileName: a.fileName, contentType: a.contentType, documentId: a.documentId }
        : { kind: 'inline-image', contentId: a.contentId },
    ),
    attempts: e.attempts,
    lastError: e.last_error,
    transport: e.transport,
    transportResponse: e.transport_response,
    queuedAt: e.queued_at.toISOString(),
    sentAt: e.sent_at?.toISOString() ?? null,
    failedAt: e.failed_at?.toISOString() ?? null,
  };
}

const Recipients = z.array(Email).min(1).max(20);

const SendInvoiceSchema = z.strictObject({
  templateId: Uuid.optional().meta({
    description: "The e-mail template; default: the default template in the customer's language.",
  }),
  to: Recipients.optional().meta({ description: "Recipients; default: the customer's e-mail addresses." }),
  cc: z.array(Email).max(20).optional().meta({ description: 'Copies; default: none.' }),
});

const InvoiceParams = IdParams('invoiceId');
const INVOICE_EMAILS_LIMIT = 200;

export const emailRoutes = [
  route({
    method: 'POST',
    path: '/invoices/:invoiceId/send',
    operationId: 'sendInvoice',
    summary: 'E-mail an issued invoice to the customer, with the PDF attached and #LINK to their portal.',
    description:
      "Renders the template in the customer's language (R1–R4) and queues the message; the answer is 202 with " +
      'the message in status `queued`. A worker sends it through SMTP (retried with backoff while the server ' +
      'is unreachable) and its status becomes `sent`, or `failed` with the reason. Every message has a fixed ' +
      'Message-ID. With the organization’s `emailDesignedLayout` on, the message is HTML (logo, brand colour, ' +
      'a clickable picture of the invoice) with a plain-text alternative; off, plain text only. The request ' +
      "and the sending are recorded on the invoice's audit trail; `invoice.sent` goes to the webhooks.",
    tag: 'E-mails',
    params: InvoiceParams,
    body: SendInvoiceSchema,
    successStatus: 202,
    handler: async ({ deps, organization, params, body, actor, today }) => {
      const result = await sendInvoiceEmail(
        { db: deps.db, jobs: deps.jobs, renderer: deps.renderer, log: deps.log, mail: deps.mail },
        {
          organization,
          invoiceId: params.invoiceId,
          templateId: body.templateId,
          to: body.to,
          cc: body.cc,
          actor,
          today,
        },
      );
      return result.ok ? { body: outgoingEmailJson(result.value) } : result;
    },
  }),
  route({
    method: 'GET',
    path: '/invoices/:invoiceId/emails',
    operationId: 'listInvoiceEmails',
    summary: `The e-mails about an invoice (sent invoice, comment and payment notifications), the newest ${INVOICE_EMAILS_LIMIT} first.`,
    tag: 'E-mails',
    params: InvoiceParams,
    handler: async ({ deps, organization, params }) => {
      const invoice = await findInvoice(deps.db, organization.id, params.invoiceId);
      if (!invoice) return notFound('invoice');
      const rows = await listInvoiceEmails(deps.db, organization.id, invoice.id, INVOICE_EMAILS_LIMIT);
      return { body: { data: rows.map(outgoingEmailJson) } };
    },
  }),
  route({
    method: 'GET',
    path: '/emails/:emailId',
    operationId: 'getEmail',
    summary: 'One outgoing e-mail and where its sending stands (queued, sent, failed with the reason).',
    tag: 'E-mails',
    params: IdParams('emailId'),
    handler: async ({ deps, organization, params }) => {
      const row = await findOutgoingEmail(deps.db, organization.id, params.emailId);
      return row ? { body: outgoingEmailJson(row) } : notFound('email');
    },
  }),
  route({
    method: 'POST',
    path: '/emails/:emailId/retry',
    operationId: 'retryEmail',
    summary: 'Queue a failed e-mail again (e.g. after fixing an address or the SMTP settings).',
    description:
      'The same message, with the same Message-ID. Only a message in status `failed` can be retried.',
    tag: 'E-mails',
    params: IdParams('emailId'),
    successStatus: 202,
    handler: async ({ deps, organization, params, actor }) => {
      const result = await retryOutgoingEmail(
        { db: deps.db, jobs: deps.jobs },
        { organizationId: organization.id, emailId: params.emailId, actor },
      );
      return result.ok ? { body: outgoingEmailJson(result.value) } : result;
    },
  }),
];
