import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  escapeTemplateText,
  parseTemplate,
  SHORTCODES,
  type TemplateToken,
} from '../../src/mail/shortcodes.ts';

const text = (value: string): TemplateToken => ({ kind: 'text', text: value });
const code = (value: string, index: number) => ({ kind: 'shortcode', code: value, index });

describe('SHORTCODES', () => {
  it('lists the six shortcodes of the issue, each described for the API documentation', () => {
    expect(SHORTCODES.map((shortcode) => shortcode.code)).toEqual([
      '#LINK',
      '#INVOICE_NUMBER',
      '#AMOUNT_DUE',
      '#DUE_DATE',
      '#CUSTOMER_NAME',
      '#COMPANY_NAME',
    ]);
    for (const shortcode of SHORTCODES) {
      expect(shortcode.description.length, shortcode.code).toBeGreaterThan(20);
      expect(shortcode.example, shortcode.code).not.toBe('');
    }
  });

  it('allows #LINK in the body only, every other shortcode anywhere', () => {
    expect(Object.fromEntries(SHORTCODES.map((s) => [s.code, s.allowedIn]))).toEqual({
      '#LINK': ['body'],
      '#INVOICE_NUMBER': ['subject', 'body'],
      '#AMOUNT_DUE': ['subject', 'body'],
      '#DUE_DATE': ['subject', 'body'],
      '#CUSTOMER_NAME': ['subject', 'body'],
      '#COMPANY_NAME': ['subject', 'body'],
    });
  });
});

