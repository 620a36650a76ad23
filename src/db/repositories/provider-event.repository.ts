import type { Insertable } from 'kysely';
import type { ProviderEventRow, ProviderEventsTable } from '../schema.ts';
import type { Executor } from '../transaction.ts';

/**
 * Stores a provider's notification once per organization, provider and event id (one Stripe account may
 * serve two organizations, each applying its own copy). Returns the new row's id, or undefined when that
 * event is stored already.
 */
export async function insertProviderEvent(
  db: Executor,
  values: Insertable<ProviderEventsTable>,
): Promise<string | undefined> {
  const row = await db
    .insertInto('provider_events')
    .values(values)
    .onConflict((oc) => oc.columns(['organization_id', 'provider', 'event_id']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id;
}

export async function findProviderEvent(
  db: Executor,
  organizationId: string,
  eventRowId: string,
): Promise<ProviderEventRow | undefined> {
  return db
    .selectFrom('provider_events')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('id', '=', eventRowId)
    .executeTakeFirst();
}

/** The event was applied, with what it did (`paid`, `no_change`…). */
export async function recordProviderEventOutcome(
  db: Executor,
  event: Pick<ProviderEventRow, 'organization_id' | 'id'>,
  outcome: string,
  now: Date,
): Promise<void> {
  await db
    .updateTable('provider_events')
    .set({ applied_at: now, outcome })
    .where('organization_id', '=', event.organization_id)
    .where('id', '=', event.id)
    .execute();
}

/**
 * The job queue gave up applying the event (`gave_up`), unless it was applied meanwhile: the provider
 * already had its 200 and will not send it again, so it stays visible. Returns the event when marked.
 */
export async function markProviderEventGivenUp(
  db: Executor,
  organizationId: string,
  eventRowId: string,
): Promise<Pick<ProviderEventRow, 'provider' | 'event_id'> | undefined> {
  return db
    .updateTable('provider_events')
    .set({ outcome: 'gave_up' })
    .where('organization_id', '=', organizationId)
    .where('id', '=', eventRowId)
    .where('applied_at', 'is', null)
    .returning(['provider', 'event_id'])
    .executeTakeFirst();
}

/** When the organization last received a notification from each provider (settings: "events arrive"). */
export async function lastProviderEventTimes(
  db: Executor,
  organizationId: string,
): Promise<Map<ProviderEventRow['provider'], Date>> {
  const rows = await db
    .selectFrom('provider_events')
    .select(['provider', (eb) => eb.fn.max('received_at').as('last')])
    .where('organization_id', '=', organizationId)
    .groupBy('provider')
    .execute();
  return new Map(rows.map((row) => [row.provider, new Date(row.last as unknown as string | Date)]));
}

/**
 * Retention: deletes up to `limit` notifications received before `before` that were applied or given up,
 * oldest first. One still waiting to be applied is never deleted. (A provider replaying a deleted event
 * stores and applies it again, which records nothing twice: application is idempotent.)
 */
export async function deleteSettledProviderEvents(
  db: Executor,
  input: { before: Date; limit: number },
): Promise<number> {
  const result = await db
    .deleteFrom('provider_events')
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('provider_events')
        .select('id')
        .where((w) => w.or([w('applied_at', 'is not', null), w('outcome', '=', 'gave_up')]))
        .where('received_at', '<', input.before)
        .orderBy('received_at')
        .limit(input.limit),
    )
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
