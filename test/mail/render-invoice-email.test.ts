import { describe, expect, it } from 'vitest';
import { LANGS, type Lang } from '../../src/core/lang.ts';
import { DEFAULT_INVOICE_TEMPLATES } from '../../src/mail/default-templates.ts';
import {
  EmailTemplateError,
  type InvoiceEmailInput,
  invoiceShortcodeValues,
  renderInvoiceEmail,
} from '../../src/mail/render-invoice-email.ts';
import {
  ATTACKS,
  BRANDING,
  INVOICE_IMAGE_URL,
  LOGO_URL,
  markupSkeleton,
  PORTAL_URL,
  strayMarkup,
} from './mail-test-helpers.ts';

const LOCALES: Record<Lang, string> = { en: 'en-BE', fr: 'fr-BE', nl: 'nl-BE', de: 'de-BE' };

function input(overrides: Partial<InvoiceEmailInput> = {}): InvoiceEmailInput {
  const language = overrides.language ?? 'en';
  return {
    template: DEFAULT_INVOICE_TEMPLATES[language],
    language,
    locale: LOCALES[language],
    values: {
      invoiceNumber: '2026-0042',
      amountDueMinor: 149314,
      currency: 'EUR',
      dueDate: '2026-03-03',
      customerName: 'Brasserie Dupont SRL',
      companyName: 'Atelier Lumière SRL',
      portalUrl: PORTAL_URL,
    },
    branding: BRANDING,
    designedLayout: false,
    ...overrides,
  };
}

const EXPECTED: Record<Lang, { subject: string; text: string }> = {
  en: {
    subject: 'Invoice 2026-0042 from Atelier Lumière SRL',
    text: `Dear Brasserie Dupont SRL,

Please find attached invoice 2026-0042 of €1,493.14, payable by 3 March 2026.

You can view, download and pay the invoice online:

View this invoice: ${PORTAL_URL}

If you have a question about this invoice, you can send us a comment from the same page.

Kind regards,
Atelier Lumière SRL
`,
  },
  fr: {
    subject: 'Facture 2026-0042 – Atelier Lumière SRL',
    text: `Bonjour Brasserie Dupont SRL,

Veuillez trouver ci-joint la facture 2026-0042 d’un montant de 1\u202f493,14\u00a0€, payable au plus tard le 3 mars 2026.

Vous pouvez consulter, télécharger et payer cette facture en ligne\u00a0:

Voir cette facture\u00a0: ${PORTAL_URL}

Pour toute question concernant cette facture, vous pouvez nous envoyer un commentaire depuis cette même page.

Cordialement,
Atelier Lumière SRL
`,
  },
  nl: {
    subject: 'Factuur 2026-0042 van Atelier Lumière SRL',
    text: `Beste Brasserie Dupont SRL,

In bijlage vindt u factuur 2026-0042 van €\u00a01.493,14, te betalen uiterlijk op 3 maart 2026.

U kunt de factuur online bekijken, downloaden en betalen:

Bekijk deze factuur: ${PORTAL_URL}

Hebt u een vraag over deze factuur? Dan kunt u ons via dezelfde pagina een opmerking sturen.

Met vriendelijke groeten
Atelier Lumière SRL
`,
  },
  de: {
    subject: 'Rechnung 2026-0042 von Atelier Lumière SRL',
    text: `Guten Tag Brasserie Dupont SRL,

anbei erhalten Sie die Rechnung 2026-0042 über 1.493,14\u00a0€, zahlbar bis zum 3. März 2026.

Sie können die Rechnung online ansehen, herunterladen und bezahlen:

Diese Rechnung ansehen: ${PORTAL_URL}

Haben Sie eine Frage zu dieser Rechnung? Dann können Sie uns auf derselben Seite einen Kommentar senden.

Mit freundlichen Grüßen
Atelier Lumière SRL
`,
  },
};

