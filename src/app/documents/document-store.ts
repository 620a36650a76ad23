import { createHash } from 'node:crypto';
import type { EventLog } from '../../core/event-log.ts';
import { fail, notFound, ok, type Result } from '../../core/result.ts';
import { recordAudit, secondsSinceRecentAudit } from '../../db/repositories/audit.repository.ts';
import { findCreditNote } from '../../db/repositories/credit-note.repository.ts';
import { findCustomer } from '../../db/repositories/customer.repository.ts';
import {
  type DocumentOwnerType,
  findCurrentDocument,
  insertFirstDocument,
  type NewDocument,
  replaceDocument,
} from '../../db/repositories/document.repository.ts';
import { findInvoice, loadInvoiceAggregate } from '../../db/repositories/invoice.repository.ts';
import { findOrganization } from '../../db/repositories/organization.repository.ts';
import type { DocumentRow } from '../../db/schema.ts';
import { type Db, runInTransaction } from '../../db/transaction.ts';
import { DocumentRenderError, type DocumentRenderer } from '../../documents/document-renderer.ts';
import { loadUsableLogo } from '../organizations/usable-logo.ts';
import {
  type BuiltDocumentModel,
  creditNoteDocumentModel,
  invoiceDocumentModel,
} from './document-model-from-rows.ts';

export interface DocumentDeps {
  db: Db;
  renderer: DocumentRenderer;
  log: EventLog;
}

export const PDF_CONTENT_TYPE = 'application/pdf';
/** Uploaded PDFs larger than this are refused. */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

/**
 * After a render fails, documents drawn on use (downloads, e-mails) are not tried again for this long: a
 * document that exceeds its bounds would otherwise take a worker for the whole timeout on every click.
 * An explicit re-render (the business fixed its logo or address) is always tried.
 */
export const RENDER_FAILURE_COOL_OFF_SECONDS = 5 * 60;

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** Resolves the rows of an issued invoice or credit note into its PDF model. */
async function buildModel(
  db: Db,
  log: EventLog,
  organizationId: string,
  ownerType: DocumentOwnerType,
  ownerId: string,
): Promise<Result<BuiltDocumentModel>> {
  const [organization, logo] = await Promise.all([
    findOrganization(db, organizationId),
    loadUsableLogo(db, log, organizationId),
  ]);
  if (!organization) throw new Error(`Organization ${organizationId} vanished`);
  if (ownerType === 'invoice') {
    const aggregate = await loadInvoiceAggregate(db, organizationId, ownerId);
    if (!aggregate) return notFound('invoice');
    if (aggregate.invoice.state !== 'issued') return fail('INVOICE_NOT_ISSUED', 'invoiceId');
    const customer = await findCustomer(db, organizationId, aggregate.invoice.customer_id);
    if (!customer) throw new Error(`Customer of invoice ${ownerId} vanished`);
    return ok(invoiceDocumentModel(organization, logo, customer, aggregate));
  }
  const found = await findCreditNote(db, organizationId, ownerId);
  if (!found) return notFound('credit_note');
  const [customer, invoice] = await Promise.all([
    findCustomer(db, organizationId, found.creditNote.customer_id),
    findInvoice(db, organizationId, found.creditNote.invoice_id),
  ]);
  if (!customer || !invoice) throw new Error(`Rows of credit note ${ownerId} vanished`);
  return ok(creditNoteDocumentModel(organization, logo, customer, found.creditNote, found.lines, invoice));
}

async function render(
  deps: DocumentDeps,
  organizationId: string,
  ownerType: DocumentOwnerType,
  ownerId: string,
): Promise<Result<NewDocument>> {
  const built = await buildModel(deps.db, deps.log, organizationId, ownerType, ownerId);
  if (!built.ok) return built;
  if (built.value.qrSkippedReason) {
    deps.log.info(
      { organizationId, ownerType, ownerId, reason: built.value.qrSkippedReason },
      'invoice PDF rendered without an EPC QR code',
    );
  }
  let content: Buffer;
  try {
    content = await deps.renderer.render(built.value.model);
  } catch (error) {
    if (!(error instanceof DocumentRenderError)) throw error;
    // Recorded on the document's history, so the business sees why its PDF is missing.
    deps.log.warn(
      { organizationId, ownerType, ownerId, reason: error.reason, detail: error.message },
      'document render failed',
    );
    await recordAudit(deps.db, {
      organizationId,
      subjectType: ownerType,
      subjectId: ownerId,
      action: 'document.render_failed',
      actor: 'system',
      data: { reason: error.reason, detail: error.message },
    });
    return fail('DOCUMENT_RENDER_FAILED', undefined, { reason: error.reason });
  }
  return ok({
    organizationId,
    ownerType,
    ownerId,
    source: 'rendered',
    content,
    contentType: PDF_CONTENT_TYPE,
    sha256: sha256(content),
    rendererVersion: deps.renderer.version,
  });
}

