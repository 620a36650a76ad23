import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import QRCode from 'qrcode';
import { extractText, getDocumentProxy, getMeta } from 'unpdf';
import { describe, expect, it } from 'vitest';
import type { Lang } from '../../src/core/lang.ts';
import { renderDocumentPdf } from '../../src/documents/render-document-pdf.ts';
import type { InvoiceLineInput } from '../../src/domain/index.ts';
import {
  BELGIAN_REFERENCE,
  DEFAULT_LINES,
  documentFixture,
  HARD_CUSTOMER_NAME,
} from './document-fixtures.ts';

/** The text of each page, with every run of whitespace (line breaks of wrapped text too) as one space. */
async function pageTexts(pdf: Buffer): Promise<string[]> {
  const document = await getDocumentProxy(new Uint8Array(pdf));
  const { text } = await extractText(document, { mergePages: false });
  return text.map((page) => page.replace(/\s+/g, ' ').trim());
}

const oneSpace = (text: string) => text.replace(/\s+/g, ' ');

// Written out by hand from the fixture lines: 1 850,00 + 12 × 89,50 − 10 % + 6,5 × 72,00 = 3 284,60 net;
// 21 % of 2 816,60 = 591,49 and 6 % of 468,00 = 28,08 VAT; 3 904,17 in all.
const EXPECTED: Record<
  Lang,
  { title: string; net: string; vat: string; total: string; due: string; page: string }
> = {
  en: {
    title: 'Invoice',
    net: '€3,284.60',
    vat: '€619.57',
    total: '€3,904.17',
    due: '2 April 2026',
    page: 'Page 1 of 1',
  },
  fr: {
    title: 'Facture',
    net: '3 284,60 €',
    vat: '619,57 €',
    total: '3 904,17 €',
    due: '2 avril 2026',
    page: 'Page 1 sur 1',
  },
  nl: {
    title: 'Factuur',
    net: '€ 3.284,60',
    vat: '€ 619,57',
    total: '€ 3.904,17',
    due: '2 april 2026',
    page: 'Pagina 1 van 1',
  },
  de: {
    title: 'Rechnung',
    net: '3.284,60 €',
    vat: '619,57 €',
    total: '3.904,17 €',
    due: '2. April 2026',
    page: 'Seite 1 von 1',
  },
};

