import { invoiceStatus } from '../../domain/index.ts';
import { backOfficeTranslator } from '../../i18n/back-office-messages.ts';
import { displayFormat } from '../../web/display-format.ts';
import { html, type SafeHtml } from '../../web/html.ts';
import type { BackOfficeChrome, BackOfficeInvoicePage, FieldError } from '../view-models.ts';
import {
  type BackOfficeViewContext,
  calculationLabel,
  isFailureEvent,
  MANUAL_PAYMENT_METHODS,
  methodLabel,
  statusBadge,
  timelineText,
} from './components.ts';
import { pdfCard } from './invoice-pdf-card.ts';
import {
  adminPaths,
  csrfField,
  errorOf,
  errorSummary,
  notice,
  renderBackOfficeLayout,
  textField,
} from './layout.ts';
import { creditNotePaths } from './new-credit-note-page.ts';

/** A form's values and errors when it comes back refused. */
export interface FormState {
  values: Readonly<Record<string, string>>;
  errors: readonly FieldError[];
}

export type InvoicePageNotice =
  | 'paymentRecorded'
  | 'waiversSaved'
  | 'replySent'
  | 'emailQueued'
  | 'draftSaved'
  | 'invoiceIssued'
  | 'creditNoteCreated'
  | 'pdfUploaded'
  | 'pdfRerendered'
  | 'paymentRemoved';

export interface InvoicePageView {
  chrome: BackOfficeChrome;
  page: BackOfficeInvoicePage;
  today: string;
  notice: InvoicePageNotice | null;
  paymentForm: FormState | null;
  replyForm: FormState | null;
  /** Whether the reply form is offered (replies are sent on issued invoices only). */
  canReply: boolean;
  /** The PDF card's refused upload or failed re-render, and the largest file it takes. */
  pdf: { errors: readonly FieldError[]; maxUploadBytes: number };
}

export const invoicePaths = {
  payments: (id: string) => `${adminPaths.invoice(id)}/payments`,
  waivers: (id: string) => `${adminPaths.invoice(id)}/waivers`,
  comments: (id: string) => `${adminPaths.invoice(id)}/comments`,
  download: (id: string) => `${adminPaths.invoice(id)}/download`,
  send: (id: string) => `${adminPaths.invoice(id)}/send`,
};

function facts(ctx: BackOfficeViewContext, view: InvoicePageView): SafeHtml {
  const { t, format } = ctx;
  const { invoice, amountDue, customer } = view.page;
  const due = amountDue;
  return html`<section class="card" aria-labelledby="facts-heading">
<h2 id="facts-heading" class="visually-hidden">${t('invoiceTitle', { number: invoice.number })}</h2>
<dl class="facts">
<dt>${t('customerLabel')}</dt><dd><a href="${adminPaths.customer(customer.id)}">${customer.name}</a></dd>
<dt>${t('issueDateLabel')}</dt><dd>${format.date(invoice.issueDate)}</dd>
<dt>${t('dueDateLabel')}</dt><dd>${format.date(invoice.dueDate)}${due?.overdue ? html` · <span class="badge badge-overdue">${t('overdueDays', { days: due.overdueDays })}</span>` : null}</dd>
<dt>${t('totalLabel')}</dt><dd>${format.money(invoice.totalMinor, invoice.currency)}</dd>
${
  due === null
    ? null
    : due.creditBalanceMinor > 0
      ? html`<dt>${t('creditBalanceLabel')}</dt><dd class="figure">${format.money(due.creditBalanceMinor, invoice.currency)}</dd>`
      : html`<dt>${t('amountDueLabel')}</dt><dd class="figure">${format.money(due.amountDueMinor, invoice.currency)}</dd>`
}
</dl>
${
  due !== null && due.lines.length > 1
    ? html`<details><summary>${t('calculationTitle')}</summary>
<table><tbody>
${due.lines.map((line) => html`<tr><td>${calculationLabel(ctx, line)}</td><td class="num">${format.money(line.amountMinor, invoice.currency)}</td></tr>`)}
<tr><th scope="row">${t('calcAmountDue')}</th><td class="num"><strong>${format.money(due.amountDueMinor, invoice.currency)}</strong></td></tr>
</tbody></table></details>`
    : null
}
</section>`;
}

