import { describe, expect, it } from 'vitest';
import { LANGS } from '../../src/core/lang.ts';
import { DEFAULT_INVOICE_TEMPLATES } from '../../src/mail/default-templates.ts';
import {
  describeEmailTemplateFailure,
  EMAIL_TEMPLATE_LIMITS,
  type EmailTemplateFailure,
  validateEmailTemplate,
} from '../../src/mail/validate-email-template.ts';

const BODY = 'Hello,\n\n#LINK\n';

describe('validateEmailTemplate', () => {
  it.each(LANGS)('accepts the default %s template as it is', (lang) => {
    const result = validateEmailTemplate(DEFAULT_INVOICE_TEMPLATES[lang]);
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.template).toEqual(DEFAULT_INVOICE_TEMPLATES[lang]);
  });

  it('returns the template to store: subject trimmed, body line endings made \\n, and its tokens', () => {
    const result = validateEmailTemplate({
      subject: '  Invoice #INVOICE_NUMBER ',
      body: 'Hi,\r\n\r\n#LINK\rBye',
    });
    expect(result).toEqual({
      ok: true,
      template: { subject: 'Invoice #INVOICE_NUMBER', body: 'Hi,\n\n#LINK\nBye' },
      subjectTokens: [
        { kind: 'text', text: 'Invoice ' },
        { kind: 'shortcode', code: '#INVOICE_NUMBER', index: 8 },
      ],
      bodyTokens: [
        { kind: 'text', text: 'Hi,\n\n' },
        { kind: 'shortcode', code: '#LINK', index: 5 },
        { kind: 'text', text: '\nBye' },
      ],
    });
  });

  const subjectOf = (length: number) => 'x'.repeat(length);
  const bodyOf = (length: number) => `#LINK ${'y'.repeat(length - 6)}`;

  it.each<[string, { subject: string; body: string }, Omit<EmailTemplateFailure, 'ok'> | 'ok']>([
    ['an empty subject', { subject: '', body: BODY }, { code: 'SUBJECT_EMPTY', field: 'subject' }],
    ['a blank subject', { subject: ' \t ', body: BODY }, { code: 'SUBJECT_EMPTY', field: 'subject' }],
    ['a 1-character subject', { subject: 'x', body: BODY }, 'ok'],
    ['a 200-character subject', { subject: subjectOf(200), body: BODY }, 'ok'],
    ['200 characters outside the BMP', { subject: '💶'.repeat(200), body: BODY }, 'ok'],
    [
      'a 201-character subject',
      { subject: subjectOf(201), body: BODY },
      { code: 'SUBJECT_TOO_LONG', field: 'subject', limit: 200 },
    ],
    [
      'a line feed in the subject',
      { subject: 'Invoice\nBcc: x@example.com', body: BODY },
      { code: 'SUBJECT_LINE_BREAK', field: 'subject', index: 7 },
    ],
    [
      'a carriage return in the subject',
      { subject: 'Invoice\r1', body: BODY },
      { code: 'SUBJECT_LINE_BREAK', field: 'subject', index: 7 },
    ],
    [
      'a line separator in the subject',
      { subject: 'Invoice\u2028x', body: BODY },
      { code: 'SUBJECT_LINE_BREAK', field: 'subject', index: 7 },
    ],
    [
      'a control character in the subject',
      { subject: 'Invoice\u0000', body: BODY },
      { code: 'CONTROL_CHARACTER', field: 'subject', index: 7 },
    ],
    [
      'an unknown shortcode in the subject',
      { subject: 'Invoice #INVOICE_NUMBR', body: BODY },
      {
        code: 'UNKNOWN_SHORTCODE',
        field: 'subject',
        token: '#INVOICE_NUMBR',
        index: 8,
        suggestion: '#INVOICE_NUMBER',
      },
    ],
    [
      '#LINK in the subject',
      { subject: 'See #LINK', body: BODY },
      { code: 'LINK_IN_SUBJECT', field: 'subject', token: '#LINK', index: 4 },
    ],
    ['an empty body', { subject: 'Hi', body: '' }, { code: 'BODY_EMPTY', field: 'body' }],
    ['a blank body', { subject: 'Hi', body: '\n \n\t' }, { code: 'BODY_EMPTY', field: 'body' }],
    ['a body that is just #LINK', { subject: 'Hi', body: '#LINK' }, 'ok'],
    ['a 10,000-character body', { subject: 'Hi', body: bodyOf(10_000) }, 'ok'],
    [
      'a 10,001-character body',
      { subject: 'Hi', body: bodyOf(10_001) },
      { code: 'BODY_TOO_LONG', field: 'body', limit: 10_000 },
    ],
    [
      '10,000 characters counting \\r\\n as one',
      { subject: 'Hi', body: `#LINK${'\r\n'.repeat(9_995)}` },
      'ok',
    ],
    [
      'a body without #LINK',
      { subject: 'Hi', body: 'Please pay #AMOUNT_DUE.' },
      { code: 'BODY_MISSING_LINK', field: 'body', token: '#LINK' },
    ],
    [
      'a body with only a literal ##LINK',
      { subject: 'Hi', body: 'Type ##LINK in your template.' },
      { code: 'BODY_MISSING_LINK', field: 'body', token: '#LINK' },
    ],
    [
      'an unknown shortcode in the body',
      { subject: 'Hi', body: '#LINK\nDue on #DUE_DAY' },
      { code: 'UNKNOWN_SHORTCODE', field: 'body', token: '#DUE_DAY', index: 13, suggestion: '#DUE_DATE' },
    ],
    [
      'a control character in the body',
      { subject: 'Hi', body: '#LINK\u001b[31m' },
      { code: 'CONTROL_CHARACTER', field: 'body', index: 5 },
    ],
    ['tabs and line breaks in the body', { subject: 'Hi', body: 'a\tb\r\n#LINK\n' }, 'ok'],
  ])('%s', (_name, template, expected) => {
    const result = validateEmailTemplate(template);
    if (expected === 'ok') expect(result).toMatchObject({ ok: true });
    else expect(result).toEqual({ ok: false, ...expected });
  });

  it('checks the subject before the body', () => {
    expect(validateEmailTemplate({ subject: '', body: '' })).toMatchObject({ field: 'subject' });
  });

  it('publishes its limits', () => {
    expect(EMAIL_TEMPLATE_LIMITS).toEqual({ subjectMaxLength: 200, bodyMaxLength: 10_000 });
  });
});

