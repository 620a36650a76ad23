import { backOfficeTranslator } from '../../i18n/back-office-messages.ts';
import { displayFormat } from '../../web/display-format.ts';
import { html, type SafeHtml } from '../../web/html.ts';
import type { BackOfficeChrome, FieldError } from '../view-models.ts';
import { adminPaths, csrfField, errorOf, errorSummary, renderBackOfficeLayout, textField } from './layout.ts';

export const NEW_INVOICE_PATH = `${adminPaths.invoices}/new`;
export const VAT_CATEGORIES = ['standard', 'zero', 'exempt', 'reverse_charge'] as const;
/** Rows shown on a new invoice; "Add a line" shows one more. */
export const DEFAULT_LINE_ROWS = 3;
export const MAX_LINE_ROWS = 100;

const CATEGORY_KEYS = {
  standard: 'vatStandard',
  zero: 'vatZero',
  exempt: 'vatExempt',
  reverse_charge: 'vatReverseCharge',
} as const;

/** The fields of one line row, as the form names them (`lines.0.quantity`). */
export const LINE_FIELDS = [
  'description',
  'quantity',
  'unitPrice',
  'vatRate',
  'vatCategory',
  'discount',
] as const;

export interface NewInvoiceView {
  chrome: BackOfficeChrome;
  /** A new invoice, or a draft being edited (its id and number as stored). */
  editing: { invoiceId: string; number: string } | null;
  customers: readonly { id: string; name: string }[];
  values: Readonly<Record<string, string>>;
  rows: number;
  currency: string;
  errors: readonly FieldError[];
  /** The server's totals of the lines as they stand; null before any line is priced. */
  totals: { netMinor: number; vatMinor: number; totalMinor: number } | null;
}

const fieldId = (name: string) => `invoice-${name.replace(/\./g, '-')}`;

function lineRow(view: NewInvoiceView, index: number): SafeHtml {
  const t = backOfficeTranslator(view.chrome.lang);
  const name = (field: string) => `lines.${index}.${field}`;
  const value = (field: string) => view.values[name(field)] ?? '';
  const cell = (
    field: (typeof LINE_FIELDS)[number],
    label: string,
    extra: { inputmode?: 'decimal' } = {},
  ) => {
    const error = errorOf(view.errors, name(field));
    const id = fieldId(name(field));
    return html`<div class="field line-${field}${error ? ' has-error' : ''}"><label for="${id}">${label}</label>
${error ? html`<p class="field-error" id="${id}-error">${error.message}</p>` : null}
<input id="${id}" name="${name(field)}" type="text" value="${value(field)}"${extra.inputmode ? html` inputmode="${extra.inputmode}"` : null}${error ? html` aria-invalid="true" aria-describedby="${id}-error"` : null}></div>`;
  };
  const category = value('vatCategory') || 'standard';
  return html`<fieldset class="line-row"><legend>${t('lineN', { n: index + 1 })}</legend>
${cell('description', t('descriptionLabel'))}
${cell('quantity', t('quantityLabel'), { inputmode: 'decimal' })}
${cell('unitPrice', `${t('unitPriceLabel')} (${view.currency})`, { inputmode: 'decimal' })}
${cell('discount', t('discountLabel'), { inputmode: 'decimal' })}
${cell('vatRate', t('vatRateLabel'), { inputmode: 'decimal' })}
<div class="field line-vatCategory"><label for="${fieldId(name('vatCategory'))}">${t('vatCategoryLabel')}</label>
<select id="${fieldId(name('vatCategory'))}" name="${name('vatCategory')}">${VAT_CATEGORIES.map((c) => html`<option value="${c}"${c === category ? html` selected` : null}>${t(CATEGORY_KEYS[c])}</option>`)}</select></div>
</fieldset>`;
}

/** Where the invoice form posts: a new invoice, or the draft it edits. */
export const invoiceFormAction = (editing: NewInvoiceView['editing']): string =>
  editing ? `${adminPaths.invoice(editing.invoiceId)}/edit` : NEW_INVOICE_PATH;

/**
 * A new invoice, or a draft edited: customer, number, dates, lines; totals by the server (Recalculate,
 * and live with scripts: back-office.js posts the form's `recalculate` intent and shows the answer's
 * totals), saved as a draft or issued.
 */
