import { describe, expect, it } from 'vitest';
import { LANGS, type Lang } from '../../src/core/lang.ts';
import {
  NOTIFICATION_RECIPIENTS,
  type NotificationInput,
  type NotificationKind,
  renderNotificationEmail,
} from '../../src/mail/render-notification-email.ts';
import { ATTACKS, BRANDING, markupSkeleton, strayMarkup } from './mail-test-helpers.ts';

const ADMIN_URL = 'https://portal.example.com/admin/invoices/42';
const LOCALES: Record<Lang, string> = { en: 'en-BE', fr: 'fr-BE', nl: 'nl-BE', de: 'de-BE' };

const common = (language: Lang) => ({
  language,
  locale: LOCALES[language],
  branding: BRANDING,
  designedLayout: false,
  invoiceNumber: '2026-0042',
  customerName: 'Brasserie Dupont SRL',
  currency: 'EUR',
  invoiceUrl: ADMIN_URL,
});

const money = {
  amountMinor: 100000,
  date: '2026-03-01',
  method: 'Bancontact – Mollie',
  amountDueAfterMinor: 49314,
};

function notification<K extends NotificationKind>(
  kind: K,
  language: Lang = 'en',
): Extract<NotificationInput, { kind: K }> {
  const input: NotificationInput =
    kind === 'comment'
      ? { kind, ...common(language), commentText: 'Could you add our PO number?\n\nThanks, Marie' }
      : { kind: kind as Exclude<NotificationKind, 'comment'>, ...common(language), ...money };
  return input as Extract<NotificationInput, { kind: K }>;
}

const KINDS = Object.keys(NOTIFICATION_RECIPIENTS) as NotificationKind[];

describe('renderNotificationEmail: English, word for word', () => {
  it('tells every admin about a customer comment (R12)', () => {
    expect(renderNotificationEmail(notification('comment'))).toEqual({
      subject: 'New comment from Brasserie Dupont SRL on invoice 2026-0042',
      text: `Brasserie Dupont SRL sent a comment about invoice 2026-0042:

> Could you add our PO number?
>
> Thanks, Marie

Open the invoice: ${ADMIN_URL}

-- 
You receive this e-mail because you are an administrator of Atelier Lumière SRL.
`,
      html: null,
    });
  });

  it('tells admins about a payment received (R17)', () => {
    expect(
      renderNotificationEmail(notification('payment-received')).text,
    ).toBe(`Brasserie Dupont SRL paid €1,000.00 for invoice 2026-0042. The invoice is partly paid: €493.14 is still due.

Invoice: 2026-0042
Customer: Brasserie Dupont SRL
Amount paid: €1,000.00
Payment method: Bancontact – Mollie
Payment date: 1 March 2026
Still due: €493.14

Open the invoice: ${ADMIN_URL}

-- 
You receive this e-mail because you are an administrator of Atelier Lumière SRL.
`);
  });

  it('confirms the payment to the customer, with the portal link and a sign-off (R17)', () => {
    const email = renderNotificationEmail({
      ...notification('payment-confirmation'),
      invoiceUrl: 'https://portal.example.com/p/abc/invoices/42',
      amountDueAfterMinor: 0,
    });
    expect(email.subject).toBe('Payment confirmation for invoice 2026-0042');
    expect(email.text).toBe(`Dear Brasserie Dupont SRL,

Thank you for your payment. We have received €1,000.00 for invoice 2026-0042. The invoice is now paid in full; there is nothing more for you to do.

Invoice: 2026-0042
Amount paid: €1,000.00
Payment method: Bancontact – Mollie
Payment date: 1 March 2026
Still due: €0.00

View this invoice: https://portal.example.com/p/abc/invoices/42

Kind regards,
Atelier Lumière SRL
`);
  });

  it('tells admins about a refund and a chargeback', () => {
    const refund = renderNotificationEmail({ ...notification('refund'), method: null });
    expect(refund.subject).toBe('Refund of €1,000.00 on invoice 2026-0042');
    expect(refund.text).toContain(
      'A refund of €1,000.00 to Brasserie Dupont SRL was recorded on invoice 2026-0042.',
    );
    expect(refund.text).toContain(
      'Amount refunded: €1,000.00\nRefund date: 1 March 2026\nStill due: €493.14',
    );
    expect(refund.text).not.toContain('Payment method');
    const chargeback = renderNotificationEmail(notification('chargeback'));
    expect(chargeback.subject).toBe('Payment disputed on invoice 2026-0042 (€1,000.00)');
    expect(chargeback.text).toContain('The invoice is open again.');
    expect(chargeback.text).toContain('Amount disputed: €1,000.00');
  });
});

