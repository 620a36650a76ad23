import PDFDocument from 'pdfkit';
import { documentMessage } from '../i18n/document-messages.ts';
import type { DocumentModel } from './document-model.ts';
import { PdfCanvas } from './pdf-canvas.ts';
import { registerBodyFonts } from './pdf-fonts.ts';
import { drawFooters, drawLetterhead, drawTitleAndCustomer } from './pdf-letterhead.ts';
import { drawLines, drawTotals } from './pdf-lines-table.ts';
import { drawLegalNotes, drawNotes } from './pdf-notes.ts';
import { drawPayment } from './pdf-payment-slip.ts';

/** The document, section by section, top to bottom; footers last, once the page count is known. */
function drawDocument(c: PdfCanvas): void {
  c.decoratePage();
  drawLetterhead(c);
  drawTitleAndCustomer(c);
  drawLines(c);
  drawTotals(c);
  drawLegalNotes(c);
  drawNotes(c);
  drawPayment(c);
  drawFooters(c);
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
  drawDocument(new PdfCanvas(doc, model));
  doc.end();
  return output;
}
