import { findCustomer } from '../../db/repositories/customer.repository.ts';
import { type InvoiceAggregate, loadInvoiceAggregate } from '../../db/repositories/invoice.repository.ts';
import { findOrganization } from '../../db/repositories/organization.repository.ts';
import type { CustomerRow, OrganizationRow } from '../../db/schema.ts';
import type { Executor } from '../../db/transaction.ts';
import { maxDate } from '../../domain/index.ts';
import { amountDueOf } from './invoice-view.ts';

/** What an invoice's amount due depends on besides its own rows, when the caller holds it already. */
export interface SettlementContext {
  organization: OrganizationRow;
  customerKind: CustomerRow['kind'];
}

/**
 * Recomputes `settled_on` (the date an issued invoice stopped being open) and the sums the back office's
 * list filters on (`paid_minor`: every payment, refunds negative; `credited_minor`: every credit note; all
 * recorded events, whatever their date) after its payments, credit notes or waivers changed; call it in the
 * same transaction. A caller holding the organization and the
 * customer's kind passes them (`known`), so they are not read again. Returns the invoice as it now stands
 * (its lines, credit notes and payments, and the new `settled_on`).
 *
 * Settlement needs no clock: interest only accrues while principal is outstanding, so once paid or credited
 * the amount due no longer moves. It is evaluated as of the latest recorded event.
 */
export async function refreshSettlement(
  db: Executor,
  organizationId: string,
  invoiceId: string,
  known?: SettlementContext,
): Promise<InvoiceAggregate> {
  const [organization, aggregate] = await Promise.all([
    known?.organization ?? findOrganization(db, organizationId),
    loadInvoiceAggregate(db, organizationId, invoiceId),
  ]);
  if (!organization || !aggregate) throw new Error(`Invoice ${invoiceId} vanished`);
  const { invoice } = aggregate;
  let settledOn: string | null = null;
  if (invoice.state === 'issued') {
    const customerKind =
      known?.customerKind ?? (await findCustomer(db, organizationId, invoice.customer_id))?.kind ?? 'company';
    const asOf = maxDate(
      invoice.issue_date,
      invoice.due_date,
      ...aggregate.payments.map((p) => p.paid_on),
      ...aggregate.creditNotes.map((c) => c.issue_date),
    );
    const due = amountDueOf(aggregate, organization, customerKind, asOf);
    if (due.status === 'paid') settledOn = due.paidOn;
    else if (due.status === 'credited')
      settledOn = maxDate(invoice.issue_date, ...aggregate.creditNotes.map((c) => c.issue_date));
  }
  const paidMinor = aggregate.payments.reduce((sum, p) => sum + p.amount_minor, 0);
  const creditedMinor = aggregate.creditNotes.reduce((sum, c) => sum + c.total_minor, 0);
  if (
    settledOn !== invoice.settled_on ||
    paidMinor !== invoice.paid_minor ||
    creditedMinor !== invoice.credited_minor
  ) {
    await db
      .updateTable('invoices')
      .set({ settled_on: settledOn, paid_minor: paidMinor, credited_minor: creditedMinor })
      .where('organization_id', '=', organizationId)
      .where('id', '=', invoiceId)
      .execute();
  }
  return {
    ...aggregate,
    invoice: { ...invoice, settled_on: settledOn, paid_minor: paidMinor, credited_minor: creditedMinor },
  };
}
