import { LANGS } from '../../core/lang.ts';
import { type BackOfficeTranslator, backOfficeTranslator } from '../../i18n/back-office-messages.ts';
import { PORTAL_LANGUAGE_NAMES } from '../../i18n/portal-messages.ts';
import { displayFormat } from '../../web/display-format.ts';
import { html, type SafeHtml } from '../../web/html.ts';
import type {
  BackOfficeChrome,
  CustomerCreditNoteItem,
  CustomerInvoiceItem,
  CustomerListItem,
  FieldError,
} from '../view-models.ts';
import { statusBadge } from './components.ts';
import type { FormState } from './invoice-page.ts';
import {
  adminPaths,
  csrfField,
  errorOf,
  errorSummary,
  notice,
  renderBackOfficeLayout,
  textField,
} from './layout.ts';
import { creditNotePaths } from './new-credit-note-page.ts';

export const customerPaths = {
  newCustomer: `${adminPaths.customers}/new`,
  rotate: (id: string) => `${adminPaths.customer(id)}/portal-link/rotate`,
  revoke: (id: string) => `${adminPaths.customer(id)}/portal-link/revoke`,
};

export type CustomerNotice = 'customerCreated' | 'customerSaved' | 'linkRotated' | 'linkRevoked';
const NOTICES = {
  customerCreated: 'customerCreated',
  customerSaved: 'customerSaved',
  linkRotated: 'linkRotated',
  linkRevoked: 'linkRevoked',
} as const;
export const isCustomerNotice = (value: unknown): value is CustomerNotice =>
  typeof value === 'string' && Object.hasOwn(NOTICES, value);

/** The customer list: search by name, keyset pages. */
export function renderCustomerListPage(view: {
  chrome: BackOfficeChrome;
  search: string;
  customers: readonly CustomerListItem[];
  nextUrl: string | null;
  firstUrl: string | null;
}): string {
  const t = backOfficeTranslator(view.chrome.lang);
  const rows = view.customers.map(
    (c) => html`<tr>
<th scope="row" data-label="${t('columnName')}"><a href="${adminPaths.customer(c.id)}">${c.name}</a></th>
<td data-label="${t('fieldKind')}">${c.kind === 'company' ? t('kindCompany') : t('kindPerson')}</td>
<td data-label="${t('columnEmail')}">${c.email ?? '—'}</td>
<td data-label="${t('columnLanguage')}">${PORTAL_LANGUAGE_NAMES[c.language as keyof typeof PORTAL_LANGUAGE_NAMES] ?? c.language}</td>
</tr>`,
  );
  return renderBackOfficeLayout(
    view.chrome,
    t('customersTitle'),
    html`<div class="page-head"><h1>${t('customersTitle')}</h1>
<a class="button" href="${customerPaths.newCustomer}">${t('newCustomer')}</a></div>
<form class="inline card" method="get" action="${adminPaths.customers}" role="search">
<div class="field"><label for="customer-search">${t('customerSearchLabel')}</label>
<input id="customer-search" name="q" type="search" value="${view.search}" maxlength="100"></div>
<button class="button button-secondary" type="submit">${t('filterApply')}</button>
</form>
${
  view.customers.length === 0
    ? html`<p class="card muted">${t('noCustomersFound')}</p>`
    : html`<div class="table-wrap"><table class="responsive"><caption>${t('customerListCaption')}</caption>
<thead><tr><th scope="col">${t('columnName')}</th><th scope="col">${t('fieldKind')}</th><th scope="col">${t('columnEmail')}</th><th scope="col">${t('columnLanguage')}</th></tr></thead>
<tbody>${rows}</tbody></table></div>`
}
<nav class="pager" aria-label="${t('pagesOf', { what: t('customersTitle') })}">
${view.firstUrl ? html`<a href="${view.firstUrl}">${t('firstPage')}</a>` : html`<span></span>`}
${view.nextUrl ? html`<a href="${view.nextUrl}" rel="next">${t('nextPage')}</a>` : null}
</nav>`,
  );
}

