import type { Lang } from '../core/lang.ts';
import {
  assertEmailUrl,
  type EmailBlock,
  type EmailBranding,
  multiLine,
  type RenderedEmail,
  renderEmailHtml,
  renderEmailText,
  singleLine,
} from './email-layout.ts';
import { mailTranslator } from './mail-messages.ts';

export interface CommentReplyEmailInput {
  /** The customer's language. */
  readonly language: Lang;
  readonly branding: EmailBranding;
  /** The organization's "designed layout" setting (R4): off, plain text only. */
  readonly designedLayout: boolean;
  readonly invoiceNumber: string;
  readonly customerName: string;
  /** The reply, as stored. */
  readonly replyText: string;
  /** The invoice in the customer's portal, absolute: the thread and the form to answer. */
  readonly invoiceUrl: string;
}

/**
 * The business's reply to a customer's comment (B8), e-mailed to the customer in their language and the
 * business's look: who replied about which invoice, the reply quoted, the link to the invoice in the portal
 * (where the thread is and where the customer answers), and a sign-off. Every value is escaped in the HTML
 * and kept on its line in the text; the reply keeps its line breaks.
 *
 * @throws RangeError when `invoiceUrl` is not an absolute http(s) URL.
 */
export function renderCommentReplyEmail(input: CommentReplyEmailInput): RenderedEmail {
  const t = mailTranslator(input.language);
  const url = assertEmailUrl(input.invoiceUrl, 'invoiceUrl');
  const organization = singleLine(input.branding.organizationName);
  const number = singleLine(input.invoiceNumber);
  const customer = singleLine(input.customerName);
  const blocks: EmailBlock[] = [
    { kind: 'paragraph', parts: [t('greeting', { customer })] },
    { kind: 'paragraph', parts: [t('commentReplyIntro', { organization, number })] },
    { kind: 'quote', text: multiLine(input.replyText).trim() },
    {
      kind: 'button',
      link: { kind: 'link', label: t('viewInvoice'), url, plainText: t('viewInvoiceWithUrl', { url }) },
    },
    { kind: 'paragraph', parts: [t('commentReplyAnswer')] },
    { kind: 'paragraph', parts: [`${t('signOff')}\n${organization}`] },
  ];
  const footerNote = t('commentReplyFooter', { organization });
  const subject = singleLine(t('commentReplySubject', { organization, number }));
  return {
    subject,
    text: renderEmailText(blocks, footerNote),
    html: input.designedLayout
      ? renderEmailHtml({ lang: input.language, subject, branding: input.branding, blocks, footerNote })
      : null,
  };
}
