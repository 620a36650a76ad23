import { LANGS } from '../../core/lang.ts';
import { backOfficeTranslator } from '../../i18n/back-office-messages.ts';
import { PORTAL_LANGUAGE_NAMES } from '../../i18n/portal-messages.ts';
import { html, type SafeHtml } from '../../web/html.ts';
import type { BackOfficeChrome, FieldError } from '../view-models.ts';
import { csrfField, errorOf, errorSummary } from './layout.ts';
import { renderSettingsLayout, settingsField, settingsPath } from './settings-layout.ts';

/** The invite form's fields and their labels. */
export const INVITE_FIELD_LABELS = {
  name: 'fieldName',
  email: 'emailLabel',
  language: 'fieldAdminLanguage',
} as const;

export type AdminsNotice = 'invited' | 'saved' | 'removed';

export const adminSettingsPaths = {
  invite: settingsPath('admins'),
  update: (adminUserId: string) => `${settingsPath('admins')}/${adminUserId}`,
  remove: (adminUserId: string) => `${settingsPath('admins')}/${adminUserId}/remove`,
};

export interface AdminsView {
  chrome: BackOfficeChrome;
  /** The signed-in admin (marked "you"). */
  currentAdminId: string;
  admins: readonly {
    id: string;
    name: string;
    email: string;
    language: string;
    notifyComments: boolean;
    notifyPayments: boolean;
  }[];
  /** The invite form: what was typed, and why it was refused. */
  invite: { values: Readonly<Record<string, string>>; errors: readonly FieldError[] };
  /** A refused change or removal of one admin: whose, and why (next to their form). */
  refused: { adminUserId: string; message: string } | null;
  notice: AdminsNotice | null;
}

const languageName = (language: string) =>
  PORTAL_LANGUAGE_NAMES[language as keyof typeof PORTAL_LANGUAGE_NAMES] ?? language;

function adminCard(view: AdminsView, admin: AdminsView['admins'][number]): SafeHtml {
  const t = backOfficeTranslator(view.chrome.lang);
  const id = `admin-${admin.id}`;
  const refused = view.refused?.adminUserId === admin.id ? view.refused.message : null;
  const you = admin.id === view.currentAdminId;
  const notifications = [
    admin.notifyComments ? t('notifyCommentsShort') : null,
    admin.notifyPayments ? t('notifyPaymentsShort') : null,
  ].filter((x) => x !== null);
  const checkbox = (name: string, checked: boolean, label: string) =>
    html`<label class="checkbox"><input type="checkbox" name="${name}" value="1"${checked ? html` checked` : null}> ${label}</label>`;
  return html`<li class="card admin-card" aria-labelledby="${id}-name">
<h3 id="${id}-name">${admin.name}${you ? html` <span class="badge badge-neutral">${t('adminYou')}</span>` : null}</h3>
<dl class="facts">
<dt>${t('emailLabel')}</dt><dd>${admin.email}</dd>
<dt>${t('fieldAdminLanguage')}</dt><dd>${languageName(admin.language)}</dd>
<dt>${t('adminNotifications')}</dt><dd>${notifications.length > 0 ? notifications.join(', ') : t('notifyNone')}</dd>
</dl>
${refused ? html`<p class="notice notice-error" role="alert" id="${id}-error">${refused}</p>` : null}
<details>
<summary>${t('changeAdmin', { name: admin.name })}</summary>
<form method="post" action="${adminSettingsPaths.update(admin.id)}">
${csrfField(view.chrome)}
<div class="field"><label for="${id}-language">${t('fieldAdminLanguage')}</label>
<select id="${id}-language" name="language">${LANGS.map((l) => html`<option value="${l}"${l === admin.language ? html` selected` : null}>${languageName(l)}</option>`)}</select></div>
<fieldset class="choice"><legend>${t('adminNotificationsLegend')}</legend>
${checkbox('notifyComments', admin.notifyComments, t('notifyComments'))}
${checkbox('notifyPayments', admin.notifyPayments, t('notifyPayments'))}
</fieldset>
<button class="button" type="submit">${t('saveSettings')}</button>
</form>
</details>
<form method="post" action="${adminSettingsPaths.remove(admin.id)}">
${csrfField(view.chrome)}
<p class="hint" id="${id}-remove-hint">${you ? t('removeYourselfHint') : t('removeAdminHint')}</p>
<button class="button button-secondary" type="submit" aria-describedby="${id}-remove-hint">${you ? t('removeYourself') : t('removeAdmin', { name: admin.name })}</button>
</form>
</li>`;
}

/** Admins: who can sign in, in which language they are written to, which notifications they receive. */
export function renderAdminsPage(view: AdminsView): string {
  const t = backOfficeTranslator(view.chrome.lang);
  const notices = { invited: t('adminInvited'), saved: t('settingsSaved'), removed: t('adminRemoved') };
  const { values, errors } = view.invite;
  const language = values.language || view.chrome.lang;
  const languageError = errorOf(errors, 'language');
  return renderSettingsLayout(
    view.chrome,
    'admins',
    html`<section class="card" aria-labelledby="admins-heading">
<h2 id="admins-heading">${t('adminsListTitle', { count: view.admins.length })}</h2>
<p class="hint">${t('adminsIntro')}</p>
<ul class="admin-list">
${view.admins.map((admin) => adminCard(view, admin))}
</ul>
</section>
<section class="card" aria-labelledby="invite-heading">
<h2 id="invite-heading">${t('inviteAdminTitle')}</h2>
<p class="hint">${t('inviteAdminIntro')}</p>
${errorSummary(t, errors, 'settings')}
<form method="post" action="${adminSettingsPaths.invite}" novalidate>
${csrfField(view.chrome)}
${settingsField({ name: 'name', label: t('fieldName'), autocomplete: 'off', required: true }, values, errors)}
${settingsField({ name: 'email', label: t('emailLabel'), type: 'email', autocomplete: 'off', required: true }, values, errors)}
${settingsField({ name: 'language', label: t('fieldAdminLanguage'), type: 'select', options: LANGS.map((l) => ({ value: l, label: languageName(l) })) }, { ...values, language }, languageError ? [languageError] : [])}
<button class="button" type="submit">${t('sendInvitation')}</button>
</form>
</section>`,
    view.notice ? notices[view.notice] : null,
  );
}