const CATEGORY_KEYS = {
  standard: 'vatStandard',
  zero: 'vatZero',
  exempt: 'vatExempt',
  reverse_charge: 'vatReverseCharge',
} as const;

/** The invoice's content as its customer reads it: lines, totals, payment reference, notes. */
function content(ctx: BackOfficeViewContext, view: InvoicePageView): SafeHtml {
  const { t, format } = ctx;
  const { invoice, lines } = view.page;
  const money = (minor: number) => format.money(minor, invoice.currency);
  const vat = (line: (typeof lines)[number]) =>
    line.vatCategory === 'standard'
      ? format.percent(line.vatRateBp)
      : Object.hasOwn(CATEGORY_KEYS, line.vatCategory)
        ? t(CATEGORY_KEYS[line.vatCategory as keyof typeof CATEGORY_KEYS])
        : line.vatCategory;
  const hasDiscount = lines.some((line) => line.discountBp > 0);
  return html`<section class="card" aria-labelledby="content-heading">
<h2 id="content-heading">${t('linesTitle')}</h2>
<div class="table-wrap"><table class="responsive"><thead><tr><th scope="col">${t('descriptionLabel')}</th><th scope="col" class="num">${t('quantityLabel')}</th><th scope="col" class="num">${t('unitPriceLabel')}</th>${hasDiscount ? html`<th scope="col" class="num">${t('discountLabel')}</th>` : null}<th scope="col" class="num">${t('vatRateLabel')}</th><th scope="col" class="num">${t('lineAmountLabel')}</th></tr></thead><tbody>
${lines.map(
  (line) =>
    html`<tr><td data-label="${t('descriptionLabel')}">${line.description}</td><td class="num" data-label="${t('quantityLabel')}">${format.quantity(line.quantity)}</td><td class="num" data-label="${t('unitPriceLabel')}">${money(line.unitPriceMinor)}</td>${hasDiscount ? html`<td class="num" data-label="${t('discountLabel')}">${line.discountBp > 0 ? format.percent(line.discountBp) : ''}</td>` : null}<td class="num" data-label="${t('vatRateLabel')}">${vat(line)}</td><td class="num" data-label="${t('lineAmountLabel')}">${money(line.netMinor)}</td></tr>`,
)}
</tbody></table></div>
<ul class="figures">
<li><span>${t('netTotal')}</span><span>${money(invoice.netTotalMinor)}</span></li>
<li><span>${t('vatTotal')}</span><span>${money(invoice.vatTotalMinor)}</span></li>
<li><strong>${t('grandTotal')}</strong><strong>${money(invoice.totalMinor)}</strong></li>
</ul>
${invoice.paymentReference ? html`<p><span class="muted">${t('paymentReferenceLabel')}:</span> <span class="reference">${invoice.paymentReference}</span></p>` : null}
${invoice.notes ? html`<p class="notes">${invoice.notes}</p>` : null}
</section>`;
}

function payments(ctx: BackOfficeViewContext, view: InvoicePageView): SafeHtml {
  const { t, format } = ctx;
  const { invoice } = view.page;
  const rows = view.page.payments;
  return html`<section class="card" aria-labelledby="payments-heading">
<h2 id="payments-heading">${t('paymentsTitle')}</h2>
${
  rows.length === 0
    ? html`<p class="muted">${t('noPayments')}</p>`
    : html`<div class="table-wrap"><table class="responsive"><thead><tr><th scope="col">${t('paidOnLabel')}</th><th scope="col">${t('paymentMethodLabel')}</th><th scope="col" class="num">${t('amountLabel', { currency: invoice.currency })}</th><th scope="col"><span class="visually-hidden">${t('removePayment')}</span></th></tr></thead><tbody>
${rows.map((p) => html`<tr><td data-label="${t('paidOnLabel')}">${format.date(p.paidOn)}</td><td data-label="${t('paymentMethodLabel')}">${methodLabel(t, p.method)}</td><td class="num" data-label="${t('amountLabel', { currency: invoice.currency })}">${format.money(p.amountMinor, invoice.currency)}</td><td>${p.removable ? html`<form method="post" action="${`${invoicePaths.payments(invoice.id)}/${p.id}/remove`}">${csrfField(view.chrome)}<button class="button button-secondary" type="submit" aria-label="${t('removePaymentLabel', { amount: format.money(p.amountMinor, invoice.currency), date: format.date(p.paidOn) })}">${t('removePayment')}</button></form>` : null}</td></tr>`)}
</tbody></table></div>`
}
</section>`;
}

