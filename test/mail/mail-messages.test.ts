import { describe, expect, it } from 'vitest';
import { LANGS } from '../../src/core/lang.ts';
import { DEFAULT_INVOICE_TEMPLATES, defaultInvoiceTemplate } from '../../src/mail/default-templates.ts';
import {
  MAIL_MESSAGES,
  MAIL_MESSAGES_SAME_AS_ENGLISH,
  type MailMessageKey,
  type MailMessages,
  mailMessage,
  mailTranslator,
} from '../../src/mail/mail-messages.ts';
import { parseTemplate } from '../../src/mail/shortcodes.ts';

const OTHER_LANGS = LANGS.filter((lang) => lang !== 'en');
const KEYS = Object.keys(MAIL_MESSAGES.en).sort() as MailMessageKey[];

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1] ?? '').sort();
}

describe('mail message catalogs', () => {
  it('has the four languages with exactly the same keys', () => {
    expect(Object.keys(MAIL_MESSAGES).sort()).toEqual(['de', 'en', 'fr', 'nl']);
    for (const lang of OTHER_LANGS) expect(Object.keys(MAIL_MESSAGES[lang]).sort(), lang).toEqual(KEYS);
  });

  it('has no empty text and the same placeholders in every language', () => {
    for (const key of KEYS) {
      for (const lang of LANGS) {
        expect(MAIL_MESSAGES[lang][key].trim(), `${lang}.${key}`).not.toBe('');
        expect(placeholders(MAIL_MESSAGES[lang][key]), `${lang}.${key}`).toEqual(
          placeholders(MAIL_MESSAGES.en[key]),
        );
      }
    }
  });

  it('translates every text; only the listed punctuation-only keys may equal the English', () => {
    expect(MAIL_MESSAGES_SAME_AS_ENGLISH).toEqual(['labelValue']);
    const untranslated = OTHER_LANGS.flatMap((lang) =>
      KEYS.filter(
        (key) =>
          !MAIL_MESSAGES_SAME_AS_ENGLISH.includes(key) && MAIL_MESSAGES[lang][key] === MAIL_MESSAGES.en[key],
      ).map((key) => `${lang}.${key}`),
    );
    expect(untranslated).toEqual([]);
  });

  it('puts a no-break space before French double punctuation, and a plain space nowhere there', () => {
    for (const key of KEYS) {
      expect(MAIL_MESSAGES.fr[key], key).not.toMatch(/[^\u00a0\u202f][:;?!]/);
    }
  });

  it('never writes "de {name}" in French, which would need elision before a vowel', () => {
    for (const key of KEYS)
      expect(MAIL_MESSAGES.fr[key], key).not.toMatch(/\b(de|que|le|la) \{(customer|organization)\}/);
  });

  it.each([
    ['en', 'View this invoice'],
    ['fr', 'Voir cette facture'],
    ['nl', 'Bekijk deze factuur'],
    ['de', 'Diese Rechnung ansehen'],
  ] as const)('the invoice link reads %j in %s (R2)', (lang, text) => {
    expect(MAIL_MESSAGES[lang].viewInvoice).toBe(text);
  });

  it('fills placeholders and leaves an unknown one visible', () => {
    expect(mailMessage('fr', 'invoiceImageAlt', { number: '2026-0042' })).toBe('Facture 2026-0042');
    expect(mailTranslator('de')('viewInvoiceWithUrl', { url: 'https://x.test/' })).toBe(
      'Diese Rechnung ansehen: https://x.test/',
    );
    const loose = mailMessage as (lang: string, key: string, params?: object) => string;
    expect(loose('en', 'invoiceImageAlt', {})).toBe('Invoice {number}');
  });

  it('is type-checked: a catalog without a key, or a call without its parameters, does not compile', () => {
    // @ts-expect-error every language must have every key
    const incomplete: MailMessages = { viewInvoice: 'Voir cette facture' };
    expect(incomplete).toBeDefined();
    // @ts-expect-error invoiceImageAlt needs { number }
    expect(mailMessage('en', 'invoiceImageAlt')).toBe('Invoice {number}');
    // @ts-expect-error the parameter is called number, not id
    expect(mailMessage('en', 'invoiceImageAlt', { id: 3 })).toBe('Invoice {number}');
  });
});

describe('default invoice templates', () => {
  it('exist for the four languages, each different from the English', () => {
    expect(Object.keys(DEFAULT_INVOICE_TEMPLATES).sort()).toEqual(['de', 'en', 'fr', 'nl']);
    for (const lang of OTHER_LANGS) {
      expect(defaultInvoiceTemplate(lang).subject).not.toBe(DEFAULT_INVOICE_TEMPLATES.en.subject);
      expect(defaultInvoiceTemplate(lang).body).not.toBe(DEFAULT_INVOICE_TEMPLATES.en.body);
    }
  });

  it.each(LANGS)('%s uses every value shortcode once in the body, and #LINK on a line of its own', (lang) => {
    const { subject, body } = DEFAULT_INVOICE_TEMPLATES[lang];
    const parsed = parseTemplate(body);
    expect(parsed.ok).toBe(true);
    const codes = parsed.ok
      ? parsed.tokens.flatMap((token) => (token.kind === 'shortcode' ? [token.code] : []))
      : [];
    expect(codes.sort()).toEqual(
      ['#AMOUNT_DUE', '#COMPANY_NAME', '#CUSTOMER_NAME', '#DUE_DATE', '#INVOICE_NUMBER', '#LINK'].sort(),
    );
    expect(body).toMatch(/\n\n#LINK\n\n/);
    expect(subject).toContain('#INVOICE_NUMBER');
    expect(subject).toContain('#COMPANY_NAME');
  });
});
