import { backOfficeTranslator } from '../../i18n/back-office-messages.ts';
import { displayFormat } from '../../web/display-format.ts';
import { html } from '../../web/html.ts';
import type { BackOfficeChrome, FieldError } from '../view-models.ts';
import { csrfField, errorSummary } from './layout.ts';
import { renderSettingsLayout, settingsField, settingsPath } from './settings-layout.ts';

export type AccountNotice = 'sessionEnded' | 'othersEnded' | 'passkeyAdded' | 'passkeyRemoved';

const base = settingsPath('account');
export const accountSettingsPaths = {
  endSession: (sessionId: string) => `${base}/sessions/${sessionId}/end`,
  endOthers: `${base}/sessions/end-others`,
  passkeyOptions: `${base}/passkeys/options`,
  addPasskey: `${base}/passkeys`,
  removePasskey: (passkeyId: string) => `${base}/passkeys/${passkeyId}/remove`,
};

export interface AccountSecurityView {
  chrome: BackOfficeChrome;
  sessions: readonly {
    id: string;
    createdAt: Date;
    lastSeenAt: Date;
    userAgent: string | null;
    current: boolean;
  }[];
  passkeys: readonly { id: string; name: string; createdAt: Date; lastUsedAt: Date | null }[];
  /** The add-a-passkey form's name and why it was refused. */
  passkeyForm: { values: Readonly<Record<string, string>>; errors: readonly FieldError[] };
  notice: AccountNotice | null;
}

/**
 * Your sign-in: your sessions (this browser's marked) with an end button each and one for all others, and
 * your passkeys with their last use, remove, and the form that makes one. That form is the only part of
 * the back office that needs scripts (the WebAuthn ceremony); it is hidden until back-office.js finds
 * WebAuthn, and a line says so in its place.
 */
export function renderAccountSecurityPage(view: AccountSecurityView): string {
  const t = backOfficeTranslator(view.chrome.lang);
  const format = displayFormat(view.chrome.locale, view.chrome.timeZone);
  const notices = {
    sessionEnded: t('sessionEndedNotice'),
    othersEnded: t('otherSessionsEndedNotice'),
    passkeyAdded: t('passkeyAddedNotice'),
    passkeyRemoved: t('passkeyRemovedNotice'),
  };
  const others = view.sessions.filter((s) => !s.current).length;
  const { values, errors } = view.passkeyForm;
  return renderSettingsLayout(
    view.chrome,
    'account',
    html`<section class="card" aria-labelledby="sessions-heading">
<h2 id="sessions-heading">${t('yourSessionsTitle')}</h2>
<p class="hint">${t('yourSessionsIntro')}</p>
<ul class="item-list">
${view.sessions.map(
  (s, i) => html`<li class="item" aria-labelledby="session-${i}">
<p id="session-${i}"><strong>${s.userAgent ?? t('sessionUnknownBrowser')}</strong>${s.current ? html` <span class="badge badge-paid">${t('sessionThisOne')}</span>` : null}</p>
<p class="muted">${t('sessionTimes', { created: format.dateTime(s.createdAt), seen: format.dateTime(s.lastSeenAt) })}</p>
${
  s.current
    ? null
    : html`<form method="post" action="${accountSettingsPaths.endSession(s.id)}">${csrfField(view.chrome)}<button class="button button-secondary" type="submit" aria-describedby="session-${i}">${t('endSession')}</button></form>`
}
</li>`,
)}
</ul>
${
  others > 0
    ? html`<form method="post" action="${accountSettingsPaths.endOthers}">${csrfField(view.chrome)}<button class="button" type="submit">${t('endOtherSessions', { count: others })}</button></form>`
    : html`<p class="muted">${t('noOtherSessions')}</p>`
}
</section>
<section class="card" aria-labelledby="passkeys-heading">
<h2 id="passkeys-heading">${t('passkeysTitle')}</h2>
<p class="hint">${t('passkeysIntro')}</p>
${
  view.passkeys.length === 0
    ? html`<p class="muted">${t('noPasskeys')}</p>`
    : html`<ul class="item-list">
${view.passkeys.map(
  (p, i) => html`<li class="item" aria-labelledby="passkey-${i}">
<p id="passkey-${i}"><strong>${p.name}</strong></p>
<p class="muted">${t('passkeyTimes', { created: format.dateTime(p.createdAt), used: p.lastUsedAt ? format.dateTime(p.lastUsedAt) : t('passkeyNeverUsed') })}</p>
<form method="post" action="${accountSettingsPaths.removePasskey(p.id)}">${csrfField(view.chrome)}<button class="button button-secondary" type="submit" aria-describedby="passkey-${i}">${t('removePasskey')}</button></form>
</li>`,
)}
</ul>`
}
<h3>${t('addPasskeyTitle')}</h3>
${errorSummary(t, errors, 'settings')}
<p class="hint" data-passkey-unsupported>${t('passkeyNeedsScript')}</p>
<form method="post" action="${accountSettingsPaths.addPasskey}" data-passkey-register="${accountSettingsPaths.passkeyOptions}" data-cancelled="${t('passkeyCancelled')}" hidden>
${csrfField(view.chrome)}
<input type="hidden" name="credential" value="">
${settingsField({ name: 'name', label: t('passkeyNameLabel'), hint: t('passkeyNameHint'), autocomplete: 'off' }, values, errors)}
<button class="button" type="submit">${t('addPasskey')}</button>
<p class="field-error" data-passkey-status role="status" aria-live="polite"></p>
</form>
</section>`,
    view.notice ? notices[view.notice] : null,
  );
}