function thread(ctx: BackOfficeViewContext, view: InvoicePageView): SafeHtml {
  const { t, format } = ctx;
  const { comments, invoice } = view.page;
  const form = view.replyForm ?? { values: {}, errors: [] };
  const error = errorOf(form.errors, 'body');
  return html`<section class="card" aria-labelledby="comments-heading">
<h2 id="comments-heading">${t('commentsOnInvoice')}</h2>
${
  comments.length === 0
    ? html`<p class="muted">${t('noComments')}</p>`
    : html`<ol class="thread">${comments.map(
        (c) => html`<li class="${c.authorKind === 'admin' ? 'from-business' : 'from-customer'}">
<span class="who">${c.authorKind === 'admin' ? `${c.authorName} · ${t('fromBusiness', { organization: view.chrome.organizationName })}` : c.authorName}</span>${c.unread ? html` <span class="badge badge-unread">${t('unread')}</span>` : null}<time datetime="${c.createdAt.toISOString()}">${format.dateTime(c.createdAt)}</time>
<p class="body">${c.body}</p></li>`,
      )}</ol>`
}
${
  view.canReply
    ? html`<form method="post" action="${invoicePaths.comments(invoice.id)}" novalidate>
${csrfField(view.chrome)}
${errorSummary(t, form.errors, 'reply')}
<div class="field${error ? ' has-error' : ''}">
<label for="reply-body">${t('replyLabel')}</label>
<p class="hint" id="reply-body-hint">${t('replyHint')}</p>
${error ? html`<p class="field-error" id="reply-body-error">${error.message}</p>` : null}
<textarea id="reply-body" name="body" rows="4" aria-describedby="reply-body-hint${error ? ' reply-body-error' : ''}"${error ? html` aria-invalid="true"` : null}>${form.values.body ?? ''}</textarea>
</div>
<button class="button" type="submit">${t('sendReply')}</button>
</form>`
    : null
}
</section>`;
}

/** The invoice's credit notes, each to download, and the way to create one while something is left. */
function creditNotesCard(ctx: BackOfficeViewContext, view: InvoicePageView): SafeHtml | null {
  const { t, format } = ctx;
  const { invoice, creditNotes } = view.page;
  if (invoice.state !== 'issued') return null;
  const credited = creditNotes.reduce((sum, c) => sum + c.totalMinor, 0);
  const remaining = invoice.totalMinor - credited;
  const amount = t('amountLabel', { currency: invoice.currency });
  return html`<section class="card" aria-labelledby="credit-notes-heading">
<h2 id="credit-notes-heading">${t('creditNotesTitle')}</h2>
${
  creditNotes.length === 0
    ? html`<p class="muted">${t('noCreditNotes')}</p>`
    : html`<div class="table-wrap"><table class="responsive"><thead><tr><th scope="col">${t('columnNumber')}</th><th scope="col">${t('issueDateLabel')}</th><th scope="col" class="num">${amount}</th><th scope="col"><span class="visually-hidden">PDF</span></th></tr></thead><tbody>
${creditNotes.map((c) => html`<tr><th scope="row" data-label="${t('columnNumber')}">${c.number}</th><td data-label="${t('issueDateLabel')}">${format.date(c.issueDate)}</td><td class="num" data-label="${amount}">${format.money(c.totalMinor, invoice.currency)}</td><td><a href="${creditNotePaths.download(c.id)}">${t('downloadCreditNote', { number: c.number })}</a></td></tr>`)}
</tbody></table></div>
<ul class="figures"><li><span>${t('remainingCreditLabel')}</span><span>${format.money(remaining, invoice.currency)}</span></li></ul>`
}
${remaining > 0 ? html`<p><a class="button button-secondary" href="${creditNotePaths.form(invoice.id)}">${t('createCreditNote')}</a></p>` : null}
</section>`;
}

