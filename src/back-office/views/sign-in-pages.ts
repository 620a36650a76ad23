import type { Lang } from '../../core/lang.ts';
import { backOfficeTranslator } from '../../i18n/back-office-messages.ts';
import { html } from '../../web/html.ts';
import type { FieldError } from '../view-models.ts';
import { adminPaths, errorSummary, notice, renderPublicLayout, textField } from './layout.ts';

export type SignInNotice = 'signedOut' | 'sessionEnded' | 'signedOutEverywhere';

const NOTICE_KEYS = {
  signedOut: 'signedOut',
  sessionEnded: 'sessionEnded',
  signedOutEverywhere: 'signedOutEverywhere',
} as const;

export const isSignInNotice = (value: unknown): value is SignInNotice =>
  typeof value === 'string' && Object.hasOwn(NOTICE_KEYS, value);

/** Where an admin asks for a sign-in link (no password). */
export function renderSignInPage(input: {
  lang: Lang;
  email: string;
  next: string | null;
  errors: readonly FieldError[];
  notice: SignInNotice | null;
}): string {
  const t = backOfficeTranslator(input.lang);
  const error = input.errors.find((e) => e.field === 'email') ?? null;
  return renderPublicLayout(
    { lang: input.lang },
    t('signInTitle'),
    html`<div class="card">
<h1>${t('signInTitle')}</h1>
${notice('info', input.notice ? t(NOTICE_KEYS[input.notice]) : null)}
${errorSummary(t, input.errors, 'sign-in')}
<p>${t('signInIntro')}</p>
<form method="post" action="${adminPaths.signIn}" novalidate>
${input.next ? html`<input type="hidden" name="next" value="${input.next}">` : null}
${textField({ id: 'sign-in-email', name: 'email', label: t('emailLabel'), value: input.email, type: 'email', error, required: true, autocomplete: 'email', inputmode: 'email' })}
<button class="button" type="submit">${t('sendSignInLink')}</button>
</form>
</div>`,
  );
}

/** The same answer whether or not the address is an admin's. */
export function renderCheckMailPage(input: { lang: Lang; email: string }): string {
  const t = backOfficeTranslator(input.lang);
  return renderPublicLayout(
    { lang: input.lang },
    t('checkMailTitle'),
    html`<div class="card" role="status">
<h1>${t('checkMailTitle')}</h1>
<p>${t('checkMailBody', { email: input.email })}</p>
<p class="muted">${t('checkMailAgain')}</p>
<p><a href="${adminPaths.signIn}">${t('requestNewLink')}</a></p>
</div>`,
  );
}

/**
 * What a sign-in link opens: a button that signs in (a POST), so a mail scanner that follows the link
 * does not use it up.
 */
export function renderConfirmSignInPage(input: { lang: Lang; token: string; next: string | null }): string {
  const t = backOfficeTranslator(input.lang);
  return renderPublicLayout(
    { lang: input.lang },
    t('confirmSignInTitle'),
    html`<div class="card">
<h1>${t('confirmSignInTitle')}</h1>
<p>${t('confirmSignInBody')}</p>
<form method="post" action="${`${adminPaths.signIn}/confirm`}">
<input type="hidden" name="token" value="${input.token}">
${input.next ? html`<input type="hidden" name="next" value="${input.next}">` : null}
<button class="button" type="submit">${t('confirmSignIn')}</button>
</form>
</div>`,
  );
}

export function renderLinkInvalidPage(lang: Lang): string {
  const t = backOfficeTranslator(lang);
  return renderPublicLayout(
    { lang },
    t('linkInvalidTitle'),
    html`<div class="card">
<h1>${t('linkInvalidTitle')}</h1>
<p>${t('linkInvalidBody')}</p>
<p><a class="button" href="${adminPaths.signIn}">${t('requestNewLink')}</a></p>
</div>`,
  );
}

/** A refused cross-site or stale form post: nothing changed. */
export function renderRefusedPage(lang: Lang): string {
  const t = backOfficeTranslator(lang);
  return renderPublicLayout(
    { lang },
    t('crossSiteTitle'),
    html`<div class="card">
<h1>${t('crossSiteTitle')}</h1>
<p>${t('crossSiteBody')}</p>
<p><a href="${adminPaths.home}">${t('backToHome')}</a></p>
</div>`,
  );
}

/** The one not-found page of the back office: unknown, or another organization's. */
export function renderBackOfficeNotFoundPage(lang: Lang): string {
  const t = backOfficeTranslator(lang);
  return renderPublicLayout(
    { lang },
    t('notFoundTitle'),
    html`<div class="card">
<h1>${t('notFoundTitle')}</h1>
<p>${t('notFoundBody')}</p>
<p><a href="${adminPaths.home}">${t('backToHome')}</a></p>
</div>`,
  );
}
