import { type BackOfficeTranslator, backOfficeTranslator } from '../../i18n/back-office-messages.ts';
import { type DisplayFormat, displayFormat } from '../../web/display-format.ts';
import { html, type SafeHtml } from '../../web/html.ts';
import type { BackOfficeChrome, FieldError } from '../view-models.ts';
import { adminPaths, csrfField, errorOf, errorSummary, renderBackOfficeLayout, textField } from './layout.ts';

/** The three ways to credit an invoice. */
export const CREDIT_MODES = ['all', 'lines', 'amount'] as const;
export type CreditMode = (typeof CREDIT_MODES)[number];

export const creditNotePaths = {
  form: (invoiceId: string) => `${adminPaths.invoice(invoiceId)}/credit-notes/new`,
  create: (invoiceId: string) => `${adminPaths.invoice(invoiceId)}/credit-notes`,
  download: (creditNoteId: string) => `/admin/credit-notes/${creditNoteId}/download`,
};

export interface VatChoice {
  /** The form's value, `standard:2100`. */
  key: string;
  vatCategory: string;
  vatRateBp: number;
}

export interface NewCreditNoteView {
  chrome: BackOfficeChrome;
  invoice: { id: string; number: string; issueDate: string; currency: string; totalMinor: number };
  customerName: string;
  creditedMinor: number;
  remainingMinor: number;
  lines: readonly {
    description: string;
    quantity: string;
    unitPriceMinor: number;
    netMinor: number;
    vatRateBp: number;
    vatCategory: string;
  }[];
  vatChoices: readonly VatChoice[];
  values: Readonly<Record<string, string>>;
  errors: readonly FieldError[];
  /** The server's totals of the credit note as the form stands (Preview totals); null otherwise. */
  totals: { netMinor: number; vatMinor: number; totalMinor: number } | null;
}

const CATEGORY_KEYS = {
  standard: 'vatStandard',
  zero: 'vatZero',
  exempt: 'vatExempt',
  reverse_charge: 'vatReverseCharge',
} as const;

/** A VAT category and rate as people say it: `21 %`, `Exempt`. */
export function vatLabel(t: BackOfficeTranslator, format: DisplayFormat, choice: Omit<VatChoice, 'key'>) {
  if (choice.vatCategory === 'standard') return format.percent(choice.vatRateBp);
  const key = CATEGORY_KEYS[choice.vatCategory as keyof typeof CATEGORY_KEYS];
  return key ? t(key) : choice.vatCategory;
}

/** An element id for a form field (`lines.0.quantity` → `creditnote-lines-0-quantity`). */
const idOf = (field: string) => `creditnote-${field.replace(/\./g, '-')}`;

/** The error of a field, next to it. */
function fieldError(errors: readonly FieldError[], field: string): SafeHtml | null {
  const error = errorOf(errors, field);
  return error ? html`<p class="field-error" id="${idOf(field)}-error">${error.message}</p>` : null;
}

function modeChoice(view: NewCreditNoteView, t: BackOfficeTranslator, format: DisplayFormat): SafeHtml {
  const { invoice } = view;
  const wholeLeft = view.remainingMinor === invoice.totalMinor;
  const mode = view.values.mode ?? (wholeLeft ? 'all' : 'amount');
  const error = errorOf(view.errors, 'mode');
  const radio = (value: CreditMode, label: string, extra: { disabled?: boolean; hint?: string } = {}) => {
    const id = idOf(`mode-${value}`);
    const hintId = extra.hint ? `${id}-hint` : null;
    return html`<label class="checkbox" for="${id}"><input id="${id}" type="radio" name="mode" value="${value}"${mode === value ? html` checked` : null}${extra.disabled ? html` disabled` : null}${hintId ? html` aria-describedby="${hintId}"` : null}> <span>${label}${extra.hint ? html`<span class="hint" id="${hintId ?? ''}">${extra.hint}</span>` : null}</span></label>`;
  };
  return html`<fieldset class="choice${error ? ' has-error' : ''}" id="${idOf('mode')}" tabindex="-1"${error ? html` aria-describedby="${idOf('mode')}-error"` : null}>
<legend>${t('creditModeLegend')}</legend>
${fieldError(view.errors, 'mode')}
${radio('all', t('creditModeAll', { amount: format.money(invoice.totalMinor, invoice.currency) }), wholeLeft ? {} : { disabled: true, hint: t('creditModeAllUnavailable', { credited: format.money(view.creditedMinor, invoice.currency), remaining: format.money(view.remainingMinor, invoice.currency) }) })}
${radio('lines', t('creditModeLines'))}
${radio('amount', t('creditModeAmount'))}
</fieldset>`;
}

