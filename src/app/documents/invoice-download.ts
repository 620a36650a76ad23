import { zipSync } from 'fflate';
import { fail, notFound, ok, type Result } from '../../core/result.ts';
import { listInvoiceCreditNotes } from '../../db/repositories/credit-note.repository.ts';
import { findInvoice } from '../../db/repositories/invoice.repository.ts';
import { type DocumentDeps, ensureDocument } from './document-store.ts';

export interface DownloadFile {
  fileName: string;
  contentType: string;
  bytes: Buffer;
}

/** A document number as a file name: path separators and control characters become '-'. */
export function fileNameFor(number: string, extension: 'pdf' | 'zip'): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is removed.
  const safe = number.replace(/[/\\\u0000-\u001f\u007f:*?"<>|]+/g, '-').trim() || 'document';
  return `${safe}.${extension}`;
}

/**
 * `Content-Disposition` for a download: an ASCII fallback name and the exact UTF-8 name (RFC 6266/5987).
 */
export function contentDisposition(fileName: string): string {
  const ascii = fileName
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[^\x20-\x7e]/g, '_')
    .replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** The PDF of one credit note. */
export async function creditNoteDownload(
  deps: DocumentDeps,
  organizationId: string,
  creditNoteId: string,
  number: string,
): Promise<Result<DownloadFile>> {
  const document = await ensureDocument(deps, organizationId, 'credit_note', creditNoteId);
  if (!document.ok) return document;
  return ok({
    fileName: fileNameFor(number, 'pdf'),
    contentType: document.value.content_type,
    bytes: Buffer.from(document.value.content),
  });
}

/**
 * What "Download" gives for an invoice (R11): its PDF, or, when credit notes are linked, a zip holding the
 * invoice PDF and every credit-note PDF. The API and the portal both serve this, each under its own
 * access rules; this module checks only that the invoice belongs to the organization and is issued.
 */
export async function invoiceDownload(
  deps: DocumentDeps,
  organizationId: string,
  invoiceId: string,
  options: { pdfOnly?: boolean } = {},
): Promise<Result<DownloadFile>> {
  const invoice = await findInvoice(deps.db, organizationId, invoiceId);
  if (!invoice) return notFound('invoice');
  if (invoice.state !== 'issued') return fail('INVOICE_NOT_ISSUED', 'invoiceId');
  const invoicePdf = await ensureDocument(deps, organizationId, 'invoice', invoice.id);
  if (!invoicePdf.ok) return invoicePdf;
  const creditNotes = options.pdfOnly
    ? []
    : await listInvoiceCreditNotes(deps.db, organizationId, invoice.id);
  if (creditNotes.length === 0) {
    return ok({
      fileName: fileNameFor(invoice.number, 'pdf'),
      contentType: invoicePdf.value.content_type,
      bytes: Buffer.from(invoicePdf.value.content),
    });
  }
  const entries: Record<string, Uint8Array> = {
    [fileNameFor(invoice.number, 'pdf')]: invoicePdf.value.content,
  };
  for (const creditNote of creditNotes) {
    const pdf = await ensureDocument(deps, organizationId, 'credit_note', creditNote.id);
    if (!pdf.ok) return pdf;
    entries[fileNameFor(creditNote.number, 'pdf')] = pdf.value.content;
  }
  // NOTE: PDFs are already compressed; storing them (level 0) keeps the zip as small and much faster.
  const bytes = Buffer.from(
    zipSync(entries, { level: 0, mtime: new Date(`${invoice.issue_date}T12:00:00Z`) }),
  );
  return ok({ fileName: fileNameFor(invoice.number, 'zip'), contentType: 'application/zip', bytes });
}
