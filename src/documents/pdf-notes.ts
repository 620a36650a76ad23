import { LEGAL_NOTE_TEXT } from '../domain/index.ts';
import {
  CONTENT_BOTTOM,
  CONTENT_WIDTH,
  LEFT,
  NEW_PAGE_TOP,
  type PdfCanvas,
  type TextStyle,
} from './pdf-canvas.ts';
import { FONT } from './pdf-fonts.ts';

/** The legal notes (VAT exemptions, reverse charge) and the business's own notes. */

export function drawLegalNotes(c: PdfCanvas): void {
  const { model } = c;
  const texts = model.legalNotes.map((code) => LEGAL_NOTE_TEXT[code][model.language]);
  if (model.vatExemptionReason) texts.push(`${c.t('vatExemptionReason')}: ${model.vatExemptionReason}`);
  if (texts.length === 0) return;
  const style: TextStyle = { size: 8.5, lineGap: 1.5 };
  const width = CONTENT_WIDTH - 12;
  const height = texts.reduce((sum, text) => sum + c.measure(text, width, style) + 3, 0) - 3;
  c.keepTogether(Math.min(height, CONTENT_BOTTOM - NEW_PAGE_TOP));
  for (const text of texts) {
    c.flow(text, LEFT + 12, width, style, (top, chunkHeight) => {
      c.doc
        .save()
        .rect(LEFT, top, 2.5, chunkHeight + 3)
        .fill(c.colors.accent)
        .restore();
    });
    c.y += 3;
  }
  c.y += 11;
}

export function drawNotes(c: PdfCanvas): void {
  const notes = c.model.notes?.trim();
  if (!notes) return;
  const heading: TextStyle = { font: FONT.bold, size: 8.5, color: c.colors.primary };
  const style: TextStyle = { size: 8.5, lineGap: 1.5 };
  const headingHeight = c.lineHeight(heading) + 3;
  c.keepTogether(headingHeight + Math.min(c.measure(notes, CONTENT_WIDTH, style), 120));
  c.textLine(c.t('notes'), LEFT, c.y, heading);
  c.y += headingHeight;
  c.flow(notes, LEFT, CONTENT_WIDTH, style);
  c.y += 14;
}
