import { fail, notFound, ok, type Result } from '../../core/result.ts';
import { recordAudit } from '../../db/repositories/audit.repository.ts';
import { updateCustomer as updateCustomerRow } from '../../db/repositories/customer.repository.ts';
import type { CustomerRow } from '../../db/schema.ts';
import { type Db, isUniqueViolation, runInTransaction } from '../../db/transaction.ts';
import { type CustomerInput, customerColumns } from './customer-input.ts';

export async function updateCustomer(
  db: Db,
  input: { organizationId: string; customerId: string; changes: Partial<CustomerInput>; actor: string },
): Promise<Result<CustomerRow>> {
  try {
    return await runInTransaction(db, async (trx) => {
      const customer = await updateCustomerRow(
        trx,
        input.organizationId,
        input.customerId,
        customerColumns(input.changes),
      );
      if (!customer) return notFound('customer');
      await recordAudit(trx, {
        organizationId: input.organizationId,
        subjectType: 'customer',
        subjectId: customer.id,
        action: 'customer.updated',
        actor: input.actor,
        data: { fields: Object.keys(input.changes) },
      });
      return ok(customer);
    });
  } catch (error) {
    if (isUniqueViolation(error, 'customers_external_id')) return fail('DUPLICATE_EXTERNAL_ID', 'externalId');
    throw error;
  }
}
