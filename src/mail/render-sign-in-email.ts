import type { Lang } from '../core/lang.ts';
import {
  assertEmailUrl,
  type EmailBlock,
  type EmailBranding,
  type RenderedEmail,
  renderEmailHtml,
  renderEmailText,
  singleLine,
} from './email-layout.ts';
import { mailTranslator } from './mail-messages.ts';

export interface SignInEmailInput {
  /** The admin's own language. */
  readonly language: Lang;
  readonly branding: EmailBranding;
  /** The organization's "designed layout" setting: off, plain text only. */
  readonly designedLayout: boolean;
  /** The one-time sign-in link, absolute. */
  readonly signInUrl: string;
  /** Who added this admin, when the e-mail is their invitation (issue 12); null for a sign-in they asked for. */
  readonly invitedBy?: string | null;
}

/**
 * The e-mail carrying a one-time back-office sign-in link, in the admin's language and the business's
 * look: what it is, the link as a button (and written out in the text version), that it works once within
 * 15 minutes, and what to do if the admin did not ask for it. An invitation (`invitedBy`) says who added
 * them instead, and how to get a new link once this one has expired.
 *
 * @throws RangeError when `signInUrl` is not an absolute http(s) URL.
 */
export function renderSignInEmail(input: SignInEmailInput): RenderedEmail {
  const t = mailTranslator(input.language);
  const url = assertEmailUrl(input.signInUrl, 'signInUrl');
  const organization = singleLine(input.branding.organizationName);
  const link = {
    kind: 'link',
    label: t('signInButton'),
    url,
    plainText: t('signInWithUrl', { url }),
  } as const;
  const inviter = input.invitedBy ? singleLine(input.invitedBy) : null;
  const blocks: EmailBlock[] = [
    {
      kind: 'paragraph',
      parts: [inviter ? t('invitedIntro', { inviter, organization }) : t('signInIntro', { organization })],
    },
    { kind: 'button', link },
    { kind: 'paragraph', parts: [t('signInExpiry')] },
    { kind: 'paragraph', parts: [inviter ? t('invitedLater') : t('signInIgnore')] },
  ];
  const footerNote = t('signInFooter', { organization });
  const subject = singleLine(
    inviter ? t('invitedSubject', { organization }) : t('signInSubject', { organization }),
  );
  return {
    subject,
    text: renderEmailText(blocks, footerNote),
    html: input.designedLayout
      ? renderEmailHtml({ lang: input.language, subject, branding: input.branding, blocks, footerNote })
      : null,
  };
}