function linesChoice(view: NewCreditNoteView, t: BackOfficeTranslator, format: DisplayFormat): SafeHtml {
  const { currency } = view.invoice;
  const error = errorOf(view.errors, 'lines');
  const rows = view.lines.map((line, index) => {
    const name = (field: string) => `lines.${index}.${field}`;
    const quantityError = errorOf(view.errors, name('quantity'));
    const described = [`${idOf(name('summary'))}`, quantityError ? `${idOf(name('quantity'))}-error` : null]
      .filter((x) => x !== null)
      .join(' ');
    return html`<fieldset class="choice-line${quantityError ? ' has-error' : ''}"><legend>${t('lineN', { n: index + 1 })} · ${line.description}</legend>
<p class="hint" id="${idOf(name('summary'))}">${t('creditLineSummary', { quantity: format.quantity(line.quantity), unitPrice: format.money(line.unitPriceMinor, currency), net: format.money(line.netMinor, currency), vat: vatLabel(t, format, line) })}</p>
<label class="checkbox" for="${idOf(name('credit'))}"><input id="${idOf(name('credit'))}" type="checkbox" name="${name('credit')}" value="1"${view.values[name('credit')] === '1' ? html` checked` : null}> ${t('creditThisLine')}</label>
<div class="field"><label for="${idOf(name('quantity'))}">${t('creditQuantityLabel')}</label>
${fieldError(view.errors, name('quantity'))}
<input id="${idOf(name('quantity'))}" name="${name('quantity')}" type="text" inputmode="decimal" value="${view.values[name('quantity')] ?? line.quantity}" aria-describedby="${described}"${quantityError ? html` aria-invalid="true"` : null}></div>
</fieldset>`;
  });
  return html`<fieldset class="choice${error ? ' has-error' : ''}" id="${idOf('lines')}" tabindex="-1"${error ? html` aria-describedby="${idOf('lines')}-error"` : null}>
<legend>${t('creditLinesLegend')}</legend>
<p class="hint">${t('creditLinesHint')}</p>
${fieldError(view.errors, 'lines')}
${rows}
</fieldset>`;
}

function amountChoice(view: NewCreditNoteView, t: BackOfficeTranslator, format: DisplayFormat): SafeHtml {
  const v = view.values;
  const { currency } = view.invoice;
  const [only] = view.vatChoices;
  const vatError = errorOf(view.errors, 'vatGroup');
  const vat =
    view.vatChoices.length === 1 && only
      ? html`<p>${t('creditVatFixed', { vat: vatLabel(t, format, only) })}</p>`
      : html`<div class="field${vatError ? ' has-error' : ''}"><label for="${idOf('vatGroup')}">${t('creditVatLabel')}</label>
${fieldError(view.errors, 'vatGroup')}
<select id="${idOf('vatGroup')}" name="vatGroup"${vatError ? html` aria-invalid="true" aria-describedby="${idOf('vatGroup')}-error"` : null}>
${view.vatChoices.map((c) => html`<option value="${c.key}"${c.key === v.vatGroup ? html` selected` : null}>${vatLabel(t, format, c)}</option>`)}
</select></div>`;
  return html`<fieldset class="choice">
<legend>${t('creditAmountLegend')}</legend>
${textField({ id: idOf('description'), name: 'description', label: t('descriptionLabel'), value: v.description ?? '', error: errorOf(view.errors, 'description') })}
${textField({ id: idOf('amount'), name: 'amount', label: t('creditAmountLabel', { currency }), hint: t('creditAmountHint'), value: v.amount ?? '', error: errorOf(view.errors, 'amount'), inputmode: 'decimal' })}
${vat}
</fieldset>`;
}

