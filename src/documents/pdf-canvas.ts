import type PDFDocument from 'pdfkit';
import { type DocumentMessageKey, documentMessage } from '../i18n/document-messages.ts';
import { type DocumentFormatters, documentFormatters } from '../web/document-formatters.ts';
import type { DocumentLine, DocumentModel, DocumentParty } from './document-model.ts';
import { bodyFontAscent, FONT } from './pdf-fonts.ts';
import { INK, MUTED, type Palette, palette, RULE } from './pdf-palette.ts';

/**
 * The drawing surface of one PDF document: the page frame, the cursor, text primitives that measure
 * what they draw, and page breaks that repeat the document's reminder. Every section of the document
 * (`pdf-letterhead.ts`, `pdf-lines-table.ts`, `pdf-payment-slip.ts`, …) draws through one canvas.
 *
 * @module
 */

export type Doc = typeof PDFDocument;
export type Align = 'left' | 'right' | 'center';

// A4 in points, and the frame every page is laid out in (all positions are explicit: the document has
// no margins of its own, so pdfkit never starts a page by itself).
export const PAGE_WIDTH = 595.28;
export const PAGE_HEIGHT = 841.89;
export const LEFT = 50;
export const RIGHT = PAGE_WIDTH - 50;
export const CONTENT_WIDTH = RIGHT - LEFT;
export const TOP = 46;
/** Where content starts on pages after the first, below the reminder of the document's title. */
export const NEW_PAGE_TOP = TOP + 26;
export const FOOTER_TOP = PAGE_HEIGHT - 42;
export const CONTENT_BOTTOM = FOOTER_TOP - 16;

export interface TextStyle {
  font?: string;
  size: number;
  color?: string;
  lineGap?: number;
}

/** Lays out and draws one document; a new instance per render. */
export class PdfCanvas {
  readonly format: DocumentFormatters;
  readonly colors: Palette;
  readonly isInvoice: boolean;
  /** The cursor: where the next section starts on the current page. */
  y = TOP;

  constructor(
    readonly doc: Doc,
    readonly model: DocumentModel,
  ) {
    this.format = documentFormatters(model.locale, model.currency, model.language);
    this.colors = palette(model.brand);
    this.isInvoice = model.kind === 'invoice';
  }

  // --- words -----------------------------------------------------------------------------------------

  t(key: DocumentMessageKey, params?: Record<string, string | number>): string {
    return documentMessage(this.model.language, key, params);
  }

  title(): string {
    return `${this.t(this.isInvoice ? 'invoiceTitle' : 'creditNoteTitle')} ${this.model.number}`;
  }

  /** A party's VAT and enterprise numbers, each on its line with its label. */
  registrationLines(party: DocumentParty): string[] {
    return [
      party.vatNumber ? `${this.t('vatNumber')} ${party.vatNumber}` : '',
      party.enterpriseNumber ? `${this.t('enterpriseNumber')} ${party.enterpriseNumber}` : '',
    ].filter((line) => line !== '');
  }

  /** A line's or a VAT row's rate: a percentage, or the exemption it falls under. */
  vatLabel(line: Pick<DocumentLine, 'vatCategory' | 'vatRateBp'>): string {
    if (line.vatCategory === 'exempt') return this.t('vatExempt');
    if (line.vatCategory === 'reverse_charge') return this.t('vatReverseCharge');
    return this.format.percent(line.vatRateBp);
  }

  // --- text primitives -------------------------------------------------------------------------------

  style({ font = FONT.regular, size, color = INK }: TextStyle): void {
    this.doc.font(font).fontSize(size).fillColor(color);
  }

  width(text: string, style: TextStyle): number {
    this.style(style);
    return this.doc.widthOfString(text);
  }

  lineHeight(style: TextStyle): number {
    this.style(style);
    return this.doc.currentLineHeight(true) + (style.lineGap ?? 0);
  }

  /** How far below `reference`'s top `style` text must start for both to share a baseline. */
  baselineShift(reference: TextStyle, style: TextStyle): number {
    return bodyFontAscent() * (reference.size - style.size);
  }

  /** One line of text, never wrapped, aligned in [x, x + width]. */
  textLine(text: string, x: number, y: number, style: TextStyle, width = 0, align: Align = 'left'): void {
    const textWidth = align === 'left' ? 0 : this.width(text, style);
    const left =
      align === 'right' ? x + width - textWidth : align === 'center' ? x + (width - textWidth) / 2 : x;
    this.style(style);
    this.doc.text(text, left, y, { lineBreak: false });
  }

  /** `text` shortened with an ellipsis to fit `maxWidth` on one line. */
  fitted(text: string, style: TextStyle, maxWidth: number): string {
    if (this.width(text, style) <= maxWidth) return text;
    const characters = [...text];
    while (characters.length > 1 && this.width(`${characters.join('').trimEnd()}…`, style) > maxWidth) {
      characters.pop();
    }
    return `${characters.join('').trimEnd()}…`;
  }