describe('renderNotificationEmail: every kind in every language', () => {
  const SUBJECTS: Record<Lang, Record<NotificationKind, string>> = {
    en: {
      comment: 'New comment from Brasserie Dupont SRL on invoice 2026-0042',
      'payment-received': 'Payment received: €1,000.00 for invoice 2026-0042',
      'payment-confirmation': 'Payment confirmation for invoice 2026-0042',
      refund: 'Refund of €1,000.00 on invoice 2026-0042',
      chargeback: 'Payment disputed on invoice 2026-0042 (€1,000.00)',
      'transfer-reported': 'Bank transfer reported for invoice 2026-0042 (€1,000.00)',
    },
    fr: {
      comment: 'Nouveau commentaire sur la facture 2026-0042 (Brasserie Dupont SRL)',
      'payment-received': 'Paiement reçu\u00a0: 1\u202f000,00\u00a0€ pour la facture 2026-0042',
      'payment-confirmation': 'Confirmation de paiement de la facture 2026-0042',
      refund: 'Remboursement de 1\u202f000,00\u00a0€ sur la facture 2026-0042',
      chargeback: 'Paiement contesté sur la facture 2026-0042 (1\u202f000,00\u00a0€)',
      'transfer-reported': 'Virement signalé pour la facture 2026-0042 (1\u202f000,00\u00a0€)',
    },
    nl: {
      comment: 'Nieuwe opmerking van Brasserie Dupont SRL bij factuur 2026-0042',
      'payment-received': 'Betaling ontvangen: €\u00a01.000,00 voor factuur 2026-0042',
      'payment-confirmation': 'Betalingsbevestiging voor factuur 2026-0042',
      refund: 'Terugbetaling van €\u00a01.000,00 op factuur 2026-0042',
      chargeback: 'Betaling betwist op factuur 2026-0042 (€\u00a01.000,00)',
      'transfer-reported': 'Overschrijving gemeld voor factuur 2026-0042 (€\u00a01.000,00)',
    },
    de: {
      comment: 'Neuer Kommentar von Brasserie Dupont SRL zur Rechnung 2026-0042',
      'payment-received': 'Zahlung erhalten: 1.000,00\u00a0€ für Rechnung 2026-0042',
      'payment-confirmation': 'Zahlungsbestätigung für Rechnung 2026-0042',
      refund: 'Erstattung von 1.000,00\u00a0€ zur Rechnung 2026-0042',
      chargeback: 'Rückbuchung zur Rechnung 2026-0042 (1.000,00\u00a0€)',
      'transfer-reported': 'Überweisung gemeldet für Rechnung 2026-0042 (1.000,00\u00a0€)',
    },
  };

  const LINKS: Record<Lang, { admins: string; customer: string }> = {
    en: { admins: 'Open the invoice', customer: 'View this invoice' },
    fr: { admins: 'Ouvrir la facture', customer: 'Voir cette facture' },
    nl: { admins: 'Factuur openen', customer: 'Bekijk deze factuur' },
    de: { admins: 'Rechnung öffnen', customer: 'Diese Rechnung ansehen' },
  };

  const cases = LANGS.flatMap((lang) => KINDS.map((kind) => [lang, kind] as const));

  it.each(cases)('%s %s: subject, text with the link, HTML only with the designed layout', (lang, kind) => {
    const plain = renderNotificationEmail(notification(kind, lang));
    expect(plain.subject).toBe(SUBJECTS[lang][kind]);
    expect(plain.html).toBeNull();
    const label = LINKS[lang][NOTIFICATION_RECIPIENTS[kind]];
    expect(plain.text).toContain(`${label}${lang === 'fr' ? '\u00a0' : ''}: ${ADMIN_URL}`);
    expect(plain.text).toContain('2026-0042');

    const designed = renderNotificationEmail({ ...notification(kind, lang), designedLayout: true });
    expect(designed.subject).toBe(plain.subject);
    expect(designed.text).toBe(plain.text);
    expect(designed.html).toContain(`<html lang="${lang}">`);
    expect(designed.html).toMatch(
      new RegExp(`<a href="${ADMIN_URL.replaceAll('/', '\\/')}"[^>]*>${label}</a>`),
    );
    expect(designed.html).toContain('max-width:600px');
  });

  it.each(LANGS)('%s: admins are told why they get it, the customer is not', (lang) => {
    for (const kind of KINDS) {
      const text = renderNotificationEmail(notification(kind, lang)).text;
      expect(text.includes('\n-- \n'), kind).toBe(NOTIFICATION_RECIPIENTS[kind] === 'admins');
    }
  });

  it.each([
    ['en', 'The invoice is now paid in full.', 'The invoice is partly paid: €493.14 is still due.'],
    ['fr', 'La facture est maintenant entièrement payée.', 'il reste 493,14\u00a0€ à payer.'],
    ['nl', 'De factuur is nu volledig betaald.', 'er staat nog €\u00a0493,14 open.'],
    ['de', 'Die Rechnung ist jetzt vollständig bezahlt.', 'Es sind noch 493,14\u00a0€ offen.'],
  ] as const)('%s: says whether the payment settled the invoice', (lang, paid, partly) => {
    const full = renderNotificationEmail({
      ...notification('payment-received', lang),
      amountDueAfterMinor: 0,
    });
    expect(full.text).toContain(paid);
    expect(renderNotificationEmail(notification('payment-received', lang)).text).toContain(partly);
  });

  it('keeps the German letter in lower case after the greeting', () => {
    expect(renderNotificationEmail(notification('payment-confirmation', 'de')).text).toMatch(
      /^Guten Tag Brasserie Dupont SRL,\n\nvielen Dank für Ihre Zahlung\./,
    );
  });

  it('does not show the customer their own name in the payment confirmation', () => {
    for (const lang of LANGS) {
      const text = renderNotificationEmail(notification('payment-confirmation', lang)).text;
      expect(text.split('Brasserie Dupont SRL')).toHaveLength(2);
    }
  });
});

