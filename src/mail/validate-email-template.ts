import type { Lang } from '../core/lang.ts';
import { mailTranslator } from './mail-messages.ts';
import { parseTemplate, type Shortcode, type TemplatePart, type TemplateToken } from './shortcodes.ts';

/**
 * The rules an invoice e-mail template must follow to be saved (R1). A refused template names the part,
 * and for a shortcode problem the exact token and its position, so the editor can point at it.
 *
 * - Subject: 1 to 200 characters once trimmed, on one line, shortcodes allowed except `#LINK`.
 * - Body: 1 to 10,000 characters, not only blanks, and it must contain `#LINK` at least once: the link to
 *   the portal is what the e-mail is for (R2), and in a plain-text e-mail nothing else leads there. We
 *   refuse rather than silently append a link, so the business always sends the words it wrote.
 * - Neither may hold control characters other than line breaks and tabs in the body.
 *
 * Lengths are counted in characters (code points) of the template as written, shortcodes included, after
 * line endings are made `\n` (a browser form sends `\r\n`, which should not count twice).
 *
 * @module
 */

/** The limits, for the API schema and documentation. */
export const EMAIL_TEMPLATE_LIMITS = { subjectMaxLength: 200, bodyMaxLength: 10_000 } as const;

/** A template as stored: subject and body texts with shortcodes. */
export interface EmailTemplate {
  readonly subject: string;
  readonly body: string;
}

export type EmailTemplateErrorCode =
  | 'SUBJECT_EMPTY'
  | 'SUBJECT_TOO_LONG'
  | 'SUBJECT_LINE_BREAK'
  | 'BODY_EMPTY'
  | 'BODY_TOO_LONG'
  | 'BODY_MISSING_LINK'
  | 'CONTROL_CHARACTER'
  | 'UNKNOWN_SHORTCODE'
  | 'LINK_IN_SUBJECT';

/** Why a template is refused. `index` counts UTF-16 code units in the normalized text of `field`. */
export interface EmailTemplateFailure {
  readonly ok: false;
  readonly code: EmailTemplateErrorCode;
  readonly field: TemplatePart;
  /** The offending token (`UNKNOWN_SHORTCODE`, `LINK_IN_SUBJECT`, `BODY_MISSING_LINK`). */
  readonly token?: string;
  readonly index?: number;
  /** For `UNKNOWN_SHORTCODE`: the shortcode that was probably meant. */
  readonly suggestion?: Shortcode;
  /** For `*_TOO_LONG`: the maximum length. */
  readonly limit?: number;
}

export type EmailTemplateValidation =
  | {
      readonly ok: true;
      /** The template to store: subject trimmed, line endings of the body made `\n`. */
      readonly template: EmailTemplate;
      readonly subjectTokens: TemplateToken[];
      readonly bodyTokens: TemplateToken[];
    }
  | EmailTemplateFailure;

// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
const LINE_BREAK = /[\r\n\u2028\u2029\u0085]/;

function characterCount(text: string): number {
  let count = 0;
  for (const _ of text) count += 1;
  return count;
}

/**
 * Checks an invoice e-mail template and returns it normalized for storage, or the first problem found
 * (subject before body).
 *
 * @example
 * validateEmailTemplate({ subject: 'Invoice #INVOICE_NUMBR', body: '#LINK' });
 * // { ok: false, code: 'UNKNOWN_SHORTCODE', field: 'subject', token: '#INVOICE_NUMBR', index: 8,
 * //   suggestion: '#INVOICE_NUMBER' }
 */
export function validateEmailTemplate(input: EmailTemplate): EmailTemplateValidation {
  const subject = input.subject.trim();
  const body = input.body.replace(/\r\n?/g, '\n');

  if (subject === '') return { ok: false, code: 'SUBJECT_EMPTY', field: 'subject' };
  const subjectBreak = LINE_BREAK.exec(subject);
  if (subjectBreak) {
    return { ok: false, code: 'SUBJECT_LINE_BREAK', field: 'subject', index: subjectBreak.index };
  }
  const subjectControl = CONTROL.exec(subject);
  if (subjectControl) {
    return { ok: false, code: 'CONTROL_CHARACTER', field: 'subject', index: subjectControl.index };
  }
  if (characterCount(subject) > EMAIL_TEMPLATE_LIMITS.subjectMaxLength) {
    return {
      ok: false,
      code: 'SUBJECT_TOO_LONG',
      field: 'subject',
      limit: EMAIL_TEMPLATE_LIMITS.subjectMaxLength,
    };
  }
  const subjectParsed = parseTemplate(subject, 'subject');
  if (!subjectParsed.ok) return { ...subjectParsed, field: 'subject' };

  if (body.trim() === '') return { ok: false, code: 'BODY_EMPTY', field: 'body' };
  const bodyControl = CONTROL.exec(body);
  if (bodyControl) return { ok: false, code: 'CONTROL_CHARACTER', field: 'body', index: bodyControl.index };
  if (characterCount(body) > EMAIL_TEMPLATE_LIMITS.bodyMaxLength) {
    return { ok: false, code: 'BODY_TOO_LONG', field: 'body', limit: EMAIL_TEMPLATE_LIMITS.bodyMaxLength };
  }
  const bodyParsed = parseTemplate(body, 'body');
  if (!bodyParsed.ok) return { ...bodyParsed, field: 'body' };
  if (!bodyParsed.tokens.some((token) => token.kind === 'shortcode' && token.code === '#LINK')) {
    return { ok: false, code: 'BODY_MISSING_LINK', field: 'body', token: '#LINK' };
  }

  return {
    ok: true,
    template: { subject, body },
    subjectTokens: subjectParsed.tokens,
    bodyTokens: bodyParsed.tokens,
  };
}

/**
 * Why a template was refused, in words for the business, in `lang`: the API's error message.
 *
 * @example
 * describeEmailTemplateFailure('en', { ok: false, code: 'UNKNOWN_SHORTCODE', field: 'body',
 *   token: '#DUE_DAT', index: 40, suggestion: '#DUE_DATE' });
 * // 'Unknown shortcode #DUE_DAT in the message. Did you mean #DUE_DATE? To write # followed by letters
 * //  as plain text, double it: ##.'
 */
export function describeEmailTemplateFailure(lang: Lang, failure: EmailTemplateFailure): string {
  const t = mailTranslator(lang);
  const where = failure.field === 'subject' ? t('templateInSubject') : t('templateInBody');
  const limit = new Intl.NumberFormat(lang).format(failure.limit ?? 0);
  switch (failure.code) {
    case 'SUBJECT_EMPTY':
      return t('templateSubjectEmpty');
    case 'SUBJECT_TOO_LONG':
      return t('templateSubjectTooLong', { limit });
    case 'SUBJECT_LINE_BREAK':
      return t('templateSubjectLineBreak');
    case 'BODY_EMPTY':
      return t('templateBodyEmpty');
    case 'BODY_TOO_LONG':
      return t('templateBodyTooLong', { limit });
    case 'BODY_MISSING_LINK':
      return t('templateBodyMissingLink');
    case 'CONTROL_CHARACTER':
      return t('templateControlCharacter', { where });
    case 'LINK_IN_SUBJECT':
      return t('templateLinkInSubject');
    case 'UNKNOWN_SHORTCODE':
      return [
        t('templateUnknownShortcode', { token: failure.token ?? '', where }),
        failure.suggestion === undefined ? null : t('templateDidYouMean', { suggestion: failure.suggestion }),
        t('templateLiteralHash'),
      ]
        .filter((sentence) => sentence !== null)
        .join(' ');
  }
}
