import type { OrganizationRow } from '../../db/schema.ts';
import type { PaymentLock } from '../../domain/index.ts';
import { type PaymentMethod, ProviderUnavailableError } from '../../payments/payment-provider.ts';
import {
  type ConnectedProvider,
  organizationProviders,
  type PaymentProviderDeps,
} from './payment-providers.ts';

export interface PaymentOption extends PaymentMethod {
  /** `<provider>:<method id>`: what the portal's form posts. */
  readonly key: string;
  readonly provider: ConnectedProvider['name'];
}

export interface PaymentOptions {
  methods: PaymentOption[];
  /** A provider could not be reached: the methods are unknown for now (R18: not a failure). */
  unavailable: boolean;
}

/**
 * What the customer can pay an invoice with now (R15): every method enabled in the organization's
 * connected accounts for the amount due today, or nothing when no provider is connected (R20), nothing is
 * due, or paying is blocked (R18).
 */
export async function paymentOptions(
  deps: PaymentProviderDeps,
  input: {
    organization: OrganizationRow;
    amountDueMinor: number;
    currency: string;
    locale: string;
    /** The invoice's 5-failures lock, as its payment state gives it. */
    lock: PaymentLock;
  },
): Promise<PaymentOptions> {
  if (input.amountDueMinor <= 0 || input.lock.locked) return { methods: [], unavailable: false };
  const providers = await organizationProviders(deps, input.organization);
  const methods: PaymentOption[] = [];
  let unavailable = false;
  for (const connected of providers) {
    try {
      const listed = await connected.provider.listMethods({
        amountMinor: input.amountDueMinor,
        currency: input.currency,
        locale: input.locale,
      });
      for (const method of listed)
        methods.push({ ...method, key: `${connected.name}:${method.id}`, provider: connected.name });
    } catch (error) {
      if (!(error instanceof ProviderUnavailableError)) throw error;
      unavailable = true;
    }
  }
  return { methods, unavailable };
}
