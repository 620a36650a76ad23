import type { Lang } from '../core/lang.ts';
import type { IsoDate } from '../domain/index.ts';
import { documentFormatters } from '../web/document-formatters.ts';
import {
  assertEmailUrl,
  type EmailBlock,
  type EmailBranding,
  type EmailLink,
  multiLine,
  type RenderedEmail,
  renderEmailHtml,
  renderEmailText,
  singleLine,
} from './email-layout.ts';
import { type MailTranslator, mailTranslator } from './mail-messages.ts';

/** What every notification needs: who reads it, in which look, and which invoice it is about. */
interface NotificationCommon {
  /** The recipient's language: an admin's own language, or the customer's. */
  readonly language: Lang;
  /** BCP 47 locale for amounts and dates, e.g. `fr-BE`. Defaults to `language`. */
  readonly locale?: string;
  readonly branding: EmailBranding;
  /** The organization's "designed layout" setting (R4): off, plain text only. */
  readonly designedLayout: boolean;
  readonly invoiceNumber: string;
  readonly customerName: string;
  /** The invoice's currency: every amount below is in it. */
  readonly currency: string;
  /**
   * Where the link leads (absolute URL): for an admin, the invoice in the back office (or its portal
   * link while there is none); for the customer, the invoice in their portal.
   */
  readonly invoiceUrl: string;
}

/** A payment, refund or chargeback on the invoice. */
interface MoneyEvent {
  /** The amount paid, refunded or reversed, in minor units, positive. */
  readonly amountMinor: number;
  /** The date it happened, in the organization's time zone. */
  readonly date: IsoDate;
  /** How, as shown in the back office (R16), e.g. `Bancontact – Mollie`; null when unknown. */
  readonly method: string | null;
  /** What is still due on the invoice after it, in minor units (0: paid in full). */
  readonly amountDueAfterMinor: number;
}

/** A customer commented on an invoice (R12): to every admin, each in their own language. */
export interface CommentNotification extends NotificationCommon {
  readonly kind: 'comment';
  readonly commentText: string;
}

/** A payment was received: to every admin (R17). */
export interface PaymentReceivedNotification extends NotificationCommon, MoneyEvent {
  readonly kind: 'payment-received';
}

/** A payment was received: its confirmation to the customer (R17). */
export interface PaymentConfirmationNotification extends NotificationCommon, MoneyEvent {
  readonly kind: 'payment-confirmation';
}

/** A payment was refunded: to every admin. */
export interface RefundNotification extends NotificationCommon, MoneyEvent {
  readonly kind: 'refund';
}

/** A payment was disputed and reversed by the payer's bank or card issuer: to every admin. */
export interface ChargebackNotification extends NotificationCommon, MoneyEvent {
  readonly kind: 'chargeback';
}

/** A provider reports a bank transfer received (R19): the admins check and record it by hand. */
export interface TransferReportedNotification extends NotificationCommon, MoneyEvent {
  readonly kind: 'transfer-reported';
}

export type NotificationInput =
  | TransferReportedNotification
  | CommentNotification
  | PaymentReceivedNotification
  | PaymentConfirmationNotification
  | RefundNotification
  | ChargebackNotification;

export type NotificationKind = NotificationInput['kind'];

/** Who a notification of each kind is for: the sending part picks recipients from it. */
export const NOTIFICATION_RECIPIENTS: Readonly<Record<NotificationKind, 'admins' | 'customer'>> = {
  comment: 'admins',
  'payment-received': 'admins',
  'payment-confirmation': 'customer',
  refund: 'admins',
  chargeback: 'admins',
  'transfer-reported': 'admins',
};

interface NotificationContent {
  subject: string;
  blocks: EmailBlock[];
  footerNote: string | null;
}

interface Context {
  t: MailTranslator;
  number: string;
  customer: string;
  organization: string;
  money(amountMinor: number): string;
  date(date: IsoDate): string;
  link: EmailLink;
}

function paragraph(text: string): EmailBlock {
  return { kind: 'paragraph', parts: [text] };
}

function detailsRow(t: MailTranslator, label: string, value: string) {
  return { label, value, plainText: t('labelValue', { label, value }) };
}

/** The table of facts about a payment, refund or chargeback. */
function moneyDetails(
  c: Context,
  event: MoneyEvent,
  labels: { amount: string; date: string },
  forCustomer = false,
): EmailBlock {
  const { t } = c;
  const method = event.method === null ? '' : singleLine(event.method);
  const rows = [
    detailsRow(t, t('labelInvoice'), c.number),
    ...(forCustomer ? [] : [detailsRow(t, t('labelCustomer'), c.customer)]),
    detailsRow(t, labels.amount, c.money(event.amountMinor)),
    ...(method === '' ? [] : [detailsRow(t, t('labelPaymentMethod'), method)]),
    detailsRow(t, labels.date, c.date(event.date)),
    detailsRow(t, t('labelAmountStillDue'), c.money(event.amountDueAfterMinor)),
  ];
  return { kind: 'details', rows };
}

function adminFooter(c: Context): string {
  return c.t('adminFooter', { organization: c.organization });
}

