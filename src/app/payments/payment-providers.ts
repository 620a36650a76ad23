import { type SecretRing, secretRing } from '../../core/secret-ring.ts';
import { findOrganization } from '../../db/repositories/organization.repository.ts';
import {
  findOrganizationPaymentAccount,
  findPaymentAccountForWebhook,
  listPaymentAccounts,
} from '../../db/repositories/payment-account.repository.ts';
import type { OrganizationRow, PaymentAccountRow } from '../../db/schema.ts';
import type { Db } from '../../db/transaction.ts';
import { demoProvider } from '../../payments/demo/demo-provider.ts';
import type {
  PaymentProvider,
  PaymentProviderFactory,
  PaymentProviderName,
  ProviderCredentials,
} from '../../payments/payment-provider.ts';
import { openSecret, sealSecret } from '../secrets/secret-box.ts';

export interface PaymentProviderDeps {
  db: Db;
  /** The current APP_SECRET: seals newly connected accounts' credentials. */
  appSecret: string;
  /** APP_SECRET_PREVIOUS: credentials sealed under these still open (until `rotate-secrets` re-seals them). */
  previousSecrets?: readonly string[];
  publicBaseUrl: string;
  providers: PaymentProviderFactory;
}

/** The secret-box purpose of payment accounts' credentials (`payment_accounts.credentials_encrypted`). */
export const CREDENTIALS_PURPOSE = 'payment-account-credentials:v1';

export function sealCredentials(
  appSecret: string,
  organizationId: string,
  credentials: ProviderCredentials,
): string {
  return sealSecret(
    { appSecret, purpose: CREDENTIALS_PURPOSE, associatedData: organizationId },
    JSON.stringify(credentials),
  );
}

const depsRing = (deps: PaymentProviderDeps) => secretRing(deps.appSecret, deps.previousSecrets);

export function openCredentials(ring: SecretRing, account: PaymentAccountRow): ProviderCredentials {
  const opened = JSON.parse(
    openSecret(
      { ring, purpose: CREDENTIALS_PURPOSE, associatedData: account.organization_id },
      account.credentials_encrypted,
    ),
  ) as ProviderCredentials;
  if (opened.provider !== account.provider)
    throw new Error(`Credentials of account ${account.id} do not match it`);
  return opened;
}

/** The demo organization's TEST provider; its bank details are the transfer instructions it shows. */
function demoProviderOf(
  deps: PaymentProviderDeps,
  organization: Pick<OrganizationRow, 'id' | 'legal_name' | 'iban' | 'bic'>,
): PaymentProvider {
  return demoProvider({
    db: deps.db,
    organizationId: organization.id,
    publicBaseUrl: deps.publicBaseUrl,
    bank: { beneficiary: organization.legal_name, iban: organization.iban, bic: organization.bic },
  });
}

/** A provider an organization can take payments with, and where its notifications arrive. */
export interface ConnectedProvider {
  readonly name: PaymentProviderName;
  readonly provider: PaymentProvider;
  /** The connected account (null for the demo provider). */
  readonly accountId: string | null;
  /** Our webhook address for this account, absolute. */
  readonly webhookUrl: string;
}

/** The address a provider posts its notifications to, for one account (or the demo organization). */
export function providerWebhookUrl(
  publicBaseUrl: string,
  name: PaymentProviderName,
  accountId: string,
): string {
  return `${publicBaseUrl}/webhooks/${name}/${accountId}`;
}

/**
 * The providers an organization takes payments with: its connected Stripe and/or Mollie accounts; or, for
 * the demo organization with none connected, the demo provider. None: the portal shows no pay button (R20).
 */
export async function organizationProviders(
  deps: PaymentProviderDeps,
  organization: OrganizationRow,
): Promise<ConnectedProvider[]> {
  const accounts = await listPaymentAccounts(deps.db, organization.id);
  if (accounts.length === 0) {
    if (!organization.is_demo) return [];
    return [
      {
        name: 'demo',
        provider: demoProviderOf(deps, organization),
        accountId: null,
        webhookUrl: providerWebhookUrl(deps.publicBaseUrl, 'demo', organization.id),
      },
    ];
  }
  return accounts.map((account) => ({
    name: account.provider,
    provider: deps.providers.connect(openCredentials(depsRing(deps), account)),
    accountId: account.id,
    webhookUrl: providerWebhookUrl(deps.publicBaseUrl, account.provider, account.id),
  }));
}

/** The provider of one account or, for `demo`, of the demo organization; null when there is none. */
export async function providerForWebhook(
  deps: PaymentProviderDeps,
  name: PaymentProviderName,
  id: string,
): Promise<{ organizationId: string; provider: PaymentProvider } | null> {
  if (name === 'demo') {
    const organization = await findOrganization(deps.db, id);
    if (!organization?.is_demo) return null;
    return {
      organizationId: organization.id,
      provider: demoProviderOf(deps, organization),
    };
  }
  const account = await findPaymentAccountForWebhook(deps.db, id, name);
  if (!account) return null;
  return {
    organizationId: account.organization_id,
    provider: deps.providers.connect(openCredentials(depsRing(deps), account)),
  };
}

/** A name for the invoice's "Paid" line (R16): `Bancontact – Mollie`. */
export function paidWithLabel(methodName: string | null, provider: PaymentProviderName): string {
  const providerName = provider === 'stripe' ? 'Stripe' : provider === 'mollie' ? 'Mollie' : 'Demo (TEST)';
  return methodName ? `${methodName} – ${providerName}` : providerName;
}

/** The provider an organization's stored event came through; null when its account was disconnected. */
export async function providerForEvent(
  deps: PaymentProviderDeps,
  organization: OrganizationRow,
  name: PaymentProviderName,
): Promise<PaymentProvider | null> {
  if (name === 'demo') return organization.is_demo ? demoProviderOf(deps, organization) : null;
  const account = await findOrganizationPaymentAccount(deps.db, organization.id, name);
  return account ? deps.providers.connect(openCredentials(depsRing(deps), account)) : null;
}
