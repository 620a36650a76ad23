import { type DocumentDeps, rerenderDocument, uploadDocument } from '../../app/documents/document-store.ts';
import { creditNoteDownload, invoiceDownload } from '../../app/documents/invoice-download.ts';
import { fail, notFound } from '../../core/result.ts';
import { findCreditNote } from '../../db/repositories/credit-note.repository.ts';
import type { DocumentOwnerType } from '../../db/repositories/document.repository.ts';
import type { DocumentRow } from '../../db/schema.ts';
import { type ApiDeps, type RouteContext, route } from './route-kit.ts';
import { IdParams } from './schemas.ts';

function documentJson(d: DocumentRow) {
  return {
    id: d.id,
    ownerType: d.owner_type,
    ownerId: d.owner_id,
    source: d.source,
    contentType: d.content_type,
    bytes: d.byte_size,
    sha256: d.sha256,
    rendererVersion: d.renderer_version,
    createdAt: d.created_at.toISOString(),
  };
}

const documentDeps = (deps: ApiDeps): DocumentDeps => ({
  db: deps.db,
  renderer: deps.renderer,
  log: deps.log,
});

/** Upload and re-render work the same for invoices and credit notes. */
function uploadHandler(ownerType: DocumentOwnerType, id: (params: Record<string, string>) => string) {
  return async ({
    deps,
    organization,
    params,
    file,
    actor,
    now,
  }: RouteContext<Record<string, string>, unknown, unknown>) => {
    if (!file) return fail('INVALID_PDF', 'body');
    const result = await uploadDocument(documentDeps(deps), {
      organizationId: organization.id,
      ownerType,
      ownerId: id(params),
      content: file,
      actor,
      now,
    });
    return result.ok ? { body: documentJson(result.value) } : result;
  };
}

function rerenderHandler(ownerType: DocumentOwnerType, id: (params: Record<string, string>) => string) {
  return async ({
    deps,
    organization,
    params,
    actor,
    now,
  }: RouteContext<Record<string, string>, unknown, unknown>) => {
    const result = await rerenderDocument(documentDeps(deps), {
      organizationId: organization.id,
      ownerType,
      ownerId: id(params),
      actor,
      now,
    });
    return result.ok ? { body: documentJson(result.value) } : result;
  };
}

const InvoiceParams = IdParams('invoiceId');
const CreditNoteParams = IdParams('creditNoteId');

export const documentRoutes = [
  route({
    method: 'GET',
    path: '/invoices/:invoiceId/download',
    operationId: 'downloadInvoice',
    summary:
      'Download an issued invoice: its PDF, or a zip with the invoice and every linked credit note (R11).',
    tag: 'Documents',
    params: InvoiceParams,
    produces: 'application/pdf or application/zip',
    handler: async ({ deps, organization, params }) => {
      const file = await invoiceDownload(documentDeps(deps), organization.id, params.invoiceId);
      return file.ok ? { file: file.value } : file;
    },
  }),
  route({
    method: 'GET',
    path: '/invoices/:invoiceId/pdf',
    operationId: 'getInvoicePdf',
    summary: 'The PDF of an issued invoice alone: the stored one (uploaded, or rendered once on first use).',
    tag: 'Documents',
    params: InvoiceParams,
    produces: 'application/pdf',
    handler: async ({ deps, organization, params }) => {
      const file = await invoiceDownload(documentDeps(deps), organization.id, params.invoiceId, {
        pdfOnly: true,
      });
      return file.ok ? { file: file.value } : file;
    },
  }),
  route({
    method: 'PUT',
    path: '/invoices/:invoiceId/pdf',
    operationId: 'uploadInvoicePdf',
    summary:
      'Upload the legal PDF your own invoicing tool made (application/pdf, ≤ 10 MB); it is the one served.',
    tag: 'Documents',
    params: InvoiceParams,
    accepts: 'application/pdf',
    successStatus: 200,
    handler: uploadHandler('invoice', (p) => p.invoiceId ?? ''),
  }),
  route({
    method: 'POST',
    path: '/invoices/:invoiceId/pdf/render',
    operationId: 'rerenderInvoicePdf',
    summary:
      'Render the invoice PDF again (replacing the stored or uploaded one); recorded in the audit trail.',
    tag: 'Documents',
    params: InvoiceParams,
    successStatus: 200,
    handler: rerenderHandler('invoice', (p) => p.invoiceId ?? ''),
  }),
  route({
    method: 'GET',
    path: '/credit-notes/:creditNoteId/pdf',
    operationId: 'getCreditNotePdf',
    summary: 'The PDF of a credit note.',
    tag: 'Documents',
    params: CreditNoteParams,
    produces: 'application/pdf',
    handler: async ({ deps, organization, params }) => {
      const found = await findCreditNote(deps.db, organization.id, params.creditNoteId);
      if (!found) return notFound('credit_note');
      const file = await creditNoteDownload(
        documentDeps(deps),
        organization.id,
        found.creditNote.id,
        found.creditNote.number,
      );
      return file.ok ? { file: file.value } : file;
    },
  }),
  route({
    method: 'PUT',
    path: '/credit-notes/:creditNoteId/pdf',
    operationId: 'uploadCreditNotePdf',
    summary: 'Upload the legal PDF of a credit note (application/pdf, ≤ 10 MB).',
    tag: 'Documents',
    params: CreditNoteParams,
    accepts: 'application/pdf',
    successStatus: 200,
    handler: uploadHandler('credit_note', (p) => p.creditNoteId ?? ''),
  }),
  route({
    method: 'POST',
    path: '/credit-notes/:creditNoteId/pdf/render',
    operationId: 'rerenderCreditNotePdf',
    summary: 'Render the credit-note PDF again; recorded in the audit trail.',
    tag: 'Documents',
    params: CreditNoteParams,
    successStatus: 200,
    handler: rerenderHandler('credit_note', (p) => p.creditNoteId ?? ''),
  }),
];