describe('describeEmailTemplateFailure', () => {
  const unknown: EmailTemplateFailure = {
    ok: false,
    code: 'UNKNOWN_SHORTCODE',
    field: 'body',
    token: '#DUE_DAT',
    index: 4,
    suggestion: '#DUE_DATE',
  };

  it.each([
    [
      'en',
      'Unknown shortcode #DUE_DAT in the message. Did you mean #DUE_DATE? To write # followed by letters as plain text, double it: ##.',
    ],
    [
      'fr',
      'Code court inconnu #DUE_DAT dans le message. Vouliez-vous dire #DUE_DATE\u00a0? Pour écrire # suivi de lettres comme simple texte, doublez-le\u00a0: ##.',
    ],
    [
      'nl',
      'Onbekende shortcode #DUE_DAT in het bericht. Bedoelde u #DUE_DATE? Om # gevolgd door letters als gewone tekst te schrijven, typt u het twee keer: ##.',
    ],
    [
      'de',
      'Unbekannter Platzhalter #DUE_DAT in der Nachricht. Meinten Sie #DUE_DATE? Um # gefolgt von Buchstaben als normalen Text zu schreiben, verdoppeln Sie es: ##.',
    ],
  ] as const)('names the exact token and the likely shortcode in %s', (lang, message) => {
    expect(describeEmailTemplateFailure(lang, unknown)).toBe(message);
  });

  it('leaves out the suggestion when there is none, and says where', () => {
    expect(
      describeEmailTemplateFailure('en', {
        ok: false,
        code: 'UNKNOWN_SHORTCODE',
        field: 'subject',
        token: '#X',
      }),
    ).toBe(
      'Unknown shortcode #X in the subject. To write # followed by letters as plain text, double it: ##.',
    );
  });

  it('has a message for every refusal, with the limit where there is one', () => {
    const failures: EmailTemplateFailure[] = [
      { ok: false, code: 'SUBJECT_EMPTY', field: 'subject' },
      { ok: false, code: 'SUBJECT_TOO_LONG', field: 'subject', limit: 200 },
      { ok: false, code: 'SUBJECT_LINE_BREAK', field: 'subject', index: 3 },
      { ok: false, code: 'BODY_EMPTY', field: 'body' },
      { ok: false, code: 'BODY_TOO_LONG', field: 'body', limit: 10_000 },
      { ok: false, code: 'BODY_MISSING_LINK', field: 'body', token: '#LINK' },
      { ok: false, code: 'CONTROL_CHARACTER', field: 'body', index: 0 },
      { ok: false, code: 'LINK_IN_SUBJECT', field: 'subject', token: '#LINK', index: 0 },
    ];
    expect(failures.map((failure) => describeEmailTemplateFailure('en', failure))).toEqual([
      'The subject is empty.',
      'The subject is longer than 200 characters.',
      'The subject must fit on one line.',
      'The message is empty.',
      'The message is longer than 10,000 characters.',
      "The message must contain #LINK: it becomes the link to the invoice in the customer's portal.",
      'There is an invisible control character in the message.',
      '#LINK can only be used in the message, not in the subject.',
    ]);
    for (const lang of LANGS) {
      for (const failure of failures)
        expect(describeEmailTemplateFailure(lang, failure)).not.toMatch(/\{\w+\}/);
    }
  });
});