function content(input: NotificationInput, c: Context): NotificationContent {
  const { t, number, customer } = c;
  const button: EmailBlock = { kind: 'button', link: c.link };
  switch (input.kind) {
    case 'comment':
      return {
        subject: t('commentSubject', { customer, number }),
        blocks: [
          paragraph(t('commentIntro', { customer, number })),
          { kind: 'quote', text: multiLine(input.commentText).trim() },
          button,
        ],
        footerNote: adminFooter(c),
      };
    case 'payment-received': {
      const amount = c.money(input.amountMinor);
      const outcome =
        input.amountDueAfterMinor > 0
          ? t('paymentReceivedStillDue', { amount: c.money(input.amountDueAfterMinor) })
          : t('paymentReceivedPaidInFull');
      return {
        subject: t('paymentReceivedSubject', { amount, number }),
        blocks: [
          paragraph(`${t('paymentReceivedIntro', { customer, amount, number })} ${outcome}`),
          moneyDetails(c, input, { amount: t('labelAmountPaid'), date: t('labelPaymentDate') }),
          button,
        ],
        footerNote: adminFooter(c),
      };
    }
    case 'payment-confirmation': {
      const amount = c.money(input.amountMinor);
      const outcome =
        input.amountDueAfterMinor > 0
          ? t('paymentConfirmationStillDue', { amount: c.money(input.amountDueAfterMinor) })
          : t('paymentConfirmationPaidInFull');
      return {
        subject: t('paymentConfirmationSubject', { number }),
        blocks: [
          paragraph(t('greeting', { customer })),
          paragraph(`${t('paymentConfirmationThanks', { amount, number })} ${outcome}`),
          moneyDetails(c, input, { amount: t('labelAmountPaid'), date: t('labelPaymentDate') }, true),
          button,
          paragraph(`${t('signOff')}\n${c.organization}`),
        ],
        footerNote: null,
      };
    }
    case 'refund': {
      const amount = c.money(input.amountMinor);
      return {
        subject: t('refundSubject', { amount, number }),
        blocks: [
          paragraph(t('refundIntro', { amount, customer, number })),
          moneyDetails(c, input, { amount: t('labelAmountRefunded'), date: t('labelRefundDate') }),
          button,
        ],
        footerNote: adminFooter(c),
      };
    }
    case 'transfer-reported': {
      const amount = c.money(input.amountMinor);
      return {
        subject: t('transferReportedSubject', { amount, number }),
        blocks: [
          paragraph(t('transferReportedIntro', { amount, customer, number })),
          paragraph(t('transferReportedAdvice')),
          moneyDetails(c, input, { amount: t('labelAmountPaid'), date: t('labelPaymentDate') }),
          button,
        ],
        footerNote: adminFooter(c),
      };
    }
    case 'chargeback': {
      const amount = c.money(input.amountMinor);
      return {
        subject: t('chargebackSubject', { amount, number }),
        blocks: [
          paragraph(t('chargebackIntro', { amount, customer, number })),
          paragraph(t('chargebackAdvice')),
          moneyDetails(c, input, { amount: t('labelAmountDisputed'), date: t('labelChargebackDate') }),
          button,
        ],
        footerNote: adminFooter(c),
      };
    }
  }
}

/**
 * A notification e-mail about an invoice, in the recipient's language (R12, R17): a customer's comment,
 * a payment received, a payment confirmation for the customer, a refund, a chargeback. Each has a subject,
 * a text version and, with the designed layout, HTML; the link leads to the invoice. Every value (names,
 * the comment, the payment method) is escaped in the HTML and kept on its line in the text.
 *
 * Admin notifications are rendered once per language among the admins (see
 * {@link NOTIFICATION_RECIPIENTS}).
 *
 * @throws RangeError when `invoiceUrl` or the logo address is not an absolute http(s) (or cid:) URL.
 */
export function renderNotificationEmail(input: NotificationInput): RenderedEmail {
  const t = mailTranslator(input.language);
  const format = documentFormatters(input.locale ?? input.language, input.currency, input.language);
  const url = assertEmailUrl(input.invoiceUrl, 'invoiceUrl');
  const forCustomer = NOTIFICATION_RECIPIENTS[input.kind] === 'customer';
  const context: Context = {
    t,
    number: singleLine(input.invoiceNumber),
    customer: singleLine(input.customerName),
    organization: singleLine(input.branding.organizationName),
    money: format.money,
    date: format.date,
    link: forCustomer
      ? { kind: 'link', label: t('viewInvoice'), url, plainText: t('viewInvoiceWithUrl', { url }) }
      : { kind: 'link', label: t('openInvoice'), url, plainText: t('openInvoiceWithUrl', { url }) },
  };
  const { subject, blocks, footerNote } = content(input, context);
  const cleanSubject = singleLine(subject);
  return {
    subject: cleanSubject,
    text: renderEmailText(blocks, footerNote),
    html: input.designedLayout
      ? renderEmailHtml({
          lang: input.language,
          subject: cleanSubject,
          branding: input.branding,
          blocks,
          footerNote,
        })
      : null,
  };
}