export function renderNewInvoicePage(view: NewInvoiceView): string {
  const t = backOfficeTranslator(view.chrome.lang);
  const title = view.editing ? t('editDraftTitle', { number: view.editing.number }) : t('newInvoice');
  const format = displayFormat(view.chrome.locale, view.chrome.timeZone);
  const v = view.values;
  const customerError = errorOf(view.errors, 'customerId');
  const rows = Array.from({ length: view.rows }, (_, index) => lineRow(view, index));
  const totals = view.totals;
  return renderBackOfficeLayout(
    view.chrome,
    title,
    html`<div class="page-head"><h1>${title}</h1></div>
${errorSummary(
  t,
  view.errors.map((e) => ({ ...e, field: e.field.replace(/\./g, '-') })),
  'invoice',
)}
${
  view.customers.length === 0
    ? html`<p class="card">${t('noCustomersYet')} <a href="${`${adminPaths.customers}/new`}">${t('newCustomer')}</a></p>`
    : html`<form class="card" method="post" action="${invoiceFormAction(view.editing)}" data-live-intent="recalculate" data-live-target="invoice-totals-figures" novalidate>
${csrfField(view.chrome)}
<input type="hidden" name="rows" value="${view.rows}">
<div class="grid grid-2">
<div class="field${customerError ? ' has-error' : ''}"><label for="invoice-customerId">${t('customerLabel')}</label>
${customerError ? html`<p class="field-error" id="invoice-customerId-error">${customerError.message}</p>` : null}
<select id="invoice-customerId" name="customerId"${customerError ? html` aria-invalid="true" aria-describedby="invoice-customerId-error"` : null}>
<option value="">${t('chooseCustomer')}</option>
${view.customers.map((c) => html`<option value="${c.id}"${c.id === v.customerId ? html` selected` : null}>${c.name}</option>`)}
</select></div>
${textField({ id: 'invoice-number', name: 'number', label: t('numberLabel'), value: v.number ?? '', error: errorOf(view.errors, 'number'), required: true })}
${textField({ id: 'invoice-issueDate', name: 'issueDate', label: t('issueDateLabel'), value: v.issueDate ?? '', type: 'date', error: errorOf(view.errors, 'issueDate'), required: true })}
${textField({ id: 'invoice-dueDate', name: 'dueDate', label: t('dueDateLabel'), value: v.dueDate ?? '', type: 'date', error: errorOf(view.errors, 'dueDate'), required: true })}
${textField({ id: 'invoice-currency', name: 'currency', label: t('currencyLabel'), value: view.currency, error: errorOf(view.errors, 'currency') })}
</div>
<h2>${t('linesTitle')}</h2>
${rows}
<p><button class="button button-secondary" type="submit" name="intent" value="addLine">${t('addLine')}</button></p>
${textField({ id: 'invoice-notes', name: 'notes', label: t('notesLabel'), value: v.notes ?? '', error: errorOf(view.errors, 'notes') })}
<section class="totals" id="invoice-totals" aria-labelledby="totals-heading" aria-live="polite">
<h2 id="totals-heading">${t('totalsTitle')}</h2>
<div id="invoice-totals-figures">${
        totals === null
          ? null
          : html`<ul class="figures">
<li><span>${t('netTotal')}</span><span>${format.money(totals.netMinor, view.currency)}</span></li>
<li><span>${t('vatTotal')}</span><span>${format.money(totals.vatMinor, view.currency)}</span></li>
<li><strong>${t('grandTotal')}</strong><strong>${format.money(totals.totalMinor, view.currency)}</strong></li>
</ul>`
      }</div>
<p><button class="button button-secondary" type="submit" name="intent" value="recalculate">${t('recalculate')}</button></p>
</section>
<p class="hint">${t('issueHint')}</p>
<div class="actions">
<button class="button" type="submit" name="intent" value="issue">${view.editing ? t('saveAndIssue') : t('issueNow')}</button>
<button class="button button-secondary" type="submit" name="intent" value="draft">${view.editing ? t('saveChanges') : t('saveDraft')}</button>
</div>
</form>`
}`,
  );
}