/**
 * The PDF of an issued invoice or credit note: the stored one, or rendered once and stored. Concurrent
 * first requests may both render, but only one document is kept and both get it.
 */
export async function ensureDocument(
  deps: DocumentDeps,
  organizationId: string,
  ownerType: DocumentOwnerType,
  ownerId: string,
): Promise<Result<DocumentRow>> {
  const current = await findCurrentDocument(deps.db, organizationId, ownerType, ownerId);
  if (current) return ok(current);
  const failedAgo = await secondsSinceRecentAudit(
    deps.db,
    { organizationId, subjectType: ownerType, subjectId: ownerId, action: 'document.render_failed' },
    RENDER_FAILURE_COOL_OFF_SECONDS,
  );
  if (failedAgo !== null) {
    return fail('DOCUMENT_RENDER_FAILED', undefined, {
      reason: 'recent_failure',
      retryAfterSeconds: RENDER_FAILURE_COOL_OFF_SECONDS - failedAgo,
    });
  }
  const rendered = await render(deps, organizationId, ownerType, ownerId);
  if (!rendered.ok) return rendered;
  return ok(await insertFirstDocument(deps.db, rendered.value));
}

/** Renders again on explicit request (e.g. after fixing the organization's address); recorded. */
export async function rerenderDocument(
  deps: DocumentDeps,
  input: { organizationId: string; ownerType: DocumentOwnerType; ownerId: string; actor: string; now: Date },
): Promise<Result<DocumentRow>> {
  const rendered = await render(deps, input.organizationId, input.ownerType, input.ownerId);
  if (!rendered.ok) return rendered;
  return runInTransaction(deps.db, async (trx) => {
    const previous = await findCurrentDocument(trx, input.organizationId, input.ownerType, input.ownerId);
    const document = await replaceDocument(trx, rendered.value, input.now);
    await recordAudit(trx, {
      organizationId: input.organizationId,
      subjectType: input.ownerType,
      subjectId: input.ownerId,
      action: 'document.rerendered',
      actor: input.actor,
      data: {
        documentId: document.id,
        previousDocumentId: previous?.id ?? null,
        previousSource: previous?.source ?? null,
      },
    });
    return ok(document);
  });
}

/** Stores the business's own legal PDF for an issued invoice or credit note; it is the one served. */
export async function uploadDocument(
  deps: DocumentDeps,
  input: {
    organizationId: string;
    ownerType: DocumentOwnerType;
    ownerId: string;
    content: Buffer;
    actor: string;
    now: Date;
  },
): Promise<Result<DocumentRow>> {
  if (input.content.length === 0 || input.content.subarray(0, 5).toString('latin1') !== '%PDF-') {
    return fail('INVALID_PDF', 'body');
  }
  if (input.content.length > MAX_UPLOAD_BYTES)
    return fail('INVALID_PDF', 'body', { maxBytes: MAX_UPLOAD_BYTES });
  return runInTransaction(deps.db, async (trx) => {
    if (input.ownerType === 'invoice') {
      const invoice = await findInvoice(trx, input.organizationId, input.ownerId, { forUpdate: true });
      if (!invoice) return notFound('invoice');
      if (invoice.state !== 'issued') return fail('INVOICE_NOT_ISSUED', 'invoiceId');
    } else if (!(await findCreditNote(trx, input.organizationId, input.ownerId))) {
      return notFound('credit_note');
    }
    const previous = await findCurrentDocument(trx, input.organizationId, input.ownerType, input.ownerId);
    const document = await replaceDocument(
      trx,
      {
        organizationId: input.organizationId,
        ownerType: input.ownerType,
        ownerId: input.ownerId,
        source: 'uploaded',
        content: input.content,
        contentType: PDF_CONTENT_TYPE,
        sha256: sha256(input.content),
        rendererVersion: null,
      },
      input.now,
    );
    await recordAudit(trx, {
      organizationId: input.organizationId,
      subjectType: input.ownerType,
      subjectId: input.ownerId,
      action: 'document.uploaded',
      actor: input.actor,
      data: {
        documentId: document.id,
        bytes: document.byte_size,
        sha256: document.sha256,
        previousDocumentId: previous?.id ?? null,
      },
    });
    return ok(document);
  });
}
