import { fail, notFound, ok, type Result } from '../../core/result.ts';
import { recordAudit } from '../../db/repositories/audit.repository.ts';
import { findInvoice, updateInvoice } from '../../db/repositories/invoice.repository.ts';
import type { InvoiceRow } from '../../db/schema.ts';
import { type Db, runInTransaction } from '../../db/transaction.ts';
import type { FeeWaivers } from '../../domain/index.ts';
import { refreshSettlement } from './refresh-settlement.ts';

/** Waives (or reinstates) an invoice's late fee, interest and fixed compensation; audited (B12). */
export async function setFeeWaivers(
  db: Db,
  input: { organizationId: string; invoiceId: string; waivers: Partial<FeeWaivers>; actor: string },
): Promise<Result<InvoiceRow>> {
  return runInTransaction(db, async (trx) => {
    const invoice = await findInvoice(trx, input.organizationId, input.invoiceId, { forUpdate: true });
    if (!invoice) return notFound('invoice');
    if (invoice.state !== 'issued') return fail('INVOICE_NOT_ISSUED');
    const { lateFee, interest, compensation } = input.waivers;
    const updated = await updateInvoice(trx, input.organizationId, invoice.id, {
      ...(lateFee === undefined ? {} : { waive_late_fee: lateFee }),
      ...(interest === undefined ? {} : { waive_interest: interest }),
      ...(compensation === undefined ? {} : { waive_compensation: compensation }),
    });
    await refreshSettlement(trx, input.organizationId, invoice.id);
    await recordAudit(trx, {
      organizationId: input.organizationId,
      subjectType: 'invoice',
      subjectId: invoice.id,
      action: 'invoice.fees_waived',
      actor: input.actor,
      data: {
        before: {
          lateFee: invoice.waive_late_fee,
          interest: invoice.waive_interest,
          compensation: invoice.waive_compensation,
        },
        after: {
          lateFee: updated.waive_late_fee,
          interest: updated.waive_interest,
          compensation: updated.waive_compensation,
        },
      },
    });
    return ok(updated);
  });
}
