import { randomUUID } from 'node:crypto';
import type { EventLog } from '../../core/event-log.ts';
import { findUnsafeText } from '../../core/unsafe-text.ts';
import { insertProviderEvent } from '../../db/repositories/provider-event.repository.ts';
import { type JobSender, QUEUES } from '../../jobs/job-queue.ts';
import type { PaymentProviderName } from '../../payments/payment-provider.ts';
import { type PaymentProviderDeps, providerForWebhook } from './payment-providers.ts';

/** What became of a notification; the webhook route answers the provider from it. */
export type IntakeOutcome =
  /** Checked and stored with its job (`stored: false`: the same event was stored already). */
  | { outcome: 'accepted'; stored: boolean }
  /** A forged signature, or a body or ids we cannot read: nothing is stored. */
  | { outcome: 'refused'; reason: 'bad_signature' | 'malformed' }
  /** No such payment account (or no demo organization) for this provider. */
  | { outcome: 'unknown_account' };

/**
 * A provider's notification, received (`POST /webhooks/<provider>/<account>`): checked (Stripe: the
 * signature on the raw body), stored once per provider event id and handed to a `payment-event` job in
 * one transaction, then answered at once. Nothing is decided here: the job re-reads the truth from the
 * provider. A duplicate is accepted and stored no second time; a forged request is refused and logged.
 */
export async function receiveProviderEvent(
  deps: PaymentProviderDeps & { jobs: JobSender; log: EventLog },
  input: {
    provider: PaymentProviderName;
    /** The payment account's id, or the organization's for the demo provider. */
    accountId: string;
    rawBody: Buffer;
    headers: Readonly<Record<string, string | string[] | undefined>>;
    now: Date;
  },
): Promise<IntakeOutcome> {
  const resolved = await providerForWebhook(deps, input.provider, input.accountId);
  if (!resolved) return { outcome: 'unknown_account' };
  const notice = resolved.provider.readWebhook({ rawBody: input.rawBody, headers: input.headers });
  if (!notice.ok) {
    deps.log.warn(
      { provider: input.provider, accountId: input.accountId, reason: notice.reason },
      notice.reason === 'bad_signature'
        ? 'refused a payment notification with a bad signature'
        : 'refused a malformed payment notification',
    );
    return { outcome: 'refused', reason: notice.reason };
  }
  // Ids and types are stored as text: one the database cannot hold is a malformed notification, not a 500.
  if (findUnsafeText([notice.eventId, notice.type, notice.checkoutId, notice.paymentId])) {
    deps.log.warn(
      { provider: input.provider, accountId: input.accountId },
      'refused a payment notification with control characters',
    );
    return { outcome: 'refused', reason: 'malformed' };
  }
  // A provider without event ids (Mollie) notifies with the payment's id only: each notification is its
  // own event; applying is idempotent, so a repeated one changes nothing.
  const eventId = notice.eventId ?? `${notice.paymentId ?? notice.checkoutId}@${randomUUID()}`;
  const stored = await deps.db.transaction().execute(async (trx) => {
    const eventRowId = await insertProviderEvent(trx, {
      organization_id: resolved.organizationId,
      provider: input.provider,
      event_id: eventId,
      event_type: notice.type,
      checkout_id: notice.checkoutId,
      payment_id: notice.paymentId,
      received_at: input.now,
    });
    if (eventRowId) {
      await deps.jobs.sendInTransaction(trx, QUEUES.paymentEvent, {
        organizationId: resolved.organizationId,
        eventRowId,
      });
    }
    return eventRowId !== undefined;
  });
  return { outcome: 'accepted', stored };
}
