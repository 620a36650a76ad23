import { type PortalMessageKey, portalTranslator } from '../../i18n/portal-messages.ts';
import { displayFormat } from '../../web/display-format.ts';
import { html, type SafeHtml } from '../../web/html.ts';
import type {
  HistoryCreditNoteRow,
  HistoryInvoiceRow,
  HistoryPageModel,
  HistoryTab,
} from '../view-models.ts';
import { calculationDetails, icons, overdueText, statusBadge, type ViewContext } from './components.ts';
import { renderPortalLayout } from './layout.ts';

const TAB_LABEL = {
  open: 'tabOpen',
  paid: 'tabPaid',
  'credit-notes': 'tabCreditNotes',
} as const satisfies Record<HistoryTab, PortalMessageKey>;

function historyTabs(ctx: ViewContext, model: HistoryPageModel): SafeHtml {
  const items = model.tabs.map(
    (tab) =>
      html`<li><a class="tab" href="${tab.url}"${tab.current ? html` aria-current="page"` : null}>${ctx.t(TAB_LABEL[tab.key])}</a></li>`,
  );
  return html`<nav class="tabs" aria-label="${ctx.t('historyTabs')}"><ul>${items}</ul></nav>`;
}

function emptyState(text: string): SafeHtml {
  return html`<div class="card empty-state"><p>${text}</p></div>`;
}

function openInvoicesTable(ctx: ViewContext, rows: HistoryInvoiceRow[]): SafeHtml {
  const { t, format } = ctx;
  if (rows.length === 0) return emptyState(t('emptyOpen'));
  const withPay = rows.some((row) => row.payUrl !== null);
  const row = (invoice: HistoryInvoiceRow): SafeHtml => {
    const due = invoice.amountDue;
    return html`<tr>
<th scope="row" data-label="${t('colInvoice')}"><a class="row-link" href="${invoice.url}">${invoice.number}</a> ${statusBadge(ctx, due.status)}</th>
<td data-label="${t('colIssued')}">${format.date(invoice.issueDate)}</td>
<td data-label="${t('colDue')}"><span class="cell-stack"><span>${format.date(invoice.dueDate)}</span>${invoice.overdue !== null && html`<span class="overdue-text">${icons.alert}${overdueText(ctx, invoice.overdue)}</span>`}</span></td>
<td class="num strong" data-label="${t('colAmountDue')}">${format.money(due.amountDueMinor, due.currency)}</td>
${withPay && html`<td class="action" data-label="${t('colPay')}">${invoice.payUrl !== null && html`<a class="button button-primary button-small" href="${invoice.payUrl}" aria-label="${t('payInvoiceNumber', { number: invoice.number })}">${t('pay')}</a>`}</td>`}
</tr>`;
  };
  return html`<div class="card table-card"><table class="history-table stack-table">
<caption>${t('openCaption')}</caption>
<thead><tr>
<th scope="col">${t('colInvoice')}</th>
<th scope="col">${t('colIssued')}</th>
<th scope="col">${t('colDue')}</th>
<th scope="col" class="num">${t('colAmountDue')}</th>
${withPay && html`<th scope="col" class="action"><span class="visually-hidden">${t('colPay')}</span></th>`}
</tr></thead>
<tbody>${rows.map(row)}</tbody>
</table></div>`;
}

