import { z } from 'zod';
import { buildPaymentSettings } from '../../app/back-office/build-payment-settings.ts';
import {
  connectPaymentAccount,
  disconnectPaymentAccount,
} from '../../app/payments/connect-payment-account.ts';
import type { PaymentProviderDeps } from '../../app/payments/payment-providers.ts';
import type { FieldError } from '../../back-office/view-models.ts';
import {
  type PaymentSettingsNotice,
  PROVIDER_FIELD_LABELS,
  renderOnlinePaymentSettingsPage,
} from '../../back-office/views/online-payment-settings-page.ts';
import { settingsPath } from '../../back-office/views/settings-layout.ts';
import { isNotFound } from '../../core/result.ts';
import { currencyExponent } from '../../domain/index.ts';
import { describeFormFailure, describeFormIssues } from '../api/error-table.ts';
import { IdParams, MollieAccountSchema, StripeAccountSchema } from '../api/schemas.ts';
import { type BackOfficeContext, type BackOfficeResult, backOfficeRoute } from './back-office-kit.ts';
import { settingsLabelIn } from './settings.pages.ts';

const providerDeps = (ctx: BackOfficeContext<unknown, unknown>): PaymentProviderDeps => ({
  db: ctx.deps.db,
  appSecret: ctx.deps.appSecret,
  ...(ctx.deps.previousSecrets ? { previousSecrets: ctx.deps.previousSecrets } : {}),
  publicBaseUrl: ctx.deps.publicBaseUrl,
  providers: ctx.deps.providers,
});

async function paymentsPage(
  ctx: BackOfficeContext<unknown, unknown>,
  options: {
    notice?: PaymentSettingsNotice | null;
    refused?: { provider: 'stripe' | 'mollie'; errors: readonly FieldError[] };
  },
  status = 200,
): Promise<BackOfficeResult> {
  const chrome = ctx.chrome('settings');
  const settings = await buildPaymentSettings(providerDeps(ctx), {
    organization: ctx.organization,
    locale: chrome.locale,
  });
  const currency = ctx.organization.default_currency;
  return {
    status,
    page: renderOnlinePaymentSettingsPage({
      chrome,
      settings,
      exampleAmount: { minor: 100 * 10 ** currencyExponent(currency), currency },
      refused: options.refused ?? null,
      notice: options.notice ?? null,
    }),
  };
}

/** Connects a provider with the form's keys: checked as the API checks them, then with the provider. */
async function connect(
  ctx: BackOfficeContext<unknown, unknown>,
  provider: 'stripe' | 'mollie',
): Promise<BackOfficeResult> {
  const label = settingsLabelIn(ctx.lang, PROVIDER_FIELD_LABELS);
  const refused = (errors: FieldError[]) => paymentsPage(ctx, { refused: { provider, errors } }, 422);
  const key = (name: string) => (ctx.form[name] ?? '').trim();
  const parsed =
    provider === 'stripe'
      ? StripeAccountSchema.safeParse({ secretKey: key('secretKey'), webhookSecret: key('webhookSecret') })
      : MollieAccountSchema.safeParse({ apiKey: key('apiKey') });
  if (!parsed.success) return refused(describeFormIssues(parsed.error, ctx.lang, label));
  const result = await connectPaymentAccount(providerDeps(ctx), {
    organizationId: ctx.organization.id,
    credentials: { provider, ...parsed.data } as Parameters<typeof connectPaymentAccount>[1]['credentials'],
    actor: ctx.actor,
    now: ctx.now,
  });
  if (!result.ok) {
    return refused([
      describeFormFailure(result, ctx.lang, label, provider === 'stripe' ? 'secretKey' : 'apiKey'),
    ]);
  }
  return { redirect: `${settingsPath('payments')}?done=connected` };
}

export const paymentSettingsPages = [
  backOfficeRoute({
    method: 'GET',
    path: '/settings/payments',
    name: 'paymentSettings',
    query: z.object({ done: z.enum(['connected', 'disconnected']).optional().catch(undefined) }),
    handler: async (ctx) => paymentsPage(ctx, { notice: ctx.query.done ?? null }),
  }),
  backOfficeRoute({
    method: 'POST',
    path: '/settings/payments/stripe',
    name: 'connectStripe',
    handler: async (ctx) => connect(ctx, 'stripe'),
  }),
  backOfficeRoute({
    method: 'POST',
    path: '/settings/payments/mollie',
    name: 'connectMollie',
    handler: async (ctx) => connect(ctx, 'mollie'),
  }),
  backOfficeRoute({
    method: 'POST',
    path: '/settings/payments/accounts/:accountId/disconnect',
    name: 'disconnectPaymentAccount',
    params: IdParams('accountId'),
    handler: async (ctx) => {
      const result = await disconnectPaymentAccount(ctx.deps, {
        organizationId: ctx.organization.id,
        accountId: ctx.params.accountId,
        actor: ctx.actor,
      });
      if (!result.ok) {
        if (isNotFound(result.code)) return { notFound: true };
        throw new Error(`Disconnecting refused: ${result.code}`);
      }
      return { redirect: `${settingsPath('payments')}?done=disconnected` };
    },
  }),
];
