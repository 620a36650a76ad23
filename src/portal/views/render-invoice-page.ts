import type { DocumentLine, DocumentParty } from '../../documents/document-model.ts';
import {
  formatIban,
  formatRfReference,
  LEGAL_NOTE_TEXT,
  type VatBreakdownRow,
  type VatCategory,
} from '../../domain/index.ts';
import { type PortalTranslator, portalTranslator } from '../../i18n/portal-messages.ts';
import { html, type SafeHtml, unsafeRaw } from '../html.ts';
import type { CommentError, InvoicePageModel, PortalComment, PortalDocumentContent } from '../view-models.ts';
import { calculationDetails, icons, overdueText, statusBadge, type ViewContext } from './components.ts';
import { renderPortalLayout } from './layout.ts';
import { portalFormat } from './portal-format.ts';

interface InvoiceViewContext extends ViewContext {
  model: InvoicePageModel;
  /** The business as the customer knows it. */
  businessName: string;
}

/** A payment reference as people copy it: Belgian `+++…+++` as is, RF references in groups of four. */
function displayReference(reference: string): string {
  return /^RF\d{2}/i.test(reference) ? formatRfReference(reference) : reference;
}

/** The label of a payment reference: a Belgian structured communication is called so. */
function referenceLabel(ctx: ViewContext, reference: string): string {
  return reference.startsWith('+++') ? ctx.t('structuredCommunication') : ctx.t('paymentReference');
}

function vatLabel(ctx: ViewContext, category: VatCategory, rateBp: number): string {
  if (category === 'exempt') return ctx.t('vatExempt');
  if (category === 'reverse_charge') return ctx.t('vatReverseCharge');
  return ctx.format.percent(rateBp);
}

function pageHead(ctx: InvoiceViewContext, heading: string, subtitle: string | null): SafeHtml {
  const { model, t } = ctx;
  const download =
    model.download.kind === 'zip'
      ? html`<a class="button button-secondary" href="${model.download.url}" download>${icons.download}<span>${t('downloadZip')}</span></a>`
      : html`<a class="button button-secondary" href="${model.download.url}" download>${icons.download}<span>${t('downloadPdf')}</span></a>`;
  // R15: the pay button sits top right; it only exists while a payment provider is connected (R20).
  const pay =
    model.payAction === null
      ? null
      : html`<a class="button button-primary" href="${model.payAction.url}">${icons.card}<span>${t('payInvoice')}</span></a>`;
  return html`<div class="page-head">
<div class="page-head-text">
<h1>${heading}</h1>
<p class="page-head-meta">${model.creditNote === null && statusBadge(ctx, model.amountDue.status)}${subtitle !== null && html`<span>${subtitle}</span>`}</p>
</div>
<div class="page-actions">${download}${pay}</div>
</div>`;
}

function documentTabs(ctx: InvoiceViewContext): SafeHtml | null {
  const { model, t } = ctx;
  if (model.tabs.length < 2) return null;
  const items = model.tabs.map((tab) => {
    const label =
      tab.kind === 'invoice'
        ? t('invoiceTitle', { number: tab.number })
        : t('creditNoteTitle', { number: tab.number });
    return html`<li><a class="tab" href="${tab.url}"${tab.current ? html` aria-current="page"` : null}>${label}</a></li>`;
  });
  return html`<nav class="tabs" aria-label="${t('documentTabs')}"><ul>${items}</ul></nav>`;
}

function amountSummary(ctx: InvoiceViewContext): SafeHtml {
  const { model, t, format } = ctx;
  const { amountDue, invoice } = model;
  const currency = amountDue.currency;
  const credit = amountDue.amountDueMinor < 0;
  const hasInterest = amountDue.lines.some((line) => line.kind === 'interest');
  const dueFacts = html`<div><dt>${t('dueDate')}</dt><dd>${format.date(invoice.dueDate)}${
    model.overdue !== null &&
    html`<strong class="overdue-text">${icons.alert}${overdueText(ctx, model.overdue)}</strong>`
  }</dd></div>`;
  const paidFact =
    amountDue.paidOn !== null &&
    html`<p class="summary-note summary-note-paid">${icons.check}<span>${t('paidOn', { date: format.date(amountDue.paidOn) })}</span></p>`;
  let note: SafeHtml | null = null;
  if (credit) {
    note = html`<p class="summary-note summary-note-credit">${t('creditBalanceNote', {
      amount: format.money(amountDue.creditBalanceMinor, currency),
      organization: ctx.businessName,
    })}</p>`;
  } else if (amountDue.amountDueMinor === 0) {
    note = html`<p class="summary-note">${t('nothingDue')}</p>`;
  } else if (hasInterest) {
    note = html`<p class="summary-note">${t('amountDueAsOf', { date: format.date(amountDue.asOf) })}. ${t('interestAccrues')}</p>`;
  }
  return html`<section class="card summary" aria-labelledby="amount-heading">
<h2 id="amount-heading" class="summary-label">${t(credit ? 'creditBalance' : 'amountDue')}</h2>
<p class="summary-amount">${format.money(credit ? amountDue.creditBalanceMinor : amountDue.amountDueMinor, currency)}</p>
${paidFact}
${note}
${model.awaitingTransfer && html`<p class="summary-note">${t('awaitingTransfer')}</p>`}
<dl class="facts">${dueFacts}</dl>
${amountDue.hasAdjustments && calculationDetails(ctx, amountDue)}
</section>`;
}

