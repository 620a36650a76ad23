import { describe, expect, it } from 'vitest';
import { LANGS } from '../../../src/core/lang.ts';
import {
  PORTAL_MESSAGES,
  PORTAL_MESSAGES_SAME_IN_EVERY_LANGUAGE,
  type PortalMessageKey,
  type PortalMessages,
  portalMessage,
  portalTranslator,
} from '../../../src/i18n/portal-messages.ts';

const OTHER_LANGS = LANGS.filter((lang) => lang !== 'en');
const KEYS = Object.keys(PORTAL_MESSAGES.en).sort() as PortalMessageKey[];

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1] ?? '').sort();
}

describe('portal message catalogs', () => {
  it('has the four languages with exactly the same keys', () => {
    expect(Object.keys(PORTAL_MESSAGES).sort()).toEqual(['de', 'en', 'fr', 'nl']);
    for (const lang of OTHER_LANGS) {
      expect(Object.keys(PORTAL_MESSAGES[lang]).sort(), lang).toEqual(KEYS);
    }
  });

  it('has no empty text', () => {
    for (const lang of LANGS) {
      for (const key of KEYS) expect(PORTAL_MESSAGES[lang][key].trim(), `${lang}.${key}`).not.toBe('');
    }
  });

  it('uses the same placeholders in every language as in English', () => {
    for (const key of KEYS) {
      const english = placeholders(PORTAL_MESSAGES.en[key]);
      for (const lang of OTHER_LANGS) {
        expect(placeholders(PORTAL_MESSAGES[lang][key]), `${lang}.${key}`).toEqual(english);
      }
    }
  });

  it('translates every text (only international codes may equal the English)', () => {
    expect(PORTAL_MESSAGES_SAME_IN_EVERY_LANGUAGE).toEqual(['iban', 'bic']);
    const untranslated = OTHER_LANGS.flatMap((lang) =>
      KEYS.filter(
        (key) =>
          !PORTAL_MESSAGES_SAME_IN_EVERY_LANGUAGE.includes(key) &&
          PORTAL_MESSAGES[lang][key] === PORTAL_MESSAGES.en[key],
      ).map((key) => `${lang}.${key}`),
    );
    expect(untranslated).toEqual([]);
  });

  it.each([
    ['fr', 'amountDue', 'Montant dû'],
    ['fr', 'viewCalculation', 'Voir le calcul'],
    ['fr', 'dueDate', 'Échéance'],
    ['fr', 'sendComment', 'Envoyer un commentaire'],
    ['fr', 'historyTitle', 'Vos factures'],
    ['nl', 'amountDue', 'Openstaand bedrag'],
    ['nl', 'viewCalculation', 'Berekening bekijken'],
    ['nl', 'dueDate', 'Vervaldatum'],
    ['nl', 'historyTitle', 'Uw facturen'],
    ['de', 'amountDue', 'Offener Betrag'],
    ['de', 'viewCalculation', 'Berechnung anzeigen'],
    ['de', 'dueDate', 'Fällig am'],
    ['de', 'historyTitle', 'Ihre Rechnungen'],
  ] as const)('%s.%s is %j', (lang, key, text) => {
    expect(PORTAL_MESSAGES[lang][key]).toBe(text);
  });

  it.each([
    ['fr', 'Note de crédit'],
    ['nl', 'Creditnota'],
    ['de', 'Gutschrift'],
  ] as const)('in %s a credit note is called %j', (lang, word) => {
    expect(portalMessage(lang, 'creditNoteTitle', { number: 'CN-1' })).toBe(`${word} CN-1`);
  });

  it('fills placeholders and leaves an unknown one visible', () => {
    expect(portalMessage('fr', 'overdueBy', { duration: '3 semaines' })).toBe('En retard de 3 semaines');
    expect(portalMessage('de', 'overdueBy', { duration: '3 Wochen' })).toBe('3 Wochen überfällig');
    expect(portalTranslator('nl')('invoiceTitle', { number: '2026-0042' })).toBe('Factuur 2026-0042');
    expect(portalMessage('en', 'nothingDue')).toBe('Nothing left to pay.');
    const loose = portalMessage as (lang: string, key: string, params?: object) => string;
    expect(loose('en', 'overdueBy', {})).toBe('Overdue by {duration}');
  });

  it('does not say whether an unknown link ever existed, and tells what to do', () => {
    for (const lang of LANGS) {
      const page = `${PORTAL_MESSAGES[lang].notFoundBody} ${PORTAL_MESSAGES[lang].notFoundAction}`;
      expect(page).not.toMatch(/revoked|révoqué|ingetrokken|widerrufen|exist|n'existe|bestaat|existiert/i);
    }
    expect(PORTAL_MESSAGES.en.notFoundAction).toMatch(/Ask the business that sent it to you for a new link/);
  });

  it('is type-checked: a catalog without a key, or a call without its parameters, does not compile', () => {
    // @ts-expect-error every language must have every key
    const incomplete: PortalMessages = { skipToContent: 'Aller au contenu' };
    expect(incomplete).toBeDefined();
    // @ts-expect-error overdueBy needs { duration }
    expect(() => portalMessage('en', 'overdueBy')).not.toThrow();
    // @ts-expect-error the parameter is called duration, not count
    expect(portalMessage('en', 'overdueBy', { count: 3 })).toBe('Overdue by {duration}');
  });
});
