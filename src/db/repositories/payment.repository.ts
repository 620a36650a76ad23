import type { Insertable } from 'kysely';
import type { PaymentRow, PaymentsTable } from '../schema.ts';
import type { Executor } from '../transaction.ts';

export async function insertPayment(db: Executor, values: Insertable<PaymentsTable>): Promise<PaymentRow> {
  return db.insertInto('payments').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function listPayments(
  db: Executor,
  organizationId: string,
  invoiceId: string,
): Promise<PaymentRow[]> {
  return db
    .selectFrom('payments')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('invoice_id', '=', invoiceId)
    .orderBy('paid_on')
    .orderBy('created_at')
    .execute();
}

export async function findPayment(
  db: Executor,
  organizationId: string,
  invoiceId: string,
  paymentId: string,
): Promise<PaymentRow | undefined> {
  return db
    .selectFrom('payments')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('invoice_id', '=', invoiceId)
    .where('id', '=', paymentId)
    .executeTakeFirst();
}

export async function deletePayment(db: Executor, organizationId: string, paymentId: string): Promise<void> {
  await db
    .deleteFrom('payments')
    .where('organization_id', '=', organizationId)
    .where('id', '=', paymentId)
    .execute();
}