function bankTransferCard(ctx: InvoiceViewContext): SafeHtml | null {
  const { model, t, format } = ctx;
  const transfer = model.bankTransfer;
  if (transfer === null) return null;
  const amount = format.money(transfer.amountMinor, model.invoice.currency);
  const iban = formatIban(transfer.iban);
  const reference = transfer.reference;
  const qr =
    transfer.qrSvg !== null &&
    // The QR SVG is generated by our own code from the EPC payload (no user markup): the one raw insert.
    html`<figure class="qr"><div class="qr-code" role="img" aria-label="${t('qrCodeLabel', { amount, iban })}">${unsafeRaw(transfer.qrSvg)}</div><figcaption>${t('scanToPay')}</figcaption></figure>`;
  return html`<section class="card transfer" aria-labelledby="transfer-heading">
<h2 id="transfer-heading">${t('payByTransfer')}</h2>
<div class="transfer-body">
<dl class="facts facts-stacked">
<div><dt>${t('beneficiary')}</dt><dd>${transfer.beneficiaryName}</dd></div>
<div><dt>${t('iban')}</dt><dd class="mono">${iban}</dd></div>
${transfer.bic !== null && html`<div><dt>${t('bic')}</dt><dd class="mono">${transfer.bic}</dd></div>`}
${reference !== null && html`<div><dt>${referenceLabel(ctx, reference)}</dt><dd class="mono reference">${displayReference(reference)}</dd></div>`}
<div><dt>${t('amount')}</dt><dd class="strong">${amount}</dd></div>
</dl>
${qr}
</div>
${reference !== null && html`<p class="hint">${t('transferReferenceHint')}</p>`}
</section>`;
}

function partyBlock(ctx: ViewContext, heading: string, id: string, party: DocumentParty): SafeHtml {
  const { t } = ctx;
  const lines = party.addressLines.map((line) => html`<span class="line">${line}</span>`);
  return html`<section class="party" aria-labelledby="${id}">
<h3 id="${id}" class="eyebrow">${heading}</h3>
<p class="party-name">${party.name}</p>
<p class="party-address">${lines}</p>
<dl class="party-ids">
${party.vatNumber !== null && html`<div><dt>${t('vatNumber')}</dt><dd>${party.vatNumber}</dd></div>`}
${party.enterpriseNumber !== null && html`<div><dt>${t('enterpriseNumber')}</dt><dd>${party.enterpriseNumber}</dd></div>`}
</dl>
${party.email !== null && html`<p class="party-contact"><a href="mailto:${party.email}">${party.email}</a></p>`}
${party.phone !== null && html`<p class="party-contact">${party.phone}</p>`}
</section>`;
}

function linesTable(ctx: ViewContext, content: PortalDocumentContent, caption: string): SafeHtml {
  const { t, format } = ctx;
  const withDiscount = content.lines.some((line) => line.discountBp !== 0);
  const row = (line: DocumentLine): SafeHtml =>
    html`<tr>
<th scope="row" class="line-description" data-label="${t('description')}">${line.description}</th>
<td class="num" data-label="${t('quantity')}">${format.quantity(line.quantity)}</td>
<td class="num" data-label="${t('unitPrice')}">${format.money(line.unitPriceMinor, content.currency)}</td>
${withDiscount && html`<td class="num" data-label="${t('discount')}">${line.discountBp === 0 ? '' : format.percent(line.discountBp)}</td>`}
<td class="num" data-label="${t('vat')}">${vatLabel(ctx, line.vatCategory, line.vatRateBp)}</td>
<td class="num line-amount" data-label="${t('amountExclVat')}">${format.money(line.netMinor, content.currency)}</td>
</tr>`;
  return html`<table class="lines-table stack-table">
<caption>${caption}</caption>
<thead><tr>
<th scope="col">${t('description')}</th>
<th scope="col" class="num">${t('quantity')}</th>
<th scope="col" class="num">${t('unitPrice')}</th>
${withDiscount && html`<th scope="col" class="num">${t('discount')}</th>`}
<th scope="col" class="num">${t('vat')}</th>
<th scope="col" class="num">${t('amountExclVat')}</th>
</tr></thead>
<tbody>${content.lines.map(row)}</tbody>
</table>`;
}

