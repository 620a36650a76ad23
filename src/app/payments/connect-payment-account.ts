import { fail, notFound, ok, type Result } from '../../core/result.ts';
import { recordAudit } from '../../db/repositories/audit.repository.ts';
import type { PaymentAccountRow } from '../../db/schema.ts';
import { runInTransaction } from '../../db/transaction.ts';
import type { ProviderCredentials } from '../../payments/payment-provider.ts';
import { type PaymentProviderDeps, sealCredentials } from './payment-providers.ts';

/**
 * Connects (or reconnects) an organization's Stripe or Mollie account: the credentials are checked with
 * the provider first (a refused key is answered with the provider's reason, an unreachable provider as
 * such), then stored sealed with a key derived from APP_SECRET. They are never returned.
 */
export async function connectPaymentAccount(
  deps: PaymentProviderDeps,
  input: { organizationId: string; credentials: ProviderCredentials; actor: string; now: Date },
): Promise<Result<PaymentAccountRow>> {
  const provider = deps.providers.connect(input.credentials);
  const verified = await provider.verify();
  const keyField = input.credentials.provider === 'stripe' ? 'secretKey' : 'apiKey';
  if (!verified.ok) {
    return verified.reason === 'invalid_credentials'
      ? fail('INVALID_PROVIDER_CREDENTIALS', keyField, { reason: verified.message })
      : fail('PROVIDER_UNAVAILABLE', keyField);
  }
  return runInTransaction(deps.db, async (trx) => {
    const row = await trx
      .insertInto('payment_accounts')
      .values({
        organization_id: input.organizationId,
        provider: input.credentials.provider,
        credentials_encrypted: sealCredentials(deps.appSecret, input.organizationId, input.credentials),
        account_name: verified.accountName,
        test_mode: verified.testMode,
        connected_at: input.now,
        updated_at: input.now,
      })
      .onConflict((oc) =>
        oc.columns(['organization_id', 'provider']).doUpdateSet({
          credentials_encrypted: sealCredentials(deps.appSecret, input.organizationId, input.credentials),
          account_name: verified.accountName,
          test_mode: verified.testMode,
          updated_at: input.now,
        }),
      )
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      organizationId: input.organizationId,
      subjectType: 'organization',
      subjectId: input.organizationId,
      action: 'payment_account.connected',
      actor: input.actor,
      data: { provider: row.provider, accountName: row.account_name, testMode: row.test_mode },
    });
    return ok(row);
  });
}

/** Disconnects an account: the portal stops offering its methods at once; recorded payments stay. */
export async function disconnectPaymentAccount(
  deps: Pick<PaymentProviderDeps, 'db'>,
  input: { organizationId: string; accountId: string; actor: string },
): Promise<Result<{ provider: string }>> {
  return runInTransaction(deps.db, async (trx) => {
    const removed = await trx
      .deleteFrom('payment_accounts')
      .where('organization_id', '=', input.organizationId)
      .where('id', '=', input.accountId)
      .returning(['id', 'provider'])
      .executeTakeFirst();
    if (!removed) return notFound('payment_account');
    await recordAudit(trx, {
      organizationId: input.organizationId,
      subjectType: 'organization',
      subjectId: input.organizationId,
      action: 'payment_account.disconnected',
      actor: input.actor,
      data: { provider: removed.provider, accountId: removed.id },
    });
    return ok({ provider: removed.provider });
  });
}