/** A new credit note on an issued invoice: all its lines, some of them, or an amount. */
export function renderNewCreditNotePage(view: NewCreditNoteView): string {
  const t = backOfficeTranslator(view.chrome.lang);
  const format = displayFormat(view.chrome.locale, view.chrome.timeZone);
  const { invoice } = view;
  const v = view.values;
  const title = t('newCreditNoteTitle', { number: invoice.number });
  const money = (minor: number) => format.money(minor, invoice.currency);
  const totals = view.totals;
  const nothingLeft = view.remainingMinor <= 0;
  return renderBackOfficeLayout(
    view.chrome,
    title,
    html`<div class="page-head"><div><h1>${title}</h1>
<p>${t('newCreditNoteIntro', { customer: view.customerName })}</p></div>
<div class="actions"><a class="button button-secondary" href="${adminPaths.invoice(invoice.id)}">${t('backToInvoice')}</a></div></div>
${errorSummary(
  t,
  view.errors.map((e) => ({ ...e, field: e.field.replace(/\./g, '-') })),
  'creditnote',
)}
<div class="grid grid-main">
<div class="stack">
${
  nothingLeft
    ? html`<p class="card notice notice-info">${t('nothingLeftToCredit')}</p>`
    : html`<form class="card" method="post" action="${creditNotePaths.create(invoice.id)}" novalidate>
${csrfField(view.chrome)}
<div class="grid grid-2">
${textField({ id: idOf('number'), name: 'number', label: t('creditNoteNumberLabel'), hint: t('creditNumberHint'), value: v.number ?? '', error: errorOf(view.errors, 'number'), required: true })}
${textField({ id: idOf('issueDate'), name: 'issueDate', label: t('creditIssueDateLabel'), hint: t('creditIssueDateHint', { date: format.date(invoice.issueDate) }), value: v.issueDate ?? '', type: 'date', error: errorOf(view.errors, 'issueDate'), required: true })}
</div>
${textField({ id: idOf('reason'), name: 'reason', label: t('reasonLabel'), hint: t('reasonHint'), value: v.reason ?? '', error: errorOf(view.errors, 'reason') })}
${modeChoice(view, t, format)}
${linesChoice(view, t, format)}
${amountChoice(view, t, format)}
<section class="totals" aria-labelledby="totals-heading" aria-live="polite">
<h2 id="totals-heading">${t('creditTotalsTitle')}</h2>
${
  totals === null
    ? null
    : html`<ul class="figures">
<li><span>${t('netTotal')}</span><span>${money(totals.netMinor)}</span></li>
<li><span>${t('vatTotal')}</span><span>${money(totals.vatMinor)}</span></li>
<li><strong>${t('grandTotal')}</strong><strong>${money(totals.totalMinor)}</strong></li>
</ul>`
}
<p><button class="button button-secondary" type="submit" name="intent" value="preview">${t('previewTotals')}</button></p>
</section>
<div class="actions"><button class="button" type="submit" name="intent" value="create">${t('createCreditNoteButton')}</button></div>
</form>`
}
</div>
<div class="stack">
<section class="card" aria-labelledby="credit-figures-heading">
<h2 id="credit-figures-heading">${t('invoiceTitle', { number: invoice.number })}</h2>
<ul class="figures">
<li><span>${t('totalLabel')}</span><span>${money(invoice.totalMinor)}</span></li>
<li><span>${t('creditedSoFarLabel')}</span><span>${money(view.creditedMinor)}</span></li>
<li><strong>${t('remainingCreditLabel')}</strong><strong>${money(view.remainingMinor)}</strong></li>
</ul>
</section>
</div>
</div>`,
  );
}
