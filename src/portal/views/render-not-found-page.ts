import { portalTranslator } from '../../i18n/portal-messages.ts';
import { html } from '../../web/html.ts';
import type { NotFoundPageModel } from '../view-models.ts';
import { icons } from './components.ts';
import { renderPlainLayout } from './layout.ts';

/**
 * The page for an unknown, revoked or mistyped link. It says what to do (ask the sender for a new link)
 * and never whether the link ever existed, so it gives nothing away to someone guessing links.
 */
export function renderNotFoundPage(model: NotFoundPageModel): string {
  const t = portalTranslator(model.lang);
  const body = html`<section class="card message-card" aria-labelledby="message-heading">
<p class="message-icon">${icons.alert}</p>
<h1 id="message-heading">${t('notFoundTitle')}</h1>
<p>${t('notFoundBody')}</p>
<p>${t('notFoundAction')}</p>
</section>`;
  return renderPlainLayout({
    lang: model.lang,
    stylesheetUrl: model.stylesheetUrl,
    title: t('notFoundTitle'),
    body,
  });
}
