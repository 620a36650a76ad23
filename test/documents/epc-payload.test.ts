import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildEpcPayload,
  type EpcPayloadInput,
  type EpcPayloadRefusal,
} from '../../src/documents/epc-payload.ts';

const base: EpcPayloadInput = {
  beneficiaryName: 'Atelier Lumière SRL',
  iban: 'BE71 0961 2345 6769',
  bic: 'GKCCBEBB',
  amountMinor: 123456,
  currency: 'EUR',
  reference: null,
  text: null,
};

const lines = (...elements: string[]) => elements.join('\n');

describe('buildEpcPayload', () => {
  const accepted: { name: string; input: Partial<EpcPayloadInput>; payload: string }[] = [
    {
      name: 'an RF reference goes compact in the structured remittance, the last element',
      input: { reference: 'rf18 5390 0754 7034', bic: 'gkcc bebb' },
      payload: lines(
        'BCD',
        '002',
        '1',
        'SCT',
        'GKCCBEBB',
        'Atelier Lumière SRL',
        'BE71096123456769',
        'EUR1234.56',
        '',
        'RF18539007547034',
      ),
    },
    {
      name: 'a Belgian structured communication goes as printed in the unstructured remittance',
      input: { reference: '+++010/8068/17183+++', bic: null, amountMinor: 1 },
      payload: lines(
        'BCD',
        '002',
        '1',
        'SCT',
        '',
        'Atelier Lumière SRL',
        'BE71096123456769',
        'EUR0.01',
        '',
        '',
        '+++010/8068/17183+++',
      ),
    },
    {
      name: 'a Belgian structured communication without its plus signs is written in its printed form',
      input: { reference: '010806817183', bic: '' },
      payload: lines(
        'BCD',
        '002',
        '1',
        'SCT',
        '',
        'Atelier Lumière SRL',
        'BE71096123456769',
        'EUR1234.56',
        '',
        '',
        '+++010/8068/17183+++',
      ),
    },
    {
      name: 'free text goes in the unstructured remittance; the largest amount has no separators',
      input: {
        text: 'Invoice 2026-0042',
        amountMinor: 99_999_999_999,
        iban: 'de89370400440532013000',
        bic: 'COBADEFFXXX',
      },
      payload: lines(
        'BCD',
        '002',
        '1',
        'SCT',
        'COBADEFFXXX',
        'Atelier Lumière SRL',
        'DE89370400440532013000',
        'EUR999999999.99',
        '',
        '',
        'Invoice 2026-0042',
      ),
    },
    {
      name: 'without reference or text the payload ends with the amount',
      input: { amountMinor: 1000 },
      payload: lines(
        'BCD',
        '002',
        '1',
        'SCT',
        'GKCCBEBB',
        'Atelier Lumière SRL',
        'BE71096123456769',
        'EUR10.00',
      ),
    },
    {
      name: 'line breaks in the name and text become spaces, a decomposed é becomes one character',
      input: { beneficiaryName: ' Atelier\r\nLume\u0301 ', text: 'Facture\n2026-0042' },
      payload: lines(
        'BCD',
        '002',
        '1',
        'SCT',
        'GKCCBEBB',
        'Atelier Lumé',
        'BE71096123456769',
        'EUR1234.56',
        '',
        '',
        'Facture 2026-0042',
      ),
    },
    {
      name: 'a name over 70 characters is cut at 70 characters, never inside one',
      input: { beneficiaryName: `${'Ł'.repeat(68)}ő😀Zbigniew`, reference: 'RF18539007547034' },
      payload: lines(
        'BCD',
        '002',
        '1',
        'SCT',
        'GKCCBEBB',
        `${'Ł'.repeat(68)}ő😀`,
        'BE71096123456769',
        'EUR1234.56',
        '',
        'RF18539007547034',
      ),
    },
  ];
  for (const { name, input, payload } of accepted) {
    it(name, () => {
      expect(buildEpcPayload({ ...base, ...input })).toEqual({ ok: true, payload });
    });
  }

  const refused: { input: Partial<EpcPayloadInput>; reason: EpcPayloadRefusal }[] = [
    { input: { currency: 'USD' }, reason: 'CURRENCY_NOT_EUR' },
    { input: { currency: 'eur' }, reason: 'CURRENCY_NOT_EUR' },
    { input: { amountMinor: 0 }, reason: 'AMOUNT_OUT_OF_RANGE' },
    { input: { amountMinor: -500 }, reason: 'AMOUNT_OUT_OF_RANGE' },
    { input: { amountMinor: 100_000_000_000 }, reason: 'AMOUNT_OUT_OF_RANGE' },
    { input: { amountMinor: 12.5 }, reason: 'AMOUNT_OUT_OF_RANGE' },
    { input: { iban: 'BE71 0961 2345 6768' }, reason: 'INVALID_IBAN' },
    { input: { iban: '' }, reason: 'INVALID_IBAN' },
    { input: { bic: 'GKCC' }, reason: 'INVALID_BIC' },
    { input: { bic: 'GKCCBEBB1' }, reason: 'INVALID_BIC' },
    { input: { beneficiaryName: ' \n ' }, reason: 'MISSING_BENEFICIARY' },
    { input: { reference: 'RF19539007547034' }, reason: 'INVALID_REFERENCE' },
    { input: { reference: '+++010/8068/17184+++' }, reason: 'INVALID_REFERENCE' },
    { input: { reference: 'INV-2026-0042' }, reason: 'INVALID_REFERENCE' },
    { input: { reference: 'RF18539007547034', text: 'Invoice 2026-0042' }, reason: 'REFERENCE_AND_TEXT' },
    { input: { text: 'x'.repeat(141) }, reason: 'TEXT_TOO_LONG' },
    { input: { beneficiaryName: 'Ż'.repeat(70), text: 'ż'.repeat(140) }, reason: 'PAYLOAD_TOO_LONG' },
  ];
  for (const { input, reason } of refused) {
    it(`refuses ${JSON.stringify(input)} with ${reason}`, () => {
      expect(buildEpcPayload({ ...base, ...input })).toEqual({ ok: false, reason });
    });
  }

  it('takes 140 characters of text, and empty reference or text as none', () => {
    const text = `Facture 2026-0042 ${'x'.repeat(122)}`;
    expect(buildEpcPayload({ ...base, text, reference: '  ' })).toEqual({
      ok: true,
      payload: lines(
        'BCD',
        '002',
        '1',
        'SCT',
        'GKCCBEBB',
        'Atelier Lumière SRL',
        'BE71096123456769',
        'EUR1234.56',
        '',
        '',
        text,
      ),
    });
    expect(buildEpcPayload({ ...base, text: ' ', reference: '' })).toEqual({
      ok: true,
      payload: lines(
        'BCD',
        '002',
        '1',
        'SCT',
        'GKCCBEBB',
        'Atelier Lumière SRL',
        'BE71096123456769',
        'EUR1234.56',
      ),
    });
  });

  it('gives, for any input, a payload of at most 331 bytes with 8 to 11 lines and nothing after the last', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 90 }),
        fc.integer({ min: 1, max: 99_999_999_999 }),
        fc.option(fc.string({ unit: 'grapheme', maxLength: 140 }), { nil: null }),
        (beneficiaryName, amountMinor, text) => {
          const result = buildEpcPayload({ ...base, beneficiaryName, amountMinor, text });
          if (!result.ok) {
            expect(['MISSING_BENEFICIARY', 'TEXT_TOO_LONG', 'PAYLOAD_TOO_LONG']).toContain(result.reason);
            return;
          }
          const elements = result.payload.split('\n');
          expect(Buffer.byteLength(result.payload, 'utf8')).toBeLessThanOrEqual(331);
          expect(elements.length).toBeGreaterThanOrEqual(8);
          expect(elements.length).toBeLessThanOrEqual(11);
          expect(elements.slice(0, 4)).toEqual(['BCD', '002', '1', 'SCT']);
          expect(elements.at(-1)).not.toBe('');
          expect(result.payload).not.toMatch(/\r/);
          expect([...new Intl.Segmenter().segment(elements[5] ?? '')].length).toBeLessThanOrEqual(70);
          expect(elements[7]).toMatch(/^EUR\d{1,9}\.\d{2}$/);
        },
      ),
    );
  });
});