  /** Height of `text` wrapped to `width`. */
  measure(text: string, width: number, style: TextStyle): number {
    this.style(style);
    return this.doc.heightOfString(text, { width, lineGap: style.lineGap ?? 0 });
  }

  /** Draws `text` wrapped to `width` and returns its height. */
  paragraph(
    text: string,
    x: number,
    y: number,
    width: number,
    style: TextStyle,
    align: Align = 'left',
  ): number {
    const height = this.measure(text, width, style);
    this.doc.text(text, x, y, { width, align, lineGap: style.lineGap ?? 0 });
    return height;
  }

  rule(y: number, x1 = LEFT, x2 = RIGHT, color = RULE, width = 0.6): void {
    this.doc.save().moveTo(x1, y).lineTo(x2, y).lineWidth(width).strokeColor(color).stroke().restore();
  }

  // --- pages -----------------------------------------------------------------------------------------

  decoratePage(): void {
    this.doc.save().rect(0, 0, PAGE_WIDTH, 5).fill(this.colors.primary).restore();
  }

  /** A new page with a short reminder of which document it belongs to. */
  newPage(): void {
    this.doc.addPage({ size: 'A4', margin: 0 });
    this.decoratePage();
    const reminder: TextStyle = { font: FONT.bold, size: 10, color: this.colors.primary };
    this.textLine(this.title(), LEFT, TOP - 8, reminder);
    const supplier: TextStyle = { size: 8.5, color: MUTED };
    this.textLine(
      this.fitted(this.model.supplier.name, supplier, CONTENT_WIDTH / 2),
      LEFT,
      TOP - 6,
      supplier,
      CONTENT_WIDTH,
      'right',
    );
    this.rule(TOP + 12);
    this.y = NEW_PAGE_TOP;
  }

  fits(height: number): boolean {
    return this.y + height <= CONTENT_BOTTOM;
  }

  keepTogether(height: number): void {
    if (!this.fits(height)) this.newPage();
  }

  // --- text over pages -------------------------------------------------------------------------------

  /** How many of `words`, joined by spaces, fit in `maxHeight` at `width` (0 when not even one does). */
  wordsThatFit(words: readonly string[], width: number, style: TextStyle, maxHeight: number): number {
    let fitting = 0;
    let low = 1;
    let high = words.length;
    while (low <= high) {
      const middle = Math.floor((low + high) / 2);
      if (this.measure(words.slice(0, middle).join(' '), width, style) <= maxHeight) {
        fitting = middle;
        low = middle + 1;
      } else {
        high = middle - 1;
      }
    }
    return fitting;
  }

  /**
   * Splits `text` between words over as many pages as it needs — the one word-splitting loop of the
   * document. Each piece is as many words as `room()` leaves space for at the cursor (at least one, so a
   * page always makes progress); `breakPage` moves to a new page (and may draw a header there), `draw`
   * draws a piece. A piece that does not fit even one word below `pageTop` starts a new page first.
   */
  splitOverPages(
    text: string,
    layout: {
      width: number;
      style: TextStyle;
      room: () => number;
      pageTop: number;
      breakPage: () => void;
      draw: (piece: string, first: boolean) => void;
    },
  ): void {
    let words = text.split(' ');
    let first = true;
    while (words.length > 0) {
      const fitting = this.wordsThatFit(words, layout.width, layout.style, layout.room());
      if (fitting === 0 && this.y > layout.pageTop) {
        layout.breakPage();
        continue;
      }
      const count = Math.max(fitting, 1);
      layout.draw(words.slice(0, count).join(' '), first);
      words = words.slice(count);
      first = false;
      if (words.length > 0) layout.breakPage();
    }
  }

  /**
   * Draws `text` at the cursor, wrapped to `width`, continuing on new pages as needed (pdfkit would
   * otherwise start a page of its own, without our header and footer). Paragraphs are kept whole when
   * they fit on a page; a longer one is split between words. `onChunk` sees each piece drawn.
   */
  flow(
    text: string,
    x: number,
    width: number,
    style: TextStyle,
    onChunk: (top: number, height: number) => void = () => {},
  ): void {
    const draw = (chunk: string) => {
      const top = this.y;
      this.y += this.paragraph(chunk, x, top, width, style);
      onChunk(top, this.y - top);
    };
    for (const paragraph of text.split('\n').map((p) => p || ' ')) {
      if (this.fits(this.measure(paragraph, width, style))) {
        draw(paragraph);
        continue;
      }
      this.splitOverPages(paragraph, {
        width,
        style,
        room: () => CONTENT_BOTTOM - this.y,
        pageTop: NEW_PAGE_TOP,
        breakPage: () => this.newPage(),
        draw,
      });
    }
  }
}
