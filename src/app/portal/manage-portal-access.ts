import { notFound, ok, type Result } from '../../core/result.ts';
import { recordAudit } from '../../db/repositories/audit.repository.ts';
import type { CustomerRow } from '../../db/schema.ts';
import { type Db, runInTransaction } from '../../db/transaction.ts';

/**
 * Rotates a customer's portal link (a new link, every older one stops working) or revokes it (no link
 * works until the next rotation). Both are recorded.
 */
export async function changePortalAccess(
  db: Db,
  input: {
    organizationId: string;
    customerId: string;
    action: 'rotate' | 'revoke';
    actor: string;
    now: Date;
  },
): Promise<Result<CustomerRow>> {
  return runInTransaction(db, async (trx) => {
    const customer = await trx
      .updateTable('customers')
      .set((eb) =>
        input.action === 'rotate'
          ? { portal_link_version: eb('portal_link_version', '+', 1), portal_revoked_at: null }
          : { portal_revoked_at: input.now },
      )
      .where('organization_id', '=', input.organizationId)
      .where('id', '=', input.customerId)
      .returningAll()
      .executeTakeFirst();
    if (!customer) return notFound('customer');
    await recordAudit(trx, {
      organizationId: input.organizationId,
      subjectType: 'customer',
      subjectId: customer.id,
      action: input.action === 'rotate' ? 'portal_link.rotated' : 'portal_link.revoked',
      actor: input.actor,
      data: { version: customer.portal_link_version },
    });
    return ok(customer);
  });
}
