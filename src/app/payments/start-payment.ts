import type { EventLog } from '../../core/event-log.ts';
import { fail, notFound, ok, type Result } from '../../core/result.ts';
import { recordAudit } from '../../db/repositories/audit.repository.ts';
import { loadCustomerIssuedInvoice } from '../../db/repositories/invoice.repository.ts';
import {
  endAttempt,
  insertPaymentAttempt,
  markAttemptOpen,
} from '../../db/repositories/payment.repository.ts';
import { insertProviderEvent } from '../../db/repositories/provider-event.repository.ts';
import type { CustomerRow, OrganizationRow, PaymentAttemptRow } from '../../db/schema.ts';
import { isUniqueViolation } from '../../db/transaction.ts';
import { type JobSender, QUEUES } from '../../jobs/job-queue.ts';
import { type PaymentMethod, ProviderUnavailableError } from '../../payments/payment-provider.ts';
import { amountDueOf } from '../invoices/invoice-view.ts';
import { loadInvoicePaymentState } from './invoice-payment-state.ts';
import { organizationProviders, type PaymentProviderDeps } from './payment-providers.ts';

export interface StartPaymentInput {
  organization: OrganizationRow;
  customer: CustomerRow;
  invoiceId: string;
  /** `<provider>:<method id>` as the portal's form posted it. */
  methodKey: string;
  /** Today in the organization's time zone: the quote is the amount due today. */
  today: string;
  now: Date;
  /** BCP 47, the page's language, e.g. `fr-BE`. */
  locale: string;
  /** Our return page of an attempt (absolute, with a query: `&canceled=1` is added for a cancel). */
  returnUrl: (attemptId: string) => string;
}

/**
 * Starts paying an invoice from the portal (R15): freezes a quote — the amount due now, in the invoice's
 * currency — and opens the provider's hosted checkout for it. A second click reuses the open checkout of
 * the same method while its quote still equals the amount due; an open checkout with another quote is
 * ended first. Refused while paying is blocked (R18), when nothing is due, or when the method is not one
 * the organization enabled. A provider outage is answered as such and counts as no failure.
 */
