import type { EventLog } from '../../core/event-log.ts';
import type { Lang } from '../../core/lang.ts';
import { fail, notFound, ok, type Result } from '../../core/result.ts';
import { recordAudit } from '../../db/repositories/audit.repository.ts';
import { findCustomer } from '../../db/repositories/customer.repository.ts';
import {
  findDefaultEmailTemplate,
  findEmailTemplate,
} from '../../db/repositories/email-template.repository.ts';
import { type InvoiceAggregate, loadInvoiceAggregate } from '../../db/repositories/invoice.repository.ts';
import type {
  CustomerRow,
  EmailTemplateRow,
  InvoiceRow,
  OrganizationRow,
  OutgoingEmailRow,
} from '../../db/schema.ts';
import { type Db, runInTransaction } from '../../db/transaction.ts';
import type { DocumentRenderer } from '../../documents/document-renderer.ts';
import type { JobSender } from '../../jobs/job-queue.ts';
import type { RenderedEmail } from '../../mail/email-layout.ts';
import { renderInvoiceEmail } from '../../mail/render-invoice-email.ts';
import type { EmailTemplate } from '../../mail/validate-email-template.ts';
import { documentLanguage, documentLocale } from '../documents/document-model-from-rows.ts';
import { ensureDocument, PDF_CONTENT_TYPE } from '../documents/document-store.ts';
import { fileNameFor } from '../documents/invoice-download.ts';
import { amountDueOf } from '../invoices/invoice-view.ts';
import {
  emailBranding,
  INVOICE_IMAGE_CONTENT_ID,
  inlineImages,
  invoicePortalUrl,
  senderName,
} from './email-context.ts';
import { type MailSettings, queueOutgoingEmail } from './queue-outgoing-email.ts';

export interface SendInvoiceEmailDeps {
  db: Db;
  jobs: JobSender;
  renderer: DocumentRenderer;
  log: EventLog;
  mail: MailSettings;
}

export interface SendInvoiceEmailInput {
  /** The organization the caller already holds (not read again). */
  organization: OrganizationRow;
  invoiceId: string;
  /** The template to use; default: the organization's default template in the customer's language. */
  templateId?: string | undefined;
  /** Recipients; default: the customer's e-mail addresses. */
  to?: readonly string[] | undefined;
  cc?: readonly string[] | undefined;
  actor: string;
  /** Today in the organization's time zone: `#AMOUNT_DUE` is the amount due on that day. */
  today: string;
}

/**
 * Sends an issued invoice by e-mail (R1–R4): the chosen template (or the default one in the customer's
 * language) with its shortcodes filled in, `#LINK` leading to the invoice in the customer's portal, the
 * invoice PDF attached and, with the designed layout, the logo and a clickable picture of the invoice.
 *
 * The message is rendered now and stored, so what is kept is exactly what is sent; sending itself is a
 * job (`email-send`) queued in the same transaction, and the request is recorded on the invoice's
 * history. The PDF is the stored document (rendered now if it never was), the one the portal serves.
 */
export async function sendInvoiceEmail(
  deps: SendInvoiceEmailDeps,
  input: SendInvoiceEmailInput,
): Promise<Result<OutgoingEmailRow>> {
  const prepared = await prepareInvoiceEmail(deps, input);
  if (!prepared.ok) return prepared;
  const { organization } = input;
  const { invoice, template, to, language, email } = prepared.value;

  const pdf = await ensureDocument(deps, organization.id, 'invoice', invoice.id);
  if (!pdf.ok) return pdf;
  const designed = organization.email_designed_layout;
  return runInTransaction(deps.db, async (trx) => {
    const queued = await queueOutgoingEmail(trx, deps.jobs, deps.mail.mailFrom, {
      organizationId: organization.id,
      invoiceId: invoice.id,
      kind: 'invoice',
      dedupeKey: null,
      fromName: senderName(organization),
      replyTo: organization.email,
      to,
      cc: input.cc ?? [],
      language,
      email,
      attachments: [
        {
          source: 'document',
          documentId: pdf.value.id,
          fileName: fileNameFor(invoice.number, 'pdf'),
          contentType: PDF_CONTENT_TYPE,
        },
        ...inlineImages(organization, designed),
      ],
    });
    if (!queued) throw new Error('An invoice e-mail without a dedupe key was not queued');
    await recordAudit(trx, {
      organizationId: organization.id,
      subjectType: 'invoice',
      subjectId: invoice.id,
      action: 'invoice.email_queued',
      actor: input.actor,
      data: { emailId: queued.id, templateId: template.id, to: [...to], cc: [...(input.cc ?? [])] },
    });
    return ok(queued);
  });
}

