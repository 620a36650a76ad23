import { fail, notFound, ok, type Result } from '../../core/result.ts';
import { recordAudit } from '../../db/repositories/audit.repository.ts';
import { creditedSoFar, insertCreditNote } from '../../db/repositories/credit-note.repository.ts';
import { findInvoice } from '../../db/repositories/invoice.repository.ts';
import type { CreditNoteRow } from '../../db/schema.ts';
import { type Db, isUniqueViolation, runInTransaction } from '../../db/transaction.ts';
import { compareDates, type InvoiceLineInput } from '../../domain/index.ts';
import { priceLines, totalsColumns } from '../invoices/price-lines.ts';
import { refreshSettlement } from '../invoices/refresh-settlement.ts';

export interface CreditNoteInput {
  number: string;
  invoiceId: string;
  issueDate: string;
  lines: InvoiceLineInput[];
  reason?: string | null;
}

/**
 * Credit notes one invoice may have: its download zip holds the invoice and all of them, built in memory,
 * so their number is bounded (with PDFs of up to 10 MiB each, uploaded ones included).
 */
export const MAX_CREDIT_NOTES_PER_INVOICE = 50;

/**
 * Issues a credit note against an issued invoice, fully or partly crediting it. Credit notes together may
 * never exceed the invoice total. The invoice row is locked so two concurrent credit notes cannot both pass.
 */
export async function createCreditNote(
  db: Db,
  input: { organizationId: string; creditNote: CreditNoteInput; actor: string },
): Promise<Result<CreditNoteRow>> {
  const data = input.creditNote;
  try {
    return await runInTransaction(db, async (trx) => {
      const invoice = await findInvoice(trx, input.organizationId, data.invoiceId, { forUpdate: true });
      if (!invoice) return notFound('invoice');
      if (invoice.state !== 'issued') return fail('INVOICE_NOT_ISSUED', 'invoiceId');
      if (compareDates(data.issueDate, invoice.issue_date) < 0) return fail('VALIDATION_FAILED', 'issueDate');
      const priced = priceLines(invoice.currency, data.lines);
      if (!priced.ok) return priced;
      const already = await creditedSoFar(trx, input.organizationId, invoice.id);
      if (already.count >= MAX_CREDIT_NOTES_PER_INVOICE) {
        return fail('TOO_MANY_CREDIT_NOTES', 'invoiceId', { limit: MAX_CREDIT_NOTES_PER_INVOICE });
      }
      const remaining = invoice.total_minor - already.totalMinor;
      if (priced.value.totals.totalMinor > remaining) {
        return fail('CREDIT_EXCEEDS_INVOICE', 'lines', {
          remainingMinor: remaining,
          currency: invoice.currency,
        });
      }
      const creditNote = await insertCreditNote(
        trx,
        {
          organization_id: input.organizationId,
          invoice_id: invoice.id,
          customer_id: invoice.customer_id,
          number: data.number,
          issue_date: data.issueDate,
          currency: invoice.currency,
          ...totalsColumns(priced.value.totals),
          reason: data.reason ?? null,
        },
        priced.value.rows,
      );
      await refreshSettlement(trx, input.organizationId, invoice.id);
      await recordAudit(trx, {
        organizationId: input.organizationId,
        subjectType: 'invoice',
        subjectId: invoice.id,
        action: 'invoice.credited',
        actor: input.actor,
        data: { creditNoteId: creditNote.id, number: creditNote.number, totalMinor: creditNote.total_minor },
      });
      return ok(creditNote);
    });
  } catch (error) {
    if (isUniqueViolation(error, 'credit_notes_organization_id_number_key')) {
      return fail('DUPLICATE_NUMBER', 'number', { number: data.number });
    }
    throw error;
  }
}
