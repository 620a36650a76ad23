import { fail, ok, type Result } from '../../core/result.ts';
import { recordAudit } from '../../db/repositories/audit.repository.ts';
import { insertCustomer } from '../../db/repositories/customer.repository.ts';
import type { CustomerRow } from '../../db/schema.ts';
import { type Db, isUniqueViolation, runInTransaction } from '../../db/transaction.ts';
import { type CustomerInput, customerColumns } from './customer-input.ts';

export async function createCustomer(
  db: Db,
  input: { organizationId: string; customer: CustomerInput; actor: string },
): Promise<Result<CustomerRow>> {
  try {
    return await runInTransaction(db, async (trx) => {
      const customer = await insertCustomer(trx, {
        ...customerColumns(input.customer),
        kind: input.customer.kind,
        name: input.customer.name,
        language: input.customer.language,
        organization_id: input.organizationId,
      });
      await recordAudit(trx, {
        organizationId: input.organizationId,
        subjectType: 'customer',
        subjectId: customer.id,
        action: 'customer.created',
        actor: input.actor,
      });
      return ok(customer);
    });
  } catch (error) {
    if (isUniqueViolation(error, 'customers_external_id')) return fail('DUPLICATE_EXTERNAL_ID', 'externalId');
    throw error;
  }
}
