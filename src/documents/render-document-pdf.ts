import PDFDocument from 'pdfkit';
import {
  formatIban,
  formatRfReference,
  isValidBelgianStructuredReference,
  isValidRfReference,
  LEGAL_NOTE_TEXT,
} from '../domain/index.ts';
import { type DocumentMessageKey, documentMessage } from '../i18n/document-messages.ts';
import { type DocumentFormatters, documentFormatters } from './document-formatters.ts';
import type { DocumentLine, DocumentModel, DocumentParty } from './document-model.ts';
import { drawEpcQrCode } from './draw-epc-qr-code.ts';
import { drawLogo } from './draw-logo.ts';
import { bodyFontAscent, FONT, registerBodyFonts } from './pdf-fonts.ts';

type Doc = typeof PDFDocument;
type Align = 'left' | 'right' | 'center';

// A4 in points, and the frame every page is laid out in (all positions are explicit: the document has
// no margins of its own, so pdfkit never starts a page by itself).
const PAGE_WIDTH = 595.28;
const PAGE_HEIGHT = 841.89;
const LEFT = 50;
const RIGHT = PAGE_WIDTH - 50;
const CONTENT_WIDTH = RIGHT - LEFT;
const TOP = 46;
/** Where content starts on pages after the first, below the reminder of the document's title. */
const NEW_PAGE_TOP = TOP + 26;
const FOOTER_TOP = PAGE_HEIGHT - 42;
const CONTENT_BOTTOM = FOOTER_TOP - 16;

const INK = '#1d2430';
const MUTED = '#5f6975';
const RULE = '#d8dde3';
const WHITE = '#ffffff';
const DEFAULT_PRIMARY = '#1f3a5f';

/** About 30 mm, quiet zone included: comfortably scanned from a printed page. */
const QR_SIZE = 85;
const CELL_PADDING_X = 6;
const CELL_PADDING_Y = 5;
const TABLE_HEADER: TextStyle = { font: FONT.bold, size: 7.5, lineGap: 0.5 };
const TABLE_CELL: TextStyle = { size: 8.5, lineGap: 1.5 };
/** Numeric columns grow with their content up to this width; the description takes the rest. */
const NUMERIC_COLUMN_MAX_WIDTH = 112;
const MIN_DESCRIPTION_WIDTH = 200;
const CUSTOMER_BLOCK_WIDTH = 235;

interface Palette {
  primary: string;
  accent: string;
  /** The primary colour where it is readable on white, else ink. */
  primaryText: string;
  /** Text on a primary-coloured background. */
  onPrimary: string;
  /** A light wash of the primary colour for boxes. */
  tint: string;
}

interface TextStyle {
  font?: string;
  size: number;
  color?: string;
  lineGap?: number;
}

interface Column {
  header: string;
  width: number;
  align: Align;
  cell(line: DocumentLine): string;
}

function parseHexColor(color: string): [number, number, number] | null {
  const match = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(color.trim());
  if (match === null) return null;
  const hex = match[1] ?? '';
  const full = hex.length === 3 ? [...hex].map((c) => c + c).join('') : hex;
  return [0, 2, 4].map((i) => Number.parseInt(full.slice(i, i + 2), 16)) as [number, number, number];
}

function toHex(rgb: readonly number[]): string {
  return `#${rgb.map((c) => Math.round(c).toString(16).padStart(2, '0')).join('')}`;
}

