import type { Updateable } from 'kysely';
import { fail, notFound, ok, type Result } from '../../core/result.ts';
import { recordAudit } from '../../db/repositories/audit.repository.ts';
import { findCustomer } from '../../db/repositories/customer.repository.ts';
import { findInvoice, replaceInvoiceLines, updateInvoice } from '../../db/repositories/invoice.repository.ts';
import type { InvoiceRow, InvoicesTable } from '../../db/schema.ts';
import { type Db, isUniqueViolation, runInTransaction } from '../../db/transaction.ts';
import { canEditInvoice, compareDates } from '../../domain/index.ts';
import type { DraftInvoiceChanges } from './invoice-input.ts';
import { resolvePaymentReference } from './payment-reference.ts';
import { priceLines, totalsColumns } from './price-lines.ts';

/** Changes a draft. Issued invoices are immutable: corrections go through credit notes. */
export async function updateDraftInvoice(
  db: Db,
  input: { organizationId: string; invoiceId: string; changes: DraftInvoiceChanges; actor: string },
): Promise<Result<InvoiceRow>> {
  const changes = input.changes;
  try {
    return await runInTransaction(db, async (trx) => {
      const invoice = await findInvoice(trx, input.organizationId, input.invoiceId, { forUpdate: true });
      if (!invoice) return notFound('invoice');
      if (!canEditInvoice(invoice.state)) return fail('INVOICE_IMMUTABLE');
      const issueDate = changes.issueDate ?? invoice.issue_date;
      const dueDate = changes.dueDate ?? invoice.due_date;
      if (compareDates(dueDate, issueDate) < 0) return fail('DUE_BEFORE_ISSUE', 'dueDate');
      if (changes.customerId && !(await findCustomer(trx, input.organizationId, changes.customerId))) {
        return notFound('customer');
      }
      const values: Updateable<InvoicesTable> = {};
      if (changes.number !== undefined) values.number = changes.number;
      if (changes.customerId !== undefined) values.customer_id = changes.customerId;
      if (changes.issueDate !== undefined) values.issue_date = changes.issueDate;
      if (changes.dueDate !== undefined) values.due_date = changes.dueDate;
      if (changes.vatExemptionReason !== undefined) values.vat_exemption_reason = changes.vatExemptionReason;
      if (changes.notes !== undefined) values.notes = changes.notes;
      if (changes.paymentReference) {
        const reference = resolvePaymentReference(changes.paymentReference);
        if (!reference.ok) return reference;
        values.payment_reference = reference.value;
      }
      const currency = (changes.currency ?? invoice.currency).toUpperCase();
      if (changes.lines !== undefined || changes.currency !== undefined) {
        if (!changes.lines) return fail('VALIDATION_FAILED', 'lines');
        const priced = priceLines(currency, changes.lines);
        if (!priced.ok) return priced;
        Object.assign(values, { currency, ...totalsColumns(priced.value.totals) });
        await replaceInvoiceLines(trx, input.organizationId, invoice.id, priced.value.rows);
      }
      const updated = await updateInvoice(trx, input.organizationId, invoice.id, values);
      await recordAudit(trx, {
        organizationId: input.organizationId,
        subjectType: 'invoice',
        subjectId: invoice.id,
        action: 'invoice.draft_updated',
        actor: input.actor,
        data: { fields: Object.keys(changes) },
      });
      return ok(updated);
    });
  } catch (error) {
    if (isUniqueViolation(error, 'invoices_organization_id_number_key')) {
      return fail('DUPLICATE_NUMBER', 'number', { number: changes.number ?? '' });
    }
    throw error;
  }
}
