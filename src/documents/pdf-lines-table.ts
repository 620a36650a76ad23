import type { DocumentLine } from './document-model.ts';
import {
  type Align,
  CONTENT_BOTTOM,
  CONTENT_WIDTH,
  LEFT,
  NEW_PAGE_TOP,
  type PdfCanvas,
  RIGHT,
  type TextStyle,
} from './pdf-canvas.ts';
import { FONT } from './pdf-fonts.ts';
import { MUTED } from './pdf-palette.ts';

/** The lines table (its header repeated on every page it runs over) and the VAT summary with the totals. */

const CELL_PADDING_X = 6;
const CELL_PADDING_Y = 5;
const TABLE_HEADER: TextStyle = { font: FONT.bold, size: 7.5, lineGap: 0.5 };
const TABLE_CELL: TextStyle = { size: 8.5, lineGap: 1.5 };
/** Numeric columns grow with their content up to this width; the description takes the rest. */
const NUMERIC_COLUMN_MAX_WIDTH = 112;
const MIN_DESCRIPTION_WIDTH = 200;

interface Column {
  header: string;
  width: number;
  align: Align;
  cell(line: DocumentLine): string;
}

function tableColumns(c: PdfCanvas): Column[] {
  const { format } = c;
  const withDiscount = c.model.lines.some((line) => line.discountBp > 0);
  const numeric: Omit<Column, 'width'>[] = [
    { header: c.t('quantity'), align: 'right', cell: (line) => format.quantity(line.quantity) },
    { header: c.t('unitPrice'), align: 'right', cell: (line) => format.money(line.unitPriceMinor) },
  ];
  if (withDiscount) {
    numeric.push({
      header: c.t('discount'),
      align: 'right',
      cell: (line) => (line.discountBp > 0 ? format.percent(line.discountBp) : ''),
    });
  }
  numeric.push(
    { header: c.t('vat'), align: 'right', cell: (line) => c.vatLabel(line) },
    { header: c.t('amountExclVat'), align: 'right', cell: (line) => format.money(line.netMinor) },
  );
  // Each numeric column is as wide as its longest value and its header, so amounts never wrap; when
  // that leaves the description too narrow, headers may wrap between words instead.
  const widths = (headerWidth: (header: string) => number) =>
    numeric.map((column) => {
      const values = c.model.lines.map((line) => c.width(column.cell(line), TABLE_CELL));
      const content = Math.max(headerWidth(column.header), 34, ...values) + 2 * CELL_PADDING_X + 4;
      return Math.min(NUMERIC_COLUMN_MAX_WIDTH, Math.ceil(content));
    });
  let numericWidths = widths((header) => c.width(header, TABLE_HEADER));
  if (CONTENT_WIDTH - numericWidths.reduce((sum, w) => sum + w, 0) < MIN_DESCRIPTION_WIDTH) {
    numericWidths = widths((header) => Math.max(...header.split(/\s+/).map((w) => c.width(w, TABLE_HEADER))));
  }
  const sized = numeric.map((column, i) => ({ ...column, width: numericWidths[i] ?? 0 }));
  const descriptionWidth = CONTENT_WIDTH - sized.reduce((sum, column) => sum + column.width, 0);
  return [
    {
      header: c.t('description'),
      width: descriptionWidth,
      align: 'left',
      cell: (line) => line.description,
    },
    ...sized,
  ];
}

export function drawLines(c: PdfCanvas): void {
  const columns = tableColumns(c);
  const [description, ...numeric] = columns;
  const descriptionWidth = (description?.width ?? CONTENT_WIDTH) - 2 * CELL_PADDING_X;
  const header: TextStyle = { ...TABLE_HEADER, color: c.colors.onPrimary };
  const cell = TABLE_CELL;
  const cellHeight = (column: Column, text: string) =>
    c.measure(text, column.width - 2 * CELL_PADDING_X, cell) + 2 * CELL_PADDING_Y;
  const headerHeight =
    Math.max(...columns.map((col) => c.measure(col.header, col.width - 2 * CELL_PADDING_X, header))) + 2 * 6;
  const continued: TextStyle = { size: 7.5, color: MUTED };
  const continuedHeight = c.lineHeight(continued) + 8;

  const drawHeader = () => {
    c.doc.save().rect(LEFT, c.y, CONTENT_WIDTH, headerHeight).fill(c.colors.primary).restore();
    let x = LEFT;
    for (const column of columns) {
      const width = column.width - 2 * CELL_PADDING_X;
      c.paragraph(column.header, x + CELL_PADDING_X, c.y + 6, width, header, column.align);
      x += column.width;
    }
    c.y += headerHeight;
  };
  const nextPage = () => {
    c.textLine(c.t('continuedOnNextPage'), LEFT, c.y + 7, continued, CONTENT_WIDTH, 'right');
    c.newPage();
    drawHeader();
  };
  /** One row: `text` in the description column, and the line's figures unless it continues a row. */
  const drawRow = (line: DocumentLine, text: string, withFigures: boolean) => {
    const figures = withFigures ? numeric : [];
    const height = Math.max(
      description ? cellHeight(description, text) : 0,
      ...figures.map((col) => cellHeight(col, col.cell(line))),
    );
    c.paragraph(text, LEFT + CELL_PADDING_X, c.y + CELL_PADDING_Y, descriptionWidth, cell);
    let x = LEFT + (description?.width ?? 0);
    for (const column of numeric) {
      const width = column.width - 2 * CELL_PADDING_X;
      if (withFigures) {
        c.paragraph(column.cell(line), x + CELL_PADDING_X, c.y + CELL_PADDING_Y, width, cell, column.align);
      }
      x += column.width;
    }
    c.y += height;
    c.rule(c.y);
  };

  const rowHeight = (line: DocumentLine) =>
    Math.max(...columns.map((col) => cellHeight(col, col.cell(line))));
  const pageRoom = CONTENT_BOTTOM - NEW_PAGE_TOP - headerHeight - continuedHeight;
  const first = c.model.lines[0];
  // The header never ends a page alone: it needs its first row, or a few lines of one that is split.
  const firstHeight = first ? rowHeight(first) : 0;
  c.keepTogether(headerHeight + (firstHeight > pageRoom ? 60 : firstHeight));
  drawHeader();
  c.model.lines.forEach((line, index) => {
    const height = rowHeight(line);
    const room = CONTENT_BOTTOM - c.y - (index === c.model.lines.length - 1 ? 0 : continuedHeight);
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
    c.splitOverPages(line.description, {
      width: descriptionWidth,
      style: cell,
      room: () => CONTENT_BOTTOM - c.y - continuedHeight - 2 * CELL_PADDING_Y,
      pageTop: NEW_PAGE_TOP + headerHeight,
      breakPage: nextPage,
      draw: (piece, first) => drawRow(line, piece, first),
    });
  });
  c.y += 18;
}