function paidInvoicesTable(ctx: ViewContext, rows: HistoryInvoiceRow[]): SafeHtml {
  const { t, format } = ctx;
  if (rows.length === 0) return emptyState(t('emptyPaid'));
  const row = (invoice: HistoryInvoiceRow): SafeHtml => {
    const due = invoice.amountDue;
    const paidOn = invoice.paidOn ?? due.paidOn;
    return html`<tr>
<th scope="row" data-label="${t('colInvoice')}"><a class="row-link" href="${invoice.url}">${invoice.number}</a> ${statusBadge(ctx, due.status)}</th>
<td data-label="${t('colIssued')}">${format.date(invoice.issueDate)}</td>
<td class="num" data-label="${t('colTotal')}"><span class="strong">${format.money(invoice.totalMinor, invoice.currency)}</span>${due.hasAdjustments && calculationDetails(ctx, due, 'calculation-inline')}</td>
<td data-label="${t('colPaidOn')}">${paidOn === null ? '' : format.date(paidOn)}</td>
</tr>`;
  };
  return html`<div class="card table-card"><table class="history-table stack-table">
<caption>${t('paidCaption')}</caption>
<thead><tr>
<th scope="col">${t('colInvoice')}</th>
<th scope="col">${t('colIssued')}</th>
<th scope="col" class="num">${t('colTotal')}</th>
<th scope="col">${t('colPaidOn')}</th>
</tr></thead>
<tbody>${rows.map(row)}</tbody>
</table></div>`;
}

function creditNotesTable(ctx: ViewContext, rows: HistoryCreditNoteRow[]): SafeHtml {
  const { t, format } = ctx;
  if (rows.length === 0) return emptyState(t('emptyCreditNotes'));
  const row = (creditNote: HistoryCreditNoteRow): SafeHtml =>
    html`<tr>
<th scope="row" data-label="${t('colCreditNote')}"><a class="row-link" href="${creditNote.url}">${creditNote.number}</a></th>
<td data-label="${t('colDate')}">${format.date(creditNote.issueDate)}</td>
<td class="num strong" data-label="${t('colAmount')}">${format.money(creditNote.totalMinor, creditNote.currency)}</td>
<td data-label="${t('colForInvoice')}"><a href="${creditNote.invoiceUrl}">${creditNote.invoiceNumber}</a></td>
</tr>`;
  return html`<div class="card table-card"><table class="history-table stack-table">
<caption>${t('creditNotesCaption')}</caption>
<thead><tr>
<th scope="col">${t('colCreditNote')}</th>
<th scope="col">${t('colDate')}</th>
<th scope="col" class="num">${t('colAmount')}</th>
<th scope="col">${t('colForInvoice')}</th>
</tr></thead>
<tbody>${rows.map(row)}</tbody>
</table></div>`;
}

function pagination(ctx: ViewContext, model: HistoryPageModel): SafeHtml | null {
  if (model.newestUrl === null && model.olderUrl === null) return null;
  return html`<nav class="pagination" aria-label="${ctx.t('pagination')}"><ul>
${model.newestUrl !== null && html`<li><a class="button button-secondary" href="${model.newestUrl}"><span aria-hidden="true">«</span> ${ctx.t('newestPage')}</a></li>`}
${model.olderUrl !== null && html`<li class="pagination-older"><a class="button button-secondary" href="${model.olderUrl}">${ctx.t('olderPage')} <span aria-hidden="true">›</span></a></li>`}
</ul></nav>`;
}

/**
 * The customer's history (R13): open invoices (amount due, due date, overdue time, pay slot), paid
 * invoices (total with "view calculation", date paid) and credit notes (with the invoice they credit),
 * newest first, one tab each, with keyset pagination links. Pure: everything comes from the model.
 */
export function renderHistoryPage(model: HistoryPageModel): string {
  const { chrome } = model;
  const t = portalTranslator(chrome.lang);
  const ctx: ViewContext = { t, format: displayFormat(chrome.locale, chrome.timeZone) };
  const business = chrome.branding.tradeName ?? chrome.branding.organizationName;
  let table: SafeHtml;
  if (model.tab === 'open') table = openInvoicesTable(ctx, model.invoices);
  else if (model.tab === 'paid') table = paidInvoicesTable(ctx, model.invoices);
  else table = creditNotesTable(ctx, model.creditNotes);
  const body = html`<div class="page-head">
<div class="page-head-text">
<h1>${t('historyTitle')}</h1>
<p class="lead">${t('historyIntro', { organization: business, customer: chrome.customerName })}</p>
</div>
</div>
${historyTabs(ctx, model)}
${table}
${pagination(ctx, model)}`;
  return renderPortalLayout({ chrome, title: t('historyTitle'), current: 'history', body });
}
