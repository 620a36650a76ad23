import { listPaymentAccounts } from '../../db/repositories/payment-account.repository.ts';
import { lastProviderEventTimes } from '../../db/repositories/provider-event.repository.ts';
import type { OrganizationRow } from '../../db/schema.ts';
import { currencyExponent } from '../../domain/index.ts';
import { type PaymentOptions, paymentOptions } from '../payments/payment-options.ts';
import { type PaymentProviderDeps, providerWebhookUrl } from '../payments/payment-providers.ts';

/** One online payment provider as the settings page shows it. */
export interface ProviderSettings {
  provider: 'stripe' | 'mollie';
  /** The connected account, or null. */
  account: {
    id: string;
    accountName: string | null;
    testMode: boolean;
    connectedAt: Date;
    /** Where the provider must post its notifications (Stripe: add it as a webhook endpoint). */
    webhookUrl: string;
    /** The last notification received from this provider; null when none has arrived yet. */
    lastEventAt: Date | null;
  } | null;
}

export interface PaymentSettings {
  providers: ProviderSettings[];
  /** What the portal offers for an invoice of 100 in the default currency today, as it shows them. */
  options: PaymentOptions;
  /** The demo organization pays with the TEST provider (never offered to other organizations). */
  isDemo: boolean;
}

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
