import type { CustomerRow, OrganizationRow, OutgoingAttachment } from '../../db/schema.ts';
import type { EmailBranding } from '../../mail/email-layout.ts';
import { portalPaths, portalToken } from '../portal-links/portal-link.ts';
import type { MailSettings } from './queue-outgoing-email.ts';

/** Inline image ids of the designed layout; unique within one message, which is all a Content-ID must be. */
export const LOGO_CONTENT_ID = 'logo@invoice-portal';
export const INVOICE_IMAGE_CONTENT_ID = 'invoice@invoice-portal';

const MAIL_LOGO_TYPES = new Set(['image/png', 'image/jpeg']);

/** Logo types every mail client shows; an SVG or WebP logo gives way to the name in e-mails. */
export const isMailLogoType = (mimeType: string | null): boolean => MAIL_LOGO_TYPES.has(mimeType ?? '');

/** The name the business sends under: the company entity's, as on its invoices and portal (R6). */
export function senderName(organization: OrganizationRow): string {
  return organization.legal_name;
}

function hasMailLogo(organization: OrganizationRow): boolean {
  return organization.logo_bytes !== null && isMailLogoType(organization.logo_mime);
}

/** The business's look in an e-mail: its logo inline when mail clients can show it, else its name. */
export function emailBranding(organization: OrganizationRow): EmailBranding {
  return {
    organizationName: senderName(organization),
    logoUrl:
      organization.email_designed_layout && hasMailLogo(organization) ? `cid:${LOGO_CONTENT_ID}` : null,
    primaryColor: organization.primary_color,
  };
}

/** The inline images the designed HTML refers to (none in plain text). */
export function inlineImages(organization: OrganizationRow, withInvoiceImage: boolean): OutgoingAttachment[] {
  if (!organization.email_designed_layout) return [];
  const images: OutgoingAttachment[] = [];
  if (hasMailLogo(organization)) images.push({ source: 'logo', contentId: LOGO_CONTENT_ID });
  if (withInvoiceImage)
    images.push({
      source: 'invoice-image',
      contentId: INVOICE_IMAGE_CONTENT_ID,
      color: organization.primary_color,
    });
  return images;
}

/** The invoice's page in the customer's portal, as an absolute URL (R2). */
export function invoicePortalUrl(settings: MailSettings, customer: CustomerRow, invoiceId: string): string {
  const token = portalToken(settings.appSecret, customer.id, customer.portal_link_version);
  return `${settings.publicBaseUrl}${portalPaths.invoice(token, invoiceId)}`;
}