/** WCAG relative luminance. */
function luminance(rgb: readonly number[]): number {
  const [r = 0, g = 0, b = 0] = rgb.map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(a: readonly number[], b: readonly number[]): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

/** The brand colours, made safe: unreadable or invalid colours fall back to ink or a neutral blue. */
function palette(brand: DocumentModel['brand']): Palette {
  const primaryRgb =
    parseHexColor(brand.primaryColor) ?? (parseHexColor(DEFAULT_PRIMARY) as [number, number, number]);
  const accentRgb = parseHexColor(brand.accentColor) ?? primaryRgb;
  const white = [255, 255, 255];
  const ink = parseHexColor(INK) as [number, number, number];
  return {
    primary: toHex(primaryRgb),
    accent: toHex(accentRgb),
    primaryText: contrast(primaryRgb, white) >= 3 ? toHex(primaryRgb) : INK,
    onPrimary: contrast(primaryRgb, white) >= contrast(primaryRgb, ink) ? WHITE : INK,
    tint: toHex(primaryRgb.map((c) => 255 - (255 - c) * 0.07)),
  };
}

/** The reference as a payer types it, and the label that goes with it. */
function paymentReferenceLine(reference: string): { label: DocumentMessageKey; value: string } {
  if (isValidRfReference(reference))
    return { label: 'paymentReference', value: formatRfReference(reference) };
  if (isValidBelgianStructuredReference(reference))
    return { label: 'structuredCommunication', value: reference };
  return { label: 'paymentReference', value: reference };
}

/** Lays out and draws one document; a new instance per render. */
class DocumentLayout {
  private readonly format: DocumentFormatters;
  private readonly colors: Palette;
  private readonly isInvoice: boolean;
  private y = TOP;

  constructor(
    private readonly doc: Doc,
    private readonly model: DocumentModel,
  ) {
    this.format = documentFormatters(model.locale, model.currency, model.language);
    this.colors = palette(model.brand);
    this.isInvoice = model.kind === 'invoice';
  }

  draw(): void {
    this.decoratePage();
    this.drawLetterhead();
    this.drawTitleAndCustomer();
    this.drawLines();
    this.drawTotals();
    this.drawLegalNotes();
    this.drawNotes();
    this.drawPayment();
    this.drawFooters();
  }

  // --- text primitives ---------------------------------------------------------------------------

  private t(key: DocumentMessageKey, params?: Record<string, string | number>): string {
    return documentMessage(this.model.language, key, params);
  }

  private title(): string {
    return `${this.t(this.isInvoice ? 'invoiceTitle' : 'creditNoteTitle')} ${this.model.number}`;
  }

  private style({ font = FONT.regular, size, color = INK }: TextStyle): void {
    this.doc.font(font).fontSize(size).fillColor(color);
  }

  private width(text: string, style: TextStyle): number {
    this.style(style);
    return this.doc.widthOfString(text);
  }

  private lineHeight(style: TextStyle): number {
    this.style(style);
    return this.doc.currentLineHeight(true) + (style.lineGap ?? 0);
  }

  /** How far below `reference`'s top `style` text must start for both to share a baseline. */
  private baselineShift(reference: TextStyle, style: TextStyle): number {
    return bodyFontAscent() * (reference.size - style.size);
  }

  /** One line of text, never wrapped, aligned in [x, x + width]. */
  private textLine(
    text: string,
    x: number,
    y: number,
    style: TextStyle,
    width = 0,
    align: Align = 'left',
  ): void {
    const textWidth = align === 'left' ? 0 : this.width(text, style);
    const left =
      align === 'right' ? x + width - textWidth : align === 'center' ? x + (width - textWidth) / 2 : x;
    this.style(style);
    this.doc.text(text, left, y, { lineBreak: false });
  }

  /** `text` shortened with an ellipsis to fit `maxWidth` on one line. */
  private fitted(text: string, style: TextStyle, maxWidth: number): string {
    if (this.width(text, style) <= maxWidth) return text;
    const characters = [...text];
    while (characters.length > 1 && this.width(`${characters.join('').trimEnd()}…`, style) > maxWidth) {
      characters.pop();
    }
    return `${characters.join('').trimEnd()}…`;
  }

  /** Height of `text` wrapped to `width`. */
  private measure(text: string, width: number, style: TextStyle): number {
    this.style(style);
    return this.doc.heightOfString(text, { width, lineGap: style.lineGap ?? 0 });
  }

  /** Draws `text` wrapped to `width` and returns its height. */
  private paragraph(
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

  private rule(y: number, x1 = LEFT, x2 = RIGHT, color = RULE, width = 0.6): void {
    this.doc.save().moveTo(x1, y).lineTo(x2, y).lineWidth(width).strokeColor(color).stroke().restore();
  }

  // --- pages ---------------------------------------------------------------------------------------

  private decoratePage(): void {
    this.doc.save().rect(0, 0, PAGE_WIDTH, 5).fill(this.colors.primary).restore();
  }

  /** A new page with a short reminder of which document it belongs to. */
  private newPage(): void {
    this.doc.addPage({ size: 'A4', margin: 0 });
    this.decoratePage();
    const reminder: TextStyle = { font: FONT.bold, size: 10, color: this.colors.primaryText };
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

  private fits(height: number): boolean {
    return this.y + height <= CONTENT_BOTTOM;
  }

  private keepTogether(height: number): void {
    if (!this.fits(height)) this.newPage();
  }

  // --- header: logo and supplier -------------------------------------------------------------------

  private drawLetterhead(): void {
    const { model } = this;
    const logoBox = { width: 190, height: 62 };
    const logo = model.logo ? drawLogo(this.doc, model.logo, LEFT, TOP, logoBox) : null;
    let leftBottom = TOP + (logo?.height ?? 0);
    if (logo === null) {
      const brandName: TextStyle = { font: FONT.bold, size: 17, color: this.colors.primaryText, lineGap: -1 };
      leftBottom = TOP + this.paragraph(model.supplier.name, LEFT, TOP, 250, brandName);
    }

    const blockWidth = 235;
    const x = RIGHT - blockWidth;
    let y = TOP;
    y += this.paragraph(model.supplier.name, x, y, blockWidth, { font: FONT.bold, size: 10 }, 'right') + 2;
    const details: TextStyle = { size: 8, color: MUTED, lineGap: 1.2 };
    const lines = [
      ...model.supplier.addressLines,
      ...this.registrationLines(model.supplier),
      [model.supplier.email, model.supplier.phone].filter(Boolean).join('  ·  '),
      model.supplier.website ?? '',
    ].filter((line) => line.trim() !== '');
    for (const line of lines) y += this.paragraph(line, x, y, blockWidth, details, 'right');
    this.y = Math.max(leftBottom, y) + 26;
  }

  private registrationLines(party: DocumentParty): string[] {
    return [
      party.vatNumber ? `${this.t('vatNumber')} ${party.vatNumber}` : '',
      party.enterpriseNumber ? `${this.t('enterpriseNumber')} ${party.enterpriseNumber}` : '',
    ].filter((line) => line !== '');
  }

  // --- title, dates and customer -------------------------------------------------------------------

  private drawTitleAndCustomer(): void {
    const { model } = this;
    const top = this.y;
    const leftWidth = CONTENT_WIDTH - CUSTOMER_BLOCK_WIDTH - 24;

    // The title shrinks to stay on one line, down to a size that still reads as a title.
    const title: TextStyle = { font: FONT.bold, size: 20, color: this.colors.primaryText, lineGap: -2 };
    while (title.size > 15 && this.width(this.title(), title) > leftWidth) title.size -= 0.5;
    let y = top;
    y += this.paragraph(this.title(), LEFT, y, leftWidth, title);
    this.doc
      .save()
      .rect(LEFT, y + 5, 34, 2.5)
      .fill(this.colors.accent)
      .restore();
    y += 18;

    const facts: [string, string][] = [
      [this.t(this.isInvoice ? 'invoiceDate' : 'creditNoteDate'), this.format.date(model.issueDate)],
    ];
    if (model.dueDate) facts.push([this.t('dueDate'), this.format.date(model.dueDate)]);
    const label: TextStyle = { size: 8.5, color: MUTED };
    const value: TextStyle = { font: FONT.bold, size: 9 };
    const labelWidth = Math.max(...facts.map(([text]) => this.width(text, label))) + 14;
    for (const [text, fact] of facts) {
      this.textLine(text, LEFT, y + this.baselineShift(value, label), label);
      this.textLine(fact, LEFT + labelWidth, y, value);
      y += this.lineHeight(value) + 3;
    }

    if (model.creditedInvoice) {
      y += 6;
      const reference = this.t('creditNoteFor', {
        number: model.creditedInvoice.number,
        date: this.format.date(model.creditedInvoice.issueDate),
      });
      y += this.paragraph(reference, LEFT, y, leftWidth, { size: 9, lineGap: 1 }) + 2;
    }
    if (model.reason) {
      y += this.paragraph(`${this.t('reason')}: ${model.reason}`, LEFT, y, leftWidth, {
        size: 9,
        lineGap: 1,
      });
    }

    this.y = Math.max(y, this.drawCustomer(top)) + 24;
  }

  /** The customer block, right column, in the window of a right-window envelope. Returns its bottom. */
  private drawCustomer(top: number): number {
    const { customer } = this.model;
    const width = CUSTOMER_BLOCK_WIDTH;
    const x = RIGHT - width;
    const padding = 12;
    const inner = width - 2 * padding;
    const heading: TextStyle = { font: FONT.bold, size: 7, color: MUTED };
    const name: TextStyle = { font: FONT.bold, size: 10.5, lineGap: 0 };
    const address: TextStyle = { size: 9, lineGap: 1.5 };
    const registration: TextStyle = { size: 8, color: MUTED, lineGap: 1.2 };
    const addressText = customer.addressLines.join('\n');
    const registrationText = this.registrationLines(customer).join('\n');

    const height =
      padding * 2 +
      this.lineHeight(heading) +
      4 +
      this.measure(customer.name, inner, name) +
      (addressText ? 2 + this.measure(addressText, inner, address) : 0) +
      (registrationText ? 5 + this.measure(registrationText, inner, registration) : 0);
    this.doc.save().roundedRect(x, top, width, height, 4).fill(this.colors.tint).restore();

    let y = top + padding;
    this.textLine(this.t('customer').toLocaleUpperCase(this.model.language), x + padding, y, heading);
    y += this.lineHeight(heading) + 4;
    y += this.paragraph(customer.name, x + padding, y, inner, name);
    if (addressText) y += 2 + this.paragraph(addressText, x + padding, y + 2, inner, address);
    if (registrationText) y += 5 + this.paragraph(registrationText, x + padding, y + 5, inner, registration);
    return top + height;
  }

  // --- lines table ---------------------------------------------------------------------------------

  private columns(): Column[] {
    const { format } = this;
    const withDiscount = this.model.lines.some((line) => line.discountBp > 0);
    const numeric: Omit<Column, 'width'>[] = [
      { header: this.t('quantity'), align: 'right', cell: (line) => format.quantity(line.quantity) },
      { header: this.t('unitPrice'), align: 'right', cell: (line) => format.money(line.unitPriceMinor) },
    ];
    if (withDiscount) {
      numeric.push({
        header: this.t('discount'),
        align: 'right',
        cell: (line) => (line.discountBp > 0 ? format.percent(line.discountBp) : ''),
      });
    }
    numeric.push(
      { header: this.t('vat'), align: 'right', cell: (line) => this.vatLabel(line) },
      { header: this.t('amountExclVat'), align: 'right', cell: (line) => format.money(line.netMinor) },
    );
    // Each numeric column is as wide as its longest value and its header, so amounts never wrap; when
    // that leaves the description too narrow, headers may wrap between words instead.
    const widths = (headerWidth: (header: string) => number) =>
      numeric.map((column) => {
        const values = this.model.lines.map((line) => this.width(column.cell(line), TABLE_CELL));
        const content = Math.max(headerWidth(column.header), 34, ...values) + 2 * CELL_PADDING_X + 4;
        return Math.min(NUMERIC_COLUMN_MAX_WIDTH, Math.ceil(content));
      });
    let numericWidths = widths((header) => this.width(header, TABLE_HEADER));
    if (CONTENT_WIDTH - numericWidths.reduce((sum, w) => sum + w, 0) < MIN_DESCRIPTION_WIDTH) {
      numericWidths = widths((header) =>
        Math.max(...header.split(/\s+/).map((w) => this.width(w, TABLE_HEADER))),
      );
    }
    const sized = numeric.map((column, i) => ({ ...column, width: numericWidths[i] ?? 0 }));
    const descriptionWidth = CONTENT_WIDTH - sized.reduce((sum, column) => sum + column.width, 0);
    return [
      {
        header: this.t('description'),
        width: descriptionWidth,
        align: 'left',
        cell: (line) => line.description,
      },
      ...sized,
    ];
  }

  private vatLabel(line: Pick<DocumentLine, 'vatCategory' | 'vatRateBp'>): string {
    if (line.vatCategory === 'exempt') return this.t('vatExempt');
    if (line.vatCategory === 'reverse_charge') return this.t('vatReverseCharge');
    return this.format.percent(line.vatRateBp);
  }

  private drawLines(): void {
    const columns = this.columns();
    const [description, ...numeric] = columns;
    const descriptionWidth = (description?.width ?? CONTENT_WIDTH) - 2 * CELL_PADDING_X;
    const header: TextStyle = { ...TABLE_HEADER, color: this.colors.onPrimary };
    const cell = TABLE_CELL;
    const cellHeight = (column: Column, text: string) =>
      this.measure(text, column.width - 2 * CELL_PADDING_X, cell) + 2 * CELL_PADDING_Y;
    const headerHeight =
      Math.max(...columns.map((c) => this.measure(c.header, c.width - 2 * CELL_PADDING_X, header))) + 2 * 6;
    const continued: TextStyle = { size: 7.5, color: MUTED };
    const continuedHeight = this.lineHeight(continued) + 8;

    const drawHeader = () => {
      this.doc.save().rect(LEFT, this.y, CONTENT_WIDTH, headerHeight).fill(this.colors.primary).restore();
      let x = LEFT;
      for (const column of columns) {
        const width = column.width - 2 * CELL_PADDING_X;
        this.paragraph(column.header, x + CELL_PADDING_X, this.y + 6, width, header, column.align);
        x += column.width;
      }
      this.y += headerHeight;
    };
    const nextPage = () => {
      this.textLine(this.t('continuedOnNextPage'), LEFT, this.y + 7, continued, CONTENT_WIDTH, 'right');
      this.newPage();
      drawHeader();
    };
    /** One row: `text` in the description column, and the line's figures unless it continues a row. */
    const drawRow = (line: DocumentLine, text: string, withFigures: boolean) => {
      const figures = withFigures ? numeric : [];
      const height = Math.max(
        description ? cellHeight(description, text) : 0,
        ...figures.map((c) => cellHeight(c, c.cell(line))),
      );
      this.paragraph(text, LEFT + CELL_PADDING_X, this.y + CELL_PADDING_Y, descriptionWidth, cell);
      let x = LEFT + (description?.width ?? 0);
      for (const column of numeric) {
        const width = column.width - 2 * CELL_PADDING_X;
        if (withFigures) {
          this.paragraph(
            column.cell(line),
            x + CELL_PADDING_X,
            this.y + CELL_PADDING_Y,
            width,
            cell,
            column.align,
          );
        }
        x += column.width;
      }
      this.y += height;
      this.rule(this.y);
    };

    const rowHeight = (line: DocumentLine) => Math.max(...columns.map((c) => cellHeight(c, c.cell(line))));
    const pageRoom = CONTENT_BOTTOM - NEW_PAGE_TOP - headerHeight - continuedHeight;
    const first = this.model.lines[0];
    // The header never ends a page alone: it needs its first row, or a few lines of one that is split.
    const firstHeight = first ? rowHeight(first) : 0;
    this.keepTogether(headerHeight + (firstHeight > pageRoom ? 60 : firstHeight));
    drawHeader();
    this.model.lines.forEach((line, index) => {
      const height = rowHeight(line);
      const room = CONTENT_BOTTOM - this.y - (index === this.model.lines.length - 1 ? 0 : continuedHeight);
      if (height <= room) {
        drawRow(line, line.description, true);
        return;
      }
      if (height <= pageRoom) {
        nextPage();
        drawRow(line, line.description, true);
        return;
      }
      // A description longer than a page is split between words over as many pages as it needs.
      let words = line.description.split(' ');
      let withFigures = true;
      while (words.length > 0) {
        const available = CONTENT_BOTTOM - this.y - continuedHeight - 2 * CELL_PADDING_Y;
        const count = this.wordsThatFit(words, descriptionWidth, cell, available);
        if (count === 0 && this.y > NEW_PAGE_TOP + headerHeight) {
          nextPage();
          continue;
        }
        drawRow(line, words.slice(0, Math.max(count, 1)).join(' '), withFigures);
        words = words.slice(Math.max(count, 1));
        withFigures = false;
        if (words.length > 0) nextPage();
      }
    });
    this.y += 18;
  }

  /** How many of `words`, joined by spaces, fit in `maxHeight` at `width` (0 when not even one does). */
  private wordsThatFit(words: readonly string[], width: number, style: TextStyle, maxHeight: number): number {
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

  // --- VAT summary and totals ----------------------------------------------------------------------

  private drawTotals(): void {
    const { model, format } = this;
    const heading: TextStyle = { font: FONT.bold, size: 8.5, color: this.colors.primaryText };
    const columnHeader: TextStyle = { size: 7.5, color: MUTED };
    const cell: TextStyle = { size: 8.5 };
    const rowHeight = this.lineHeight(cell) + 6;
    const summaryHeight =
      this.lineHeight(heading) +
      6 +
      this.lineHeight(columnHeader) +
      5 +
      rowHeight * model.vatBreakdown.length;

    const label: TextStyle = { size: 9, color: MUTED };
    const amount: TextStyle = { size: 9 };
    const due: TextStyle = { font: FONT.bold, size: 10.5, color: this.colors.onPrimary };
    const totals: [string, number][] = [
      [this.t('totalExclVat'), model.netTotalMinor],
      [this.t('totalVat'), model.vatTotalMinor],
    ];
    const dueLabel = this.t(this.isInvoice ? 'totalToPay' : 'totalCredited');
    const totalsWidth = Math.min(
      CONTENT_WIDTH - 260,
      Math.max(
        215,
        ...totals.map(
          ([text, value]) => this.width(text, label) + this.width(format.money(value), amount) + 44,
        ),
        this.width(dueLabel, due) + this.width(format.money(model.totalMinor), due) + 44,
      ),
    );
    const totalRow = 18;
    const dueHeight = 28;
    const totalsHeight = 2 * totalRow + 6 + dueHeight;
    this.keepTogether(Math.max(summaryHeight, totalsHeight));
    const top = this.y;

    // VAT summary, left.
    const summaryWidth = 250;
    const widths = [76, 87, 87];
    const xs = [LEFT, LEFT + (widths[0] ?? 0), LEFT + (widths[0] ?? 0) + (widths[1] ?? 0)];
    let y = top;
    this.textLine(this.t('vatSummary'), LEFT, y, heading);
    y += this.lineHeight(heading) + 6;
    const headers = [this.t('vatRate'), this.t('taxableAmount'), this.t('vatAmount')];
    headers.forEach((text, i) => {
      this.textLine(text, xs[i] ?? LEFT, y, columnHeader, widths[i] ?? 0, i === 0 ? 'left' : 'right');
    });
    y += this.lineHeight(columnHeader) + 3;
    this.rule(y, LEFT, LEFT + summaryWidth, this.colors.primary, 0.8);
    y += 2;
    for (const row of model.vatBreakdown) {
      const values = [this.vatLabel(row), format.money(row.taxableMinor), format.money(row.vatMinor)];
      values.forEach((text, i) => {
        this.textLine(text, xs[i] ?? LEFT, y + 3, cell, widths[i] ?? 0, i === 0 ? 'left' : 'right');
      });
      y += rowHeight;
      this.rule(y, LEFT, LEFT + summaryWidth);
    }

    // Totals, right.
    const x = RIGHT - totalsWidth;
    let ty = top;
    for (const [text, value] of totals) {
      this.textLine(text, x + 10, ty + 3, label);
      this.textLine(format.money(value), x, ty + 3, amount, totalsWidth - 10, 'right');
      ty += totalRow;
    }
    ty += 6;
    this.doc.save().roundedRect(x, ty, totalsWidth, dueHeight, 3).fill(this.colors.primary).restore();
    const dueY = ty + (dueHeight - this.lineHeight(due)) / 2 + 0.5;
    this.textLine(dueLabel, x + 10, dueY, due);
    this.textLine(format.money(model.totalMinor), x, dueY, due, totalsWidth - 10, 'right');
    ty += dueHeight;

    this.y = Math.max(y, ty) + 20;
  }

  // --- legal notes and notes -----------------------------------------------------------------------

  private drawLegalNotes(): void {
    const { model } = this;
    const texts = model.legalNotes.map((code) => LEGAL_NOTE_TEXT[code][model.language]);
    if (model.vatExemptionReason) texts.push(`${this.t('vatExemptionReason')}: ${model.vatExemptionReason}`);
    if (texts.length === 0) return;
    const style: TextStyle = { size: 8.5, lineGap: 1.5 };
    const width = CONTENT_WIDTH - 12;
    const height = texts.reduce((sum, text) => sum + this.measure(text, width, style) + 3, 0) - 3;
    this.keepTogether(Math.min(height, CONTENT_BOTTOM - NEW_PAGE_TOP));
    for (const text of texts) {
      this.flow(text, LEFT + 12, width, style, (top, chunkHeight) => {
        this.doc
          .save()
          .rect(LEFT, top, 2.5, chunkHeight + 3)
          .fill(this.colors.accent)
          .restore();
      });
      this.y += 3;
    }
    this.y += 11;
  }

  private drawNotes(): void {
    const notes = this.model.notes?.trim();
    if (!notes) return;
    const heading: TextStyle = { font: FONT.bold, size: 8.5, color: this.colors.primaryText };
    const style: TextStyle = { size: 8.5, lineGap: 1.5 };
    const headingHeight = this.lineHeight(heading) + 3;
    this.keepTogether(headingHeight + Math.min(this.measure(notes, CONTENT_WIDTH, style), 120));
    this.textLine(this.t('notes'), LEFT, this.y, heading);
    this.y += headingHeight;
    this.flow(notes, LEFT, CONTENT_WIDTH, style);
    this.y += 14;
  }

  /**
   * Draws `text` at the cursor, wrapped to `width`, continuing on new pages as needed (pdfkit would
   * otherwise start a page of its own, without our header and footer). Paragraphs are kept whole when
   * they fit on a page; a longer one is split between words. `onChunk` sees each piece drawn.
   */
  private flow(
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
      let words = paragraph.split(' ');
      while (words.length > 0) {
        // The most words that still fit here (at least one, so a page always makes progress).
        const fitting = this.wordsThatFit(words, width, style, CONTENT_BOTTOM - this.y);
        if (fitting === 0 && this.y > NEW_PAGE_TOP) {
          this.newPage();
          continue;
        }
        const count = Math.max(fitting, 1);
        draw(words.slice(0, count).join(' '));
        words = words.slice(count);
        if (words.length > 0) this.newPage();
      }
    }
  }

  // --- payment instructions ------------------------------------------------------------------------

  private drawPayment(): void {
    const { model, format } = this;
    const payment = this.isInvoice ? model.payment : null;
    if (payment === null) return;

    const rows: { label: string; value: string; strong?: boolean }[] = [
      { label: this.t('beneficiary'), value: payment.beneficiaryName },
      { label: this.t('iban'), value: formatIban(payment.iban) },
    ];
    if (payment.bic) rows.push({ label: this.t('bic'), value: payment.bic });
    rows.push({ label: this.t('amount'), value: format.money(model.totalMinor) });
    if (payment.reference) {
      const reference = paymentReferenceLine(payment.reference);
      rows.push({ label: this.t(reference.label), value: reference.value, strong: true });
    }

    const padding = 14;
    const qr = payment.epcPayload !== null;
    const qrColumn = qr ? QR_SIZE + 30 : 0;
    const heading: TextStyle = { font: FONT.bold, size: 10, color: this.colors.primaryText };
    const label: TextStyle = { size: 8.5, color: MUTED };
    const value: TextStyle = { size: 9, lineGap: 1 };
    const strong: TextStyle = { font: FONT.bold, size: 10.5, lineGap: 1 };
    const labelWidth = Math.max(...rows.map((row) => this.width(row.label, label))) + 16;
    const valueWidth = CONTENT_WIDTH - 2 * padding - qrColumn - labelWidth;
    const rowHeights = rows.map(
      (row) => this.measure(row.value, valueWidth, row.strong ? strong : value) + 4,
    );
    const textHeight = this.lineHeight(heading) + 8 + rowHeights.reduce((sum, h) => sum + h, 0);
    const caption: TextStyle = { size: 7, color: MUTED, lineGap: 0.5 };
    const captionWidth = QR_SIZE + 16;
    const qrHeight = qr ? QR_SIZE + 2 + this.measure(this.t('scanToPay'), captionWidth, caption) : 0;
    const height = Math.max(textHeight, qrHeight) + 2 * padding - (qr ? 4 : 0);

    // A payment slip sits at the foot of the last page when there is room, as on a paper invoice;
    // alone on a new page it comes first.
    const onNewPage = !this.fits(height);
    if (onNewPage) this.newPage();
    const top = onNewPage ? this.y : Math.max(this.y, CONTENT_BOTTOM - height);
    this.doc.save().roundedRect(LEFT, top, CONTENT_WIDTH, height, 5).fill(this.colors.tint).restore();
    this.doc.save().roundedRect(LEFT, top, 4, height, 2).fill(this.colors.primary).restore();

    let y = top + padding;
    this.textLine(this.t('paymentInstructions'), LEFT + padding, y, heading);
    y += this.lineHeight(heading) + 8;
    rows.forEach((row, i) => {
      const style = row.strong ? strong : value;
      const labelY = y + this.baselineShift(style, label);
      this.textLine(row.label, LEFT + padding, labelY, label);
      this.paragraph(row.value, LEFT + padding + labelWidth, y, valueWidth, style);
      y += rowHeights[i] ?? 0;
    });

    if (payment.epcPayload !== null) {
      const qrX = RIGHT - padding - QR_SIZE + 4;
      const qrY = top + padding - 4;
      drawEpcQrCode(this.doc, payment.epcPayload, qrX, qrY, QR_SIZE);
      const captionX = qrX + QR_SIZE / 2 - captionWidth / 2;
      this.paragraph(this.t('scanToPay'), captionX, qrY + QR_SIZE + 2, captionWidth, caption, 'center');
    }
    this.y = top + height + 14;
  }

  // --- footers -------------------------------------------------------------------------------------

  private drawFooters(): void {
    const { supplier } = this.model;
    const range = this.doc.bufferedPageRange();
    const style: TextStyle = { size: 7.5, color: MUTED };
    const identity = [supplier.name, ...this.registrationLines(supplier)].join('  ·  ');
    for (let i = 0; i < range.count; i += 1) {
      this.doc.switchToPage(range.start + i);
      this.rule(FOOTER_TOP);
      const page = this.t('pageOf', { page: i + 1, pages: range.count });
      const pageWidth = this.width(page, style);
      this.textLine(
        this.fitted(identity, style, CONTENT_WIDTH - pageWidth - 24),
        LEFT,
        FOOTER_TOP + 8,
        style,
      );
      this.textLine(page, LEFT, FOOTER_TOP + 8, style, CONTENT_WIDTH, 'right');
    }
  }
}

/** Midnight UTC of the issue date: the document's creation date, so the same model gives the same bytes. */
function creationDate(model: DocumentModel): Date {
  const date = new Date(`${model.issueDate}T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? new Date(0) : date;
}

/**
 * Renders an invoice or a credit note as an A4 PDF: logo and supplier, customer, dates, lines (with
 * page breaks that repeat the table header), VAT summary, totals, legal notes, notes, and on invoices the
 * payment instructions with an EPC QR code. Text is real text in embedded DejaVu Sans, so every European
 * letter prints and can be searched and copied. The output depends only on the model (the creation date
 * is the issue date), so rendering the same model twice gives the same bytes.
 *
 * @throws RangeError when the model's currency is not supported by the domain.
 */
export async function renderDocumentPdf(model: DocumentModel): Promise<Buffer> {
  const kind = documentMessage(model.language, model.kind === 'invoice' ? 'invoiceTitle' : 'creditNoteTitle');
  const title = `${kind} ${model.number}`;
  const doc = new PDFDocument({
    size: 'A4',
    margin: 0,
    bufferPages: true,
    lang: model.locale,
    displayTitle: true,
    info: {
      Title: `${title} – ${model.supplier.name}`,
      Author: model.supplier.name,
      Subject: title,
      Creator: 'Invoice Portal',
      Producer: 'Invoice Portal (pdfkit)',
      CreationDate: creationDate(model),
    },
  });
  const chunks: Buffer[] = [];
  const output = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  registerBodyFonts(doc);
  new DocumentLayout(doc, model).draw();
  doc.end();
  return output;
}