export function drawTotals(c: PdfCanvas): void {
  const { model, format } = c;
  const heading: TextStyle = { font: FONT.bold, size: 8.5, color: c.colors.primary };
  const columnHeader: TextStyle = { size: 7.5, color: MUTED };
  const cell: TextStyle = { size: 8.5 };
  const rowHeight = c.lineHeight(cell) + 6;
  const summaryHeight =
    c.lineHeight(heading) + 6 + c.lineHeight(columnHeader) + 5 + rowHeight * model.vatBreakdown.length;

  const label: TextStyle = { size: 9, color: MUTED };
  const amount: TextStyle = { size: 9 };
  const due: TextStyle = { font: FONT.bold, size: 10.5, color: c.colors.onPrimary };
  const totals: [string, number][] = [
    [c.t('totalExclVat'), model.netTotalMinor],
    [c.t('totalVat'), model.vatTotalMinor],
  ];
  const dueLabel = c.t(c.isInvoice ? 'totalToPay' : 'totalCredited');
  const totalsWidth = Math.min(
    CONTENT_WIDTH - 260,
    Math.max(
      215,
      ...totals.map(([text, value]) => c.width(text, label) + c.width(format.money(value), amount) + 44),
      c.width(dueLabel, due) + c.width(format.money(model.totalMinor), due) + 44,
    ),
  );
  const totalRow = 18;
  const dueHeight = 28;
  const totalsHeight = 2 * totalRow + 6 + dueHeight;
  c.keepTogether(Math.max(summaryHeight, totalsHeight));
  const top = c.y;

  // VAT summary, left.
  const summaryWidth = 250;
  const widths = [76, 87, 87];
  const xs = [LEFT, LEFT + (widths[0] ?? 0), LEFT + (widths[0] ?? 0) + (widths[1] ?? 0)];
  let y = top;
  c.textLine(c.t('vatSummary'), LEFT, y, heading);
  y += c.lineHeight(heading) + 6;
  const headers = [c.t('vatRate'), c.t('taxableAmount'), c.t('vatAmount')];
  headers.forEach((text, i) => {
    c.textLine(text, xs[i] ?? LEFT, y, columnHeader, widths[i] ?? 0, i === 0 ? 'left' : 'right');
  });
  y += c.lineHeight(columnHeader) + 3;
  c.rule(y, LEFT, LEFT + summaryWidth, c.colors.primary, 0.8);
  y += 2;
  for (const row of model.vatBreakdown) {
    const values = [c.vatLabel(row), format.money(row.taxableMinor), format.money(row.vatMinor)];
    values.forEach((text, i) => {
      c.textLine(text, xs[i] ?? LEFT, y + 3, cell, widths[i] ?? 0, i === 0 ? 'left' : 'right');
    });
    y += rowHeight;
    c.rule(y, LEFT, LEFT + summaryWidth);
  }

  // Totals, right.
  const x = RIGHT - totalsWidth;
  let ty = top;
  for (const [text, value] of totals) {
    c.textLine(text, x + 10, ty + 3, label);
    c.textLine(format.money(value), x, ty + 3, amount, totalsWidth - 10, 'right');
    ty += totalRow;
  }
  ty += 6;
  c.doc.save().roundedRect(x, ty, totalsWidth, dueHeight, 3).fill(c.colors.primary).restore();
  const dueY = ty + (dueHeight - c.lineHeight(due)) / 2 + 0.5;
  c.textLine(dueLabel, x + 10, dueY, due);
  c.textLine(format.money(model.totalMinor), x, dueY, due, totalsWidth - 10, 'right');
  ty += dueHeight;

  c.y = Math.max(y, ty) + 20;
}
