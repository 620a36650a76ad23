import type { PaymentSettings, ProviderSettings } from '../../back-office/view-models.ts';
import { listPaymentAccounts } from '../../db/repositories/payment-account.repository.ts';
import { lastProviderEventTimes } from '../../db/repositories/provider-event.repository.ts';
import type { OrganizationRow } from '../../db/schema.ts';
import { currencyExponent } from '../../domain/index.ts';
import { paymentOptions } from '../payments/payment-options.ts';
import { type PaymentProviderDeps, providerWebhookUrl } from '../payments/payment-providers.ts';

/**
 * The online payments settings (R15, R20): each provider's account, its webhook address and whether
 * notifications arrive, and the methods the portal would offer now, asked of the providers as the portal
 * asks them.
 */
export async function buildPaymentSettings(
  deps: PaymentProviderDeps,
  input: { organization: OrganizationRow; locale: string },
): Promise<PaymentSettings> {
  const { organization } = input;
  const [accounts, lastEvents] = await Promise.all([
    listPaymentAccounts(deps.db, organization.id),
    lastProviderEventTimes(deps.db, organization.id),
  ]);
  const currency = organization.default_currency;
  const options = await paymentOptions(deps, {
    organization,
    amountDueMinor: 100 * 10 ** currencyExponent(currency),
    currency,
    locale: input.locale,
    lock: { locked: false, until: null, failuresInARow: 0 },
  });
  const providers = (['stripe', 'mollie'] as const).map((provider): ProviderSettings => {
    const account = accounts.find((a) => a.provider === provider);
    return {
      provider,
      account: account
        ? {
            id: account.id,
            accountName: account.account_name,
            testMode: account.test_mode,
            connectedAt: account.connected_at,
            webhookUrl: providerWebhookUrl(deps.publicBaseUrl, provider, account.id),
            lastEventAt: lastEvents.get(provider) ?? null,
          }
        : null,
    };
  });
  return { providers, options, isDemo: organization.is_demo };
}
