import { findCustomer } from '../../db/repositories/customer.repository.ts';
import { loadInvoiceAggregate } from '../../db/repositories/invoice.repository.ts';
import { findOrganization } from '../../db/repositories/organization.repository.ts';
import type { Executor } from '../../db/transaction.ts';
import { maxDate } from '../../domain/index.ts';
import { amountDueOf } from './invoice-view.ts';

/**
 * Recomputes `settled_on` (the date an issued invoice stopped being open) after its payments, credit notes
 * or waivers changed; call it in the same transaction.
 *
 * Settlement needs no clock: interest only accrues while principal is outstanding, so once paid or credited
 * the amount due no longer moves. It is evaluated as of the latest recorded event.
 */
export async function refreshSettlement(
  db: Executor,
  organizationId: string,
  invoiceId: string,
): Promise<void> {
  const [organization, aggregate] = await Promise.all([
    findOrganization(db, organizationId),
    loadInvoiceAggregate(db, organizationId, invoiceId),
  ]);
  if (!organization || !aggregate) throw new Error(`Invoice ${invoiceId} vanished`);
  const { invoice } = aggregate;
  let settledOn: string | null = null;
  if (invoice.state === 'issued') {
    const customer = await findCustomer(db, organizationId, invoice.customer_id);
    const asOf = maxDate(
      invoice.issue_date,
      invoice.due_date,
      ...aggregate.payments.map((p) => p.paid_on),
      ...aggregate.creditNotes.map((c) => c.issue_date),
    );
    const due = amountDueOf(aggregate, organization, customer?.kind ?? 'company', asOf);
    if (due.status === 'paid') settledOn = due.paidOn;
    else if (due.status === 'credited')
      settledOn = maxDate(invoice.issue_date, ...aggregate.creditNotes.map((c) => c.issue_date));
  }
  if (settledOn !== invoice.settled_on) {
    await db
      .updateTable('invoices')
      .set({ settled_on: settledOn })
      .where('organization_id', '=', organizationId)
      .where('id', '=', invoiceId)
      .execute();
  }
}
