import { type BackOfficeMessageKey, backOfficeTranslator } from '../../i18n/back-office-messages.ts';
import { displayFormat } from '../../web/display-format.ts';
import { html } from '../../web/html.ts';
import type { BackOfficeChrome } from '../view-models.ts';
import { adminPaths, csrfField } from './layout.ts';
import { renderSettingsLayout, settingsPath } from './settings-layout.ts';

export const outboxPaths = {
  list: settingsPath('outbox'),
  email: (id: string) => `${settingsPath('outbox')}/${id}`,
  source: (id: string) => `${settingsPath('outbox')}/${id}/source.eml`,
  retry: (id: string) => `${settingsPath('outbox')}/${id}/retry`,
};

export const OUTBOX_STATUSES = ['queued', 'sent', 'failed'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

const STATUS_KEYS = {
  queued: 'emailStatusQueued',
  sent: 'emailStatusSent',
  failed: 'emailStatusFailed',
} as const satisfies Record<OutboxStatus, BackOfficeMessageKey>;

type KindKey = Extract<BackOfficeMessageKey, `emailKind${string}`>;

const KIND_KEYS: Readonly<Record<string, KindKey>> = {
  invoice: 'emailKindInvoice',
  comment: 'emailKindComment',
  'comment-reply': 'emailKindCommentReply',
  'payment-received': 'emailKindPayment',
  'payment-confirmation': 'emailKindPayment',
  refund: 'emailKindPayment',
  chargeback: 'emailKindPayment',
  'transfer-reported': 'emailKindPayment',
  'sign-in': 'emailKindSignIn',
};

export interface OutboxEmail {
  id: string;
  invoiceId: string | null;
  kind: string;
  status: OutboxStatus;
  to: readonly string[];
  cc: readonly string[];
  subject: string;
  /** Why it failed, or which recipients the server refused while accepting the others. */
  problem: string | null;
  attempts: number;
  queuedAt: Date;
  sentAt: Date | null;
  failedAt: Date | null;
}

type Translator = ReturnType<typeof backOfficeTranslator>;

const kindLabel = (t: Translator, kind: string) => {
  const key = Object.hasOwn(KIND_KEYS, kind) ? KIND_KEYS[kind] : undefined;
  return key ? `${t(key)} (${kind})` : kind;
};

const statusBadge = (t: Translator, status: OutboxStatus) =>
  html`<span class="badge badge-${status}">${t(STATUS_KEYS[status])}</span>`;

/** The outbox: every e-mail of the organization, newest first, keyset pages, a status filter. */
export function renderOutboxPage(view: {
  chrome: BackOfficeChrome;
  status: OutboxStatus | null;
  emails: readonly OutboxEmail[];
  nextUrl: string | null;
  firstUrl: string | null;
  /** The organization's local mailbox page, when no SMTP server is configured. */
  mailboxUrl?: string | null;
}): string {
  const t = backOfficeTranslator(view.chrome.lang);
  const format = displayFormat(view.chrome.locale, view.chrome.timeZone);
  const rows = view.emails.map(
    (e) => html`<tr>
<td data-label="${t('columnQueued')}"><time datetime="${e.queuedAt.toISOString()}">${format.dateTime(e.queuedAt)}</time></td>
<td data-label="${t('toLabel')}" class="break">${e.to.join(', ')}</td>
<th scope="row" data-label="${t('subjectLabel')}"><a href="${outboxPaths.email(e.id)}">${e.subject}</a></th>
<td data-label="${t('columnKind')}">${kindLabel(t, e.kind)}</td>
<td data-label="${t('columnStatus')}">${statusBadge(t, e.status)}${e.problem ? html`<br><small class="break">${e.problem}</small>` : null}</td>
</tr>`,
  );
  return renderSettingsLayout(
    view.chrome,
    'outbox',
    html`<form class="inline card" method="get" action="${outboxPaths.list}">
<div class="field"><label for="outbox-status">${t('statusFilterLabel')}</label>
<select id="outbox-status" name="status"><option value="">${t('filterAll')}</option>
${OUTBOX_STATUSES.map((s) => html`<option value="${s}"${s === view.status ? html` selected` : null}>${t(STATUS_KEYS[s])}</option>`)}
</select></div>
<button class="button button-secondary" type="submit">${t('filterApply')}</button>
</form>
<section class="card">
<p class="hint">${t('outboxIntro')}</p>
${view.mailboxUrl ? html`<p class="hint">${t('outboxLocalMailbox')} <a href="${view.mailboxUrl}" rel="noreferrer">${t('outboxLocalMailboxLink')}</a></p>` : null}
${
  view.emails.length === 0
    ? html`<p class="muted">${t('noEmails')}</p>`
    : html`<div class="table-wrap"><table class="responsive"><caption>${t('outboxCaption')}</caption>
<thead><tr><th scope="col">${t('columnQueued')}</th><th scope="col">${t('toLabel')}</th><th scope="col">${t('subjectLabel')}</th><th scope="col">${t('columnKind')}</th><th scope="col">${t('columnStatus')}</th></tr></thead>
<tbody>${rows}</tbody></table></div>`
}
<nav class="pager" aria-label="${t('pagesOf', { what: t('settingsOutbox') })}">
${view.firstUrl ? html`<a href="${view.firstUrl}">${t('firstPage')}</a>` : html`<span></span>`}
${view.nextUrl ? html`<a href="${view.nextUrl}" rel="next">${t('nextPage')}</a>` : null}
</nav>
</section>`,
  );
}

/**
 * One e-mail as it was sent: its headers, where its sending stands, and its text version. The HTML
 * version is not drawn here (the back office's CSP allows no frame, and its markup is not ours to trust
 * in this page): the `.eml` download opens it, exactly as sent, in the admin's own e-mail program.
 */
export function renderOutboxEmailPage(view: {
  chrome: BackOfficeChrome;
  email: OutboxEmail & {
    fromName: string;
    fromAddress: string;
    replyTo: string | null;
    messageId: string;
    text: string;
    hasHtml: boolean;
    attachments: readonly string[];
    transportResponse: string | null;
  };
  retried: boolean;
  /** A refused retry, in the admin's words. */
  failure: string | null;
}): string {
  const t = backOfficeTranslator(view.chrome.lang);
  const format = displayFormat(view.chrome.locale, view.chrome.timeZone);
  const e = view.email;
  const time = (at: Date) => html`<time datetime="${at.toISOString()}">${format.dateTime(at)}</time>`;
  return renderSettingsLayout(
    view.chrome,
    'outbox',
    html`<p><a href="${outboxPaths.list}">${t('backToOutbox')}</a></p>
${view.failure ? html`<div class="notice notice-error" role="alert"><p>${view.failure}</p></div>` : null}
<section class="card" aria-labelledby="email-status">
<h2 id="email-status">${t('columnStatus')}: ${statusBadge(t, e.status)}</h2>
<dl class="facts">
<dt>${t('columnKind')}</dt><dd>${kindLabel(t, e.kind)}${e.invoiceId ? html` · <a href="${adminPaths.invoice(e.invoiceId)}">${t('openInvoice')}</a>` : null}</dd>
<dt>${t('columnQueued')}</dt><dd>${time(e.queuedAt)}</dd>
${e.sentAt ? html`<dt>${t('emailStatusSent')}</dt><dd>${time(e.sentAt)}</dd>` : null}
${e.failedAt ? html`<dt>${t('emailStatusFailed')}</dt><dd>${time(e.failedAt)}</dd>` : null}
<dt>${t('columnAttempts')}</dt><dd>${e.attempts}</dd>
${e.problem ? html`<dt>${t('emailProblem')}</dt><dd class="break">${e.problem}</dd>` : null}
${e.transportResponse ? html`<dt>${t('serverAnswer')}</dt><dd class="break">${e.transportResponse}</dd>` : null}
</dl>
${
  e.status === 'failed'
    ? html`<form method="post" action="${outboxPaths.retry(e.id)}">${csrfField(view.chrome)}<p class="hint">${t('retryEmailHint')}</p><button class="button" type="submit">${t('retryEmail')}</button></form>`
    : null
}
</section>
<section class="card" aria-labelledby="email-headers">
<h2 id="email-headers">${t('emailHeaders')}</h2>
<dl class="facts">
<dt>${t('fromLabel')}</dt><dd class="break">${e.fromName} &lt;${e.fromAddress}&gt;</dd>
${e.replyTo ? html`<dt>${t('replyToLabel')}</dt><dd class="break">${e.replyTo}</dd>` : null}
<dt>${t('toLabel')}</dt><dd class="break">${e.to.join(', ')}</dd>
${e.cc.length > 0 ? html`<dt>Cc</dt><dd class="break">${e.cc.join(', ')}</dd>` : null}
<dt>${t('subjectLabel')}</dt><dd>${e.subject}</dd>
<dt>${t('dateLabel')}</dt><dd>${time(e.queuedAt)}</dd>
<dt>Message-ID</dt><dd class="break"><code>${e.messageId}</code></dd>
${e.attachments.length > 0 ? html`<dt>${t('attachmentLabel')}</dt><dd class="break">${e.attachments.join(', ')}</dd>` : null}
</dl>
<p><a class="button button-secondary" href="${outboxPaths.source(e.id)}" download>${t('downloadEml')}</a></p>
${e.hasHtml ? html`<p class="hint">${t('htmlVersionHint')}</p>` : null}
</section>
<section class="card" aria-labelledby="email-text">
<h2 id="email-text">${t('textVersion')}</h2>
<pre class="email-text" tabindex="0" aria-labelledby="email-text">${e.text}</pre>
</section>`,
    view.retried ? t('emailRetried') : null,
    e.subject,
  );
}
