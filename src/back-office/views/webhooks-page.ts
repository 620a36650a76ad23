import {
  type BackOfficeMessageKey,
  type BackOfficeTranslator,
  backOfficeTranslator,
} from '../../i18n/back-office-messages.ts';
import { displayFormat } from '../../web/display-format.ts';
import { html, type SafeHtml } from '../../web/html.ts';
import type { BackOfficeChrome, FieldError } from '../view-models.ts';
import { oneTimeSecret } from './api-keys-page.ts';
import { csrfField, errorOf, errorSummary } from './layout.ts';
import { renderSettingsLayout, settingsField, settingsPath } from './settings-layout.ts';

export const webhookPaths = {
  list: settingsPath('webhooks'),
  endpoint: (id: string) => `${settingsPath('webhooks')}/${id}`,
  rotate: (id: string) => `${settingsPath('webhooks')}/${id}/rotate-secret`,
  remove: (id: string) => `${settingsPath('webhooks')}/${id}/delete`,
  redeliver: (deliveryId: string) => `${settingsPath('webhooks')}/deliveries/${deliveryId}/redeliver`,
};

/** The endpoint form's fields and their labels (the form's errors name fields by these labels). */
export const WEBHOOK_FIELD_LABELS = {
  url: 'fieldWebhookUrl',
  events: 'fieldWebhookEvents',
  description: 'fieldWebhookDescription',
  enabled: 'fieldWebhookEnabled',
} as const satisfies Record<string, BackOfficeMessageKey>;

/** What each event type means (the types themselves, from the API's list, are shown as they are). */
const EVENT_KEYS: Readonly<Record<string, Extract<BackOfficeMessageKey, `webhookEvent${string}`>>> = {
  'invoice.sent': 'webhookEventInvoiceSent',
  'invoice.viewed': 'webhookEventInvoiceViewed',
  'comment.created': 'webhookEventCommentCreated',
  'invoice.paid': 'webhookEventInvoicePaid',
  'payment.refunded': 'webhookEventPaymentRefunded',
};

const DELIVERY_STATUS_KEYS = {
  pending: 'deliveryPending',
  delivered: 'deliveryDelivered',
  failed: 'deliveryFailed',
} as const satisfies Record<string, BackOfficeMessageKey>;

export interface WebhookEndpointItem {
  id: string;
  url: string;
  description: string | null;
  events: readonly string[];
  enabled: boolean;
}

export interface WebhookDeliveryItem {
  id: string;
  eventId: string;
  eventType: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  createdAt: Date;
  lastAttemptAt: Date | null;
  deliveredAt: Date | null;
}

/** A form's state: the events offered (the API's list), the text fields as typed, the events ticked, the errors. */
export interface WebhookForm {
  eventTypes: readonly string[];
  values: Readonly<Record<string, string>>;
  events: readonly string[];
  errors: readonly FieldError[];
}

/** The events as checkboxes in a fieldset; the first box carries the id the error summary links to. */
function eventsFieldset(t: BackOfficeTranslator, form: WebhookForm): SafeHtml {
  const error = errorOf(form.errors, 'events');
  return html`<fieldset class="field${error ? ' has-error' : ''}"${error ? html` aria-describedby="settings-events-error"` : null}><legend>${t('fieldWebhookEvents')}</legend>
${error ? html`<p class="field-error" id="settings-events-error">${error.message}</p>` : null}
${form.eventTypes.map((type, index) => {
  const key = Object.hasOwn(EVENT_KEYS, type) ? EVENT_KEYS[type] : undefined;
  return html`<label class="checkbox"><input id="${index === 0 ? 'settings-events' : `settings-events-${index}`}" type="checkbox" name="events" value="${type}"${form.events.includes(type) ? html` checked` : null}> <code>${type}</code>${key ? html` · ${t(key)}` : null}</label>`;
})}
</fieldset>`;
}

function endpointFields(t: BackOfficeTranslator, form: WebhookForm, withEnabled: boolean): SafeHtml {
  return html`${settingsField({ name: 'url', label: t('fieldWebhookUrl'), hint: t('fieldWebhookUrlHint'), type: 'url', required: true, autocomplete: 'off' }, form.values, form.errors)}
${settingsField({ name: 'description', label: t('fieldWebhookDescription') }, form.values, form.errors)}
${eventsFieldset(t, form)}
${withEnabled ? settingsField({ name: 'enabled', label: t('fieldWebhookEnabled'), type: 'checkbox' }, form.values, form.errors) : null}`;
}

