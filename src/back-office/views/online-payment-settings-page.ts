import { backOfficeTranslator } from '../../i18n/back-office-messages.ts';
import { displayFormat } from '../../web/display-format.ts';
import { html, type SafeHtml } from '../../web/html.ts';
import type { BackOfficeChrome, FieldError, PaymentSettings, ProviderSettings } from '../view-models.ts';
import { csrfField, errorSummary, notice } from './layout.ts';
import { renderSettingsLayout, settingsField, settingsPath } from './settings-layout.ts';

/** The connect forms' fields and their labels. */
export const PROVIDER_FIELD_LABELS = {
  secretKey: 'fieldStripeSecretKey',
  webhookSecret: 'fieldStripeWebhookSecret',
  apiKey: 'fieldMollieApiKey',
} as const;

export type PaymentSettingsNotice = 'connected' | 'disconnected';

export const paymentSettingsPaths = {
  connect: (provider: 'stripe' | 'mollie') => `${settingsPath('payments')}/${provider}`,
  disconnect: (accountId: string) => `${settingsPath('payments')}/accounts/${accountId}/disconnect`,
};

export interface OnlinePaymentSettingsView {
  chrome: BackOfficeChrome;
  settings: PaymentSettings;
  /** The amount the methods are listed for (100 in the default currency). */
  exampleAmount: { minor: number; currency: string };
  /** A refused connect form: which provider, what was typed (never echoed back for keys), why. */
  refused: { provider: 'stripe' | 'mollie'; errors: readonly FieldError[] } | null;
  notice: PaymentSettingsNotice | null;
}

function providerCard(view: OnlinePaymentSettingsView, p: ProviderSettings): SafeHtml {
  const t = backOfficeTranslator(view.chrome.lang);
  const format = displayFormat(view.chrome.locale, view.chrome.timeZone);
  const name = p.provider === 'stripe' ? t('providerStripe') : t('providerMollie');
  const errors = view.refused?.provider === p.provider ? view.refused.errors : [];
  const account = p.account;
  // Keys are never echoed back into a page, not even refused ones.
  const empty = {};
  const fields =
    p.provider === 'stripe'
      ? html`${settingsField({ name: 'secretKey', label: t('fieldStripeSecretKey'), hint: t('fieldStripeSecretKeyHint'), autocomplete: 'off' }, empty, errors)}
${settingsField({ name: 'webhookSecret', label: t('fieldStripeWebhookSecret'), hint: t('fieldStripeWebhookSecretHint'), autocomplete: 'off' }, empty, errors)}`
      : settingsField(
          {
            name: 'apiKey',
            label: t('fieldMollieApiKey'),
            hint: t('fieldMollieApiKeyHint'),
            autocomplete: 'off',
          },
          empty,
          errors,
        );
  return html`<section class="card" aria-labelledby="provider-${p.provider}-heading">
<h2 id="provider-${p.provider}-heading">${name}</h2>
${
  account === null
    ? html`<p class="muted">${t('providerNotConnected')}</p>`
    : html`<p><span class="badge badge-paid">${t('providerConnected', {
        account: account.accountName ?? name,
        mode: account.testMode ? t('modeTest') : t('modeLive'),
        date: format.date(account.connectedAt.toISOString().slice(0, 10)),
      })}</span></p>
${
  p.provider === 'stripe'
    ? html`<label for="webhook-url-${p.provider}">${t('webhookUrlLabel')}</label>
<p class="hint" id="webhook-url-${p.provider}-hint">${t('webhookUrlHint')}</p>
<div class="copy-field"><input id="webhook-url-${p.provider}" type="text" readonly value="${account.webhookUrl}" aria-describedby="webhook-url-${p.provider}-hint">
<button class="button button-secondary" type="button" data-copy="webhook-url-${p.provider}" data-copied="${t('linkCopied')}" hidden>${t('copyLink')}</button></div>
<p class="muted" id="webhook-url-${p.provider}-status" role="status" aria-live="polite"></p>`
    : html`<p class="hint">${t('mollieWebhookNote')}</p>`
}
<p>${account.lastEventAt ? t('eventsLastArrived', { when: format.dateTime(account.lastEventAt) }) : t('eventsNoneYet')}</p>`
}
${errorSummary(t, errors, 'settings')}
<form method="post" action="${paymentSettingsPaths.connect(p.provider)}" novalidate>
${csrfField(view.chrome)}
${fields}
<button class="button" type="submit">${account ? t('reconnectProvider') : t('connectProvider', { provider: name })}</button>
</form>
${
  account === null
    ? null
    : html`<form method="post" action="${paymentSettingsPaths.disconnect(account.id)}">${csrfField(view.chrome)}<p class="hint">${t('disconnectHint')}</p><button class="button button-secondary" type="submit">${t('disconnectProvider', { provider: name })}</button></form>`
}
</section>`;
}

/** Online payments (R15, R20): connect Stripe and Mollie, and the methods the portal will offer. */
export function renderOnlinePaymentSettingsPage(view: OnlinePaymentSettingsView): string {
  const t = backOfficeTranslator(view.chrome.lang);
  const format = displayFormat(view.chrome.locale, view.chrome.timeZone);
  const { options, isDemo } = view.settings;
  const NOTICES = { connected: t('providerConnectedNotice'), disconnected: t('providerDisconnectedNotice') };
  return renderSettingsLayout(
    view.chrome,
    'payments',
    html`${notice('success', view.notice ? NOTICES[view.notice] : null)}
<p class="hint">${t('paymentsIntro')}</p>
<section class="card" aria-labelledby="portal-methods-heading">
<h2 id="portal-methods-heading">${t('portalMethodsTitle')}</h2>
${
  options.methods.length === 0
    ? html`<p class="muted">${t('portalMethodsNone')}</p>`
    : html`<p>${t('portalMethodsBody', { amount: format.money(view.exampleAmount.minor, view.exampleAmount.currency) })}</p>
<ul class="methods">${options.methods.map((m) => html`<li><strong>${m.name}</strong> <span class="muted">· ${m.provider === 'demo' ? 'TEST' : m.provider === 'stripe' ? t('providerStripe') : t('providerMollie')}</span>${m.isBankTransfer ? html` <span class="muted">(${t('bankTransferNote')})</span>` : null}</li>`)}</ul>`
}
${options.unavailable ? html`<p class="notice notice-info">${t('portalMethodsUnavailable')}</p>` : null}
${isDemo ? html`<p class="hint">${t('demoProviderNote')}</p>` : null}
</section>
${view.settings.providers.map((p) => providerCard(view, p))}`,
  );
}
