import { portalTranslator } from '../../i18n/portal-messages.ts';
import { type DurationUnit, displayFormat } from '../../web/display-format.ts';
import { html } from '../../web/html.ts';
import type { RateLimitedPageModel } from '../view-models.ts';
import { icons } from './components.ts';
import { renderPlainLayout } from './layout.ts';

/** The wait in the largest whole unit that does not understate it: 90 s → 2 minutes, 45 s → 45 seconds. */
export function retryDelay(seconds: number): { count: number; unit: DurationUnit } {
  const wait = Math.max(1, Math.ceil(seconds));
  if (wait < 60) return { count: wait, unit: 'second' };
  if (wait < 3600) return { count: Math.ceil(wait / 60), unit: 'minute' };
  return { count: Math.ceil(wait / 3600), unit: 'hour' };
}

/** The page shown after too many bad links from one address (answered with HTTP 429 and Retry-After). */
export function renderRateLimitedPage(model: RateLimitedPageModel): string {
  const t = portalTranslator(model.lang);
  const delay = retryDelay(model.retryAfterSeconds);
  const duration = displayFormat(model.lang).duration(delay.count, delay.unit);
  const body = html`<section class="card message-card" aria-labelledby="message-heading">
<p class="message-icon">${icons.alert}</p>
<h1 id="message-heading">${t('rateLimitedTitle')}</h1>
<p>${t('rateLimitedBody', { duration })}</p>
</section>`;
  return renderPlainLayout({
    lang: model.lang,
    stylesheetUrl: model.stylesheetUrl,
    title: t('rateLimitedTitle'),
    body,
  });
}
