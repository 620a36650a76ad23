import { describe, expect, it } from 'vitest';
import { LANGS, type Lang } from '../../src/core/lang.ts';
import {
  type CommentReplyEmailInput,
  renderCommentReplyEmail,
} from '../../src/mail/render-comment-reply-email.ts';
import { ATTACKS, BRANDING, markupSkeleton, PORTAL_URL, strayMarkup } from './mail-test-helpers.ts';

const input = (language: Lang, overrides: Partial<CommentReplyEmailInput> = {}): CommentReplyEmailInput => ({
  language,
  branding: BRANDING,
  designedLayout: true,
  invoiceNumber: '2026-0042',
  customerName: 'Brasserie Dupont SRL',
  replyText: 'Of course — 3.5 h on 12 February\nand 3 h on 13 February.',
  invoiceUrl: PORTAL_URL,
  ...overrides,
});

const SUBJECTS: Record<Lang, string> = {
  en: 'Reply from Atelier Lumière SRL about invoice 2026-0042',
  fr: 'Atelier Lumière SRL vous a répondu au sujet de la facture 2026-0042',
  nl: 'Antwoord van Atelier Lumière SRL over factuur 2026-0042',
  de: 'Antwort von Atelier Lumière SRL zur Rechnung 2026-0042',
};
const LINKS: Record<Lang, string> = {
  en: 'View this invoice',
  fr: 'Voir cette facture',
  nl: 'Bekijk deze factuur',
  de: 'Diese Rechnung ansehen',
};

describe('the business’s reply e-mailed to the customer (B8)', () => {
  it.each(LANGS)(
    'is written in the customer’s language (%s): subject, greeting, quoted reply, portal link',
    (lang) => {
      const email = renderCommentReplyEmail(input(lang));
      expect(email.subject).toBe(SUBJECTS[lang]);
      expect(email.text).toContain('Brasserie Dupont SRL');
      expect(email.text).toContain('Of course — 3.5 h on 12 February');
      expect(email.text).toContain('and 3 h on 13 February.');
      expect(email.text).toContain(`${LINKS[lang]}${lang === 'fr' ? '\u00a0' : ''}: ${PORTAL_URL}`);
      expect(email.html).toContain(`href="${PORTAL_URL}"`);
      expect(email.html).toContain(`>${LINKS[lang]}</a>`);
      expect(email.html).toContain(`lang="${lang}"`);
    },
  );

  it('is plain text only when the designed layout is off', () => {
    const email = renderCommentReplyEmail(input('nl', { designedLayout: false }));
    expect(email.html).toBeNull();
    expect(email.text).toContain(`Bekijk deze factuur: ${PORTAL_URL}`);
  });

  it('escapes the reply and the names, and keeps the subject on one line', () => {
    const harmless = renderCommentReplyEmail(input('en', { replyText: 'harmless', customerName: 'Plain' }));
    for (const attack of ATTACKS) {
      const email = renderCommentReplyEmail(
        input('en', { replyText: attack, customerName: attack, invoiceNumber: `7\r\nBcc: x@evil.example` }),
      );
      expect(markupSkeleton(email.html ?? '')).toEqual(markupSkeleton(harmless.html ?? ''));
      expect(strayMarkup(email.html ?? '')).toEqual([]);
      expect(email.subject).not.toMatch(/[\r\n]/);
    }
  });

  it('refuses a link that is not an absolute http(s) URL', () => {
    expect(() => renderCommentReplyEmail(input('en', { invoiceUrl: 'javascript:alert(1)' }))).toThrow(
      RangeError,
    );
  });
});
