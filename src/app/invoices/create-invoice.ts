import { fail, ok, type Result } from '../../core/result.ts';
import { recordAudit } from '../../db/repositories/audit.repository.ts';
import { findCustomer } from '../../db/repositories/customer.repository.ts';
import { insertInvoice, updateInvoice } from '../../db/repositories/invoice.repository.ts';
import { findOrganization } from '../../db/repositories/organization.repository.ts';
import { insertPayment } from '../../db/repositories/payment.repository.ts';
import type { InvoiceRow } from '../../db/schema.ts';
import { type Db, isUniqueViolation, runInTransaction } from '../../db/transaction.ts';
import { compareDates } from '../../domain/index.ts';
import type { InvoiceInput } from './invoice-input.ts';
import { generatePaymentReference, resolvePaymentReference } from './payment-reference.ts';
import { priceLines, totalsColumns } from './price-lines.ts';
import { refreshSettlement } from './refresh-settlement.ts';

/**
 * Creates an invoice (draft or issued) with its lines, priced by the domain rules. An imported invoice
 * may bring its past payments; they are recorded in the same transaction.
 */
export async function createInvoice(
  db: Db,
  input: { organizationId: string; invoice: InvoiceInput; actor: string; now: Date },
): Promise<Result<InvoiceRow>> {
  const data = input.invoice;
  const state = data.state ?? 'issued';
  if (compareDates(data.dueDate, data.issueDate) < 0) return fail('DUE_BEFORE_ISSUE', 'dueDate');
  if (data.payments?.length && state !== 'issued') return fail('INVOICE_NOT_ISSUED', 'payments');
  try {
    return await runInTransaction(db, async (trx) => {
      const organization = await findOrganization(trx, input.organizationId);
      if (!organization) throw new Error(`Organization ${input.organizationId} vanished`);
      const customer = await findCustomer(trx, input.organizationId, data.customerId);
      if (!customer) return fail('CUSTOMER_NOT_FOUND', 'customerId');
      const currency = (data.currency ?? organization.default_currency).toUpperCase();
      const priced = priceLines(currency, data.lines);
      if (!priced.ok) return priced;
      const given = data.paymentReference ? resolvePaymentReference(data.paymentReference) : null;
      if (given && !given.ok) return given;
      let invoice = await insertInvoice(
        trx,
        {
          organization_id: input.organizationId,
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
      for (const payment of data.payments ?? []) {
        await insertPayment(trx, {
          organization_id: input.organizationId,
          invoice_id: invoice.id,
          amount_minor: payment.amountMinor,
          currency,
          paid_on: payment.paidOn,
          method: payment.method,
          source: 'import',
          note: payment.note ?? null,
        });
      }
      // A new invoice without payments is open unless it totals nothing: only then can it be settled already.
      if (state === 'issued' && (data.payments?.length || invoice.total_minor <= 0)) {
        await refreshSettlement(trx, input.organizationId, invoice.id);
      }
      await recordAudit(trx, {
        organizationId: input.organizationId,
        subjectType: 'invoice',
        subjectId: invoice.id,
        action: state === 'issued' ? 'invoice.issued' : 'invoice.drafted',
        actor: input.actor,
        data: { number: invoice.number, totalMinor: invoice.total_minor, imported: invoice.imported },
      });
      if (!given) {
        // Last, because it locks the organization row until commit (see takeReferenceSeq).
        const reference = await generatePaymentReference(trx, organization, invoice.number);
        invoice = await updateInvoice(trx, input.organizationId, invoice.id, {
          payment_reference: reference,
        });
      }
      return ok(invoice);
    });
  } catch (error) {
    if (isUniqueViolation(error, 'invoices_organization_id_number_key')) {
      return fail('DUPLICATE_NUMBER', 'number', { number: data.number });
    }
    throw error;
  }
}
