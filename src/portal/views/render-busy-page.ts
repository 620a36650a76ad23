import { portalTranslator } from '../../i18n/portal-messages.ts';
import { displayFormat } from '../../web/display-format.ts';
import { html } from '../../web/html.ts';
import type { RateLimitedPageModel } from '../view-models.ts';
import { icons } from './components.ts';
import { renderPlainLayout } from './layout.ts';
import { retryDelay } from './render-rate-limited-page.ts';

/** The page shown when the service sheds a request it could not start in time (HTTP 503 and Retry-After). */
export function renderBusyPage(model: RateLimitedPageModel): string {
  const t = portalTranslator(model.lang);
  const delay = retryDelay(model.retryAfterSeconds);
  const duration = displayFormat(model.lang).duration(delay.count, delay.unit);
  const body = html`<section class="card message-card" aria-labelledby="message-heading">
<p class="message-icon">${icons.alert}</p>
<h1 id="message-heading">${t('busyTitle')}</h1>
<p>${t('busyBody', { duration })}</p>
</section>`;
  return renderPlainLayout({
    lang: model.lang,
    stylesheetUrl: model.stylesheetUrl,
    title: t('busyTitle'),
    body,
  });
}