/** An invoice e-mail as it would be sent, not sent: what the back office previews before sending. */
export interface PreparedInvoiceEmail {
  invoice: InvoiceRow;
  template: EmailTemplateRow;
  to: readonly string[];
  language: Lang;
  email: RenderedEmail;
}

/**
 * Renders the invoice e-mail `sendInvoiceEmail` would send (template, shortcodes, recipients), changing
 * nothing: the preview and the message sent are the same rendering.
 */
export async function prepareInvoiceEmail(
  deps: Pick<SendInvoiceEmailDeps, 'db' | 'mail'>,
  input: Omit<SendInvoiceEmailInput, 'actor'>,
): Promise<Result<PreparedInvoiceEmail>> {
  const { organization } = input;

  const aggregate = await loadInvoiceAggregate(deps.db, organization.id, input.invoiceId);
  if (!aggregate) return notFound('invoice');
  const { invoice } = aggregate;
  if (invoice.state !== 'issued') return fail('INVOICE_NOT_ISSUED', 'invoiceId');
  const customer = await findCustomer(deps.db, organization.id, invoice.customer_id);
  if (!customer) throw new Error(`Customer of invoice ${invoice.id} vanished`);
  // A message whose link does not open is worse than none.
  if (customer.portal_revoked_at) return fail('PORTAL_LINK_REVOKED', 'customerId');

  const language = documentLanguage(customer, organization);
  const template = input.templateId
    ? await findEmailTemplate(deps.db, organization.id, input.templateId)
    : await findDefaultEmailTemplate(deps.db, organization.id, {
        customer: language,
        organization: organization.default_language,
      });
  if (!template) {
    // Default templates cannot be deleted, so only a wrong id gets here.
    if (!input.templateId) throw new Error(`Organization ${organization.id} has no default e-mail template`);
    return notFound('email_template');
  }

  const to = input.to && input.to.length > 0 ? input.to : customer.emails;
  if (to.length === 0) return fail('NO_RECIPIENTS', 'to');

  const email = renderInvoiceEmailOf(deps.mail, {
    organization,
    aggregate,
    customer,
    template,
    language,
    today: input.today,
  });
  return ok({ invoice, template, to, language, email });
}

/**
 * One issued invoice's e-mail for its customer, rendered with `template` in `language` and the
 * organization's layout setting: the one rendering behind sending, the send page's preview and the
 * e-mail settings' previews. Checks nothing and changes nothing.
 */
export function renderInvoiceEmailOf(
  mail: MailSettings,
  input: {
    organization: OrganizationRow;
    aggregate: InvoiceAggregate;
    customer: CustomerRow;
    template: EmailTemplate;
    language: Lang;
    today: string;
  },
): RenderedEmail {
  const { organization, aggregate, customer, language } = input;
  const { invoice } = aggregate;
  const designed = organization.email_designed_layout;
  return renderInvoiceEmail({
    template: { subject: input.template.subject, body: input.template.body },
    language,
    locale: documentLocale(language, organization.country),
    values: {
      invoiceNumber: invoice.number,
      amountDueMinor: amountDueOf(aggregate, organization, customer.kind, input.today).amountDueMinor,
      currency: invoice.currency,
      dueDate: invoice.due_date,
      customerName: customer.name,
      companyName: organization.legal_name,
      portalUrl: invoicePortalUrl(mail, customer, invoice.id),
    },
    branding: emailBranding(organization),
    designedLayout: designed,
    invoiceImageUrl: designed ? `cid:${INVOICE_IMAGE_CONTENT_ID}` : null,
  });
}