describe('renderInvoiceEmail: the default template in four languages', () => {
  it.each(LANGS)('renders the %s default template word for word, plain text only', (language) => {
    expect(renderInvoiceEmail(input({ language }))).toEqual({ ...EXPECTED[language], html: null });
  });

  it.each(LANGS)('gives the same subject and text in %s with the designed layout, plus HTML', (language) => {
    const email = renderInvoiceEmail(input({ language, designedLayout: true }));
    expect(email.subject).toBe(EXPECTED[language].subject);
    expect(email.text).toBe(EXPECTED[language].text);
    expect(email.html).toMatch(/^<!doctype html>\n<html lang="[a-z]{2}">/);
    expect(email.html).toContain(`<html lang="${language}">`);
  });

  it.each([
    ['en', 'View this invoice'],
    ['fr', 'Voir cette facture'],
    ['nl', 'Bekijk deze factuur'],
    ['de', 'Diese Rechnung ansehen'],
  ] as const)('in %s the link reads %j and leads to the invoice in the portal (R2)', (language, label) => {
    const email = renderInvoiceEmail(input({ language, designedLayout: true }));
    expect(email.html).toMatch(
      new RegExp(`<a href="${PORTAL_URL.replaceAll('/', '\\/')}"[^>]*>${label}</a>`),
    );
    expect(email.text).toContain(`${label}${language === 'fr' ? '\u00a0' : ''}: ${PORTAL_URL}\n`);
  });

  it('formats the amount and date by the locale, falling back to the language', () => {
    const values = input().values;
    expect(invoiceShortcodeValues(values, 'en')).toMatchObject({
      '#AMOUNT_DUE': '€1,493.14',
      '#DUE_DATE': 'March 3, 2026',
    });
    expect(invoiceShortcodeValues(values, 'en', 'en-BE')).toMatchObject({ '#DUE_DATE': '3 March 2026' });
    expect(invoiceShortcodeValues(values, 'fr', 'xx-invalid')).toMatchObject({ '#DUE_DATE': '3 mars 2026' });
    expect(invoiceShortcodeValues({ ...values, amountDueMinor: 1500, currency: 'JPY' }, 'de')).toMatchObject({
      '#AMOUNT_DUE': '1.500\u00a0¥',
    });
  });
});

