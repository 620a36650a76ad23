import type { BackOfficeTranslator } from '../../i18n/back-office-messages.ts';
import { backOfficeTranslator } from '../../i18n/back-office-messages.ts';
import { displayFormat } from '../../web/display-format.ts';
import { html, type SafeHtml } from '../../web/html.ts';
import type { BackOfficeChrome, FieldError } from '../view-models.ts';
import { csrfField, errorSummary } from './layout.ts';
import { renderSettingsLayout, settingsField, settingsPath } from './settings-layout.ts';

export const apiKeyPaths = {
  list: settingsPath('api-keys'),
  revoke: (id: string) => `${settingsPath('api-keys')}/${id}/revoke`,
};

/** The form's field and its label (the form's errors name it by this label). */
export const API_KEY_FIELD_LABELS = { name: 'fieldApiKeyName' } as const;

export interface ApiKeyItem {
  id: string;
  name: string;
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

export interface ApiKeysView {
  chrome: BackOfficeChrome;
  keys: readonly ApiKeyItem[];
  values: Readonly<Record<string, string>>;
  errors: readonly FieldError[];
  /** A key just made: shown in this answer only, never again. */
  created: { name: string; key: string } | null;
  revoked: boolean;
}

/**
 * A secret shown once (a new API key, a webhook signing secret): read-only, with a copy button when
 * scripts run, and said plainly that it will not be shown again. It is in this page only: never in a URL.
 */
export function oneTimeSecret(
  t: BackOfficeTranslator,
  input: { id: string; title: string; label: string; value: string },
): SafeHtml {
  return html`<section class="card notice-success" aria-labelledby="${input.id}-title">
<h2 id="${input.id}-title">${input.title}</h2>
<p><strong>${t('secretShownOnce')}</strong></p>
<label for="${input.id}">${input.label}</label>
<div class="copy-field"><input id="${input.id}" type="text" readonly value="${input.value}" autocomplete="off" spellcheck="false">
<button class="button button-secondary" type="button" data-copy="${input.id}" data-copied="${t('linkCopied')}" hidden>${t('copySecret')}</button></div>
<p class="muted" id="${input.id}-status" role="status" aria-live="polite"></p>
</section>`;
}

/** API keys: the list (never the keys), a new key shown once, revoking. */
export function renderApiKeysPage(view: ApiKeysView): string {
  const t = backOfficeTranslator(view.chrome.lang);
  const format = displayFormat(view.chrome.locale, view.chrome.timeZone);
  const time = (at: Date) => html`<time datetime="${at.toISOString()}">${format.dateTime(at)}</time>`;
  const rows = view.keys.map(
    (k) => html`<tr>
<th scope="row" data-label="${t('fieldApiKeyName')}">${k.name}</th>
<td data-label="${t('columnPrefix')}"><code>${k.prefix}…</code></td>
<td data-label="${t('columnCreated')}">${time(k.createdAt)}</td>
<td data-label="${t('columnLastUsed')}">${k.lastUsedAt ? time(k.lastUsedAt) : t('neverUsed')}</td>
<td data-label="${t('columnStatus')}">${
      k.revokedAt
        ? html`<span class="badge badge-neutral">${t('apiKeyRevokedOn', { date: format.dateTime(k.revokedAt) })}</span>`
        : html`<form method="post" action="${apiKeyPaths.revoke(k.id)}">${csrfField(view.chrome)}<button class="button button-danger" type="submit">${t('revokeApiKey', { name: k.name })}</button></form>`
    }</td>
</tr>`,
  );
  return renderSettingsLayout(
    view.chrome,
    'api-keys',
    html`${view.created ? oneTimeSecret(t, { id: 'new-api-key', title: t('apiKeyCreated', { name: view.created.name }), label: t('apiKeyLabel'), value: view.created.key }) : null}
<section class="card">
<p class="hint">${t('apiKeysIntro')}</p>
${
  view.keys.length === 0
    ? html`<p class="muted">${t('noApiKeys')}</p>`
    : html`<div class="table-wrap"><table class="responsive"><caption>${t('settingsApiKeys')}</caption>
<thead><tr><th scope="col">${t('fieldApiKeyName')}</th><th scope="col">${t('columnPrefix')}</th><th scope="col">${t('columnCreated')}</th><th scope="col">${t('columnLastUsed')}</th><th scope="col">${t('columnStatus')}</th></tr></thead>
<tbody>${rows}</tbody></table></div>
<p class="hint">${t('revokeApiKeyHint')}</p>`
}
</section>
<section class="card" aria-labelledby="new-api-key-form">
<h2 id="new-api-key-form">${t('newApiKeyTitle')}</h2>
${errorSummary(t, view.errors, 'settings')}
<form method="post" action="${apiKeyPaths.list}" novalidate>
${csrfField(view.chrome)}
${settingsField({ name: 'name', label: t('fieldApiKeyName'), hint: t('fieldApiKeyNameHint'), required: true, autocomplete: 'off' }, view.values, view.errors)}
<button class="button" type="submit">${t('createApiKey')}</button>
</form>
</section>`,
    view.revoked ? t('apiKeyRevoked') : null,
  );
}
