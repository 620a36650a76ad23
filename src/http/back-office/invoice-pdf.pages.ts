import {
  type DocumentDeps,
  MAX_UPLOAD_BYTES,
  rerenderDocument,
  uploadDocument,
} from '../../app/documents/document-store.ts';
import { invoiceDownload } from '../../app/documents/invoice-download.ts';
import { isNotFound } from '../../core/result.ts';
import { findInvoice } from '../../db/repositories/invoice.repository.ts';
import { backOfficeMessage } from '../../i18n/back-office-messages.ts';
import { displayFormat } from '../../web/display-format.ts';
import { describeFormFailure, statusOf } from '../api/error-table.ts';
import { backOfficeRoute } from './back-office-kit.ts';
import { done, type InvoiceContext, InvoiceParams, invoicePage } from './invoice.pages.ts';

/**
 * The invoice's PDF from the back office (issue 11): download it alone, upload the business's own, or
 * go back to the one we make. The rules (what a PDF is, its size, issued invoices only, the audit trail)
 * are the document store's, the same the API's `PUT /invoices/{id}/pdf` and `…/pdf/render` call.
 */

const documentDeps = (ctx: InvoiceContext): DocumentDeps => ({
  db: ctx.deps.db,
  renderer: ctx.deps.renderer,
  log: ctx.deps.log,
});

/** A file name as an error message quotes it: long ones shortened. */
const shown = (name: string) => (name.length > 80 ? `${name.slice(0, 79)}…` : name);

/** The invoice page with an error in its PDF card, next to the file input or the re-render button. */
const refusedOnCard = (ctx: InvoiceContext, field: 'file' | 'rerender', message: string, status: number) =>
  invoicePage(ctx, { pdfErrors: [{ field, message }] }, status);

export const invoicePdfPages = [
  backOfficeRoute({
    method: 'GET',
    path: '/invoices/:invoiceId/pdf',
    name: 'invoicePdf',
    params: InvoiceParams,
    handler: async (ctx) => {
      const file = await invoiceDownload(documentDeps(ctx), ctx.organization.id, ctx.params.invoiceId, {
        pdfOnly: true,
      });
      if (file.ok) return { file: file.value };
      if (isNotFound(file.code) || file.code === 'INVOICE_NOT_ISSUED') return { notFound: true };
      const { message } = describeFormFailure(file, ctx.lang, () => '', 'rerender');
      return refusedOnCard(ctx, 'rerender', message, statusOf(file.code));
    },
  }),
  backOfficeRoute({
    method: 'POST',
    path: '/invoices/:invoiceId/pdf',
    name: 'uploadInvoicePdf',
    params: InvoiceParams,
    upload: { field: 'pdf', maxBytes: MAX_UPLOAD_BYTES },
    handler: async (ctx) => {
      // Another organization's invoice, or a draft, is not found whatever the body brought.
      const invoice = await findInvoice(ctx.deps.db, ctx.organization.id, ctx.params.invoiceId);
      if (invoice?.state !== 'issued') return { notFound: true };
      const { upload, lang } = ctx;
      const max = displayFormat(ctx.chrome('invoices').locale).fileSize(MAX_UPLOAD_BYTES);
      const refused = (message: string, status = 422) => refusedOnCard(ctx, 'file', message, status);
      if (upload.kind === 'none') return refused(backOfficeMessage(lang, 'pdfFileMissing'));
      const file = shown(upload.fileName || backOfficeMessage(lang, 'pdfFileLabel'));
      const tooLarge = () => refused(backOfficeMessage(lang, 'pdfFileTooLarge', { file, max }), 413);
      if (upload.kind === 'too-large') return tooLarge();
      const result = await uploadDocument(documentDeps(ctx), {
        organizationId: ctx.organization.id,
        ownerType: 'invoice',
        ownerId: invoice.id,
        content: upload.bytes,
        actor: ctx.actor,
        now: ctx.now,
      });
      if (result.ok) return done(invoice.id, 'pdfUploaded');
      if (isNotFound(result.code) || result.code === 'INVOICE_NOT_ISSUED') return { notFound: true };
      if (result.code === 'INVALID_PDF') {
        // The document store decided; the message says which of its rules the file broke.
        if (result.params?.maxBytes !== undefined) return tooLarge();
        return refused(
          backOfficeMessage(lang, upload.bytes.length === 0 ? 'pdfFileEmpty' : 'pdfFileNotPdf', { file }),
        );
      }
      const label = () => backOfficeMessage(lang, 'pdfFileLabel');
      return refused(describeFormFailure(result, lang, label, 'file').message, statusOf(result.code));
    },
  }),
  backOfficeRoute({
    method: 'POST',
    path: '/invoices/:invoiceId/pdf/render',
    name: 'rerenderInvoicePdf',
    params: InvoiceParams,
    handler: async (ctx) => {
      const result = await rerenderDocument(documentDeps(ctx), {
        organizationId: ctx.organization.id,
        ownerType: 'invoice',
        ownerId: ctx.params.invoiceId,
        actor: ctx.actor,
        now: ctx.now,
      });
      if (result.ok) return done(ctx.params.invoiceId, 'pdfRerendered');
      if (isNotFound(result.code) || result.code === 'INVOICE_NOT_ISSUED') return { notFound: true };
      const { message } = describeFormFailure(result, ctx.lang, () => '', 'rerender');
      return refusedOnCard(ctx, 'rerender', message, statusOf(result.code));
    },
  }),
];
