import type { InvoiceListRow } from '../../db/repositories/invoice-search.repository.ts';
import { INVOICE_STATUSES, type InvoiceStatus, invoiceStatus } from '../../domain/index.ts';
import { backOfficeTranslator } from '../../i18n/back-office-messages.ts';
import { displayFormat } from '../../web/display-format.ts';
import { html } from '../../web/html.ts';
import type { BackOfficeChrome } from '../view-models.ts';
import { statusBadge, statusLabel } from './components.ts';
import { adminPaths, renderBackOfficeLayout } from './layout.ts';

/** The invoice list: search, a status filter, newest first, keyset pages. */
export function renderInvoiceListPage(view: {
  chrome: BackOfficeChrome;
  search: string;
  status: InvoiceStatus | null;
  rows: readonly InvoiceListRow[];
  nextUrl: string | null;
  firstUrl: string | null;
}): string {
  const t = backOfficeTranslator(view.chrome.lang);
  const format = displayFormat(view.chrome.locale, view.chrome.timeZone);
  const rows = view.rows.map((r) => {
    const status = invoiceStatus(r.state, r.status === 'draft' ? null : r.status);
    return html`<tr>
<th scope="row" data-label="${t('columnNumber')}"><a href="${adminPaths.invoice(r.id)}">${r.number}</a></th>
<td data-label="${t('columnCustomer')}"><a href="${adminPaths.customer(r.customerId)}">${r.customerName}</a></td>
<td data-label="${t('columnIssueDate')}">${format.date(r.issueDate)}</td>
<td data-label="${t('columnDueDate')}">${format.date(r.dueDate)}</td>
<td class="num" data-label="${t('columnTotal')}">${format.money(r.totalMinor, r.currency)}</td>
<td class="num" data-label="${t('columnAmountDue')}">${format.money(r.principalOutstandingMinor, r.currency)}</td>
<td data-label="${t('columnStatus')}">${statusBadge(t, status)}</td>
</tr>`;
  });
  return renderBackOfficeLayout(
    view.chrome,
    t('invoicesTitle'),
    html`<div class="page-head"><h1>${t('invoicesTitle')}</h1>
<a class="button" href="${`${adminPaths.invoices}/new`}">${t('newInvoice')}</a></div>
<form class="inline card" method="get" action="${adminPaths.invoices}" role="search">
<div class="field"><label for="invoice-search">${t('searchLabel')}</label>
<input id="invoice-search" name="q" type="search" value="${view.search}" maxlength="100"></div>
<div class="field"><label for="invoice-status">${t('statusFilterLabel')}</label>
<select id="invoice-status" name="status"><option value="">${t('filterAll')}</option>
${INVOICE_STATUSES.map((s) => html`<option value="${s}"${s === view.status ? html` selected` : null}>${statusLabel(t, s)}</option>`)}
</select></div>
<button class="button button-secondary" type="submit">${t('filterApply')}</button>
</form>
${
  view.rows.length === 0
    ? html`<p class="card muted">${t('noInvoicesFound')}</p>`
    : html`<div class="table-wrap"><table class="responsive"><caption>${t('invoiceListCaption')}</caption>
<thead><tr><th scope="col">${t('columnNumber')}</th><th scope="col">${t('columnCustomer')}</th><th scope="col">${t('columnIssueDate')}</th><th scope="col">${t('columnDueDate')}</th><th scope="col" class="num">${t('columnTotal')}</th><th scope="col" class="num">${t('columnAmountDue')}</th><th scope="col">${t('columnStatus')}</th></tr></thead>
<tbody>${rows}</tbody></table></div>`
}
<nav class="pager" aria-label="${t('pagesOf', { what: t('invoicesTitle') })}">
${view.firstUrl ? html`<a href="${view.firstUrl}">${t('firstPage')}</a>` : html`<span></span>`}
${view.nextUrl ? html`<a href="${view.nextUrl}" rel="next">${t('nextPage')}</a>` : null}
</nav>`,
  );
}