function timeline(ctx: BackOfficeViewContext, view: InvoicePageView): SafeHtml {
  const { t, format } = ctx;
  const entries = view.page.timeline;
  return html`<section class="card" aria-labelledby="timeline-heading">
<h2 id="timeline-heading">${t('timelineTitle')}</h2>
${
  entries.length === 0
    ? html`<p class="muted">${t('timelineEmpty')}</p>`
    : html`<ol class="timeline">${entries.map(
        (
          e,
        ) => html`<li${isFailureEvent(e.action) ? html` class="failed"` : null}>${timelineText(ctx, e, view.page.invoice.currency)}
<time datetime="${e.at.toISOString()}">${format.dateTime(e.at)}</time>${e.actor ? html`<span class="actor">${t('byActor', { actor: e.actor })}</span>` : null}</li>`,
      )}</ol>`
}
</section>`;
}

function portalCard(ctx: BackOfficeViewContext, view: InvoicePageView): SafeHtml | null {
  const { t } = ctx;
  const { portalUrl, portalRevoked, invoice } = view.page;
  if (invoice.state === 'draft') return null;
  return html`<section class="card" aria-labelledby="portal-heading">
<h2 id="portal-heading">${t('portalLinkTitle')}</h2>
${
  portalUrl === null
    ? html`<p>${portalRevoked ? t('portalLinkRevoked') : ''}</p>`
    : html`<label for="portal-link">${t('portalLinkLabel')}</label>
<div class="copy-field"><input id="portal-link" type="text" readonly value="${portalUrl}">
<button class="button button-secondary" type="button" data-copy="portal-link" data-copied="${t('linkCopied')}" hidden>${t('copyLink')}</button></div>
<p class="muted" id="portal-link-status" role="status" aria-live="polite"></p>
<p><a href="${portalUrl}" target="_blank" rel="noopener noreferrer">${t('openAsCustomer')}</a></p>`
}
</section>`;
}

function paymentCard(ctx: BackOfficeViewContext, view: InvoicePageView): SafeHtml | null {
  const { t } = ctx;
  const { invoice } = view.page;
  if (invoice.state !== 'issued') return null;
  const form = view.paymentForm ?? { values: {}, errors: [] };
  const method = form.values.method ?? 'bank_transfer';
  return html`<section class="card" aria-labelledby="record-payment-heading">
<h2 id="record-payment-heading">${t('recordPaymentTitle')}</h2>
<p class="hint">${t('recordPaymentHint')}</p>
${errorSummary(t, form.errors, 'payment')}
<form method="post" action="${invoicePaths.payments(invoice.id)}" novalidate>
${csrfField(view.chrome)}
${textField({ id: 'payment-amount', name: 'amount', label: t('amountLabel', { currency: invoice.currency }), value: form.values.amount ?? '', error: errorOf(form.errors, 'amount'), required: true, inputmode: 'decimal' })}
${textField({ id: 'payment-paidOn', name: 'paidOn', label: t('paidOnLabel'), value: form.values.paidOn ?? view.today, type: 'date', error: errorOf(form.errors, 'paidOn'), required: true })}
<div class="field"><label for="payment-method">${t('paymentMethodLabel')}</label>
<select id="payment-method" name="method">${MANUAL_PAYMENT_METHODS.map((m) => html`<option value="${m}"${m === method ? html` selected` : null}>${methodLabel(t, m)}</option>`)}</select></div>
${textField({ id: 'payment-note', name: 'note', label: t('noteLabel'), value: form.values.note ?? '', error: errorOf(form.errors, 'note') })}
<button class="button" type="submit">${t('recordPayment')}</button>
</form>
</section>`;
}