function vatTable(ctx: ViewContext, content: PortalDocumentContent): SafeHtml {
  const { t, format } = ctx;
  const row = (vat: VatBreakdownRow): SafeHtml =>
    html`<tr>
<th scope="row" data-label="${t('vatRate')}">${vatLabel(ctx, vat.vatCategory, vat.vatRateBp)}</th>
<td class="num" data-label="${t('taxableAmount')}">${format.money(vat.taxableMinor, content.currency)}</td>
<td class="num" data-label="${t('vatAmount')}">${format.money(vat.vatMinor, content.currency)}</td>
</tr>`;
  return html`<table class="vat-table stack-table">
<caption>${t('vatSummary')}</caption>
<thead><tr><th scope="col">${t('vatRate')}</th><th scope="col" class="num">${t('taxableAmount')}</th><th scope="col" class="num">${t('vatAmount')}</th></tr></thead>
<tbody>${content.vatBreakdown.map(row)}</tbody>
</table>`;
}

function totalsList(ctx: ViewContext, content: PortalDocumentContent, isCreditNote: boolean): SafeHtml {
  const { t, format } = ctx;
  const money = (minor: number): string => format.money(minor, content.currency);
  return html`<dl class="totals">
<div><dt>${t('totalExclVat')}</dt><dd>${money(content.netTotalMinor)}</dd></div>
<div><dt>${t('totalVat')}</dt><dd>${money(content.vatTotalMinor)}</dd></div>
<div class="totals-grand"><dt>${t(isCreditNote ? 'totalCredited' : 'totalInclVat')}</dt><dd>${money(content.totalMinor)}</dd></div>
</dl>`;
}

function documentCard(ctx: InvoiceViewContext): SafeHtml {
  const { model, t, format } = ctx;
  const creditNote = model.creditNote;
  const content: PortalDocumentContent = creditNote ?? model.invoice;
  const invoice = model.invoice;
  const lang = model.chrome.lang;
  const meta =
    creditNote === null
      ? html`<div><dt>${t('invoiceNumber')}</dt><dd>${invoice.number}</dd></div>
<div><dt>${t('invoiceDate')}</dt><dd>${format.date(invoice.issueDate)}</dd></div>
<div><dt>${t('dueDate')}</dt><dd>${format.date(invoice.dueDate)}</dd></div>
${invoice.paymentReference !== null && html`<div><dt>${referenceLabel(ctx, invoice.paymentReference)}</dt><dd class="mono reference">${displayReference(invoice.paymentReference)}</dd></div>`}`
      : html`<div><dt>${t('creditNoteNumber')}</dt><dd>${creditNote.number}</dd></div>
<div><dt>${t('creditNoteDate')}</dt><dd>${format.date(creditNote.issueDate)}</dd></div>
<div><dt>${t('colForInvoice')}</dt><dd>${invoice.number}</dd></div>`;
  const legalNotes = content.legalNotes.map(
    (code) => html`<p class="legal-note">${LEGAL_NOTE_TEXT[code][lang]}</p>`,
  );
  const notes = [
    creditNote !== null &&
      creditNote.reason !== null &&
      html`<div class="doc-note"><h3 class="eyebrow">${t('reason')}</h3><p class="prewrap">${creditNote.reason}</p></div>`,
    content.notes !== null &&
      html`<div class="doc-note"><h3 class="eyebrow">${t('notes')}</h3><p class="prewrap">${content.notes}</p></div>`,
    content.vatExemptionReason !== null &&
      html`<div class="doc-note"><h3 class="eyebrow">${t('vatExemptionReason')}</h3><p class="prewrap">${content.vatExemptionReason}</p></div>`,
  ];
  return html`<article class="card document" aria-labelledby="document-heading">
<div class="document-head">
<h2 id="document-heading">${creditNote === null ? t('invoiceTitle', { number: invoice.number }) : t('creditNoteTitle', { number: creditNote.number })}</h2>
<dl class="facts facts-grid">${meta}</dl>
</div>
<div class="parties">
${partyBlock(ctx, t('partyFrom'), 'party-from', content.supplier)}
${partyBlock(ctx, t('partyTo'), 'party-to', content.customer)}
</div>
${linesTable(ctx, content, creditNote === null ? t('linesCaption') : t('creditNoteLinesCaption'))}
<div class="document-totals">
${content.vatBreakdown.length > 0 && vatTable(ctx, content)}
${totalsList(ctx, content, creditNote !== null)}
</div>
${notes}
${legalNotes.length > 0 && html`<div class="legal-notes">${legalNotes}</div>`}
</article>`;
}

