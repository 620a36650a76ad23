import { formatIban } from '../../domain/index.ts';
import type { PortalMessageKey } from '../../i18n/portal-messages.ts';
import { portalTranslator } from '../../i18n/portal-messages.ts';
import { html, type SafeHtml } from '../../web/html.ts';
import type { PayPageModel } from '../view-models.ts';
import { icons, referenceFacts } from './components.ts';

/** Method ids of Stripe, Mollie and the demo provider whose names the portal says in every language. */
const METHOD_NAMES: Readonly<
  Record<
    string,
    Extract<PortalMessageKey, 'payMethodCard' | 'payMethodBankTransfer' | 'payMethodDirectDebit'>
  >
> = {
  card: 'payMethodCard',
  creditcard: 'payMethodCard',
  banktransfer: 'payMethodBankTransfer',
  customer_balance: 'payMethodBankTransfer',
  sepa_debit: 'payMethodDirectDebit',
  directdebit: 'payMethodDirectDebit',
};

import { displayFormat } from '../../web/display-format.ts';
import { renderPortalLayout } from './layout.ts';

/**
 * The pay page of an invoice (R15, R18, R19): the amount, the methods the business enabled (each with its
 * name and icon), and — coming back from the provider — where the payment stands. It never decides
 * anything: a payment is recorded only when the provider's notification has been checked. While the
 * provider has not answered yet, the page reloads itself (no script).
 */
export function renderPayPage(model: PayPageModel): string {
  const { chrome } = model;
  const t = portalTranslator(chrome.lang);
  const format = displayFormat(chrome.locale, chrome.timeZone);
  const amount = format.money(model.amountDueMinor, model.currency);
  const heading = t('payInvoiceNumber', { number: model.invoiceNumber });

  const notice = (): SafeHtml | null => {
    const n = model.notice;
    if (n === null) return null;
    const message = (() => {
      switch (n.kind) {
        case 'paid':
          return t('payStatusPaid', { amount: format.money(n.amountMinor ?? 0, model.currency) });
        case 'processing':
          return t('payStatusProcessing');
        case 'open':
          return t('payStatusOpen');
        case 'unfinished':
          return t('payStatusUnfinished');
        case 'still_waiting':
          return t('payStatusStillWaiting');
        case 'failed':
          return t('payStatusFailed');
        case 'canceled':
          return t('payStatusCanceled');
        case 'expired':
          return t('payStatusExpired');
        case 'unavailable':
        case 'provider_unavailable':
          return t('payProviderUnavailable');
        case 'unknown_method':
          return t('payUnknownMethod');
      }
    })();
    const good = n.kind === 'paid';
    const waiting =
      n.kind === 'processing' || n.kind === 'open' || n.kind === 'still_waiting' || n.kind === 'unfinished';
    const role = good || waiting ? 'status' : 'alert';
    return html`<div class="notice ${good ? 'notice-success' : waiting ? 'notice-info' : 'notice-error'}" role="${role}">${good ? icons.check : waiting ? null : icons.alert}<p>${message}${n.resumeUrl ? html` <a href="${n.resumeUrl}">${t('payResume')}</a>` : null}</p></div>`;
  };

  /** Well-known methods in the page's language; others as the provider names them. */
  const methodName = (m: { id: string; name: string }): string => {
    const key = METHOD_NAMES[m.id];
    return key ? t(key) : m.name;
  };

  const transfer = model.transfer;
  const transferCard =
    transfer === null
      ? null
      : html`<section class="card transfer" aria-labelledby="transfer-heading">
<h2 id="transfer-heading">${t('payTransferTitle')}</h2>
<p>${t('payTransferBody', { amount: format.money(transfer.amountMinor, model.currency), organization: chrome.branding.organizationName })}</p>
<dl class="facts facts-stacked">
<div><dt>${t('beneficiary')}</dt><dd>${transfer.beneficiary}</dd></div>
<div><dt>${t('iban')}</dt><dd class="mono">${formatIban(transfer.iban)}</dd></div>
${transfer.bic !== null && html`<div><dt>${t('bic')}</dt><dd class="mono">${transfer.bic}</dd></div>`}
${referenceFacts({ t, format }, transfer.reference)}
<div><dt>${t('amount')}</dt><dd class="strong">${format.money(transfer.amountMinor, model.currency)}</dd></div>
</dl>
</section>`;

  const choice = (): SafeHtml => {
    switch (model.state) {
      case 'nothing_due':
        return html`<p>${t('payNothingDue')}</p>`;
      case 'not_available':
        return html`<p>${t('payNotAvailable')}</p>`;
      case 'locked':
        return html`<div class="notice notice-error" role="alert">${icons.alert}<p>${t('payLocked', { time: format.dateTime(model.lockedUntil ?? new Date(0)) })}</p></div>`;
      case 'done':
        return html``;
      case 'choose':
        return html`<form method="post" action="${model.formAction}" class="pay-form">
<input type="hidden" name="_csrf" value="${model.csrfToken}">
<fieldset class="pay-methods">
<legend>${t('payChooseMethod')}</legend>
${model.methods.map(
  (m, index) => html`<label class="pay-method">
<input type="radio" name="method" value="${m.key}" required${index === 0 ? html` checked` : null}>
${m.iconUrl !== null ? html`<img src="${m.iconUrl}" alt="" width="32" height="24" class="pay-method-icon" referrerpolicy="no-referrer">` : html`<span class="pay-method-icon" aria-hidden="true">${icons.card}</span>`}
<span class="pay-method-name">${methodName(m)}</span>
</label>`,
)}
</fieldset>
<div class="form-actions"><button class="button button-primary" type="submit">${icons.card}<span>${t('payContinue')}</span></button></div>
</form>`;
    }
  };

  const body = html`<div class="page-head">
<div class="page-head-text"><h1>${heading}</h1></div>
<div class="page-actions"><a class="button button-secondary" href="${model.invoiceUrl}">${t('payBackToInvoice')}</a></div>
</div>
<div class="pay-layout">
${notice()}
<section class="card summary" aria-labelledby="pay-amount-heading">
<h2 id="pay-amount-heading" class="summary-label">${t('payAmountToPay')}</h2>
<p class="summary-amount">${amount}</p>
${choice()}
</section>
${transferCard}
</div>`;
  return renderPortalLayout({
    chrome,
    title: heading,
    current: 'invoice',
    body,
    ...(model.refreshUrl ? { refresh: { seconds: 4, url: model.refreshUrl } } : {}),
  });
}
