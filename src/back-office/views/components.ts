import type { CalculationLine, InvoiceStatus } from '../../domain/index.ts';
import type { BackOfficeMessageKey, BackOfficeTranslator } from '../../i18n/back-office-messages.ts';
import type { DisplayFormat } from '../../web/display-format.ts';
import { html, type SafeHtml } from '../../web/html.ts';
import type { TimelineEntry } from '../view-models.ts';

/** What every view helper needs: the translator and the formatters of the admin's language. */
export interface BackOfficeViewContext {
  t: BackOfficeTranslator;
  format: DisplayFormat;
}

const STATUS_KEYS = {
  draft: 'statusDraft',
  open: 'statusOpen',
  overdue: 'statusOverdue',
  partially_paid: 'statusPartiallyPaid',
  paid: 'statusPaid',
  credited: 'statusCredited',
} as const satisfies Record<InvoiceStatus, BackOfficeMessageKey>;

export const statusLabel = (t: BackOfficeTranslator, status: InvoiceStatus) => t(STATUS_KEYS[status]);

/** The status as a badge: text always, colour only as a second cue. */
export function statusBadge(t: BackOfficeTranslator, status: InvoiceStatus): SafeHtml {
  return html`<span class="badge badge-${status}">${statusLabel(t, status)}</span>`;
}

const METHOD_KEYS = {
  bank_transfer: 'methodBankTransfer',
  cash: 'methodCash',
  card: 'methodCard',
  cheque: 'methodCheque',
  other: 'methodOther',
} as const satisfies Record<string, BackOfficeMessageKey>;

/** The methods an admin records by hand (R14), in the order the form offers them. */
export const MANUAL_PAYMENT_METHODS = ['bank_transfer', 'cash', 'card', 'cheque', 'other'] as const;

/** A payment method as people call it; online methods (`stripe:card`, `mollie:bancontact`) by name. */
export function methodLabel(t: BackOfficeTranslator, method: string | null | undefined): string {
  if (!method) return t('methodOther');
  const key = Object.hasOwn(METHOD_KEYS, method) ? METHOD_KEYS[method as keyof typeof METHOD_KEYS] : null;
  if (key) return t(key);
  return t('methodOnline', { method: method.replace(/^[a-z]+:/, '').replace(/_/g, ' ') });
}

/** The label of one line of the amount-due calculation. */
export function calculationLabel(ctx: BackOfficeViewContext, line: CalculationLine): string {
  const { t, format } = ctx;
  switch (line.kind) {
    case 'invoice_total':
      return t('calcInvoiceTotal');
    case 'credit_note':
      return `${t('calcCredited')} · ${line.number}`;
    case 'payment':
      return `${t('calcPayments')} · ${format.date(line.date)} · ${methodLabel(t, line.method)}`;
    case 'late_fee':
      return `${t('calcLateFee')} (${format.percent(line.rateBp)})`;
    case 'interest':
      return `${t('calcInterest')} (${format.percent(line.rateBp)}, ${format.date(line.from)} – ${format.date(line.to)})`;
    case 'compensation':
      return t('calcCompensation');
  }
}

const EVENT_KEYS = {
  'invoice.drafted': 'eventInvoiceDrafted',
  'invoice.issued': 'eventInvoiceIssued',
  'invoice.draft_updated': 'eventInvoiceDraftUpdated',
  'invoice.email_retried': 'eventEmailRetried',
  'invoice.viewed': 'eventViewed',
  'invoice.commented': 'eventCommented',
  'invoice.comment_replied': 'eventReplied',
  'invoice.comments_read': 'eventCommentsRead',
  'invoice.payment_removed': 'eventPaymentRemoved',
  'invoice.payment_refunded': 'eventPaymentRefunded',
  'invoice.payment_charged_back': 'eventPaymentChargedBack',
  'invoice.awaiting_transfer': 'eventAwaitingTransfer',
  'invoice.transfer_reported': 'eventTransferReported',
  'invoice.fees_waived': 'eventFeesWaived',
  'document.render_failed': 'eventRenderFailed',
} as const satisfies Record<string, BackOfficeMessageKey>;

const text = (value: unknown): string =>
  Array.isArray(value) ? value.map(String).join(', ') : typeof value === 'string' ? value : '';

/** What a history line says: the audit action in the admin's words, with its figures. */
export function timelineText(ctx: BackOfficeViewContext, entry: TimelineEntry, currency: string): string {
  const { t, format } = ctx;
  const d = entry.data;
  const method = methodLabel(t, text(d.method) || text(d.provider) || null);
  switch (entry.action) {
    case 'invoice.email_queued':
      return t('eventEmailQueued', { to: text(d.to) });
    case 'invoice.email_sent':
      return t('eventEmailSent', { to: text(d.to) });
    case 'invoice.notification_sent':
      return t('eventNotificationSent', { to: text(d.to) });
    case 'invoice.email_failed':
      return t('eventEmailFailed', { reason: text(d.reason) });
    case 'invoice.payment_started':
      return t('eventPaymentStarted', { method });
    case 'invoice.payment_received':
    case 'invoice.paid':
      return t('eventPaymentReceived', { method });
    case 'invoice.payment_failed':
    case 'invoice.payment_declined':
      return t('eventPaymentFailed', { method });
    case 'invoice.payment_recorded':
      return t('eventPaymentRecorded', {
        amount: typeof d.amountMinor === 'number' ? format.money(d.amountMinor, currency) : '',
        method,
      });
    case 'invoice.credited':
      return t('eventCredited', { number: text(d.number) });
    case 'document.uploaded':
      return t('eventUploaded', { size: typeof d.bytes === 'number' ? format.fileSize(d.bytes) : '?' });
    case 'document.rerendered':
      return t(d.previousSource === 'uploaded' ? 'eventRerenderedOverUpload' : 'eventRerendered');
    default: {
      return Object.hasOwn(EVENT_KEYS, entry.action)
        ? t(EVENT_KEYS[entry.action as keyof typeof EVENT_KEYS])
        : t('eventOther', { action: entry.action });
    }
  }
}

/** Whether a history line reports something that went wrong (drawn as such, and said in words). */
export const isFailureEvent = (action: string): boolean =>
  action === 'invoice.email_failed' ||
  action === 'invoice.payment_failed' ||
  action === 'invoice.payment_declined' ||
  action === 'document.render_failed';
