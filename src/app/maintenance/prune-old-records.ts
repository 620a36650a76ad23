import type { EventLog } from '../../core/event-log.ts';
import { deleteExpiredChallengesBatch } from '../../db/repositories/admin-passkey.repository.ts';
import {
  deleteEndedSessions,
  deleteExpiredSignInTokens,
  deleteOldSignInRequests,
} from '../../db/repositories/admin-session.repository.ts';
import { pruneEmailBodies } from '../../db/repositories/outgoing-email.repository.ts';
import { deleteSettledProviderEvents } from '../../db/repositories/provider-event.repository.ts';
import { deleteExpiredRateLimitCounters } from '../../db/repositories/rate-limit.repository.ts';
import { deleteEndedWebhookDeliveries } from '../../db/repositories/webhook.repository.ts';
import type { Db } from '../../db/transaction.ts';

/** How long each kind of record is kept, in days; 0 keeps it for ever (`RETENTION_*_DAYS`). */
export interface RetentionPolicy {
  emailBodyDays: number;
  webhookDeliveryDays: number;
  providerEventDays: number;
}

/** Rows each statement touches: small enough that no batch holds its locks for long. */
export const PRUNE_BATCH_SIZE = 500;
/** Batches per kind in one run, so a run ends in bounded time; a larger backlog goes on the next run. */
export const PRUNE_MAX_BATCHES = 200;

/** Sign-in requests count toward their limits for 15 minutes; an hour's margin is kept. */
const SIGN_IN_REQUEST_KEEP_MS = 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

export type PruneCounts = Record<
  | 'emailBodies'
  | 'webhookDeliveries'
  | 'providerEvents'
  | 'sessions'
  | 'signInTokens'
  | 'signInRequests'
  | 'passkeyChallenges'
  | 'rateLimitCounters',
  number
>;

/** One kind of record to prune: a batch function returning how many rows it pruned. */
interface Pruner {
  name: keyof PruneCounts;
  batch: (db: Db, limit: number) => Promise<number>;
}

/**
 * Prunes what is kept only for a while: the bodies of old e-mails (the row stays), ended webhook
 * deliveries, provider notifications applied or given up, ended back-office sessions, expired sign-in
 * links and passkey challenges, spent sign-in requests and ended rate-limit windows. Never invoices, payments, credit notes,
 * comments or the audit trail: no pruner touches them.
 *
 * Each kind is pruned in batches of `batchSize` rows, one statement each (no transaction around them: a
 * pruned batch stays pruned), until a batch comes back short or `maxBatches` ran. `now` is passed in; every
 * cut-off is computed from it. Writes one log line with the counts.
 * The shared rate-limit counters whose window has ended go too (each counted hit also deletes a few; this
 * sweeps what a quiet installation leaves behind).
 */
export async function pruneOldRecords(
  deps: { db: Db; log: EventLog },
  input: { now: Date; retention: RetentionPolicy; batchSize?: number; maxBatches?: number },
): Promise<PruneCounts> {
  const { now, retention } = input;
  const batchSize = input.batchSize ?? PRUNE_BATCH_SIZE;
  const maxBatches = input.maxBatches ?? PRUNE_MAX_BATCHES;
  const daysAgo = (days: number) => new Date(now.getTime() - days * DAY_MS);
  const pruners: Pruner[] = [];
  if (retention.emailBodyDays > 0) {
    const before = daysAgo(retention.emailBodyDays);
    pruners.push({ name: 'emailBodies', batch: (db, limit) => pruneEmailBodies(db, { before, now, limit }) });
  }
  if (retention.webhookDeliveryDays > 0) {
    const before = daysAgo(retention.webhookDeliveryDays);
    pruners.push({
      name: 'webhookDeliveries',
      batch: (db, limit) => deleteEndedWebhookDeliveries(db, { before, limit }),
    });
  }
  if (retention.providerEventDays > 0) {
    const before = daysAgo(retention.providerEventDays);
    pruners.push({
      name: 'providerEvents',
      batch: (db, limit) => deleteSettledProviderEvents(db, { before, limit }),
    });
  }
  const signInRequestsBefore = new Date(now.getTime() - SIGN_IN_REQUEST_KEEP_MS);
  pruners.push(
    { name: 'sessions', batch: (db, limit) => deleteEndedSessions(db, { now, limit }) },
    { name: 'signInTokens', batch: (db, limit) => deleteExpiredSignInTokens(db, { now, limit }) },
    {
      name: 'signInRequests',
      batch: (db, limit) => deleteOldSignInRequests(db, { before: signInRequestsBefore, limit }),
    },
    { name: 'passkeyChallenges', batch: (db, limit) => deleteExpiredChallengesBatch(db, { now, limit }) },
    { name: 'rateLimitCounters', batch: (db, limit) => deleteExpiredRateLimitCounters(db, now, limit) },
  );

  const counts: PruneCounts = {
    emailBodies: 0,
    webhookDeliveries: 0,
    providerEvents: 0,
    sessions: 0,
    signInTokens: 0,
    signInRequests: 0,
    passkeyChallenges: 0,
    rateLimitCounters: 0,
  };
  for (const pruner of pruners) {
    for (let batch = 0; batch < maxBatches; batch += 1) {
      const pruned = await pruner.batch(deps.db, batchSize);
      counts[pruner.name] += pruned;
      if (pruned < batchSize) break;
    }
  }
  deps.log.info(
    { ...counts, asOf: now.toISOString() },
    `retention: pruned ${Object.entries(counts)
      .map(([name, count]) => `${name}=${count}`)
      .join(' ')} (as of ${now.toISOString()})`,
  );
  return counts;
}
