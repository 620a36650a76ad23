import { mollieProvider } from './mollie/mollie-provider.ts';
import type { PaymentProvider, PaymentProviderFactory, ProviderCredentials } from './payment-provider.ts';
import { stripeProvider } from './stripe/stripe-provider.ts';

/** Where the SDKs send their requests: the providers' own APIs, or (tests) local fake servers. */
export interface ProviderEndpoints {
  stripe?: { host: string; port: number; protocol: 'http' | 'https' };
  mollie?: string;
  /** Each SDK request's time limit, for both providers; the adapters' defaults otherwise (tests shorten it). */
  timeoutMs?: number;
}

/** The real SDK adapters, for the credentials of a connected account. */
export function sdkProviderFactory(endpoints: ProviderEndpoints = {}): PaymentProviderFactory {
  return {
    connect(credentials: ProviderCredentials): PaymentProvider {
      if (credentials.provider === 'stripe') {
        return stripeProvider({
          secretKey: credentials.secretKey,
          webhookSecret: credentials.webhookSecret,
          ...(endpoints.stripe ? { api: endpoints.stripe } : {}),
          ...(endpoints.timeoutMs ? { timeoutMs: endpoints.timeoutMs } : {}),
        });
      }
      return mollieProvider({
        apiKey: credentials.apiKey,
        ...(endpoints.mollie ? { serverUrl: endpoints.mollie } : {}),
        ...(endpoints.timeoutMs ? { timeoutMs: endpoints.timeoutMs } : {}),
      });
    },
  };
}
