import { portalTranslator } from '../../i18n/portal-messages.ts';
import { displayFormat } from '../../web/display-format.ts';
import { html } from '../../web/html.ts';
import type { DocumentUnavailablePageModel } from '../view-models.ts';
import { icons } from './components.ts';
import { renderPlainLayout } from './layout.ts';
import { retryDelay } from './render-rate-limited-page.ts';

/**
 * The page for a download whose PDF cannot be produced right now (answered with HTTP 503 and
 * Retry-After). The link works; the customer is told when to try again and how to get back.
 */
export function renderDocumentUnavailablePage(model: DocumentUnavailablePageModel): string {
  const t = portalTranslator(model.lang);
  const delay = retryDelay(model.retryAfterSeconds);
  const duration = displayFormat(model.lang).duration(delay.count, delay.unit);
  const body = html`<section class="card message-card" aria-labelledby="message-heading">
<p class="message-icon">${icons.alert}</p>
<h1 id="message-heading">${t('documentUnavailableTitle')}</h1>
<p>${t('documentUnavailableBody', { duration })}</p>
<p><a class="button button-secondary" href="${model.invoiceUrl}">${t('documentUnavailableBack')}</a></p>
</section>`;
  return renderPlainLayout({
    lang: model.lang,
    stylesheetUrl: model.stylesheetUrl,
    title: t('documentUnavailableTitle'),
    body,
  });
}
