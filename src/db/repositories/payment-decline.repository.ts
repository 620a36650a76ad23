import { sql } from 'kysely';
import type { Executor } from '../transaction.ts';

/**
 * Declined tries to pay (R18) are kept as the invoice's `invoice.payment_declined` audit entries, which are
 * never pruned: a declined card leaves its checkout open, so no attempt's status records it. Each carries
 * the provider's event id (counted once) and the instant it was applied, by the injected clock.
 */
const DECLINED = 'invoice.payment_declined';

export interface PaymentDecline {
  readonly attemptId: string;
  /** The provider's event id (`evt_…`): one decline per event. */
  readonly eventId: string;
  readonly reason: string | null;
  readonly at: Date;
}

export async function recordPaymentDecline(
  db: Executor,
  entry: { organizationId: string; invoiceId: string; provider: string; decline: PaymentDecline },
): Promise<void> {
  const { decline } = entry;
  await db
    .insertInto('audit_events')
    .values({
      organization_id: entry.organizationId,
      subject_type: 'invoice',
      subject_id: entry.invoiceId,
      action: DECLINED,
      actor: `provider:${entry.provider}`,
      data: JSON.stringify({
        provider: entry.provider,
        attemptId: decline.attemptId,
        eventId: decline.eventId,
        reason: decline.reason,
        at: decline.at.toISOString(),
      }),
    })
    .execute();
}

/** Whether this provider event's decline is recorded already (a job run twice counts it once). */
export async function hasPaymentDecline(
  db: Executor,
  entry: { organizationId: string; invoiceId: string; eventId: string },
): Promise<boolean> {
  const row = await db
    .selectFrom('audit_events')
    .select('id')
    .where('organization_id', '=', entry.organizationId)
    .where('subject_type', '=', 'invoice')
    .where('subject_id', '=', entry.invoiceId)
    .where('action', '=', DECLINED)
    .where(sql<string>`data->>'eventId'`, '=', entry.eventId)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** The invoice's declined tries, oldest first. */
export async function listPaymentDeclines(
  db: Executor,
  organizationId: string,
  invoiceId: string,
): Promise<PaymentDecline[]> {
  const rows = await db
    .selectFrom('audit_events')
    .select('data')
    .where('organization_id', '=', organizationId)
    .where('subject_type', '=', 'invoice')
    .where('subject_id', '=', invoiceId)
    .where('action', '=', DECLINED)
    .orderBy('id')
    .execute();
  return rows.map(({ data }) => ({
    attemptId: String(data.attemptId),
    eventId: String(data.eventId),
    reason: typeof data.reason === 'string' ? data.reason : null,
    at: new Date(String(data.at)),
  }));
}
