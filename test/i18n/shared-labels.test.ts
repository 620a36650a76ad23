import { describe, expect, it } from 'vitest';
import { LANGS } from '../../src/core/lang.ts';
import { DOCUMENT_MESSAGES } from '../../src/i18n/document-messages.ts';
import { PORTAL_MESSAGES } from '../../src/i18n/portal-messages.ts';
import {
  SHARED_LABELS,
  SHARED_LABELS_SAME_IN_EVERY_LANGUAGE,
  type SharedLabelKey,
} from '../../src/i18n/shared-labels.ts';

const KEYS = Object.keys(SHARED_LABELS.en) as SharedLabelKey[];

describe('labels shared by the PDF and the portal', () => {
  it('has the four languages with exactly the English keys, none empty', () => {
    expect(Object.keys(SHARED_LABELS).sort()).toEqual(['de', 'en', 'fr', 'nl']);
    for (const lang of LANGS) {
      expect(Object.keys(SHARED_LABELS[lang]).sort(), lang).toEqual([...KEYS].sort());
      for (const key of KEYS) expect(SHARED_LABELS[lang][key].trim(), `${lang}.${key}`).not.toBe('');
    }
  });

  it('reads the same on the PDF and in the portal, in every language', () => {
    for (const lang of LANGS) {
      for (const key of KEYS) {
        expect(DOCUMENT_MESSAGES[lang][key], `${lang}.${key}`).toBe(SHARED_LABELS[lang][key]);
        expect(PORTAL_MESSAGES[lang][key], `${lang}.${key}`).toBe(SHARED_LABELS[lang][key]);
      }
    }
  });

  it('translates every label but the international codes', () => {
    expect(SHARED_LABELS_SAME_IN_EVERY_LANGUAGE).toEqual(['iban', 'bic']);
    const untranslated = LANGS.filter((lang) => lang !== 'en').flatMap((lang) =>
      KEYS.filter(
        (key) =>
          !SHARED_LABELS_SAME_IN_EVERY_LANGUAGE.includes(key) &&
          SHARED_LABELS[lang][key] === SHARED_LABELS.en[key],
      ).map((key) => `${lang}.${key}`),
    );
    expect(untranslated).toEqual([]);
  });

  it.each([
    ['fr', 'vatNumber', 'Numéro de TVA'],
    ['fr', 'enterpriseNumber', "Numéro d'entreprise"],
    ['de', 'beneficiary', 'Empfänger'],
    ['de', 'paymentReference', 'Verwendungszweck'],
  ] as const)('%s.%s is %j on both', (lang, key, text) => {
    expect(SHARED_LABELS[lang][key]).toBe(text);
  });
});