const enabledBadge = (t: BackOfficeTranslator, enabled: boolean) =>
  enabled
    ? html`<span class="badge badge-paid">${t('endpointEnabled')}</span>`
    : html`<span class="badge badge-neutral">${t('endpointDisabled')}</span>`;

/** Webhooks: the endpoints, and a form to add one. */
export function renderWebhooksPage(view: {
  chrome: BackOfficeChrome;
  endpoints: readonly WebhookEndpointItem[];
  form: WebhookForm;
  deleted: boolean;
}): string {
  const t = backOfficeTranslator(view.chrome.lang);
  const rows = view.endpoints.map(
    (e) => html`<tr>
<th scope="row" data-label="${t('fieldWebhookUrl')}"><a class="break" href="${webhookPaths.endpoint(e.id)}">${e.url}</a>${e.description ? html`<br><span class="muted">${e.description}</span>` : null}</th>
<td data-label="${t('fieldWebhookEvents')}">${e.events.join(', ')}</td>
<td data-label="${t('columnStatus')}">${enabledBadge(t, e.enabled)}</td>
</tr>`,
  );
  return renderSettingsLayout(
    view.chrome,
    'webhooks',
    html`<section class="card">
<p class="hint">${t('webhooksIntro')}</p>
${
  view.endpoints.length === 0
    ? html`<p class="muted">${t('noWebhooks')}</p>`
    : html`<div class="table-wrap"><table class="responsive"><caption>${t('settingsWebhooks')}</caption>
<thead><tr><th scope="col">${t('fieldWebhookUrl')}</th><th scope="col">${t('fieldWebhookEvents')}</th><th scope="col">${t('columnStatus')}</th></tr></thead>
<tbody>${rows}</tbody></table></div>`
}
</section>
<section class="card" aria-labelledby="new-webhook">
<h2 id="new-webhook">${t('newWebhookTitle')}</h2>
${errorSummary(t, view.form.errors, 'settings')}
<form method="post" action="${webhookPaths.list}" novalidate>
${csrfField(view.chrome)}
${endpointFields(t, view.form, false)}
<button class="button" type="submit">${t('addWebhook')}</button>
</form>
</section>`,
    view.deleted ? t('webhookDeleted') : null,
  );
}

export type WebhookNotice = 'created' | 'saved' | 'rotated' | 'redelivered';
const NOTICE_KEYS = {
  created: 'webhookCreated',
  saved: 'webhookSaved',
  rotated: 'secretRotated',
  redelivered: 'redelivered',
} as const satisfies Record<WebhookNotice, BackOfficeMessageKey>;
export const isWebhookNotice = (value: unknown): value is WebhookNotice =>
  typeof value === 'string' && Object.hasOwn(NOTICE_KEYS, value);