describe('renderInvoiceEmail: plain and designed layout (R4)', () => {
  it('sends plain text only when the designed layout is off', () => {
    expect(
      renderInvoiceEmail(input({ designedLayout: false, invoiceImageUrl: INVOICE_IMAGE_URL })).html,
    ).toBeNull();
  });

  it('builds the designed layout: 600 px, logo, brand-coloured button, invoice picture, footer', () => {
    const html =
      renderInvoiceEmail(input({ designedLayout: true, invoiceImageUrl: INVOICE_IMAGE_URL })).html ?? '';
    expect(html).toContain('width="600"');
    expect(html).toContain('max-width:600px');
    expect(html).toContain(`<img src="${LOGO_URL}" alt="Atelier Lumière SRL"`);
    expect(html).toContain('<title>Invoice 2026-0042 from Atelier Lumière SRL</title>');
    // The button: a table cell in the brand colour with white text, the link inside.
    expect(html).toMatch(
      /<td align="center" bgcolor="#0f5257" style="[^"]*background-color:#0f5257;[^"]*">\n<a href="[^"]+" target="_blank" style="[^"]*color:#ffffff;[^"]*">View this invoice<\/a>/,
    );
    // The picture of the invoice, leading to the same page (R3), before the button.
    const picture = html.indexOf(`<img src="${INVOICE_IMAGE_URL}" alt="Invoice 2026-0042"`);
    expect(picture).toBeGreaterThan(0);
    expect(html.lastIndexOf(`<a href="${PORTAL_URL}"`, picture)).toBeGreaterThan(html.indexOf('online:'));
    expect(picture).toBeLessThan(html.indexOf('>View this invoice</a>'));
    // Footer: the company name after the card.
    expect(html).toMatch(/color:#6b7280;text-align:center;">Atelier Lumière SRL<\/td>/);
  });

  it('shows the name instead of a logo when there is none, and no picture when none is given', () => {
    const html = renderInvoiceEmail(
      input({ designedLayout: true, branding: { ...BRANDING, logoUrl: null } }),
    ).html;
    expect(html).not.toContain('<img');
    expect(html).toMatch(/font-weight:700;color:#0f5257;">Atelier Lumière SRL<\/div>/);
  });

  it('accepts cid: images, for a logo and picture attached to the message', () => {
    const html = renderInvoiceEmail(
      input({
        designedLayout: true,
        branding: { ...BRANDING, logoUrl: 'cid:logo@portal' },
        invoiceImageUrl: 'cid:invoice-42@portal',
      }),
    ).html;
    expect(html).toContain('<img src="cid:logo@portal"');
    expect(html).toContain('<img src="cid:invoice-42@portal"');
  });

  it('makes a too-light brand colour readable: darker button, text colour chosen for contrast', () => {
    const html = renderInvoiceEmail(
      input({ designedLayout: true, branding: { ...BRANDING, primaryColor: '#ffe066' } }),
    ).html as string;
    const button = /bgcolor="(#[0-9a-f]{6})"/.exec(html)?.[1];
    expect(button).toBeDefined();
    expect(button).not.toBe('#ffe066');
  });

  it('keeps the line breaks of the template: paragraphs at blank lines, <br> within them', () => {
    const email = renderInvoiceEmail(
      input({
        designedLayout: true,
        template: { subject: 'S', body: 'Line one\nLine two\n\n\nParagraph two\r\n#LINK\nAfter' },
      }),
    );
    expect(email.text).toBe(
      `Line one\nLine two\n\n\nParagraph two\nView this invoice: ${PORTAL_URL}\nAfter\n`,
    );
    const html = email.html ?? '';
    expect(html).toMatch(/<p [^>]*>Line one<br>Line two<\/p>/);
    expect(html).toMatch(/<p [^>]*>Paragraph two<\/p>/);
    expect(html).toMatch(/<p [^>]*>After<\/p>/);
    expect(html.indexOf('Paragraph two')).toBeLessThan(html.indexOf('>View this invoice</a>'));
    expect(html.indexOf('>View this invoice</a>')).toBeLessThan(html.indexOf('>After</p>'));
  });

  it('makes a #LINK within a sentence an inline link, the picture following its paragraph', () => {
    const email = renderInvoiceEmail(
      input({
        designedLayout: true,
        invoiceImageUrl: INVOICE_IMAGE_URL,
        template: { subject: 'S', body: 'Your invoice is ready: #LINK.\n\nThanks' },
      }),
    );
    expect(email.text).toBe(`Your invoice is ready: View this invoice: ${PORTAL_URL}.\n\nThanks\n`);
    const html = email.html ?? '';
    expect(html).toMatch(
      /<p [^>]*>Your invoice is ready: <a href="[^"]+" target="_blank" style="color:#0f5257;text-decoration:underline;">View this invoice<\/a>.<\/p>/,
    );
    expect(html).not.toContain('bgcolor');
    const picture = html.indexOf(INVOICE_IMAGE_URL);
    expect(picture).toBeGreaterThan(html.indexOf('Your invoice is ready'));
    expect(picture).toBeLessThan(html.indexOf('Thanks'));
  });

  it('gives the picture only once, above the first button', () => {
    const html =
      renderInvoiceEmail(
        input({
          designedLayout: true,
          invoiceImageUrl: INVOICE_IMAGE_URL,
          template: { subject: 'S', body: '#LINK\n\nOr here:\n#LINK' },
        }),
      ).html ?? '';
    expect(html.split(INVOICE_IMAGE_URL)).toHaveLength(2);
    expect(html.split('>View this invoice</a>')).toHaveLength(3);
  });

  it('writes literal #, ##LINK and shortcode-free text as written', () => {
    const email = renderInvoiceEmail(
      input({
        designedLayout: true,
        template: { subject: 'Ref ##INVOICE_NUMBER #1', body: 'Type ##LINK: #LINK' },
      }),
    );
    expect(email.subject).toBe('Ref #INVOICE_NUMBER #1');
    expect(email.text).toBe(`Type #LINK: View this invoice: ${PORTAL_URL}\n`);
    expect(email.html).toContain('>Type #LINK: <a href=');
  });
});