describe('renderDocumentPdf', () => {
  for (const language of ['en', 'fr', 'nl', 'de'] as const) {
    it(`${language}: writes the number, every line, the totals and the customer exactly, as real text`, async () => {
      const pdf = await renderDocumentPdf(documentFixture({ language }));
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      const pages = await pageTexts(pdf);
      expect(pages).toHaveLength(1);
      const [text = ''] = pages;
      const expected = EXPECTED[language];
      expect(text).toContain(`${expected.title} 2026-0042`);
      for (const line of DEFAULT_LINES) expect(text).toContain(oneSpace(line.description));
      expect(text).toContain(HARD_CUSTOMER_NAME);
      for (const amount of [expected.net, expected.vat, expected.total])
        expect(text).toContain(oneSpace(amount));
      expect(text).toContain(expected.due);
      expect(text).toContain(BELGIAN_REFERENCE);
      expect(text).toContain('BE71 0961 2345 6769');
      expect(text).toMatch(new RegExp(`${expected.page}$`));
    });
  }

  it('embeds DejaVu Sans and no standard PDF font, and sets the metadata', async () => {
    const pdf = await renderDocumentPdf(documentFixture({ language: 'en' }));
    const raw = pdf.toString('latin1');
    expect(raw).toMatch(/\/BaseFont \/[A-Z]{6}\+DejaVuSans\b/);
    expect(raw).toMatch(/\/BaseFont \/[A-Z]{6}\+DejaVuSans-Bold\b/);
    expect(raw).toContain('/FontFile2');
    expect(raw).not.toMatch(/\/BaseFont \/(Helvetica|Times|Courier)/);
    const { info } = await getMeta(await getDocumentProxy(new Uint8Array(pdf)));
    expect(info).toMatchObject({
      Title: 'Invoice 2026-0042 – Atelier Lumière SRL',
      Author: 'Atelier Lumière SRL',
      Language: 'en-IE',
      CreationDate: 'D:20260303000000Z',
    });
  });

  it('gives the same bytes for the same model', async () => {
    const model = documentFixture({ language: 'nl' });
    const [first, second] = await Promise.all([renderDocumentPdf(model), renderDocumentPdf(model)]);
    expect(first.equals(second)).toBe(true);
  });

  it('paginates 40 lines: every description once, the table header and a page footer on every page', async () => {
    const lines: InvoiceLineInput[] = Array.from({ length: 40 }, (_, i) => ({
      description:
        i % 5 === 0
          ? `Article ${i + 1}: réglage des projecteurs, avec une description assez longue pour tenir sur deux lignes`
          : `Article ${i + 1}: spot LED encastré`,
      quantity: String(i + 1),
      unitPriceMinor: 1000 + i,
      vatRateBp: 2100,
    }));
    const pdf = await renderDocumentPdf(documentFixture({ language: 'fr', lines }));
    const pages = await pageTexts(pdf);
    expect(pages.length).toBeGreaterThanOrEqual(2);
    const all = pages.join(' ');
    for (const line of lines) {
      expect(all.split(`${line.description} `).length - 1, line.description).toBe(1);
    }
    pages.forEach((page, i) => {
      expect(page).toMatch(new RegExp(`Page ${i + 1} sur ${pages.length}$`));
    });
    const pagesWithLines = pages.filter((page) => /Article \d+:/.test(page));
    expect(pagesWithLines.length).toBeGreaterThanOrEqual(2);
    for (const page of pagesWithLines) expect(page).toContain('Désignation Quantité');
    expect(pages[0]).toContain('Suite à la page suivante');
    expect(all.split('Total à payer').length - 1).toBe(1);
  });

  it('shows on a credit note the invoice it credits, its reason and no payment instructions', async () => {
    const model = documentFixture({ kind: 'credit_note', language: 'en' });
    const [text = ''] = await pageTexts(await renderDocumentPdf(model));
    expect(text).toContain('Credit note CN-2026-0007');
    expect(text).toContain('Credit note for invoice 2026-0042 of 3 March 2026');
    expect(text).toContain('Reason: Deux luminaires retournés (défaut de fabrication)');
    expect(text).toContain('Total credited €3,904.17');
    expect(text).not.toContain('Payment instructions');
    expect(text).not.toContain('Due date');
  });

  it('prints reverse-charge and exempt mentions in the document language, with the exemption reason', async () => {
    const model = documentFixture({
      language: 'de',
      lines: [
        {
          description: 'Lichtplanung Ausstellung Leipzig',
          quantity: '1',
          unitPriceMinor: 420000,
          vatRateBp: 0,
          vatCategory: 'reverse_charge',
        },
        {
          description: 'Schulung (steuerfrei)',
          quantity: '1',
          unitPriceMinor: 50000,
          vatRateBp: 0,
          vatCategory: 'exempt',
        },
      ],
    });
    model.vatExemptionReason = 'Art. 44 § 2, 4° WBTW';
    const [text = ''] = await pageTexts(await renderDocumentPdf(model));
    expect(text).toContain(
      'Steuerschuldnerschaft des Leistungsempfängers (Artikel 196 Richtlinie 2006/112/EG).',
    );
    expect(text).toContain('Steuerfrei: steuerbefreite Leistung gemäß Richtlinie 2006/112/EG.');
    expect(text).toContain('Grund der Steuerbefreiung: Art. 44 § 2, 4° WBTW');
    expect(text).toContain('Reverse-Charge');
  });

  it('shows the discount column only when a line has a discount', async () => {
    const withDiscount = (await pageTexts(await renderDocumentPdf(documentFixture({ language: 'en' }))))[0];
    const plainLines = DEFAULT_LINES.map(({ discountBp: _discount, ...line }) => line);
    const without = (
      await pageTexts(await renderDocumentPdf(documentFixture({ language: 'en', lines: plainLines })))
    )[0];
    expect(withDiscount).toContain('Discount');
    expect(withDiscount).toContain('10%');
    expect(without).not.toContain('Discount');
  });

  it('prints the supplier name in the brand colour when the logo is missing or unreadable', async () => {
    const png = await QRCode.toBuffer('logo', { type: 'png' });
    const cases = [
      { logo: null, names: 4 },
      { logo: { mimeType: 'image/png', data: new Uint8Array(png) }, names: 3 },
      { logo: { mimeType: 'image/png', data: new Uint8Array([137, 80, 78, 71, 1, 2, 3]) }, names: 4 },
      { logo: { mimeType: 'image/gif', data: new Uint8Array([71, 73, 70]) }, names: 4 },
    ];
    for (const { logo, names } of cases) {
      const pdf = await renderDocumentPdf(documentFixture({ language: 'en', logo }));
      const [text = ''] = await pageTexts(pdf);
      // Header (as the logo), supplier block, beneficiary and footer; the header only without a logo.
      expect(text.split('Atelier Lumière SRL').length - 1, logo?.mimeType ?? 'no logo').toBe(names);
      expect(text).toContain('Invoice 2026-0042');
    }
  });

  it('draws images embedded in an SVG logo but never reads a file an SVG logo points to', async () => {
    const png = await QRCode.toBuffer('logo', { type: 'png' });
    const directory = mkdtempSync(join(tmpdir(), 'svg-logo-'));
    try {
      const file = join(directory, 'secret.png');
      writeFileSync(file, png);
      const svg = (href: string) =>
        new TextEncoder().encode(
          `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 40"><image href="${href}" width="40" height="40"/></svg>`,
        );
      const render = async (href: string) =>
        (
          await renderDocumentPdf(documentFixture({ logo: { mimeType: 'image/svg+xml', data: svg(href) } }))
        ).toString('latin1');
      expect(await render(`data:image/png;base64,${png.toString('base64')}`)).toContain('/Subtype /Image');
      expect(await render(file)).not.toContain('/Subtype /Image');
      expect(await render(`file://${file}`)).not.toContain('/Subtype /Image');
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
