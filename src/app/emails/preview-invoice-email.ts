import type { EventLog } from '../../core/event-log.ts';
import type { Lang } from '../../core/lang.ts';
import { ok, type Result } from '../../core/result.ts';
import { findCustomer } from '../../db/repositories/customer.repository.ts';
import { findDefaultEmailTemplate } from '../../db/repositories/email-template.repository.ts';
import { listInvoices, loadInvoiceAggregates } from '../../db/repositories/invoice.repository.ts';
import type { OrganizationRow } from '../../db/schema.ts';
import type { Db } from '../../db/transaction.ts';
import type { RenderedEmail } from '../../mail/email-layout.ts';
import type { EmailTemplate } from '../../mail/validate-email-template.ts';
import { documentLanguage } from '../documents/document-model-from-rows.ts';
import { checkEmailTemplate } from '../email-templates/manage-email-templates.ts';
import { loadInlineImage } from './deliver-outgoing-email.ts';
import { inlineImages } from './email-context.ts';
import type { MailSettings } from './queue-outgoing-email.ts';
import { renderInvoiceEmailOf } from './send-invoice-email.ts';

/** An invoice e-mail rendered for the settings' previews, with the invoice it was rendered with. */
export interface InvoiceEmailPreview {
  invoiceId: string;
  invoiceNumber: string;
  customerName: string;
  language: Lang;
  email: RenderedEmail;
}

/**
 * The invoice e-mail the organization would send, rendered with a real invoice: its newest issued one
 * (null when it has issued none), through the same rendering as a sent message. Changes nothing.
 *
 * - `template`: a template's text, checked as on save first (an unsaved one, for the editor's preview);
 *   default: the default template in the customer's language, as when sending.
 * - `language`: the language to write it in (a template's own); default: the customer's.
 * - `designedLayout`: render as if the layout setting were so (to show both layouts); default: the setting.
 *
 * Unlike sending, a revoked portal link or a customer without addresses does not stop a preview.
 */
export async function previewInvoiceEmail(
  deps: { db: Db; mail: MailSettings },
  input: {
    organization: OrganizationRow;
    today: string;
    template?: EmailTemplate;
    language?: Lang;
    designedLayout?: boolean;
  },
): Promise<Result<InvoiceEmailPreview | null>> {
  const checked = input.template ? checkEmailTemplate(input.template.subject, input.template.body) : null;
  if (checked && !checked.ok) return checked;
  const organization = {
    ...input.organization,
    email_designed_layout: input.designedLayout ?? input.organization.email_designed_layout,
  };
  const [invoice] = await listInvoices(deps.db, organization.id, { state: 'issued', limit: 1 });
  if (!invoice) return ok(null);
  const [[aggregate], customer] = await Promise.all([
    loadInvoiceAggregates(deps.db, organization.id, [invoice]),
    findCustomer(deps.db, organization.id, invoice.customer_id),
  ]);
  if (!aggregate || !customer) throw new Error(`Invoice ${invoice.id} vanished while previewed`);
  const language = input.language ?? documentLanguage(customer, organization);
  const template =
    checked?.value ??
    (await findDefaultEmailTemplate(deps.db, organization.id, {
      customer: language,
      organization: organization.default_language,
    }));
  if (!template) throw new Error(`Organization ${organization.id} has no default e-mail template`);
  const email = renderInvoiceEmailOf(deps.mail, {
    organization,
    aggregate,
    customer,
    template,
    language,
    today: input.today,
  });
  return ok({
    invoiceId: invoice.id,
    invoiceNumber: invoice.number,
    customerName: customer.name,
    language,
    email,
  });
}

/**
 * A preview's designed HTML made self-contained: each `cid:` image (the logo, the invoice picture) becomes
 * a `data:` URL of the bytes the sent message would attach, so it shows in a frame that loads nothing.
 */
export async function inlinePreviewImages(
  deps: { db: Db; log: EventLog },
  organization: OrganizationRow,
  html: string,
): Promise<string> {
  const images = new Map<string, string>();
  for (const attachment of inlineImages({ ...organization, email_designed_layout: true }, true)) {
    if (attachment.source === 'document') continue;
    const image = await loadInlineImage(deps.db, deps.log, organization.id, attachment);
    if (image)
      images.set(
        image.contentId ?? '',
        `data:${image.contentType};base64,${image.content.toString('base64')}`,
      );
  }
  return html.replace(/(["'])cid:([^"']+)\1/g, (whole, quote: string, contentId: string) => {
    const url = images.get(contentId);
    return url === undefined ? whole : `${quote}${url}${quote}`;
  });
}
