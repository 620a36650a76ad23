import { backOfficeTranslator } from '../../i18n/back-office-messages.ts';
import { PORTAL_LANGUAGE_NAMES } from '../../i18n/portal-messages.ts';
import { html } from '../../web/html.ts';
import type { BackOfficeChrome, FieldError } from '../view-models.ts';
import { invoicePaths } from './invoice-page.ts';
import { adminPaths, csrfField, errorOf, errorSummary, renderBackOfficeLayout } from './layout.ts';

export interface SendEmailPageView {
  chrome: BackOfficeChrome;
  invoice: { id: string; number: string };
  customerName: string;
  templates: readonly { id: string; name: string; language: string; isDefault: boolean }[];
  /** What the form shows: the chosen template and recipients (one per line). */
  values: { templateId: string; to: string; cc: string };
  errors: readonly FieldError[];
  /** The e-mail as it would be sent with these values; null when they are refused. */
  preview: { subject: string; text: string; to: readonly string[]; cc: readonly string[] } | null;
  attachmentName: string;
}

const languageName = (language: string) =>
  PORTAL_LANGUAGE_NAMES[language as keyof typeof PORTAL_LANGUAGE_NAMES] ?? language;

/**
 * Sending an invoice by e-mail (R1–R4): choose the template and recipients, see the message exactly as it
 * will go (the same rendering as the send), then send what was shown.
 */
export function renderSendEmailPage(view: SendEmailPageView): string {
  const t = backOfficeTranslator(view.chrome.lang);
  const { invoice, values, errors, preview } = view;
  const title = t('sendEmailTitle', { number: invoice.number });
  const recipients = (name: 'to' | 'cc', label: string) => {
    const error = errorOf(errors, name);
    return html`<div class="field${error ? ' has-error' : ''}"><label for="send-${name}">${label}</label>
<p class="hint" id="send-${name}-hint">${t('recipientsHint')}</p>
${error ? html`<p class="field-error" id="send-${name}-error">${error.message}</p>` : null}
<textarea id="send-${name}" name="${name}" rows="2" aria-describedby="send-${name}-hint${error ? ` send-${name}-error` : ''}"${error ? html` aria-invalid="true"` : null}>${values[name]}</textarea></div>`;
  };
  const templateError = errorOf(errors, 'templateId');
  return renderBackOfficeLayout(
    view.chrome,
    title,
    html`<div class="page-head"><h1>${title}</h1><a href="${adminPaths.invoice(invoice.id)}">${t('backToInvoice')}</a></div>
${errorSummary(t, errors, 'send')}
<div class="grid grid-2">
<form class="card" method="get" action="${invoicePaths.send(invoice.id)}" novalidate>
<div class="field${templateError ? ' has-error' : ''}"><label for="send-templateId">${t('templateLabel')}</label>
${templateError ? html`<p class="field-error" id="send-templateId-error">${templateError.message}</p>` : null}
<select id="send-templateId" name="templateId">${view.templates.map(
      (tpl) =>
        html`<option value="${tpl.id}"${tpl.id === values.templateId ? html` selected` : null}>${
          tpl.isDefault
            ? t('templateDefault', { name: tpl.name, language: languageName(tpl.language) })
            : t('templateOther', { name: tpl.name, language: languageName(tpl.language) })
        }</option>`,
    )}</select></div>
${recipients('to', t('toLabel'))}
${recipients('cc', t('ccLabel'))}
<button class="button button-secondary" type="submit">${t('previewButton')}</button>
</form>
${
  preview === null
    ? null
    : html`<section class="card" aria-labelledby="preview-heading">
<h2 id="preview-heading">${t('previewTitle', { customer: view.customerName })}</h2>
<p class="hint">${t('previewHint')}</p>
<dl class="facts">
<dt>${t('toLabel')}</dt><dd>${preview.to.join(', ')}</dd>
${preview.cc.length > 0 ? html`<dt>Cc</dt><dd>${preview.cc.join(', ')}</dd>` : null}
<dt>${t('subjectLabel')}</dt><dd>${preview.subject}</dd>
<dt>${t('attachmentLabel')}</dt><dd>${view.attachmentName}</dd>
</dl>
<pre class="email-text" tabindex="0" aria-labelledby="preview-heading">${preview.text}</pre>
<form method="post" action="${invoicePaths.send(invoice.id)}">
${csrfField(view.chrome)}
<input type="hidden" name="templateId" value="${values.templateId}">
<input type="hidden" name="to" value="${preview.to.join('\n')}">
<input type="hidden" name="cc" value="${preview.cc.join('\n')}">
<button class="button" type="submit">${t('sendButton')}</button>
</form>
</section>`
}
</div>`,
  );
}
