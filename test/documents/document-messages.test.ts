import { describe, expect, it } from 'vitest';
import {
  DOCUMENT_MESSAGES,
  DOCUMENT_MESSAGES_SAME_IN_EVERY_LANGUAGE,
  type DocumentMessageKey,
  type DocumentMessages,
  documentMessage,
} from '../../src/i18n/document-messages.ts';

const { en, ...translations } = DOCUMENT_MESSAGES;
const keys = Object.keys(en) as DocumentMessageKey[];
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('document messages', () => {
  it('names exactly the exceptions that are the same in every language, and they are', () => {
    expect([...DOCUMENT_MESSAGES_SAME_IN_EVERY_LANGUAGE].sort()).toEqual(['bic', 'iban']);
    for (const key of DOCUMENT_MESSAGES_SAME_IN_EVERY_LANGUAGE) {
      for (const messages of Object.values(translations)) expect(messages[key]).toBe(en[key]);
    }
  });

  for (const [lang, messages] of Object.entries(translations)) {
    it(`${lang}: translates every other label (none left equal to the English text)`, () => {
      const untranslated = keys.filter(
        (key) => !DOCUMENT_MESSAGES_SAME_IN_EVERY_LANGUAGE.includes(key) && messages[key] === en[key],
      );
      expect(untranslated).toEqual([]);
    });

    it(`${lang}: has every key, no extra key, no empty text and the English placeholders`, () => {
      expect(Object.keys(messages).sort()).toEqual([...keys].sort());
      for (const key of keys) {
        expect(messages[key].trim(), key).not.toBe('');
        expect(placeholders(messages[key]), key).toEqual(placeholders(en[key]));
      }
    });
  }

  it('is typed so that a catalog missing a key does not compile', () => {
    const { iban: _iban, ...withoutIban } = DOCUMENT_MESSAGES.fr;
    // @ts-expect-error: `iban` is missing (checked by `tsc`, which type-checks the tests).
    const incomplete: DocumentMessages = withoutIban;
    expect(Object.keys(incomplete)).not.toContain('iban');
  });

  it('uses the wording of Belgian and German invoices', () => {
    expect(documentMessage('fr', 'vatNumber')).toBe('Numéro de TVA');
    expect(documentMessage('fr', 'dueDate')).toBe("Date d'échéance");
    expect(documentMessage('fr', 'structuredCommunication')).toBe('Communication structurée');
    expect(documentMessage('nl', 'vatNumber')).toBe('Btw-nummer');
    expect(documentMessage('nl', 'dueDate')).toBe('Vervaldatum');
    expect(documentMessage('nl', 'structuredCommunication')).toBe('Gestructureerde mededeling');
    expect(documentMessage('de', 'vatNumber')).toBe('USt-IdNr.');
    expect(documentMessage('de', 'dueDate')).toBe('Fälligkeitsdatum');
    expect(documentMessage('de', 'paymentReference')).toBe('Verwendungszweck');
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(documentMessage('fr', 'pageOf', { page: 1, pages: 2 })).toBe('Page 1 sur 2');
    expect(documentMessage('de', 'creditNoteFor', { number: '2026-0042', date: '3. März 2026' })).toBe(
      'Gutschrift zur Rechnung 2026-0042 vom 3. März 2026',
    );
    expect(documentMessage('nl', 'pageOf', { page: 3 })).toBe('Pagina 3 van {pages}');
  });
});
