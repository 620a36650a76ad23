import { type BackOfficeTranslator, backOfficeTranslator } from '../../i18n/back-office-messages.ts';
import { displayFormat } from '../../web/display-format.ts';
import { html, type SafeHtml } from '../../web/html.ts';
import type { BackOfficeChrome, HomeFigures } from '../view-models.ts';
import { isFailureEvent } from './components.ts';
import { adminPaths, renderBackOfficeLayout } from './layout.ts';

const ACTIVITY_KEYS = {
  'invoice.viewed': 'activityViewed',
  'invoice.commented': 'activityCommented',
  'invoice.payment_received': 'activityPaymentReceived',
  'invoice.payment_recorded': 'activityPaymentRecorded',
  'invoice.payment_failed': 'activityPaymentFailed',
  'invoice.email_failed': 'activityEmailFailed',
} as const;

function activityText(t: BackOfficeTranslator, action: keyof typeof ACTIVITY_KEYS, number: string): string {
  return t(ACTIVITY_KEYS[action], { number });
}

/**
 * The home page: per currency what is outstanding and overdue (principal: total − paid − credited; fees
 * and interest show on each invoice), the invoices due this week, and recent activity, each linking to
 * its invoice.
 */
export function renderHomePage(view: { chrome: BackOfficeChrome; figures: HomeFigures }): string {
  const t = backOfficeTranslator(view.chrome.lang);
  const format = displayFormat(view.chrome.locale, view.chrome.timeZone);
  const { figures } = view;
  const link = (status: string) => `${adminPaths.invoices}?status=${status}`;
  const totals: SafeHtml =
    figures.currencies.length === 0
      ? html`<section class="card"><h2>${t('outstanding')}</h2><p class="muted">${t('nothingOutstanding')}</p></section>`
      : html`${figures.currencies.map(
          (c) => html`<section class="card" aria-labelledby="${`figures-${c.currency}`}">
<h2 id="${`figures-${c.currency}`}" class="visually-hidden">${c.currency}</h2>
<div class="grid grid-2">
<div><p class="muted">${t('outstanding')}</p><p class="figure">${format.money(c.outstandingMinor, c.currency)}</p>
<p><a href="${link('open')}">${t('openInvoicesCount', { count: c.openCount })}</a></p></div>
<div><p class="muted">${t('overdue')}</p><p class="figure">${format.money(c.overdueMinor, c.currency)}</p>
<p>${c.overdueCount > 0 ? html`<a href="${link('overdue')}">${t('overdueInvoicesCount', { count: c.overdueCount })}</a>` : t('nothingOverdue')}</p></div>
</div></section>`,
        )}`;
  const due =
    figures.dueThisWeek.length === 0
      ? html`<p class="muted">${t('nothingDueThisWeek')}</p>`
      : html`<ul class="figures">${figures.dueThisWeek.map(
          (i) =>
            html`<li><span><a href="${adminPaths.invoice(i.id)}">${i.number}</a> · ${i.customerName} · ${format.date(i.dueDate)}</span><span>${format.money(i.principalOutstandingMinor, i.currency)}</span></li>`,
        )}</ul>`;
  const activity =
    figures.activity.length === 0
      ? html`<p class="muted">${t('noActivity')}</p>`
      : html`<ol class="timeline">${figures.activity.map(
          (
            a,
          ) => html`<li${isFailureEvent(a.action) ? html` class="failed"` : null}><a href="${adminPaths.invoice(a.invoiceId)}">${activityText(t, a.action, a.invoiceNumber)}</a>
<time datetime="${a.at.toISOString()}">${format.dateTime(a.at)}</time></li>`,
        )}</ol>`;
  return renderBackOfficeLayout(
    view.chrome,
    t('homeTitle'),
    html`<div class="page-head"><h1>${t('homeTitle')}</h1>
<div class="actions"><a class="button" href="${`${adminPaths.invoices}/new`}">${t('newInvoice')}</a><a class="button button-secondary" href="${`${adminPaths.customers}/new`}">${t('newCustomer')}</a></div></div>
<div class="stack">${totals}</div>
<div class="grid grid-2 home-lists">
<section class="card" aria-labelledby="due-heading"><h2 id="due-heading">${t('dueThisWeek')}</h2>${due}</section>
<section class="card" aria-labelledby="activity-heading"><h2 id="activity-heading">${t('recentActivity')}</h2>${activity}</section>
</div>`,
  );
}