/** The fields of a customer form, with their labels (the form's errors name fields by these labels). */
export const CUSTOMER_FIELD_LABELS = {
  kind: 'fieldKind',
  name: 'fieldName',
  vatNumber: 'fieldVat',
  enterpriseNumber: 'fieldEnterprise',
  addressLine1: 'fieldAddress1',
  addressLine2: 'fieldAddress2',
  postalCode: 'fieldPostalCode',
  city: 'fieldCity',
  country: 'fieldCountry',
  language: 'fieldLanguage',
  emails: 'fieldEmails',
} as const;

function customerForm(
  t: BackOfficeTranslator,
  chrome: BackOfficeChrome,
  action: string,
  submit: string,
  form: FormState,
): SafeHtml {
  const v = form.values;
  const e = form.errors;
  const field = (
    name: keyof typeof CUSTOMER_FIELD_LABELS,
    extra: { hint?: string; autocomplete?: string } = {},
  ) =>
    textField({
      id: `customer-${name}`,
      name,
      label: t(CUSTOMER_FIELD_LABELS[name]),
      value: v[name] ?? '',
      error: errorOf(e, name),
      ...(extra.hint ? { hint: extra.hint } : {}),
      ...(extra.autocomplete ? { autocomplete: extra.autocomplete } : {}),
    });
  const kind = v.kind ?? 'company';
  const emailError = errorOf(e, 'emails');
  const language = v.language ?? chrome.lang;
  return html`${errorSummary(t, e, 'customer')}
<form method="post" action="${action}" novalidate>
${csrfField(chrome)}
<fieldset class="field"><legend class="label" id="customer-kind">${t('fieldKind')}</legend>
<label class="checkbox"><input type="radio" name="kind" value="company"${kind === 'company' ? html` checked` : null}> ${t('kindCompany')}</label>
<label class="checkbox"><input type="radio" name="kind" value="person"${kind === 'person' ? html` checked` : null}> ${t('kindPerson')}</label>
</fieldset>
${field('name', { autocomplete: 'organization' })}
<div class="grid grid-2">${field('vatNumber')}${field('enterpriseNumber')}</div>
${field('addressLine1', { autocomplete: 'address-line1' })}
${field('addressLine2', { autocomplete: 'address-line2' })}
<div class="grid grid-2">${field('postalCode', { autocomplete: 'postal-code' })}${field('city', { autocomplete: 'address-level2' })}</div>
${field('country', { hint: t('fieldCountryHint'), autocomplete: 'country' })}
<div class="field"><label for="customer-language">${t('fieldLanguage')}</label>
<select id="customer-language" name="language">${LANGS.map((l) => html`<option value="${l}"${l === language ? html` selected` : null}>${PORTAL_LANGUAGE_NAMES[l]}</option>`)}</select></div>
<div class="field${emailError ? ' has-error' : ''}"><label for="customer-emails">${t('fieldEmails')}</label>
<p class="hint" id="customer-emails-hint">${t('fieldEmailsHint')}</p>
${emailError ? html`<p class="field-error" id="customer-emails-error">${emailError.message}</p>` : null}
<textarea id="customer-emails" name="emails" rows="3" aria-describedby="customer-emails-hint${emailError ? ' customer-emails-error' : ''}"${emailError ? html` aria-invalid="true"` : null}>${v.emails ?? ''}</textarea></div>
<button class="button" type="submit">${submit}</button>
</form>`;
}

export function renderNewCustomerPage(view: { chrome: BackOfficeChrome; form: FormState }): string {
  const t = backOfficeTranslator(view.chrome.lang);
  return renderBackOfficeLayout(
    view.chrome,
    t('newCustomer'),
    html`<div class="page-head"><h1>${t('newCustomer')}</h1></div>
<div class="card">${customerForm(t, view.chrome, adminPaths.customers, t('createCustomer'), view.form)}</div>`,
  );
}

