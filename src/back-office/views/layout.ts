import { type BackOfficeTranslator, backOfficeTranslator } from '../../i18n/back-office-messages.ts';
import { html, renderDocument, type SafeHtml } from '../../web/html.ts';
import type { BackOfficeChrome, FieldError, PublicChrome } from '../view-models.ts';

export const BACK_OFFICE_STYLESHEET = '/admin/assets/back-office.css';
export const BACK_OFFICE_SCRIPT = '/admin/assets/back-office.js';

/** `/admin` paths, one place (the route table registers the same shapes). */
export const adminPaths = {
  home: '/admin',
  signIn: '/admin/sign-in',
  signOut: '/admin/sign-out',
  signOutEverywhere: '/admin/sign-out-everywhere',
  invoices: '/admin/invoices',
  invoice: (id: string) => `/admin/invoices/${id}`,
  customers: '/admin/customers',
  customer: (id: string) => `/admin/customers/${id}`,
  comments: '/admin/comments',
  settings: '/admin/settings/company',
};

function head(title: string): SafeHtml {
  return html`<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>${title}</title>
<link rel="stylesheet" href="${BACK_OFFICE_STYLESHEET}">
<script src="${BACK_OFFICE_SCRIPT}" defer></script>
</head>`;
}

/** The hidden CSRF field every signed-in form carries. */
export function csrfField(chrome: BackOfficeChrome): SafeHtml {
  return html`<input type="hidden" name="_csrf" value="${chrome.csrfToken}">`;
}

function navigation(chrome: BackOfficeChrome, t: BackOfficeTranslator): SafeHtml {
  const item = (section: BackOfficeChrome['section'], href: string, label: string, extra: SafeHtml | null) =>
    html`<li><a href="${href}"${section === chrome.section ? html` aria-current="page"` : null}>${label}${extra}</a></li>`;
  const unread =
    chrome.unreadComments !== null && chrome.unreadComments > 0
      ? html`<span class="count"><span aria-hidden="true">${chrome.unreadComments}</span><span class="visually-hidden">${t('unreadCount', { count: chrome.unreadComments })}</span></span>`
      : null;
  return html`<nav class="mainnav" aria-label="${t('mainNavigation')}"><ul>
${item('home', adminPaths.home, t('navHome'), null)}
${item('invoices', adminPaths.invoices, t('navInvoices'), null)}
${item('customers', adminPaths.customers, t('navCustomers'), null)}
${item('comments', adminPaths.comments, t('navComments'), unread)}
${item('settings', adminPaths.settings, t('navSettings'), null)}
</ul></nav>`;
}

/** A signed-in page: the header with the navigation and the account's forms, then the content. */
export function renderBackOfficeLayout(chrome: BackOfficeChrome, title: string, content: SafeHtml): string {
  const t = backOfficeTranslator(chrome.lang);
  return renderDocument(html`<html lang="${chrome.lang}">
${head(`${title} · ${chrome.organizationName}`)}
<body>
<a class="skip-link" href="#main">${t('skipToContent')}</a>
<header class="topbar"><div class="topbar-inner">
<a class="product" href="${adminPaths.home}">${chrome.organizationName}<small>${t('backOffice')}</small></a>
${navigation(chrome, t)}
<div class="account">
<span>${t('signedInAs', { name: chrome.adminName })}</span>
<form method="post" action="${adminPaths.signOut}">${csrfField(chrome)}<button class="link-button" type="submit">${t('signOut')}</button></form>
</div>
</div></header>
<main id="main" tabindex="-1">
${content}
</main>
</body>
</html>`);
}

/** A page before sign-in (sign-in, its confirmations, refusals). */
export function renderPublicLayout(chrome: PublicChrome, title: string, content: SafeHtml): string {
  const t = backOfficeTranslator(chrome.lang);
  return renderDocument(html`<html lang="${chrome.lang}">
${head(`${title} · ${t('backOffice')}`)}
<body>
<a class="skip-link" href="#main">${t('skipToContent')}</a>
<header class="topbar"><div class="topbar-inner"><span class="product">${t('backOffice')}</span></div></header>
<main id="main" tabindex="-1">
<div class="narrow">${content}</div>
</main>
</body>
</html>`);
}

/** A success or information line above the content (after a post-redirect-get). */
export function notice(kind: 'success' | 'info', text: string | null): SafeHtml | null {
  if (text === null) return null;
  return html`<p class="notice notice-${kind}" role="status">${text}</p>`;
}

/** The summary of a form's errors, each linking to its field (GOV.UK's pattern, read first by screen readers). */
export function errorSummary(
  t: BackOfficeTranslator,
  errors: readonly FieldError[],
  idPrefix: string,
): SafeHtml | null {
  if (errors.length === 0) return null;
  return html`<div class="notice notice-error" role="alert"><h2>${t('errorSummaryTitle')}</h2><ul>
${errors.map((e) => html`<li><a href="#${idPrefix}-${e.field}">${e.message}</a></li>`)}
</ul></div>`;
}

/** The error of one field, or null. */
export function errorOf(errors: readonly FieldError[], field: string): FieldError | null {
  return errors.find((e) => e.field === field) ?? null;
}

/** A labelled input with its hint and its error next to it. */
export function textField(input: {
  id: string;
  name: string;
  label: string;
  value: string;
  type?: 'text' | 'email' | 'date' | 'search';
  hint?: string | null;
  error: FieldError | null;
  required?: boolean;
  autocomplete?: string;
  inputmode?: 'decimal' | 'email' | 'text';
}): SafeHtml {
  const hintId = input.hint ? `${input.id}-hint` : null;
  const errorId = input.error ? `${input.id}-error` : null;
  const described = [hintId, errorId].filter((x) => x !== null).join(' ');
  return html`<div class="field${input.error ? ' has-error' : ''}">
<label for="${input.id}">${input.label}</label>
${input.hint ? html`<p class="hint" id="${hintId ?? ''}">${input.hint}</p>` : null}
${input.error ? html`<p class="field-error" id="${errorId ?? ''}">${input.error.message}</p>` : null}
<input id="${input.id}" name="${input.name}" type="${input.type ?? 'text'}" value="${input.value}"${input.required ? html` required` : null}${input.autocomplete ? html` autocomplete="${input.autocomplete}"` : null}${input.inputmode ? html` inputmode="${input.inputmode}"` : null}${described ? html` aria-describedby="${described}"` : null}${input.error ? html` aria-invalid="true"` : null}>
</div>`;
}