describe('renderInvoiceEmail: escaping and header safety', () => {
  const benign = input({
    designedLayout: true,
    invoiceImageUrl: INVOICE_IMAGE_URL,
    template: {
      subject: 'About #INVOICE_NUMBER',
      body: 'Hello friend, #CUSTOMER_NAME\n\n#LINK\n\nBye #COMPANY_NAME',
    },
  });

  it.each(ATTACKS)('cannot inject markup through the template text: %s', (attack) => {
    const hostile = renderInvoiceEmail({
      ...benign,
      template: {
        subject: `About #INVOICE_NUMBER ${attack}`,
        body: `Hello ${attack}, #CUSTOMER_NAME\n\n#LINK\n\nBye #COMPANY_NAME ${attack}`,
      },
    }).html as string;
    expect(markupSkeleton(hostile)).toEqual(markupSkeleton(renderInvoiceEmail(benign).html as string));
    expect(strayMarkup(hostile)).toEqual([]);
    expect(hostile).not.toContain(attack);
    expect(hostile).toContain(
      attack
        .replaceAll('&', '&amp;')
        .replaceAll('<', '&lt;')
        .replaceAll('>', '&gt;')
        .replaceAll('"', '&quot;')
        .replaceAll("'", '&#39;'),
    );
  });

  it.each(ATTACKS)('cannot inject markup through any value or the organization name: %s', (attack) => {
    const hostile = renderInvoiceEmail({
      ...benign,
      values: {
        ...benign.values,
        invoiceNumber: attack,
        customerName: attack,
        companyName: attack,
      },
      branding: { ...BRANDING, organizationName: attack },
    }).html as string;
    expect(markupSkeleton(hostile)).toEqual(markupSkeleton(renderInvoiceEmail(benign).html as string));
    expect(strayMarkup(hostile)).toEqual([]);
    expect(hostile).not.toContain(attack);
  });

  it('keeps a hostile brand colour out of the styles', () => {
    const html = renderInvoiceEmail({
      ...benign,
      branding: { ...BRANDING, primaryColor: 'red;background:url(https://evil.example/x)' },
    }).html as string;
    expect(html).not.toContain('evil.example');
    expect(html).not.toContain('red;');
  });

  it('refuses addresses that are not absolute http(s) (or cid: for images)', () => {
    const bad = ['javascript:alert(1)', '/p/abc/invoices/42', 'data:text/html,<script>alert(1)</script>', ''];
    for (const url of bad) {
      expect(
        () => renderInvoiceEmail({ ...benign, values: { ...benign.values, portalUrl: url } }),
        url,
      ).toThrow(RangeError);
      expect(() => renderInvoiceEmail({ ...benign, invoiceImageUrl: url || 'x:' }), url).toThrow(RangeError);
      expect(
        () => renderInvoiceEmail({ ...benign, branding: { ...BRANDING, logoUrl: url || 'x:' } }),
        url,
      ).toThrow(RangeError);
    }
    expect(() => renderInvoiceEmail({ ...benign, invoiceImageUrl: 'cid:"onerror=alert(1)' })).toThrow(
      RangeError,
    );
  });

  it('keeps the subject on one line whatever the values hold, so no header can be added', () => {
    const email = renderInvoiceEmail(
      input({
        template: { subject: '#CUSTOMER_NAME: #INVOICE_NUMBER', body: '#LINK' },
        values: {
          ...input().values,
          customerName: 'Evil\r\nBcc: victim@example.com',
          invoiceNumber: '42\u202e\u0000',
        },
      }),
    );
    expect(email.subject).toBe('Evil Bcc: victim@example.com: 42');
  });

  it('keeps values on their line in the text version too', () => {
    const email = renderInvoiceEmail(
      input({
        template: { subject: 'S', body: 'Hello #CUSTOMER_NAME,\n#LINK' },
        values: { ...input().values, customerName: 'A\n\nB' },
      }),
    );
    expect(email.text).toBe(`Hello A B,\nView this invoice: ${PORTAL_URL}\n`);
  });

  it('throws on a template that cannot be read, naming the token', () => {
    const render = () => renderInvoiceEmail(input({ template: { subject: 'S', body: '#LINK #TOTAL' } }));
    expect(render).toThrow(EmailTemplateError);
    expect(render).toThrow(/body cannot be read: UNKNOWN_SHORTCODE #TOTAL/);
    expect(() => renderInvoiceEmail(input({ template: { subject: '#LINK', body: '#LINK' } }))).toThrow(
      /subject cannot be read: LINK_IN_SUBJECT/,
    );
  });
});

describe('the escaping checks themselves', () => {
  it('notice an added element, an added attribute and an unquoted one', () => {
    const page = '<!doctype html>\n<p class="a">Hi</p>';
    expect(markupSkeleton('<p class="a"><img src="x">Hi</p>')).not.toEqual(markupSkeleton(page));
    expect(markupSkeleton('<p class="a" onclick="x">Hi</p>')).not.toEqual(markupSkeleton(page));
    expect(strayMarkup('<p class="a"><img src=x onerror=alert(1)>Hi</p>')).toEqual(['<img']);
    expect(strayMarkup(page)).toEqual([]);
  });
});
