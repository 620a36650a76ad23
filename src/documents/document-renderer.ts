import type { DocumentModel } from './document-model.ts';

/** The PDF renderer port; the composition root passes the pdfkit one. */
export interface DocumentRenderer {
  /** Recorded with each stored render, so a document can be traced to the code that drew it. */
  readonly version: string;
  render(model: DocumentModel): Promise<Buffer>;
}

/** Where use cases report what they decided but did not fail on (e.g. why an invoice has no QR code). */
export interface EventLog {
  info(data: Record<string, unknown>, message: string): void;
  warn(data: Record<string, unknown>, message: string): void;
}
