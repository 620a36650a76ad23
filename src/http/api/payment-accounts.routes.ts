import {
  connectPaymentAccount,
  disconnectPaymentAccount,
} from '../../app/payments/connect-payment-account.ts';
import { providerWebhookUrl } from '../../app/payments/payment-providers.ts';
import { listPaymentAccounts } from '../../db/repositories/payment-account.repository.ts';
import type { PaymentAccountRow } from '../../db/schema.ts';
import { route } from './route-kit.ts';
import { IdParams, MollieAccountSchema, StripeAccountSchema } from './schemas.ts';

function accountJson(a: PaymentAccountRow, publicBaseUrl: string) {
  return {
    id: a.id,
    provider: a.provider,
    accountName: a.account_name,
    testMode: a.test_mode,
    /** Where the provider must post its notifications (Stripe: add it as a webhook endpoint). */
    webhookUrl: providerWebhookUrl(publicBaseUrl, a.provider, a.id),
    connectedAt: a.connected_at.toISOString(),
    updatedAt: a.updated_at.toISOString(),
  };
}

export const paymentAccountRoutes = [
  route({
    method: 'GET',
    path: '/payment-accounts',
    operationId: 'listPaymentAccounts',
    summary: 'The connected Stripe and Mollie accounts (never their keys).',
    tag: 'Payments',
    handler: async ({ deps, organization }) => {
      const rows = await listPaymentAccounts(deps.db, organization.id);
      return { body: { data: rows.map((r) => accountJson(r, deps.publicBaseUrl)) } };
    },
  }),
  route({
    method: 'PUT',
    path: '/payment-accounts/stripe',
    operationId: 'connectStripe',
    summary: 'Connect (or reconnect) a Stripe account; the key is checked with Stripe and stored encrypted.',
    description:
      'The customer portal then offers the payment methods enabled in the account’s default payment method ' +
      'configuration (R15). Add the returned `webhookUrl` as a webhook endpoint in Stripe (events ' +
      '`checkout.session.*`, `charge.refunded`, `charge.dispute.*`) and send its signing secret here.',
    tag: 'Payments',
    body: StripeAccountSchema,
    successStatus: 200,
    handler: async ({ deps, organization, body, actor, now }) => {
      const result = await connectPaymentAccount(deps, {
        organizationId: organization.id,
        credentials: { provider: 'stripe', ...body },
        actor,
        now,
      });
      return result.ok ? { body: accountJson(result.value, deps.publicBaseUrl) } : result;
    },
  }),
  route({
    method: 'PUT',
    path: '/payment-accounts/mollie',
    operationId: 'connectMollie',
    summary: 'Connect (or reconnect) a Mollie account; the key is checked with Mollie and stored encrypted.',
    description:
      'The customer portal then offers the methods enabled in the Mollie profile for the amount and the ' +
      'customer’s language (R15). Mollie is told the notification address with every payment.',
    tag: 'Payments',
    body: MollieAccountSchema,
    successStatus: 200,
    handler: async ({ deps, organization, body, actor, now }) => {
      const result = await connectPaymentAccount(deps, {
        organizationId: organization.id,
        credentials: { provider: 'mollie', ...body },
        actor,
        now,
      });
      return result.ok ? { body: accountJson(result.value, deps.publicBaseUrl) } : result;
    },
  }),
  route({
    method: 'DELETE',
    path: '/payment-accounts/:accountId',
    operationId: 'disconnectPaymentAccount',
    summary: 'Disconnect a payment account; without any, the portal shows no pay button (R20).',
    tag: 'Payments',
    params: IdParams('accountId'),
    handler: async ({ deps, organization, params, actor }) => {
      const result = await disconnectPaymentAccount(deps, {
        organizationId: organization.id,
        accountId: params.accountId,
        actor,
      });
      return result.ok ? {} : result;
    },
  }),
];
