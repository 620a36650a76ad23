import { describe, expect, it } from 'vitest';
import { defineCatalog, interpolate, type MessageParams } from '../../src/i18n/catalog.ts';

describe('interpolate', () => {
  const inherited: MessageParams = Object.create({ name: 'from the prototype' });

  it.each([
    ['no placeholder', 'Nothing left to pay.', {}, 'Nothing left to pay.'],
    ['one placeholder', 'Invoice {number}', { number: '2026-0042' }, 'Invoice 2026-0042'],
    ['two, in any order', 'Page {page} of {pages}', { pages: 2, page: 1 }, 'Page 1 of 2'],
    ['the same one twice', '{a} and {a}', { a: 'x' }, 'x and x'],
    ['a number, as String() writes it', 'At most {max}', { max: 2000 }, 'At most 2000'],
    ['zero is a value', '{n} items', { n: 0 }, '0 items'],
    ['the empty string is a value', '[{field}]', { field: '' }, '[]'],
    ['a missing parameter stays as written', 'Page {page} of {pages}', { page: 3 }, 'Page 3 of {pages}'],
    ['no parameters at all', 'Overdue by {duration}', {}, 'Overdue by {duration}'],
    ['undefined counts as missing', 'Invoice {number}', { number: undefined }, 'Invoice {number}'],
    ['an inherited property counts as missing', 'Hi {name}', inherited, 'Hi {name}'],
    ['Object.prototype is not a parameter', '{toString} {constructor}', {}, '{toString} {constructor}'],
    ['extra parameters are ignored', 'Invoice {number}', { number: 1, other: 2 }, 'Invoice 1'],
    ['a value is not filled again', '{a}', { a: '{b}', b: 'no' }, '{b}'],
    ['replacement patterns in a value are literal', '{a}', { a: '$& $1 $$' }, '$& $1 $$'],
    [
      'braces around other than a word stay',
      '<{element}> { } {a-b} {{x}}',
      { element: 'svg', x: 1 },
      '<svg> { } {a-b} {1}',
    ],
    [
      'accented text around placeholders',
      'Échéance\u00a0: {date}',
      { date: '3 mars' },
      'Échéance\u00a0: 3 mars',
    ],
  ] as const)('%s', (_case, template, params, expected) => {
    expect(interpolate(template, params as MessageParams)).toBe(expected);
  });

  it('takes no parameters by default', () => {
    expect(interpolate('Invoice {number}')).toBe('Invoice {number}');
  });
});

describe('defineCatalog', () => {
  const en = { hello: 'Hello {name}', bye: 'Goodbye' } as const;
  const catalog = defineCatalog({
    en,
    fr: { hello: 'Bonjour {name}', bye: 'Au revoir' },
    nl: { hello: 'Hallo {name}', bye: 'Tot ziens' },
    de: { hello: 'Hallo {name}', bye: 'Auf Wiedersehen' },
  });

  it('fills a text in the asked language, checked against the English placeholders', () => {
    expect(catalog.message('fr', 'hello', { name: 'Ana' })).toBe('Bonjour Ana');
    expect(catalog.message('de', 'bye')).toBe('Auf Wiedersehen');
    expect(catalog.translator('nl')('hello', { name: 'Jan' })).toBe('Hallo Jan');
    expect(catalog.format('en', 'hello', {})).toBe('Hello {name}');
  });

  it('is type-checked: a call without its parameters, or with the wrong ones, does not compile', () => {
    // @ts-expect-error hello needs { name }
    expect(catalog.message('en', 'hello')).toBe('Hello {name}');
    // @ts-expect-error the parameter is called name, not who
    expect(catalog.message('en', 'hello', { who: 'x' })).toBe('Hello {name}');
    // @ts-expect-error bye takes no parameters
    expect(catalog.translator('en')('bye', { name: 'x' })).toBe('Goodbye');
    // @ts-expect-error no such key
    expect(catalog.message('en', 'missing')).toBe('missing');
  });

  it('falls back to English, then to the key, for a catalog typed by string', () => {
    const loose: Readonly<Record<string, string>> = { only: 'Only in English {x}' };
    const api = defineCatalog({ en: loose, fr: {}, nl: {}, de: {} });
    expect(api.format('fr', 'only', { x: 1 })).toBe('Only in English 1');
    expect(api.format('de', 'f.unknown')).toBe('f.unknown');
  });
});
