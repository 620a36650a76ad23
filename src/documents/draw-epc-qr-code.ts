import type PDFDocument from 'pdfkit';
import QRCode from 'qrcode';

/** The light margin scanners need around a QR code, in modules (ISO/IEC 18004). */
const QUIET_ZONE_MODULES = 4;

/**
 * Draws the QR code of an EPC payload as vector squares, `size` points wide including its quiet zone,
 * with its top-left corner at (`x`, `y`). Error correction level M, as EPC069-12 requires. Each run of
 * dark modules in a row is one rectangle, and all of them are filled as one path.
 */
export function drawEpcQrCode(
  doc: typeof PDFDocument,
  payload: string,
  x: number,
  y: number,
  size: number,
): void {
  const { modules } = QRCode.create(payload, { errorCorrectionLevel: 'M' });
  const count = modules.size;
  const module = size / (count + 2 * QUIET_ZONE_MODULES);
  const origin = QUIET_ZONE_MODULES * module;
  doc.save();
  doc.rect(x, y, size, size).fill('#ffffff');
  for (let row = 0; row < count; row += 1) {
    let column = 0;
    while (column < count) {
      if (modules.get(row, column)) {
        const start = column;
        while (column < count && modules.get(row, column)) column += 1;
        doc.rect(x + origin + start * module, y + origin + row * module, (column - start) * module, module);
      } else {
        column += 1;
      }
    }
  }
  doc.fill('#000000');
  doc.restore();
}