export async function startPayment(
  deps: PaymentProviderDeps & { log: EventLog; jobs: JobSender },
  input: StartPaymentInput,
): Promise<Result<{ attemptId: string; checkoutUrl: string; reused: boolean }>> {
  const { organization, customer } = input;
  const aggregate = await loadCustomerIssuedInvoice(
    deps.db,
    { organizationId: organization.id, customerId: customer.id },
    input.invoiceId,
  );
  if (!aggregate) return notFound('invoice');
  const { invoice } = aggregate;
  const quote = amountDueOf(aggregate, organization, customer.kind, input.today).amountDueMinor;
  if (quote <= 0) return fail('NOTHING_DUE', 'invoiceId');

  const state = await loadInvoicePaymentState(deps.db, invoice, input.now);
  if (state.lock.locked && state.lock.until)
    return fail('PAYMENTS_LOCKED', 'invoiceId', { until: state.lock.until.toISOString() });
  // A payment on its way (a delayed method, a transfer awaited) is not paid twice by a second method.
  if (state.attempts.some((a) => a.status === 'pending')) return fail('PAYMENT_IN_PROGRESS', 'invoiceId');
  // A checkout being opened by a click a moment ago; one stuck longer than a minute died with its request.
  for (const creating of state.attempts.filter((a) => a.status === 'creating')) {
    if (input.now.getTime() - creating.created_at.getTime() < 60_000)
      return fail('PAYMENT_IN_PROGRESS', 'invoiceId');
    await endAttempt(
      deps.db,
      creating,
      { status: 'unavailable', reason: 'abandoned', from: 'creating' },
      input.now,
    );
  }

  const [providerName, ...rest] = input.methodKey.split(':');
  const methodId = rest.join(':');
  const providers = await organizationProviders(deps, organization);
  const connected = providers.find((p) => p.name === providerName);
  if (!connected) return fail('UNKNOWN_PAYMENT_METHOD', 'method');

  // A second click: the open checkout of this method, while its quote is still what is due.
  for (const attempt of state.attempts.filter((a) => a.status === 'open')) {
    const current =
      attempt.provider === connected.name &&
      attempt.method_id === methodId &&
      attempt.quote_minor === quote &&
      attempt.currency === invoice.currency &&
      attempt.checkout_url !== null &&
      (attempt.expires_at === null || attempt.expires_at.getTime() > input.now.getTime() + 60_000);
    if (current && attempt.checkout_url) {
      return ok({ attemptId: attempt.id, checkoutUrl: attempt.checkout_url, reused: true });
    }
  }

  let method: PaymentMethod | undefined;
  try {
    const methods = await connected.provider.listMethods({
      amountMinor: quote,
      currency: invoice.currency,
      locale: input.locale,
    });
    method = methods.find((m) => m.id === methodId);
  } catch (error) {
    if (error instanceof ProviderUnavailableError) return fail('PROVIDER_UNAVAILABLE', 'method');
    throw error;
  }
  if (!method) return fail('UNKNOWN_PAYMENT_METHOD', 'method');

  // Checkouts with another quote or method end, each at its own provider: only one may be paid. (One a
  // provider will not end early, like an open Mollie card payment, is flagged if it is paid after all.)
  for (const attempt of state.attempts.filter((a) => a.status === 'open')) {
    await endAttempt(deps.db, attempt, { status: 'superseded', from: 'open' }, input.now);
    const own = providers.find((p) => p.name === attempt.provider);
    if (attempt.checkout_id && own) {
      await own.provider
        .expireCheckout(attempt.checkout_id)
        .catch((error: unknown) =>
          deps.log.warn(
            { attemptId: attempt.id, error: String(error) },
            'an earlier checkout could not be ended',
          ),
        );
    }
  }

  let attempt: PaymentAttemptRow;
  try {
    attempt = await insertPaymentAttempt(deps.db, {
      organization_id: organization.id,
      invoice_id: invoice.id,
      provider: connected.name,
      method_id: method.id,
      method_name: method.name,
      is_bank_transfer: method.isBankTransfer,
      quote_minor: quote,
      currency: invoice.currency,
      quoted_on: input.today,
    });
  } catch (error) {
    // Another click opened one at the same instant (one live checkout per invoice).
    if (isUniqueViolation(error)) return fail('PAYMENT_IN_PROGRESS', 'invoiceId');
    throw error;
  }

  try {
    const checkout = await connected.provider.createCheckout({
      amountMinor: quote,
      currency: invoice.currency,
      methodId: method.id,
      description: `${invoice.number} – ${organization.legal_name}`.slice(0, 200),
      attemptId: attempt.id,
      locale: input.locale,
      customerEmail: customer.emails[0] ?? null,
      returnUrl: input.returnUrl(attempt.id),
      cancelUrl: `${input.returnUrl(attempt.id)}&canceled=1`,
      webhookUrl: connected.webhookUrl,
      idempotencyKey: attempt.id,
    });
    // The customer is sent there: only an https page (or our own server, for the demo provider).
    if (!isCheckoutUrl(checkout.url, deps.publicBaseUrl)) {
      throw new Error(`The ${connected.name} checkout address is not an https URL`);
    }
    await deps.db.transaction().execute(async (trx) => {
      await markAttemptOpen(trx, attempt, checkout, input.now);
      // A bank transfer is awaited from the moment its instructions exist, but Mollie does not notify an
      // open transfer: the checkout is read back once, by the same job as a notification.
      if (method.isBankTransfer) {
        const eventRowId = await insertProviderEvent(trx, {
          organization_id: organization.id,
          provider: connected.name,
          event_id: `checkout-opened:${attempt.id}`,
          event_type: 'checkout.opened',
          checkout_id: checkout.checkoutId,
          received_at: input.now,
        });
        if (!eventRowId) throw new Error(`The opening of attempt ${attempt.id} is stored already`);
        await deps.jobs.sendInTransaction(trx, QUEUES.paymentEvent, {
          organizationId: organization.id,
          eventRowId,
        });
      }
      await recordAudit(trx, {
        organizationId: organization.id,
        subjectType: 'invoice',
        subjectId: invoice.id,
        action: 'invoice.payment_started',
        actor: 'customer',
        data: { attemptId: attempt.id, provider: connected.name, method: method.id, quoteMinor: quote },
      });
    });
    return ok({ attemptId: attempt.id, checkoutUrl: checkout.url, reused: false });
  } catch (error) {
    await endAttempt(
      deps.db,
      attempt,
      { status: 'unavailable', reason: String(error).slice(0, 300) },
      input.now,
    );
    if (error instanceof ProviderUnavailableError) return fail('PROVIDER_UNAVAILABLE', 'method');
    throw error;
  }
}

/** An address the customer may be sent to for a checkout: https, our own origin, or (tests) a loopback host. */
export function isCheckoutUrl(url: string, publicBaseUrl: string): boolean {
  try {
    const parsed = new URL(url);
    if (parsed.protocol === 'https:') return true;
    if (parsed.origin === new URL(publicBaseUrl).origin) return true;
    return parsed.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(parsed.hostname);
  } catch {
    return false;
  }
}
