import { LANGS } from '../../core/lang.ts';
import { type BackOfficeMessageKey, backOfficeTranslator } from '../../i18n/back-office-messages.ts';
import { PORTAL_LANGUAGE_NAMES } from '../../i18n/portal-messages.ts';
import { html } from '../../web/html.ts';
import type { BackOfficeChrome, FieldError } from '../view-models.ts';
import { csrfField, errorSummary } from './layout.ts';
import { renderSettingsLayout, type SettingsField, settingsField, settingsPath } from './settings-layout.ts';

/** The company form's fields and their labels (the form's errors name fields by these labels). */
export const COMPANY_FIELD_LABELS = {
  legalName: 'fieldLegalName',
  tradeName: 'fieldTradeName',
  vatNumber: 'fieldVat',
  enterpriseNumber: 'fieldEnterprise',
  addressLine1: 'fieldAddress1',
  addressLine2: 'fieldAddress2',
  postalCode: 'fieldPostalCode',
  city: 'fieldCity',
  country: 'fieldCountry',
  email: 'fieldContactEmail',
  phone: 'fieldPhone',
  website: 'fieldWebsite',
  timeZone: 'fieldTimeZone',
  defaultLanguage: 'fieldDefaultLanguage',
  defaultCurrency: 'fieldDefaultCurrency',
} as const satisfies Record<string, BackOfficeMessageKey>;

export type CompanyField = keyof typeof COMPANY_FIELD_LABELS;

export interface CompanySettingsView {
  chrome: BackOfficeChrome;
  values: Readonly<Record<string, string>>;
  errors: readonly FieldError[];
  saved: boolean;
}

/** Company: legal and trading name, VAT and enterprise numbers, address, contact, time zone, defaults. */
export function renderCompanySettingsPage(view: CompanySettingsView): string {
  const t = backOfficeTranslator(view.chrome.lang);
  const field = (name: CompanyField, extra: Omit<SettingsField, 'name' | 'label'> = {}) =>
    settingsField({ name, label: t(COMPANY_FIELD_LABELS[name]), ...extra }, view.values, view.errors);
  return renderSettingsLayout(
    view.chrome,
    'company',
    html`<section class="card">
<p class="hint">${t('companyIntro')}</p>
${errorSummary(t, view.errors, 'settings')}
<form method="post" action="${settingsPath('company')}" novalidate>
${csrfField(view.chrome)}
<fieldset><legend>${t('companyIdentity')}</legend>
${field('legalName', { autocomplete: 'organization', required: true })}
${field('tradeName', { hint: t('fieldTradeNameHint') })}
<div class="grid grid-2">${field('vatNumber')}${field('enterpriseNumber')}</div>
</fieldset>
<fieldset><legend>${t('companyAddress')}</legend>
${field('addressLine1', { autocomplete: 'address-line1' })}
${field('addressLine2', { autocomplete: 'address-line2' })}
<div class="grid grid-2">${field('postalCode', { autocomplete: 'postal-code' })}${field('city', { autocomplete: 'address-level2' })}</div>
${field('country', { hint: t('fieldCountryHint'), autocomplete: 'country' })}
</fieldset>
<fieldset><legend>${t('companyContact')}</legend>
${field('email', { type: 'email', autocomplete: 'email' })}
<div class="grid grid-2">${field('phone', { type: 'tel', autocomplete: 'tel' })}${field('website', { type: 'url', hint: t('fieldWebsiteHint'), autocomplete: 'url' })}</div>
</fieldset>
<fieldset><legend>${t('companyDefaults')}</legend>
${field('timeZone', { hint: t('fieldTimeZoneHint') })}
<div class="grid grid-2">${field('defaultLanguage', { type: 'select', options: LANGS.map((l) => ({ value: l, label: PORTAL_LANGUAGE_NAMES[l] })) })}${field('defaultCurrency', { hint: t('fieldDefaultCurrencyHint') })}</div>
</fieldset>
<button class="button" type="submit">${t('saveSettings')}</button>
</form>
</section>`,
    view.saved ? t('settingsSaved') : null,
  );
}
