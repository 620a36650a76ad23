import { fail, notFound, ok, type Result } from '../../core/result.ts';
import { recordAudit } from '../../db/repositories/audit.repository.ts';
import { deleteInvoice, findInvoice, updateInvoice } from '../../db/repositories/invoice.repository.ts';
import type { InvoiceRow } from '../../db/schema.ts';
import { type Db, runInTransaction } from '../../db/transaction.ts';
import { canEditInvoice } from '../../domain/index.ts';
import { refreshSettlement } from './refresh-settlement.ts';

/** Issues a draft: from now on the customer sees it and it can no longer change. */
export async function issueInvoice(
  db: Db,
  input: { organizationId: string; invoiceId: string; actor: string; now: Date },
): Promise<Result<InvoiceRow>> {
  return runInTransaction(db, async (trx) => {
    const invoice = await findInvoice(trx, input.organizationId, input.invoiceId, { forUpdate: true });
    if (!invoice) return notFound('invoice');
    if (!canEditInvoice(invoice.state)) return fail('INVOICE_IMMUTABLE');
    const issued = await updateInvoice(trx, input.organizationId, invoice.id, {
      state: 'issued',
      issued_at: input.now,
    });
    await refreshSettlement(trx, input.organizationId, invoice.id);
    await recordAudit(trx, {
      organizationId: input.organizationId,
      subjectType: 'invoice',
      subjectId: invoice.id,
      action: 'invoice.issued',
      actor: input.actor,
      data: { number: invoice.number },
    });
    return ok(issued);
  });
}

/** Deletes a draft; an issued invoice is a legal document and stays. */
export async function deleteDraftInvoice(
  db: Db,
  input: { organizationId: string; invoiceId: string; actor: string },
): Promise<Result<{ id: string }>> {
  return runInTransaction(db, async (trx) => {
    const invoice = await findInvoice(trx, input.organizationId, input.invoiceId, { forUpdate: true });
    if (!invoice) return notFound('invoice');
    if (!canEditInvoice(invoice.state)) return fail('INVOICE_IMMUTABLE');
    await deleteInvoice(trx, input.organizationId, invoice.id);
    await recordAudit(trx, {
      organizationId: input.organizationId,
      subjectType: 'invoice',
      subjectId: invoice.id,
      action: 'invoice.draft_deleted',
      actor: input.actor,
      data: { number: invoice.number },
    });
    return ok({ id: invoice.id });
  });
}