function waiverCard(ctx: BackOfficeViewContext, view: InvoicePageView): SafeHtml | null {
  const { t } = ctx;
  const { invoice } = view.page;
  if (invoice.state !== 'issued') return null;
  const box = (name: string, label: string, checked: boolean) =>
    html`<label class="checkbox"><input type="checkbox" name="${name}" value="1"${checked ? html` checked` : null}> ${label}</label>`;
  return html`<section class="card" aria-labelledby="waive-heading">
<h2 id="waive-heading">${t('waiveTitle')}</h2>
<p class="hint">${t('waiveHint')}</p>
<form method="post" action="${invoicePaths.waivers(invoice.id)}">
${csrfField(view.chrome)}
${box('lateFee', t('waiveLateFee'), invoice.waivers.lateFee)}
${box('interest', t('waiveInterest'), invoice.waivers.interest)}
${box('compensation', t('waiveCompensation'), invoice.waivers.compensation)}
<button class="button button-secondary" type="submit">${t('saveWaivers')}</button>
</form>
</section>`;
}

const NOTICE_KEYS = {
  paymentRecorded: 'paymentRecorded',
  waiversSaved: 'waiversSaved',
  replySent: 'replySent',
  emailQueued: 'emailQueued',
  draftSaved: 'draftSaved',
  invoiceIssued: 'invoiceIssued',
  creditNoteCreated: 'creditNoteCreated',
  pdfUploaded: 'pdfUploaded',
  pdfRerendered: 'pdfRerendered',
  paymentRemoved: 'paymentRemoved',
} as const;

export const isInvoicePageNotice = (value: unknown): value is InvoicePageNotice =>
  typeof value === 'string' && Object.hasOwn(NOTICE_KEYS, value);

/** The back office's invoice page. */
export function renderBackOfficeInvoicePage(view: InvoicePageView): string {
  const t = backOfficeTranslator(view.chrome.lang);
  const ctx: BackOfficeViewContext = { t, format: displayFormat(view.chrome.locale, view.chrome.timeZone) };
  const { invoice, amountDue, creditNotes } = view.page;
  const title =
    invoice.state === 'draft'
      ? t('draftInvoiceTitle', { number: invoice.number })
      : t('invoiceTitle', { number: invoice.number });
  const status = invoiceStatus(invoice.state, amountDue?.status ?? null);
  return renderBackOfficeLayout(
    view.chrome,
    title,
    html`<div class="page-head"><div><h1>${title} ${statusBadge(t, status)}</h1>
${invoice.state === 'draft' ? html`<p>${t('notIssuedYet')}</p><form class="actions" method="post" action="${`${adminPaths.invoice(invoice.id)}/issue`}">${csrfField(view.chrome)}<button class="button" type="submit">${t('issueDraft')}</button><a class="button button-secondary" href="${`${adminPaths.invoice(invoice.id)}/edit`}">${t('editDraft')}</a></form><form method="post" action="${`${adminPaths.invoice(invoice.id)}/delete`}">${csrfField(view.chrome)}<button class="button button-danger" type="submit">${t('deleteDraft')}</button></form>` : null}</div>
<div class="actions">${invoice.state === 'issued' ? html`<a class="button" href="${invoicePaths.send(invoice.id)}">${t('sendByEmail')}</a>` : null}${invoice.state === 'issued' ? html`<a class="button button-secondary" href="${invoicePaths.download(invoice.id)}">${creditNotes.length > 0 ? t('downloadZip') : t('downloadPdf')}</a>` : null}</div></div>
${notice('success', view.notice ? t(NOTICE_KEYS[view.notice]) : null)}
<div class="grid grid-main">
<div class="stack">
${facts(ctx, view)}
${content(ctx, view)}
${payments(ctx, view)}
${creditNotesCard(ctx, view)}
${thread(ctx, view)}
${timeline(ctx, view)}
</div>
<div class="stack">
${portalCard(ctx, view)}
${paymentCard(ctx, view)}
${waiverCard(ctx, view)}
${pdfCard(ctx, { chrome: view.chrome, page: view.page, errors: view.pdf.errors }, view.pdf.maxUploadBytes)}
</div>
</div>`,
  );
}