const COMMENT_ERROR_KEY = {
  empty: 'commentErrorEmpty',
  too_long: 'commentErrorTooLong',
  invalid_characters: 'commentErrorInvalidCharacters',
  invalid_form: 'commentErrorInvalidForm',
} as const satisfies Record<CommentError, string>;

function commentErrorText(t: PortalTranslator, error: CommentError, maxLength: number): string {
  const key = COMMENT_ERROR_KEY[error];
  return key === 'commentErrorTooLong' ? t(key, { max: maxLength }) : t(key);
}

function commentItem(ctx: InvoiceViewContext, comment: PortalComment): SafeHtml {
  const fromBusiness = comment.authorKind === 'admin';
  return html`<li class="comment${fromBusiness ? ' comment-business' : ''}">
<p class="comment-meta"><span class="comment-author">${comment.authorName}</span>${fromBusiness && html`<span class="comment-org">${ctx.businessName}</span>`}<time datetime="${comment.createdAt.toISOString()}">${ctx.format.dateTime(comment.createdAt)}</time></p>
<p class="comment-body">${comment.body}</p>
</li>`;
}

function commentsCard(ctx: InvoiceViewContext): SafeHtml {
  const { model, t } = ctx;
  const form = model.commentForm;
  const hintId = 'comment-hint';
  const errorId = 'comment-error';
  const describedBy = form.error === null ? hintId : `${errorId} ${hintId}`;
  const thread =
    model.comments.length === 0
      ? html`<p class="muted">${t('noComments')}</p>`
      : html`<ol class="comments">${model.comments.map((comment) => commentItem(ctx, comment))}</ol>`;
  return html`<section class="card comments-card" aria-labelledby="comments-heading">
<h2 id="comments-heading">${t('commentsHeading')}</h2>
${thread}
${form.sent && html`<p class="notice notice-success" role="status">${icons.check}<span>${t('commentSent', { organization: ctx.businessName })}</span></p>`}
<form class="comment-form" method="post" action="${form.action}">
<input type="hidden" name="_csrf" value="${form.csrfToken}">
<h3 class="form-title"><label for="comment-body">${t('sendComment')}</label></h3>
<p id="${hintId}" class="hint">${t('commentHint', { max: form.maxLength, organization: ctx.businessName })}</p>
${form.error !== null && html`<p id="${errorId}" class="field-error">${icons.alert}<span><span class="visually-hidden">${t('errorPrefix')} </span>${commentErrorText(t, form.error, form.maxLength)}</span></p>`}
<textarea id="comment-body" name="body" rows="5" maxlength="${form.maxLength}" required aria-describedby="${describedBy}"${form.error !== null ? html` aria-invalid="true"` : null}>
${form.value}</textarea>
<div class="form-actions"><button class="button button-primary" type="submit">${t('commentSubmit')}</button></div>
</form>
</section>`;
}

/**
 * The invoice page (R7–R12, B1): the invoice (or one of its credit notes, by tab), the amount due with
 * "view calculation", due date and overdue time, status, download, bank-transfer details with the EPC QR,
 * the pay slot and the comment thread. Pure: everything comes from the model.
 */
export function renderInvoicePage(model: InvoicePageModel): string {
  const { chrome } = model;
  const t = portalTranslator(chrome.lang);
  const format = portalFormat(chrome.locale, chrome.timeZone);
  const ctx: InvoiceViewContext = {
    t,
    format,
    model,
    businessName: chrome.branding.tradeName ?? chrome.branding.organizationName,
  };
  const creditNote = model.creditNote;
  const heading =
    creditNote === null
      ? t('invoiceTitle', { number: model.invoice.number })
      : t('creditNoteTitle', { number: creditNote.number });
  const subtitle =
    creditNote === null
      ? t('issuedOn', { date: format.date(model.invoice.issueDate) })
      : t('creditNoteFor', { number: model.invoice.number });
  const body = html`${pageHead(ctx, heading, subtitle)}
${documentTabs(ctx)}
<div class="invoice-layout">
<div class="invoice-aside">
${amountSummary(ctx)}
${bankTransferCard(ctx)}
</div>
<div class="invoice-main">
${documentCard(ctx)}
${commentsCard(ctx)}
</div>
</div>`;
  return renderPortalLayout({ chrome, title: heading, current: 'invoice', body });
}