describe('renderNotificationEmail: comment text and escaping', () => {
  it('keeps the line breaks of a comment in the quote, and removes control characters', () => {
    const email = renderNotificationEmail({
      ...notification('comment'),
      designedLayout: true,
      commentText: '  First line\r\nSecond line\u0007\n\nThird  ',
    });
    expect(email.text).toContain('> First line\n> Second line\n>\n> Third\n');
    expect(email.html).toMatch(/>First line<br>Second line<br><br>Third<\/td>/);
  });

  it.each(ATTACKS)('cannot inject markup through the comment, names or payment method: %s', (attack) => {
    for (const kind of KINDS) {
      const benign = { ...notification(kind), designedLayout: true };
      const hostile = {
        ...benign,
        customerName: attack,
        invoiceNumber: attack,
        branding: { ...BRANDING, organizationName: attack },
        ...(benign.kind === 'comment' ? { commentText: `${attack}\n\n${attack}` } : { method: attack }),
      } as NotificationInput;
      const html = renderNotificationEmail(hostile).html as string;
      expect(markupSkeleton(html), kind).toEqual(
        markupSkeleton(renderNotificationEmail(benign).html as string),
      );
      expect(strayMarkup(html), kind).toEqual([]);
      expect(html, kind).not.toContain(attack);
    }
  });

  it('keeps the subject on one line whatever the names hold', () => {
    const email = renderNotificationEmail({
      ...notification('comment'),
      customerName: 'X\r\nBcc: a@example.com',
    });
    expect(email.subject).toBe('New comment from X Bcc: a@example.com on invoice 2026-0042');
  });

  it('refuses a link that is not an absolute http(s) URL', () => {
    expect(() =>
      renderNotificationEmail({ ...notification('refund'), invoiceUrl: 'javascript:alert(1)' }),
    ).toThrow(RangeError);
  });
});
