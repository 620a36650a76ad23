import type { PaymentAccountRow } from '../schema.ts';
import type { Executor } from '../transaction.ts';

/** The organization's connected provider accounts, the first connected first. */
export async function listPaymentAccounts(
  db: Executor,
  organizationId: string,
): Promise<PaymentAccountRow[]> {
  return db
    .selectFrom('payment_accounts')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .orderBy('connected_at')
    .execute();
}

/** The organization's account with one provider (an organization connects each provider once). */
export async function findOrganizationPaymentAccount(
  db: Executor,
  organizationId: string,
  provider: PaymentAccountRow['provider'],
): Promise<PaymentAccountRow | undefined> {
  return db
    .selectFrom('payment_accounts')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('provider', '=', provider)
    .executeTakeFirst();
}

/** An account by the id in its webhook address, of whichever organization. */
export async function findPaymentAccountForWebhook(
  db: Executor,
  accountId: string,
  provider: PaymentAccountRow['provider'],
): Promise<PaymentAccountRow | undefined> {
  return db
    .selectFrom('payment_accounts')
    .selectAll()
    .where('id', '=', accountId)
    .where('provider', '=', provider)
    .executeTakeFirst();
}

export async function hasPaymentAccount(db: Executor, organizationId: string): Promise<boolean> {
  const account = await db
    .selectFrom('payment_accounts')
    .select('id')
    .where('organization_id', '=', organizationId)
    .limit(1)
    .executeTakeFirst();
  return account !== undefined;
}
