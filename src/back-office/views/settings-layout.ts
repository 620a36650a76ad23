import { type BackOfficeMessageKey, backOfficeTranslator } from '../../i18n/back-office-messages.ts';
import { html, type SafeHtml } from '../../web/html.ts';
import type { BackOfficeChrome, FieldError } from '../view-models.ts';
import { errorOf, notice, renderBackOfficeLayout } from './layout.ts';

/** The settings pages, in the order of their navigation (issue 12 adds them one by one). */
export const SETTINGS_PAGES = [
  'company',
  'branding',
  'bank',
  'late-fees',
  'payments',
  'email',
  'api-keys',
  'webhooks',
  'outbox',
  'admins',
  'account',
] as const;
export type SettingsPage = (typeof SETTINGS_PAGES)[number];

const PAGE_KEYS = {
  company: 'settingsCompany',
  branding: 'settingsBranding',
  bank: 'settingsBank',
  'late-fees': 'settingsLateFees',
  payments: 'settingsPayments',
  email: 'settingsEmail',
  'api-keys': 'settingsApiKeys',
  webhooks: 'settingsWebhooks',
  outbox: 'settingsOutbox',
  admins: 'settingsAdmins',
  account: 'settingsAccount',
} as const satisfies Record<SettingsPage, BackOfficeMessageKey>;

/** `/admin/settings/<page>`. */
export const settingsPath = (page: SettingsPage): string => `/admin/settings/${page}`;

/**
 * A settings page: the settings navigation beside the page's own content. A page under one of the list's
 * (an endpoint, an e-mail) gives its own `heading`; the navigation marks the list's page.
 */
export function renderSettingsLayout(
  chrome: BackOfficeChrome,
  current: SettingsPage,
  content: SafeHtml,
  savedNotice: string | null = null,
  heading: string | null = null,
): string {
  const t = backOfficeTranslator(chrome.lang);
  const title = heading ?? t(PAGE_KEYS[current]);
  return renderBackOfficeLayout(
    chrome,
    `${title} · ${t('navSettings')}`,
    html`<div class="page-head"><h1>${title}</h1></div>
${notice('success', savedNotice)}
<div class="settings">
<nav class="subnav" aria-label="${t('settingsNavigation')}"><ul>
${SETTINGS_PAGES.map((page) => html`<li><a href="${settingsPath(page)}"${page === current ? html` aria-current="${heading === null ? 'page' : 'true'}"` : null}>${t(PAGE_KEYS[page])}</a></li>`)}
</ul></nav>
<div class="stack">${content}</div>
</div>`,
  );
}

/** One field of a settings form. */
export interface SettingsField {
  name: string;
  label: string;
  hint?: string;
  type?: 'text' | 'email' | 'url' | 'tel' | 'color' | 'select' | 'checkbox' | 'textarea';
  /** For `select`: the values and their labels. */
  options?: readonly { value: string; label: string }[];
  autocomplete?: string;
  inputmode?: 'decimal' | 'numeric';
  required?: boolean;
}

/**
 * A settings field with its label, hint and error, named `settings-<name>` (the error summary links there).
 * A checkbox posts `1` when checked and nothing when not.
 */
export function settingsField(
  field: SettingsField,
  values: Readonly<Record<string, string>>,
  errors: readonly FieldError[],
): SafeHtml {
  const id = `settings-${field.name}`;
  const error = errorOf(errors, field.name);
  const value = values[field.name] ?? '';
  const hintId = field.hint ? `${id}-hint` : null;
  const errorId = error ? `${id}-error` : null;
  const described = [hintId, errorId].filter((x) => x !== null).join(' ');
  const aria = html`${described ? html` aria-describedby="${described}"` : null}${error ? html` aria-invalid="true"` : null}`;
  const hint = field.hint ? html`<p class="hint" id="${hintId ?? ''}">${field.hint}</p>` : null;
  const message = error ? html`<p class="field-error" id="${errorId ?? ''}">${error.message}</p>` : null;
  if (field.type === 'checkbox') {
    return html`<div class="field${error ? ' has-error' : ''}">${message}<label class="checkbox"><input id="${id}" type="checkbox" name="${field.name}" value="1"${value === '1' ? html` checked` : null}${aria}> ${field.label}</label>${hint}</div>`;
  }
  let control: SafeHtml;
  if (field.type === 'select') {
    control = html`<select id="${id}" name="${field.name}"${aria}>${(field.options ?? []).map((o) => html`<option value="${o.value}"${o.value === value ? html` selected` : null}>${o.label}</option>`)}</select>`;
  } else if (field.type === 'textarea') {
    control = html`<textarea id="${id}" name="${field.name}" rows="4"${aria}>${value}</textarea>`;
  } else {
    control = html`<input id="${id}" name="${field.name}" type="${field.type ?? 'text'}" value="${value}"${field.required ? html` required` : null}${field.autocomplete ? html` autocomplete="${field.autocomplete}"` : null}${field.inputmode ? html` inputmode="${field.inputmode}"` : null}${aria}>`;
  }
  return html`<div class="field${error ? ' has-error' : ''}"><label for="${id}">${field.label}</label>
${hint}
${message}
${control}</div>`;
}
