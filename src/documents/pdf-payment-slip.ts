import { describePaymentReference, formatIban } from '../domain/index.ts';
import { paymentReferenceLabel } from '../i18n/shared-labels.ts';
import { drawEpcQrCode } from './draw-epc-qr-code.ts';
import { CONTENT_BOTTOM, CONTENT_WIDTH, LEFT, type PdfCanvas, RIGHT, type TextStyle } from './pdf-canvas.ts';
import { FONT } from './pdf-fonts.ts';
import { MUTED } from './pdf-palette.ts';

/** The payment slip of an invoice: beneficiary, IBAN, amount, reference, and the EPC QR code. */

/** About 30 mm, quiet zone included: comfortably scanned from a printed page. */
const QR_SIZE = 85;

export function drawPayment(c: PdfCanvas): void {
  const { model, format } = c;
  const payment = c.isInvoice ? model.payment : null;
  if (payment === null) return;

  const rows: { label: string; value: string; strong?: boolean }[] = [
    { label: c.t('beneficiary'), value: payment.beneficiaryName },
    { label: c.t('iban'), value: formatIban(payment.iban) },
  ];
  if (payment.bic) rows.push({ label: c.t('bic'), value: payment.bic });
  rows.push({ label: c.t('amount'), value: format.money(model.totalMinor) });
  if (payment.reference) {
    const reference = describePaymentReference(payment.reference);
    rows.push({ label: c.t(paymentReferenceLabel(reference.kind)), value: reference.display, strong: true });
  }

  const padding = 14;
  const qr = payment.epcPayload !== null;
  const qrColumn = qr ? QR_SIZE + 30 : 0;
  const heading: TextStyle = { font: FONT.bold, size: 10, color: c.colors.primary };
  const label: TextStyle = { size: 8.5, color: MUTED };
  const value: TextStyle = { size: 9, lineGap: 1 };
  const strong: TextStyle = { font: FONT.bold, size: 10.5, lineGap: 1 };
  const labelWidth = Math.max(...rows.map((row) => c.width(row.label, label))) + 16;
  const valueWidth = CONTENT_WIDTH - 2 * padding - qrColumn - labelWidth;
  const rowHeights = rows.map((row) => c.measure(row.value, valueWidth, row.strong ? strong : value) + 4);
  const textHeight = c.lineHeight(heading) + 8 + rowHeights.reduce((sum, h) => sum + h, 0);
  const caption: TextStyle = { size: 7, color: MUTED, lineGap: 0.5 };
  const captionWidth = QR_SIZE + 16;
  const qrHeight = qr ? QR_SIZE + 2 + c.measure(c.t('scanToPay'), captionWidth, caption) : 0;
  const height = Math.max(textHeight, qrHeight) + 2 * padding - (qr ? 4 : 0);

  // A payment slip sits at the foot of the last page when there is room, as on a paper invoice;
  // alone on a new page it comes first.
  const onNewPage = !c.fits(height);
  if (onNewPage) c.newPage();
  const top = onNewPage ? c.y : Math.max(c.y, CONTENT_BOTTOM - height);
  c.doc.save().roundedRect(LEFT, top, CONTENT_WIDTH, height, 5).fill(c.colors.tint).restore();
  c.doc.save().roundedRect(LEFT, top, 4, height, 2).fill(c.colors.primary).restore();

  let y = top + padding;
  c.textLine(c.t('paymentInstructions'), LEFT + padding, y, heading);
  y += c.lineHeight(heading) + 8;
  rows.forEach((row, i) => {
    const style = row.strong ? strong : value;
    const labelY = y + c.baselineShift(style, label);
    c.textLine(row.label, LEFT + padding, labelY, label);
    c.paragraph(row.value, LEFT + padding + labelWidth, y, valueWidth, style);
    y += rowHeights[i] ?? 0;
  });

  if (payment.epcPayload !== null) {
    const qrX = RIGHT - padding - QR_SIZE + 4;
    const qrY = top + padding - 4;
    drawEpcQrCode(c.doc, payment.epcPayload, qrX, qrY, QR_SIZE);
    const captionX = qrX + QR_SIZE / 2 - captionWidth / 2;
    c.paragraph(c.t('scanToPay'), captionX, qrY + QR_SIZE + 2, captionWidth, caption, 'center');
  }
  c.y = top + height + 14;
}
