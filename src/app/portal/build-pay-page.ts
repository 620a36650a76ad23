import type { Lang } from '../../core/lang.ts';
import { isUuid } from '../../core/uuid.ts';
import type { InvoiceAggregate } from '../../db/repositories/invoice.repository.ts';
import type { PayPageModel } from '../../portal/view-models.ts';
import { amountDueOf } from '../invoices/invoice-view.ts';
import { loadInvoicePaymentState } from '../payments/invoice-payment-state.ts';
import { paymentOptions } from '../payments/payment-options.ts';
import type { PaymentProviderDeps } from '../payments/payment-providers.ts';
import { portalCsrfToken, portalPaths } from '../portal-links/portal-link.ts';
import { buildChrome, type PortalPageDeps } from './build-portal-pages.ts';
import type { PortalAccess } from './portal-access.ts';

type Notice = PayPageModel['notice'];

/** Reloads every 4 s while waiting for the provider's notification: about a minute. */
const MAX_WAIT_RELOADS = 15;

/**
 * The pay page's model: what is due, the methods to choose from (or why there are none), and — when the
 * customer comes back from the provider (`attemptId`) — where that payment stands, read from our records
 * (which only a checked provider notification changes).
 */
export async function buildPayPage(
  deps: PortalPageDeps & PaymentProviderDeps,
  access: PortalAccess,
  input: {
    aggregate: InvoiceAggregate;
    lang: Lang;
    today: string;
    now: Date;
    currentUrl: string;
    cspNonce: string;
    attemptId: string | null;
    /** The customer came back through the provider's cancel link. */
    canceled: boolean;
    /** How many times the page has reloaded itself waiting for the provider. */
    waited: number;
    /** Why the last submit was refused, if it was. */
    error: 'provider_unavailable' | 'unknown_method' | 'in_progress' | null;
  },
): Promise<PayPageModel> {
  const { organization, customer, token } = access;
  const { invoice } = input.aggregate;
  const chrome = buildChrome(deps, access, input.lang, input.currentUrl, input.cspNonce);
  const due = amountDueOf(input.aggregate, organization, customer.kind, input.today);
  const state = await loadInvoicePaymentState(deps.db, invoice, input.now);

  const attempt =
    input.attemptId && isUuid(input.attemptId)
      ? state.attempts.find((a) => a.id === input.attemptId)
      : undefined;
  let notice: Notice =
    input.error === 'in_progress' ? { kind: 'processing' } : input.error ? { kind: input.error } : null;
  // A payment on its way (a delayed method): shown, and no second payment offered, whichever page this is.
  const onItsWay = state.attempts.find((a) => a.status === 'pending' && !a.is_bank_transfer);
  if (!notice && !input.attemptId && onItsWay) notice = { kind: 'processing' };
  if (!notice && attempt) {
    switch (attempt.status) {
      case 'paid':
        notice = { kind: 'paid', amountMinor: attempt.quote_minor };
        break;
      case 'pending':
        notice = attempt.is_bank_transfer ? null : { kind: 'processing' };
        break;
      case 'open':
      case 'creating':
        // Back through the cancel link, the checkout is unfinished: offer to resume it or choose again.
        // Otherwise the notification is on its way; after about a minute, stop reloading and say so.
        notice = input.canceled
          ? { kind: 'unfinished', resumeUrl: attempt.checkout_url }
          : input.waited >= MAX_WAIT_RELOADS
            ? { kind: 'still_waiting', resumeUrl: attempt.checkout_url }
            : { kind: 'open', resumeUrl: attempt.checkout_url };
        break;
      case 'failed':
      case 'canceled':
      case 'expired':
      case 'unavailable':
        notice = { kind: attempt.status };
        break;
      case 'superseded':
        notice = null;
        break;
    }
  }
  const transferAttempt = state.awaitingTransfer;
  const transferRow = transferAttempt
    ? state.attempts.find((a) => a.id === transferAttempt.attemptId)
    : undefined;
  const instructions = transferAttempt?.instructions ?? null;

  const options =
    due.amountDueMinor > 0 && !transferRow
      ? await paymentOptions(deps, {
          organization,
          amountDueMinor: due.amountDueMinor,
          currency: invoice.currency,
          locale: chrome.locale,
          lock: state.lock,
        })
      : null;
  if (options?.unavailable && options.methods.length === 0 && !notice)
    notice = { kind: 'provider_unavailable' };

  const pageState: PayPageModel['state'] =
    notice?.kind === 'paid' ||
    notice?.kind === 'processing' ||
    notice?.kind === 'open' ||
    notice?.kind === 'still_waiting' ||
    transferRow
      ? 'done'
      : due.amountDueMinor <= 0
        ? 'nothing_due'
        : state.lock.locked
          ? 'locked'
          : options && options.methods.length > 0
            ? 'choose'
            : 'not_available';

  return {
    chrome,
    invoiceNumber: invoice.number,
    invoiceUrl: portalPaths.invoice(token, invoice.id),
    amountDueMinor: Math.max(0, due.amountDueMinor),
    currency: invoice.currency,
    state: pageState,
    lockedUntil: state.lock.until,
    methods: (options?.methods ?? []).map((m) => ({
      key: m.key,
      id: m.id,
      name: m.name,
      iconUrl: m.iconUrl,
    })),
    formAction: portalPaths.pay(token, invoice.id),
    csrfToken: portalCsrfToken(deps.appSecret, token),
    notice,
    transfer:
      transferRow && instructions
        ? {
            amountMinor: transferRow.quote_minor,
            beneficiary: instructions.beneficiary,
            iban: instructions.iban,
            bic: instructions.bic,
            reference: instructions.reference,
          }
        : null,
    refreshUrl:
      (notice?.kind === 'processing' || notice?.kind === 'open') &&
      (attempt ?? onItsWay) &&
      input.waited < MAX_WAIT_RELOADS
        ? `${portalPaths.pay(token, invoice.id)}?attempt=${(attempt ?? onItsWay)?.id}&waited=${input.waited + 1}`
        : null,
  };
}
