import { drawLogo } from './draw-logo.ts';
import { CONTENT_WIDTH, FOOTER_TOP, LEFT, type PdfCanvas, RIGHT, type TextStyle, TOP } from './pdf-canvas.ts';
import { FONT } from './pdf-fonts.ts';
import { MUTED } from './pdf-palette.ts';

/** The document's frame: the letterhead (logo and supplier), the title with its dates and the customer, the footers. */

const CUSTOMER_BLOCK_WIDTH = 235;

export function drawLetterhead(c: PdfCanvas): void {
  const { model } = c;
  const logoBox = { width: 190, height: 62 };
  const logo = model.logo ? drawLogo(c.doc, model.logo, LEFT, TOP, logoBox) : null;
  let leftBottom = TOP + (logo?.height ?? 0);
  if (logo === null) {
    const brandName: TextStyle = { font: FONT.bold, size: 17, color: c.colors.primary, lineGap: -1 };
    leftBottom = TOP + c.paragraph(model.supplier.name, LEFT, TOP, 250, brandName);
  }

  const blockWidth = 235;
  const x = RIGHT - blockWidth;
  let y = TOP;
  y += c.paragraph(model.supplier.name, x, y, blockWidth, { font: FONT.bold, size: 10 }, 'right') + 2;
  const details: TextStyle = { size: 8, color: MUTED, lineGap: 1.2 };
  const lines = [
    ...model.supplier.addressLines,
    ...c.registrationLines(model.supplier),
    [model.supplier.email, model.supplier.phone].filter(Boolean).join('  ·  '),
    model.supplier.website ?? '',
  ].filter((line) => line.trim() !== '');
  for (const line of lines) y += c.paragraph(line, x, y, blockWidth, details, 'right');
  c.y = Math.max(leftBottom, y) + 26;
}

export function drawTitleAndCustomer(c: PdfCanvas): void {
  const { model } = c;
  const top = c.y;
  const leftWidth = CONTENT_WIDTH - CUSTOMER_BLOCK_WIDTH - 24;

  // The title shrinks to stay on one line, down to a size that still reads as a title.
  const title: TextStyle = { font: FONT.bold, size: 20, color: c.colors.primary, lineGap: -2 };
  while (title.size > 15 && c.width(c.title(), title) > leftWidth) title.size -= 0.5;
  let y = top;
  y += c.paragraph(c.title(), LEFT, y, leftWidth, title);
  c.doc
    .save()
    .rect(LEFT, y + 5, 34, 2.5)
    .fill(c.colors.accent)
    .restore();
  y += 18;

  const facts: [string, string][] = [
    [c.t(c.isInvoice ? 'invoiceDate' : 'creditNoteDate'), c.format.date(model.issueDate)],
  ];
  if (model.dueDate) facts.push([c.t('dueDate'), c.format.date(model.dueDate)]);
  const label: TextStyle = { size: 8.5, color: MUTED };
  const value: TextStyle = { font: FONT.bold, size: 9 };
  const labelWidth = Math.max(...facts.map(([text]) => c.width(text, label))) + 14;
  for (const [text, fact] of facts) {
    c.textLine(text, LEFT, y + c.baselineShift(value, label), label);
    c.textLine(fact, LEFT + labelWidth, y, value);
    y += c.lineHeight(value) + 3;
  }

  if (model.creditedInvoice) {
    y += 6;
    const reference = c.t('creditNoteFor', {
      number: model.creditedInvoice.number,
      date: c.format.date(model.creditedInvoice.issueDate),
    });
    y += c.paragraph(reference, LEFT, y, leftWidth, { size: 9, lineGap: 1 }) + 2;
  }
  if (model.reason) {
    y += c.paragraph(`${c.t('reason')}: ${model.reason}`, LEFT, y, leftWidth, {
      size: 9,
      lineGap: 1,
    });
  }

  c.y = Math.max(y, drawCustomer(c, top)) + 24;
}

/** The customer block, right column, in the window of a right-window envelope. Returns its bottom. */
function drawCustomer(c: PdfCanvas, top: number): number {
  const { customer } = c.model;
  const width = CUSTOMER_BLOCK_WIDTH;
  const x = RIGHT - width;
  const padding = 12;
  const inner = width - 2 * padding;
  const heading: TextStyle = { font: FONT.bold, size: 7, color: MUTED };
  const name: TextStyle = { font: FONT.bold, size: 10.5, lineGap: 0 };
  const address: TextStyle = { size: 9, lineGap: 1.5 };
  const registration: TextStyle = { size: 8, color: MUTED, lineGap: 1.2 };
  const addressText = customer.addressLines.join('\n');
  const registrationText = c.registrationLines(customer).join('\n');

  const height =
    padding * 2 +
    c.lineHeight(heading) +
    4 +
    c.measure(customer.name, inner, name) +
    (addressText ? 2 + c.measure(addressText, inner, address) : 0) +
    (registrationText ? 5 + c.measure(registrationText, inner, registration) : 0);
  c.doc.save().roundedRect(x, top, width, height, 4).fill(c.colors.tint).restore();

  let y = top + padding;
  c.textLine(c.t('customer').toLocaleUpperCase(c.model.language), x + padding, y, heading);
  y += c.lineHeight(heading) + 4;
  y += c.paragraph(customer.name, x + padding, y, inner, name);
  if (addressText) y += 2 + c.paragraph(addressText, x + padding, y + 2, inner, address);
  if (registrationText) y += 5 + c.paragraph(registrationText, x + padding, y + 5, inner, registration);
  return top + height;
}

export function drawFooters(c: PdfCanvas): void {
  const { supplier } = c.model;
  const range = c.doc.bufferedPageRange();
  const style: TextStyle = { size: 7.5, color: MUTED };
  const identity = [supplier.name, ...c.registrationLines(supplier)].join('  ·  ');
  for (let i = 0; i < range.count; i += 1) {
    c.doc.switchToPage(range.start + i);
    c.rule(FOOTER_TOP);
    const page = c.t('pageOf', { page: i + 1, pages: range.count });
    const pageWidth = c.width(page, style);
    c.textLine(c.fitted(identity, style, CONTENT_WIDTH - pageWidth - 24), LEFT, FOOTER_TOP + 8, style);
    c.textLine(page, LEFT, FOOTER_TOP + 8, style, CONTENT_WIDTH, 'right');
  }
}
