import type { InboxComment } from '../../db/repositories/comment.repository.ts';
import { backOfficeTranslator } from '../../i18n/back-office-messages.ts';
import { displayFormat } from '../../web/display-format.ts';
import { html } from '../../web/html.ts';
import type { BackOfficeChrome } from '../view-models.ts';
import { adminPaths, renderBackOfficeLayout } from './layout.ts';

/** The inbox of customers' comments, newest first, unread ones marked; each opens its invoice's thread. */
export function renderCommentsPage(view: {
  chrome: BackOfficeChrome;
  comments: readonly InboxComment[];
  unreadOnly: boolean;
  nextUrl: string | null;
  firstUrl: string | null;
}): string {
  const t = backOfficeTranslator(view.chrome.lang);
  const format = displayFormat(view.chrome.locale, view.chrome.timeZone);
  return renderBackOfficeLayout(
    view.chrome,
    t('commentsTitle'),
    html`<div class="page-head"><h1>${t('commentsTitle')}</h1>
<nav class="actions" aria-label="${t('commentFilterLabel')}">
<a href="${adminPaths.comments}"${view.unreadOnly ? null : html` aria-current="page"`}>${t('showAll')}</a>
<a href="${`${adminPaths.comments}?unread=1`}"${view.unreadOnly ? html` aria-current="page"` : null}>${t('showUnreadOnly')}</a>
</nav></div>
${
  view.comments.length === 0
    ? html`<p class="card muted">${t('noComments')}</p>`
    : html`<ol class="thread">${view.comments.map(
        (c) => html`<li>
<a class="who" href="${`${adminPaths.invoice(c.invoiceId)}#comments-heading`}">${c.customerName} · ${t('commentOnInvoice', { number: c.invoiceNumber })}</a>${c.readAt === null ? html` <span class="badge badge-unread">${t('unread')}</span>` : null}
<time datetime="${c.createdAt.toISOString()}">${format.dateTime(c.createdAt)}</time>
<p class="body">${c.body}</p></li>`,
      )}</ol>`
}
<nav class="pager" aria-label="${t('pagesOf', { what: t('commentsTitle') })}">
${view.firstUrl ? html`<a href="${view.firstUrl}">${t('firstPage')}</a>` : html`<span></span>`}
${view.nextUrl ? html`<a href="${view.nextUrl}" rel="next">${t('nextPage')}</a>` : null}
</nav>`,
  );
}