/** One endpoint: its settings, its signing secret (a new one shown once), deleting it, its delivery log. */
export function renderWebhookEndpointPage(view: {
  chrome: BackOfficeChrome;
  endpoint: WebhookEndpointItem;
  form: WebhookForm;
  /** A secret just made (the endpoint added, or the secret replaced): in this answer only. */
  secret: string | null;
  notice: WebhookNotice | null;
  /** A refused redelivery, in the admin's words. */
  failure: string | null;
  deliveries: readonly WebhookDeliveryItem[];
  nextUrl: string | null;
  firstUrl: string | null;
}): string {
  const t = backOfficeTranslator(view.chrome.lang);
  const format = displayFormat(view.chrome.locale, view.chrome.timeZone);
  const time = (at: Date | null) =>
    at ? html`<time datetime="${at.toISOString()}">${format.dateTime(at)}</time>` : html`—`;
  const { endpoint } = view;
  const rows = view.deliveries.map(
    (d) => html`<tr>
<th scope="row" data-label="${t('columnEvent')}"><code>${d.eventType}</code><br><small class="muted break">${d.eventId}</small></th>
<td data-label="${t('columnStatus')}"><span class="badge badge-${d.status}">${t(DELIVERY_STATUS_KEYS[d.status])}</span></td>
<td class="num" data-label="${t('columnAttempts')}">${d.attempts}</td>
<td data-label="${t('columnResponse')}">${d.lastStatusCode ?? '—'}${d.lastError ? html`<br><small class="break">${d.lastError}</small>` : null}</td>
<td data-label="${t('columnTimes')}"><small>${t('deliveryCreatedAt')} ${time(d.createdAt)}<br>${t('deliveryLastAttemptAt')} ${time(d.lastAttemptAt)}${d.deliveredAt ? html`<br>${t('deliveryDeliveredAt')} ${time(d.deliveredAt)}` : null}</small></td>
<td>${
      d.status === 'pending'
        ? null
        : html`<form method="post" action="${webhookPaths.redeliver(d.id)}">${csrfField(view.chrome)}<button class="button button-secondary" type="submit">${t('redeliver')}<span class="visually-hidden"> · ${d.eventType} · ${format.dateTime(d.createdAt)}</span></button></form>`
    }</td>
</tr>`,
  );
  return renderSettingsLayout(
    view.chrome,
    'webhooks',
    html`<p><a href="${webhookPaths.list}">${t('backToWebhooks')}</a></p>
${view.secret ? oneTimeSecret(t, { id: 'webhook-secret', title: t('webhookSecretTitle'), label: t('webhookSecretLabel'), value: view.secret }) : null}
${view.failure ? html`<div class="notice notice-error" role="alert"><p>${view.failure}</p></div>` : null}
<section class="card" aria-labelledby="endpoint-settings">
<h2 id="endpoint-settings">${t('endpointSettingsTitle')} ${enabledBadge(t, endpoint.enabled)}</h2>
${errorSummary(t, view.form.errors, 'settings')}
<form method="post" action="${webhookPaths.endpoint(endpoint.id)}" novalidate>
${csrfField(view.chrome)}
${endpointFields(t, view.form, true)}
<button class="button" type="submit">${t('saveSettings')}</button>
</form>
</section>
<section class="card" aria-labelledby="deliveries">
<h2 id="deliveries">${t('deliveriesTitle')}</h2>
${
  view.deliveries.length === 0
    ? html`<p class="muted">${t('noDeliveries')}</p>`
    : html`<div class="table-wrap"><table class="responsive"><caption>${t('deliveriesCaption')}</caption>
<thead><tr><th scope="col">${t('columnEvent')}</th><th scope="col">${t('columnStatus')}</th><th scope="col" class="num">${t('columnAttempts')}</th><th scope="col">${t('columnResponse')}</th><th scope="col">${t('columnTimes')}</th><th scope="col"><span class="visually-hidden">${t('redeliver')}</span></th></tr></thead>
<tbody>${rows}</tbody></table></div>`
}
<nav class="pager" aria-label="${t('pagesOf', { what: t('deliveriesTitle') })}">
${view.firstUrl ? html`<a href="${view.firstUrl}">${t('firstPage')}</a>` : html`<span></span>`}
${view.nextUrl ? html`<a href="${view.nextUrl}" rel="next">${t('nextPage')}</a>` : null}
</nav>
</section>
<section class="card" aria-labelledby="endpoint-secret">
<h2 id="endpoint-secret">${t('webhookSecretLabel')}</h2>
<p class="hint">${t('rotateSecretHint')}</p>
<form method="post" action="${webhookPaths.rotate(endpoint.id)}">${csrfField(view.chrome)}<button class="button button-secondary" type="submit">${t('rotateSecret')}</button></form>
</section>
<section class="card" aria-labelledby="endpoint-delete">
<h2 id="endpoint-delete">${t('deleteWebhookTitle')}</h2>
<p class="hint">${t('deleteWebhookHint')}</p>
<form method="post" action="${webhookPaths.remove(endpoint.id)}">${csrfField(view.chrome)}<button class="button button-danger" type="submit">${t('deleteWebhook')}</button></form>
</section>`,
    view.notice ? t(NOTICE_KEYS[view.notice]) : null,
    endpoint.url,
  );
}
