import { fail, notFound, ok, type Result } from '../../core/result.ts';
import { recordAudit } from '../../db/repositories/audit.repository.ts';
import { findCustomer } from '../../db/repositories/customer.repository.ts';
import {
  findInvoice,
  type InvoiceAggregate,
  insertInvoiceWithLines,
  updateInvoice,
} from '../../db/repositories/invoice.repository.ts';
import { insertPayment } from '../../db/repositories/payment.repository.ts';
import type { CustomerRow, OrganizationRow, PaymentRow } from '../../db/schema.ts';
import { type Db, isUniqueViolation, runInTransaction } from '../../db/transaction.ts';
import { compareDates } from '../../domain/index.ts';
import type { InvoiceInput } from './invoice-input.ts';
import { generatePaymentReference, resolvePaymentReference } from './payment-reference.ts';
import { priceLines, totalsColumns } from './price-lines.ts';
import { refreshSettlement } from './refresh-settlement.ts';

/** The invoice as written, with what its amount due needs: nothing has to be read back to show it. */
export interface CreatedInvoice {
  aggregate: InvoiceAggregate;
  customerKind: CustomerRow['kind'];
}

/**
 * Creates an invoice (draft or issued) with its lines, priced by the domain rules. An imported invoice
 * may bring its past payments; they are recorded in the same transaction. The caller passes the
 * organization it already holds (its default currency and reference scheme are used).
 */
export async function createInvoice(
  db: Db,
  input: { organization: OrganizationRow; invoice: InvoiceInput; actor: string; now: Date },
): Promise<Result<CreatedInvoice>> {
  const { organization } = input;
  const organizationId = organization.id;
  const data = input.invoice;
  const state = data.state ?? 'issued';
  if (compareDates(data.dueDate, data.issueDate) < 0) return fail('DUE_BEFORE_ISSUE', 'dueDate');
  if (data.payments?.length && state !== 'issued') return fail('INVOICE_NOT_ISSUED', 'payments');
  try {
    return await runInTransaction(db, async (trx) => {
      const customer = await findCustomer(trx, organizationId, data.customerId);
      if (!customer) return notFound('customer');
      const currency = (data.currency ?? organization.default_currency).toUpperCase();
      const priced = priceLines(currency, data.lines);
      if (!priced.ok) return priced;
      const given = data.paymentReference ? resolvePaymentReference(data.paymentReference) : null;
      if (given && !given.ok) return given;
      const inserted = await insertInvoiceWithLines(
        trx,
        {
          organization_id: organizationId,
          customer_id: customer.id,
          number: data.number,
          state,
          issue_date: data.issueDate,
          due_date: data.dueDate,
          currency,
          ...totalsColumns(priced.value.totals),
          vat_exemption_reason: data.vatExemptionReason ?? null,
          payment_reference: given?.value ?? null,
          notes: data.notes ?? null,
          imported: (data.payments?.length ?? 0) > 0,
          issued_at: state === 'issued' ? input.now : null,
        },
        priced.value.rows,
      );
      let invoice = inserted.invoice;
      const payments: PaymentRow[] = [];
      for (const payment of data.payments ?? []) {
        const row = await insertPayment(trx, {
          organization_id: organizationId,
          invoice_id: invoice.id,
          amount_minor: payment.amountMinor,
          currency,
          paid_on: payment.paidOn,
          method: payment.method,
          source: 'import',
          note: payment.note ?? null,
        });
        payments.push(row);
      }
      // A new invoice without payments is open unless it totals nothing: only then can it be settled already.
      if (state === 'issued' && (data.payments?.length || invoice.total_minor <= 0)) {
        await refreshSettlement(trx, organizationId, invoice.id);
        const settled = await findInvoice(trx, organizationId, invoice.id);
        if (settled) invoice = settled;
      }
      await recordAudit(trx, {
        organizationId,
        subjectType: 'invoice',
        subjectId: invoice.id,
        action: state === 'issued' ? 'invoice.issued' : 'invoice.drafted',
        actor: input.actor,
        data: { number: invoice.number, totalMinor: invoice.total_minor, imported: invoice.imported },
      });
      if (!given) {
        // Last, because it locks the organization row until commit (see takeReferenceSeq).
        const reference = await generatePaymentReference(trx, organization, invoice.number);
        invoice = await updateInvoice(trx, organizationId, invoice.id, { payment_reference: reference });
      }
      payments.sort((a, b) => (a.paid_on < b.paid_on ? -1 : a.paid_on > b.paid_on ? 1 : 0));
      return ok({
        aggregate: { invoice, lines: inserted.lines, creditNotes: [], payments },
        customerKind: customer.kind,
      });
    });
  } catch (error) {
    if (isUniqueViolation(error, 'invoices_organization_id_number_key')) {
      return fail('DUPLICATE_NUMBER', 'number', { number: data.number });
    }
    throw error;
  }
}
