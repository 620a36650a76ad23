import { LANGS } from '../../core/lang.ts';
import { type BackOfficeTranslator, backOfficeTranslator } from '../../i18n/back-office-messages.ts';
import { PORTAL_LANGUAGE_NAMES } from '../../i18n/portal-messages.ts';
import { html, type SafeHtml } from '../../web/html.ts';
import type { BackOfficeChrome, FieldError } from '../view-models.ts';
import { csrfField, errorSummary } from './layout.ts';
import { renderSettingsLayout, settingsField, settingsPath } from './settings-layout.ts';

/** The e-mail settings' paths under `/admin/settings/email`. */
export const emailSettingsPaths = {
  page: settingsPath('email'),
  layoutPreview: `${settingsPath('email')}/preview`,
  newTemplate: `${settingsPath('email')}/templates/new`,
  templates: `${settingsPath('email')}/templates`,
  template: (id: string) => `${settingsPath('email')}/templates/${id}`,
  setDefault: (id: string) => `${settingsPath('email')}/templates/${id}/default`,
  remove: (id: string) => `${settingsPath('email')}/templates/${id}/delete`,
};

/** The e-mail form's field and its label (its errors name the field by this label). */
export const EMAIL_FIELD_LABELS = { emailDesignedLayout: 'fieldDesignedLayout' } as const;

export const languageName = (language: string): string =>
  PORTAL_LANGUAGE_NAMES[language as keyof typeof PORTAL_LANGUAGE_NAMES] ?? language;

/** An invoice e-mail rendered with a real invoice, as the previews show it. */
export interface EmailPreviewView {
  invoiceNumber: string;
  customerName: string;
  subject: string;
  text: string;
}

export interface TemplateListItem {
  id: string;
  name: string;
  language: string;
  isDefault: boolean;
}

export interface EmailSettingsView {
  chrome: BackOfficeChrome;
  designedLayout: boolean;
  errors: readonly FieldError[];
  /** Null: the organization has issued no invoice yet. */
  preview: EmailPreviewView | null;
  templates: readonly TemplateListItem[];
  notice: 'saved' | 'deleted' | null;
}

/** "Shown with invoice 2026-0042 to Brasserie Dupont." or why there is nothing to show. */
export function previewCaption(t: BackOfficeTranslator, preview: EmailPreviewView | null): SafeHtml {
  return html`<p class="hint">${
    preview === null
      ? t('emailPreviewNone')
      : t('emailPreviewWith', { number: preview.invoiceNumber, customer: preview.customerName })
  }</p>`;
}

/** Templates grouped by language (in the languages' order), each group's default first. */
function templateList(t: BackOfficeTranslator, templates: readonly TemplateListItem[]): SafeHtml {
  const groups = LANGS.map((lang) => ({
    lang,
    items: templates
      .filter((tpl) => tpl.language === lang)
      .sort((a, b) => Number(b.isDefault) - Number(a.isDefault) || a.name.localeCompare(b.name)),
  })).filter((group) => group.items.length > 0);
  return html`${groups.map(
    (group) => html`<h3 lang="${group.lang}">${languageName(group.lang)}</h3>
<ul class="template-list">${group.items.map(
      (tpl) =>
        html`<li><a href="${emailSettingsPaths.template(tpl.id)}">${tpl.name}</a>${
          tpl.isDefault ? html` <span class="badge badge-neutral">${t('templateDefaultMark')}</span>` : null
        }</li>`,
    )}</ul>`,
  )}`;
}

/**
 * E-mail (R1, R4): the designed-layout setting with a preview of both layouts rendered with the newest
 * issued invoice (the designed HTML in a sandboxed frame served with its own CSP, the plain text as
 * text), and the invoice e-mail templates by language.
 */
export function renderEmailSettingsPage(view: EmailSettingsView): string {
  const t = backOfficeTranslator(view.chrome.lang);
  const values = { emailDesignedLayout: view.designedLayout ? '1' : '' };
  const { preview } = view;
  return renderSettingsLayout(
    view.chrome,
    'email',
    html`<section class="card" aria-labelledby="email-layout">
<h2 id="email-layout">${t('emailLayoutTitle')}</h2>
${errorSummary(t, view.errors, 'settings')}
<form method="post" action="${emailSettingsPaths.page}" novalidate>
${csrfField(view.chrome)}
${settingsField(
  {
    name: 'emailDesignedLayout',
    label: t('fieldDesignedLayout'),
    hint: t('fieldDesignedLayoutHint'),
    type: 'checkbox',
  },
  values,
  view.errors,
)}
<button class="button" type="submit">${t('saveSettings')}</button>
</form>
${previewCaption(t, preview)}
${
  preview === null
    ? null
    : html`<div class="grid grid-2 email-previews">
<div><h3>${t('layoutDesigned')}</h3>
<iframe class="email-frame" src="${emailSettingsPaths.layoutPreview}" title="${t('layoutDesigned')}" sandbox="allow-popups allow-popups-to-escape-sandbox"></iframe></div>
<div><h3 id="email-plain">${t('layoutPlain')}</h3>
<dl class="facts"><dt>${t('subjectLabel')}</dt><dd>${preview.subject}</dd></dl>
<pre class="email-text" tabindex="0" aria-labelledby="email-plain">${preview.text}</pre></div>
</div>`
}
</section>
<section class="card" aria-labelledby="email-templates">
<div class="page-head"><h2 id="email-templates">${t('templatesTitle')}</h2>
<a class="button button-secondary" href="${emailSettingsPaths.newTemplate}"><span aria-hidden="true">+</span> ${t('newTemplate')}</a></div>
<p class="hint">${t('templatesIntro')}</p>
${templateList(t, view.templates)}
</section>`,
    view.notice === 'saved' ? t('settingsSaved') : view.notice === 'deleted' ? t('templateDeleted') : null,
  );
}