/** A customer's page: details to edit, their invoices, their portal link to copy, replace or revoke. */
export function renderCustomerPage(view: {
  chrome: BackOfficeChrome;
  customer: { id: string; name: string };
  form: FormState;
  notice: CustomerNotice | null;
  invoices: readonly CustomerInvoiceItem[];
  creditNotes: readonly CustomerCreditNoteItem[];
  portalUrl: string | null;
}): string {
  const t = backOfficeTranslator(view.chrome.lang);
  const format = displayFormat(view.chrome.locale, view.chrome.timeZone);
  const id = view.customer.id;
  const portal =
    view.portalUrl === null
      ? html`<p class="notice notice-info">${t('portalRevokedNotice')}</p>`
      : html`<label for="customer-portal-link">${t('portalHistoryLinkLabel')}</label>
<div class="copy-field"><input id="customer-portal-link" type="text" readonly value="${view.portalUrl}">
<button class="button button-secondary" type="button" data-copy="customer-portal-link" data-copied="${t('linkCopied')}" hidden>${t('copyLink')}</button></div>
<p class="muted" id="customer-portal-link-status" role="status" aria-live="polite"></p>
<p><a href="${view.portalUrl}" target="_blank" rel="noopener noreferrer">${t('openAsCustomer')}</a></p>`;
  return renderBackOfficeLayout(
    view.chrome,
    view.customer.name,
    html`<div class="page-head"><h1>${view.customer.name}</h1></div>
${notice('success', view.notice ? t(NOTICES[view.notice]) : null)}
<div class="grid grid-main">
<div class="stack">
<section class="card" aria-labelledby="customer-invoices-heading"><h2 id="customer-invoices-heading">${t('customerInvoices')}</h2>
${
  view.invoices.length === 0
    ? html`<p class="muted">${t('noCustomerInvoices')}</p>`
    : html`<div class="table-wrap"><table class="responsive"><thead><tr><th scope="col">${t('columnNumber')}</th><th scope="col">${t('columnIssueDate')}</th><th scope="col" class="num">${t('columnTotal')}</th><th scope="col">${t('columnStatus')}</th></tr></thead><tbody>
${view.invoices.map((i) => html`<tr><th scope="row" data-label="${t('columnNumber')}"><a href="${adminPaths.invoice(i.id)}">${i.number}</a></th><td data-label="${t('columnIssueDate')}">${format.date(i.issueDate)}</td><td class="num" data-label="${t('columnTotal')}">${format.money(i.totalMinor, i.currency)}</td><td data-label="${t('columnStatus')}">${statusBadge(t, i.status)}</td></tr>`)}
</tbody></table></div>`
}
</section>
<section class="card" aria-labelledby="customer-credit-notes-heading"><h2 id="customer-credit-notes-heading">${t('creditNotesTitle')}</h2>
${
  view.creditNotes.length === 0
    ? html`<p class="muted">${t('noCustomerCreditNotes')}</p>`
    : html`<div class="table-wrap"><table class="responsive"><thead><tr><th scope="col">${t('columnNumber')}</th><th scope="col">${t('columnIssueDate')}</th><th scope="col">${t('columnInvoice')}</th><th scope="col" class="num">${t('columnTotal')}</th></tr></thead><tbody>
${view.creditNotes.map((c) => html`<tr><th scope="row" data-label="${t('columnNumber')}"><a href="${creditNotePaths.download(c.id)}">${t('downloadCreditNote', { number: c.number })}</a></th><td data-label="${t('columnIssueDate')}">${format.date(c.issueDate)}</td><td data-label="${t('columnInvoice')}"><a href="${adminPaths.invoice(c.invoiceId)}">${c.invoiceNumber}</a></td><td class="num" data-label="${t('columnTotal')}">${format.money(c.totalMinor, c.currency)}</td></tr>`)}
</tbody></table></div>`
}
</section>
<section class="card" aria-labelledby="customer-details-heading"><h2 id="customer-details-heading">${t('customerDetails')}</h2>
${customerForm(t, view.chrome, adminPaths.customer(id), t('saveCustomer'), view.form)}
</section>
</div>
<div class="stack">
<section class="card" aria-labelledby="portal-access-heading"><h2 id="portal-access-heading">${t('portalAccessTitle')}</h2>
${portal}
<form method="post" action="${customerPaths.rotate(id)}">${csrfField(view.chrome)}<p class="hint">${t('rotateHint')}</p><button class="button button-secondary" type="submit">${t('rotateLink')}</button></form>
${
  view.portalUrl === null
    ? null
    : html`<form method="post" action="${customerPaths.revoke(id)}">${csrfField(view.chrome)}<p class="hint">${t('revokeHint')}</p><button class="button button-secondary" type="submit">${t('revokeLink')}</button></form>`
}
</section>
</div>
</div>`,
  );
}

export type { FieldError };
