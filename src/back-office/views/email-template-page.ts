import { LANGS } from '../../core/lang.ts';
import { type BackOfficeMessageKey, backOfficeTranslator } from '../../i18n/back-office-messages.ts';
import { SHORTCODES, type Shortcode } from '../../mail/shortcodes.ts';
import { html, type SafeHtml } from '../../web/html.ts';
import type { BackOfficeChrome, FieldError } from '../view-models.ts';
import {
  type EmailPreviewView,
  emailSettingsPaths,
  languageName,
  previewCaption,
  type TemplateListItem,
} from './email-settings-page.ts';
import { csrfField, errorSummary } from './layout.ts';
import { renderSettingsLayout, type SettingsField, settingsField } from './settings-layout.ts';

/** The template form's fields and their labels (its errors name fields by these labels). */
export const TEMPLATE_FIELD_LABELS = {
  name: 'fieldName',
  language: 'columnLanguage',
  subject: 'subjectLabel',
  body: 'fieldBody',
  templateId: 'templateLabel',
} as const satisfies Record<string, BackOfficeMessageKey>;

/** What each shortcode becomes, in the admin's words (the API documents them in English). */
const SHORTCODE_KEYS = {
  '#LINK': 'codeLink',
  '#INVOICE_NUMBER': 'codeInvoiceNumber',
  '#AMOUNT_DUE': 'codeAmountDue',
  '#DUE_DATE': 'codeDueDate',
  '#CUSTOMER_NAME': 'codeCustomerName',
  '#COMPANY_NAME': 'codeCompanyName',
} as const satisfies Record<Shortcode, BackOfficeMessageKey>;

/** The preview's state: shown, waiting for a template that can be read, or no invoice to show it with. */
export type TemplatePreview =
  | { kind: 'shown'; preview: EmailPreviewView }
  | { kind: 'refused'; message: string }
  | { kind: 'no-invoice' };

export interface EmailTemplatePageView {
  chrome: BackOfficeChrome;
  /** Null for a new template. */
  template: TemplateListItem | null;
  values: Readonly<Record<'name' | 'language' | 'subject' | 'body', string>>;
  errors: readonly FieldError[];
  preview: TemplatePreview | null;
  notice: 'saved' | 'default' | null;
}

/** The id of the body's textarea: the palette's buttons insert into it. */
const BODY_ID = 'settings-body';

function palette(t: ReturnType<typeof backOfficeTranslator>): SafeHtml {
  return html`<section class="palette" aria-labelledby="palette-title">
<h3 id="palette-title">${t('shortcodesTitle')}</h3>
<p class="hint">${t('shortcodesHint')}</p>
<ul>${SHORTCODES.map(
    ({ code }) =>
      html`<li><code>${code}</code><button class="button button-secondary button-small" type="button" data-insert="${code}" data-insert-into="${BODY_ID}" aria-label="${t('insertCode', { code })}" hidden>${code}</button> ${t(SHORTCODE_KEYS[code])}</li>`,
  )}</ul>
</section>`;
}

/** The preview section; back-office.js replaces it with the one of the preview intent's answer. */
function previewSection(
  t: ReturnType<typeof backOfficeTranslator>,
  preview: TemplatePreview | null,
): SafeHtml {
  let content: SafeHtml | null = null;
  if (preview?.kind === 'shown') {
    content = html`${previewCaption(t, preview.preview)}
<dl class="facts"><dt>${t('subjectLabel')}</dt><dd>${preview.preview.subject}</dd></dl>
<pre class="email-text" tabindex="0" aria-labelledby="template-preview-title">${preview.preview.text}</pre>`;
  } else if (preview?.kind === 'refused') {
    content = html`<p class="field-error">${preview.message}</p>`;
  } else if (preview?.kind === 'no-invoice') {
    content = previewCaption(t, null);
  }
  return html`<section class="card" id="template-preview" aria-labelledby="template-preview-title">
<h2 id="template-preview-title">${t('layoutPlain')}</h2>
${content}
</section>`;
}

/**
 * One invoice e-mail template: name, language, subject and message with the shortcode palette, a preview
 * rendered with a real invoice in the template's language (the Preview button, live with scripts), and
 * for a saved one setting it as its language's default or deleting it (a default says why it cannot be).
 */
export function renderEmailTemplatePage(view: EmailTemplatePageView): string {
  const t = backOfficeTranslator(view.chrome.lang);
  const { template } = view;
  const field = (name: keyof typeof view.values, extra: Omit<SettingsField, 'name' | 'label'> = {}) =>
    settingsField({ name, label: t(TEMPLATE_FIELD_LABELS[name]), ...extra }, view.values, view.errors);
  const action = template ? emailSettingsPaths.template(template.id) : emailSettingsPaths.templates;
  const language = languageName(template?.language ?? view.values.language);
  const notice =
    view.notice === 'saved' ? t('templateSaved') : view.notice === 'default' ? t('templateDefaultSet') : null;
  const manage = template
    ? html`<section class="card">
${
  template.isDefault
    ? html`<p>${t('templateIsDefault', { language })}</p>`
    : html`<form method="post" action="${emailSettingsPaths.setDefault(template.id)}">${csrfField(view.chrome)}<button class="button button-secondary" type="submit">${t('setDefault', { language })}</button></form>
<form method="post" action="${emailSettingsPaths.remove(template.id)}">${csrfField(view.chrome)}<button class="button button-danger" type="submit">${t('deleteTemplate')}</button></form>`
}
</section>`
    : null;
  return renderSettingsLayout(
    view.chrome,
    'email',
    html`<div class="page-head"><h2>${template ? template.name : t('newTemplate')}</h2><a href="${emailSettingsPaths.page}">${t('backToEmailSettings')}</a></div>
${errorSummary(t, view.errors, 'settings')}
<div class="grid grid-main template-editor">
<form class="card" method="post" action="${action}" novalidate data-live-intent="preview" data-live-target="template-preview">
${csrfField(view.chrome)}
${field('name', { required: true })}
${field('language', { type: 'select', options: LANGS.map((l) => ({ value: l, label: languageName(l) })) })}
${field('subject', { required: true })}
${field('body', { type: 'textarea' })}
${palette(t)}
<div class="actions">
<button class="button" type="submit" name="intent" value="save">${t('saveSettings')}</button>
<button class="button button-secondary" type="submit" name="intent" value="preview">${t('previewButton')}</button>
</div>
</form>
<div class="stack">${previewSection(t, view.preview)}${manage}</div>
</div>`,
    notice,
  );
}
