import type { AmountDue } from '../../domain/index.ts';
import { backOfficeTranslator } from '../../i18n/back-office-messages.ts';
import { displayFormat } from '../../web/display-format.ts';
import { html, unsafeRaw } from '../../web/html.ts';
import type { BackOfficeChrome, FieldError } from '../view-models.ts';
import { type BackOfficeViewContext, calculationLabel } from './components.ts';
import { csrfField, errorSummary } from './layout.ts';
import { renderSettingsLayout, settingsField, settingsPath } from './settings-layout.ts';

/** The bank form's fields and their labels. */
export const BANK_FIELD_LABELS = {
  iban: 'fieldIban',
  bic: 'fieldBic',
  paymentReferenceKind: 'fieldReferenceKind',
} as const;

export interface BankSettingsView {
  chrome: BackOfficeChrome;
  values: Readonly<Record<string, string>>;
  errors: readonly FieldError[];
  saved: boolean;
  /** The saved settings' example; null without an IBAN. */
  example: {
    invoiceNumber: string;
    reference: string;
    amountMinor: number;
    currency: string;
    iban: string;
    /** The QR code as SVG made by the `qrcode` package from our own payload; null when EPC cannot carry it. */
    qrSvg: string | null;
  } | null;
}

/** Bank and references: IBAN, BIC, the kind of payment reference, and what an invoice then carries. */
export function renderBankSettingsPage(view: BankSettingsView): string {
  const t = backOfficeTranslator(view.chrome.lang);
  const format = displayFormat(view.chrome.locale, view.chrome.timeZone);
  const kind = view.values.paymentReferenceKind === 'rf' ? 'rf' : 'be';
  const radio = (value: 'be' | 'rf', label: string) =>
    html`<label class="checkbox"><input type="radio" name="paymentReferenceKind" value="${value}"${kind === value ? html` checked` : null}> ${label}</label>`;
  const example = view.example;
  const amount = example ? format.money(example.amountMinor, example.currency) : '';
  return renderSettingsLayout(
    view.chrome,
    'bank',
    html`<section class="card">
<p class="hint">${t('bankIntro')}</p>
${errorSummary(t, view.errors, 'settings')}
<form method="post" action="${settingsPath('bank')}" novalidate>
${csrfField(view.chrome)}
<div class="grid grid-2">
${settingsField({ name: 'iban', label: t('fieldIban'), autocomplete: 'off' }, view.values, view.errors)}
${settingsField({ name: 'bic', label: t('fieldBic'), hint: t('fieldBicHint'), autocomplete: 'off' }, view.values, view.errors)}
</div>
<fieldset><legend>${t('fieldReferenceKind')}</legend>
${radio('be', t('referenceKindBe'))}
${radio('rf', t('referenceKindRf'))}
</fieldset>
<button class="button" type="submit">${t('saveSettings')}</button>
</form>
</section>
<section class="card" aria-labelledby="bank-example-heading">
<h2 id="bank-example-heading">${t('bankExampleTitle')}</h2>
${
  example === null
    ? html`<p class="muted">${t('bankNoIban')}</p>`
    : html`<p>${t('bankExampleBody', { number: example.invoiceNumber, amount, reference: example.reference })}</p>
${
  example.qrSvg === null
    ? html`<p class="muted">${t('bankExampleNoQr')}</p>`
    : html`<figure class="qr"><div class="qr-code" role="img" aria-label="${t('bankExampleQrLabel', { amount, iban: example.iban })}">${unsafeRaw(example.qrSvg)}</div><figcaption>${t('bankExampleQr')}</figcaption></figure>`
}`
}
</section>`,
    view.saved ? t('settingsSaved') : null,
  );
}

/** The late-fee form's fields and their labels. */
export const LATE_FEE_FIELD_LABELS = {
  lateFeePercent: 'fieldLateFeePercent',
  lateFeeMinimum: 'fieldLateFeeMinimum',
  annualInterest: 'fieldAnnualInterest',
  fixedCompensationB2B: 'fieldFixedCompensation',
} as const;

export interface LateFeeSettingsView {
  chrome: BackOfficeChrome;
  values: Readonly<Record<string, string>>;
  errors: readonly FieldError[];
  saved: boolean;
  currency: string;
  /** The saved policy applied to the example invoice, by the domain's amount-due rule. */
  example: { amountDue: AmountDue; totalMinor: number; days: number };
}

/** Late fees and interest (R21), with a worked example computed by the domain rules. */
export function renderLateFeeSettingsPage(view: LateFeeSettingsView): string {
  const t = backOfficeTranslator(view.chrome.lang);
  const format = displayFormat(view.chrome.locale, view.chrome.timeZone);
  const ctx: BackOfficeViewContext = { t, format };
  const money = (minor: number) => format.money(minor, view.currency);
  const { amountDue } = view.example;
  const charged = amountDue.lines.filter((line) => line.kind !== 'invoice_total');
  return renderSettingsLayout(
    view.chrome,
    'late-fees',
    html`<section class="card">
<p class="hint">${t('lateFeesIntro')}</p>
${errorSummary(t, view.errors, 'settings')}
<form method="post" action="${settingsPath('late-fees')}" novalidate>
${csrfField(view.chrome)}
<div class="grid grid-2">
${settingsField({ name: 'lateFeePercent', label: t('fieldLateFeePercent'), inputmode: 'decimal' }, view.values, view.errors)}
${settingsField({ name: 'lateFeeMinimum', label: t('fieldLateFeeMinimum', { currency: view.currency }), hint: t('fieldLateFeeMinimumHint'), inputmode: 'decimal' }, view.values, view.errors)}
</div>
${settingsField({ name: 'annualInterest', label: t('fieldAnnualInterest'), hint: t('fieldAnnualInterestHint'), inputmode: 'decimal' }, view.values, view.errors)}
${settingsField({ name: 'fixedCompensationB2B', label: t('fieldFixedCompensation'), type: 'checkbox' }, view.values, view.errors)}
<button class="button" type="submit">${t('saveSettings')}</button>
</form>
</section>
<section class="card" aria-labelledby="late-fee-example-heading">
<h2 id="late-fee-example-heading">${t('lateFeeExampleTitle')}</h2>
${
  charged.length === 0
    ? html`<p class="muted">${t('lateFeeExampleNone')}</p>`
    : html`<p>${t('lateFeeExampleBody', { amount: money(view.example.totalMinor), days: view.example.days, due: money(amountDue.amountDueMinor) })}</p>
<table><tbody>
${amountDue.lines.map((line) => html`<tr><td>${calculationLabel(ctx, line)}</td><td class="num">${money(line.amountMinor)}</td></tr>`)}
<tr><th scope="row">${t('calcAmountDue')}</th><td class="num"><strong>${money(amountDue.amountDueMinor)}</strong></td></tr>
</tbody></table>`
}
</section>`,
    view.saved ? t('settingsSaved') : null,
  );
}
