import type { Lang } from '../../core/lang.ts';
import { backOfficeTranslator } from '../../i18n/back-office-messages.ts';
import { html } from '../../web/html.ts';
import type { FieldError } from '../view-models.ts';
import { adminPaths, errorSummary, notice, renderPublicLayout, textField } from './layout.ts';

export type SignInNotice = 'signedOut' | 'sessionEnded' | 'signedOutEverywhere' | 'removedYourself';

const NOTICE_KEYS = {
  signedOut: 'signedOut',
  sessionEnded: 'sessionEnded',
  signedOutEverywhere: 'signedOutEverywhere',
  removedYourself: 'removedYourself',
} as const;

/** Where the sign-in page's passkey button asks for options, and where it posts the passkey's answer. */
export const passkeySignInPaths = {
  options: `${adminPaths.signIn}/passkey/options`,
  signIn: `${adminPaths.signIn}/passkey`,
};

export const isSignInNotice = (value: unknown): value is SignInNotice =>
  typeof value === 'string' && Object.hasOwn(NOTICE_KEYS, value);

/**
 * Where an admin asks for a sign-in link (no password), or signs in with a passkey: that form is hidden
 * until back-office.js finds WebAuthn, so without scripts the page is the link form alone.
 */
export function renderSignInPage(input: {
  lang: Lang;
  email: string;
  next: string | null;
  errors: readonly FieldError[];
  notice: SignInNotice | null;
}): string {
  const t = backOfficeTranslator(input.lang);
  const error = input.errors.find((e) => e.field === 'email') ?? null;
  // A refused passkey is said above both forms (its form may be hidden).
  const passkeyError = input.errors.find((e) => e.field === 'passkey') ?? null;
  return renderPublicLayout(
    { lang: input.lang },
    t('signInTitle'),
    html`<div class="card">
<h1>${t('signInTitle')}</h1>
${notice('info', input.notice ? t(NOTICE_KEYS[input.notice]) : null)}
${passkeyError ? html`<p class="notice notice-error" role="alert">${passkeyError.message}</p>` : errorSummary(t, input.errors, 'sign-in')}
<p>${t('signInIntro')}</p>
<form method="post" action="${adminPaths.signIn}" novalidate>
${input.next ? html`<input type="hidden" name="next" value="${input.next}">` : null}
${textField({ id: 'sign-in-email', name: 'email', label: t('emailLabel'), value: input.email, type: 'email', error, required: true, autocomplete: 'email', inputmode: 'email' })}
<button class="button" type="submit">${t('sendSignInLink')}</button>
</form>
<form method="post" action="${passkeySignInPaths.signIn}" data-passkey-sign-in="${passkeySignInPaths.options}" data-cancelled="${t('passkeyCancelled')}" hidden>
${input.next ? html`<input type="hidden" name="next" value="${input.next}">` : null}
<input type="hidden" name="credential" value="">
<p>${t('signInOr')}</p>
<button class="button button-secondary" type="submit">${t('signInWithPasskey')}</button>
<p class="field-error" data-passkey-status role="status" aria-live="polite"></p>
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
