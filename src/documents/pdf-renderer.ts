import type { DocumentRenderer } from './document-renderer.ts';
import { renderDocumentPdf } from './render-document-pdf.ts';

/** The pdfkit renderer. Bump the version when the layout changes, so stored documents can be traced. */
export const pdfRenderer: DocumentRenderer = {
  version: 'pdfkit-1',
  render: renderDocumentPdf,
};