describe('parseTemplate', () => {
  it.each(SHORTCODES.map((s) => s.code))(
    'reads %s alone, at the start, at the end and between words',
    (sc) => {
      expect(parseTemplate(sc)).toEqual({ ok: true, tokens: [code(sc, 0)] });
      expect(parseTemplate(`${sc} and more`)).toEqual({ ok: true, tokens: [code(sc, 0), text(' and more')] });
      expect(parseTemplate(`See ${sc}`)).toEqual({ ok: true, tokens: [text('See '), code(sc, 4)] });
      expect(parseTemplate(`a ${sc} b`)).toEqual({ ok: true, tokens: [text('a '), code(sc, 2), text(' b')] });
    },
  );

  it.each([
    ['#INVOICE_NUMBER.', [code('#INVOICE_NUMBER', 0), text('.')]],
    ['#INVOICE_NUMBER,', [code('#INVOICE_NUMBER', 0), text(',')]],
    ['(#AMOUNT_DUE)', [text('('), code('#AMOUNT_DUE', 1), text(')')]],
    ['«#CUSTOMER_NAME»', [text('«'), code('#CUSTOMER_NAME', 1), text('»')]],
    ['#DUE_DATE!', [code('#DUE_DATE', 0), text('!')]],
    ['#DUE_DATE?', [code('#DUE_DATE', 0), text('?')]],
    ['#COMPANY_NAME’s', [code('#COMPANY_NAME', 0), text('’s')]],
    ['#COMPANY_NAME-team', [code('#COMPANY_NAME', 0), text('-team')]],
    ['Nr.#INVOICE_NUMBER:', [text('Nr.'), code('#INVOICE_NUMBER', 3), text(':')]],
    ['#LINK\n', [code('#LINK', 0), text('\n')]],
    ['\n#LINK\n', [text('\n'), code('#LINK', 1), text('\n')]],
    ['#AMOUNT_DUE#DUE_DATE', [code('#AMOUNT_DUE', 0), code('#DUE_DATE', 11)]],
    ['#AMOUNT_DUE #AMOUNT_DUE', [code('#AMOUNT_DUE', 0), text(' '), code('#AMOUNT_DUE', 12)]],
  ] as const)('reads %j next to punctuation', (template, tokens) => {
    expect(parseTemplate(template)).toEqual({ ok: true, tokens });
  });

  it.each([
    ['##', '#'],
    ['##LINK', '#LINK'],
    ['Ticket ##INVOICE_NUMBER here', 'Ticket #INVOICE_NUMBER here'],
    ['####', '##'],
    ['## #1', '# #1'],
    ['#', '#'],
    ['a # b', 'a # b'],
    ['end #', 'end #'],
    ['#1', '#1'],
    ['#123-456', '#123-456'],
    ['#hashtag', '#hashtag'],
    ['#Bruxelles', '#Bruxelles'],
    // Small letters and two letters away from #LINK: a word, not a typo.
    ['#Lien', '#Lien'],
    ['C# and F#', 'C# and F#'],
    ['#é', '#é'],
  ])('reads %j as the text %j', (template, expected) => {
    expect(parseTemplate(template)).toEqual({ ok: true, tokens: [text(expected)] });
  });

  it('reads ### as a literal # followed by a shortcode', () => {
    expect(parseTemplate('###LINK')).toEqual({ ok: true, tokens: [text('#'), code('#LINK', 2)] });
    expect(parseTemplate('No. ###INVOICE_NUMBER')).toEqual({
      ok: true,
      tokens: [text('No. #'), code('#INVOICE_NUMBER', 6)],
    });
  });

  it('gives no tokens for the empty text', () => {
    expect(parseTemplate('')).toEqual({ ok: true, tokens: [] });
  });

  it.each([
    ['Invoice #INVOICE_NUMBR', '#INVOICE_NUMBR', 8, '#INVOICE_NUMBER'],
    ['#LINKS', '#LINKS', 0, '#LINK'],
    ['Due #DUE_DAT.', '#DUE_DAT', 4, '#DUE_DATE'],
    ['Hello #CUSTOMER,', '#CUSTOMER', 6, '#CUSTOMER_NAME'],
    ['#AMOUNT_DUE #AMOUNT', '#AMOUNT', 12, '#AMOUNT_DUE'],
    ['#INV', '#INV', 0, undefined],
    ['ok #INVOICE_NUMBER2', '#INVOICE_NUMBER2', 3, '#INVOICE_NUMBER'],
    ['Order #A12', '#A12', 6, undefined],
    ['#TOTAL', '#TOTAL', 0, undefined],
    ['#_', '#_', 0, undefined],
    ['#DUE_DATE_', '#DUE_DATE_', 0, '#DUE_DATE'],
    ['x#FOO_BAR', '#FOO_BAR', 1, undefined],
    ['#link', '#link', 0, '#LINK'],
    ['Hello #Customer_Name', '#Customer_Name', 6, '#CUSTOMER_NAME'],
    ['#AMOUNT_DUEs', '#AMOUNT_DUEs', 0, '#AMOUNT_DUE'],
  ])('refuses %j naming the exact token %j at %i', (template, token, index, suggestion) => {
    expect(parseTemplate(template)).toEqual({
      ok: false,
      code: 'UNKNOWN_SHORTCODE',
      token,
      index,
      ...(suggestion === undefined ? {} : { suggestion }),
    });
  });

  it('refuses the first unknown token when there are several', () => {
    expect(parseTemplate('#LINK #NOPE #ALSO_NOPE')).toMatchObject({ token: '#NOPE', index: 6 });
  });

  it('refuses #LINK in a subject, and allows it in a body', () => {
    expect(parseTemplate('Invoice #INVOICE_NUMBER: #LINK', 'subject')).toEqual({
      ok: false,
      code: 'LINK_IN_SUBJECT',
      token: '#LINK',
      index: 25,
    });
    expect(parseTemplate('Invoice #INVOICE_NUMBER: #LINK', 'body').ok).toBe(true);
    expect(parseTemplate('Not a link: ##LINK', 'subject')).toEqual({
      ok: true,
      tokens: [text('Not a link: #LINK')],
    });
  });

  it('counts the index in UTF-16 code units of the text as given', () => {
    expect(parseTemplate('💶 #NOPE')).toMatchObject({ index: 3 });
  });
});

describe('escapeTemplateText', () => {
  it('turns any text into a template that reads back as exactly that text', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('#', 'L', 'I', 'N', 'K', '_', 'a', ' ', '1', '\n') }),
        (plain) => {
          const parsed = parseTemplate(escapeTemplateText(plain), 'subject');
          expect(parsed).toEqual({ ok: true, tokens: plain === '' ? [] : [text(plain)] });
        },
      ),
    );
    expect(escapeTemplateText('Order #AB12 for #LINK')).toBe('Order ##AB12 for ##LINK');
  });

  it('never crashes; refuses with the token found at its index, or reads back the same tokens', () => {
    const withoutIndex = (tokens: readonly TemplateToken[]) =>
      tokens.map((token) => (token.kind === 'text' ? token : { kind: token.kind, code: token.code }));
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('#', 'L', 'I', 'N', 'K', 'D', '_', 'x', ' ') }),
        (template) => {
          const parsed = parseTemplate(template);
          if (!parsed.ok) {
            expect(template.slice(parsed.index, parsed.index + parsed.token.length)).toBe(parsed.token);
            return;
          }
          const written = parsed.tokens
            .map((token) => (token.kind === 'text' ? escapeTemplateText(token.text) : token.code))
            .join('');
          const reread = parseTemplate(written);
          expect(reread.ok && withoutIndex(reread.tokens)).toEqual(withoutIndex(parsed.tokens));
        },
      ),
    );
  });
});
