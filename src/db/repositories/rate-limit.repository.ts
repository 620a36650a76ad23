import { sql } from 'kysely';
import type { Executor } from '../transaction.ts';

/** `rate_limit_counters` (migration 0013): one fixed window's hits of one client key in one bucket. */
interface RateLimitCountersTable {
  bucket: string;
  /** HMAC of the client's address under APP_SECRET; the address itself is never stored. */
  key_hmac: string;
  window_start: Date;
  /** The window's end: from then on the row counts for nothing and may be deleted. */
  expires_at: Date;
  hits: number;
}

// NOTE: the table is known to these functions only (no other file reads it), so its type is added here
// rather than to the shared Database interface.
const counters = (db: Executor) => db.withTables<{ rate_limit_counters: RateLimitCountersTable }>();

export interface RateLimitWindow {
  bucket: string;
  keyHmac: string;
  windowStart: Date;
  expiresAt: Date;
}

/** The hits counted so far in one window (0 when none). */
export async function countRateLimitHits(db: Executor, window: RateLimitWindow): Promise<number> {
  const row = await counters(db)
    .selectFrom('rate_limit_counters')
    .select('hits')
    .where('bucket', '=', window.bucket)
    .where('key_hmac', '=', window.keyHmac)
    .where('window_start', '=', window.windowStart)
    .executeTakeFirst();
  return row?.hits ?? 0;
}

/**
 * Counts one hit in a window and returns the window's hits including it. One statement (an upsert), so hits
 * from any number of processes at once are all counted.
 */
export async function recordRateLimitHit(db: Executor, window: RateLimitWindow): Promise<number> {
  const row = await counters(db)
    .insertInto('rate_limit_counters')
    .values({
      bucket: window.bucket,
      key_hmac: window.keyHmac,
      window_start: window.windowStart,
      expires_at: window.expiresAt,
      hits: 1,
    })
    .onConflict((oc) =>
      oc
        .columns(['bucket', 'key_hmac', 'window_start'])
        .doUpdateSet({ hits: sql<number>`rate_limit_counters.hits + 1` }),
    )
    .returning('hits')
    .executeTakeFirstOrThrow();
  return row.hits;
}

/**
 * Deletes at most `max` counters whose window ended before `now` (oldest first, through the expiry index),
 * so each caller does a bounded share of the cleaning. Returns how many were deleted.
 */
export async function deleteExpiredRateLimitCounters(db: Executor, now: Date, max: number): Promise<number> {
  const t = counters(db);
  const result = await t
    .deleteFrom('rate_limit_counters')
    .where((eb) =>
      eb(
        eb.refTuple('bucket', 'key_hmac', 'window_start'),
        'in',
        eb
          .selectFrom('rate_limit_counters')
          .select(['bucket', 'key_hmac', 'window_start'])
          .where('expires_at', '<=', now)
          .orderBy('expires_at')
          .limit(max)
          .$asTuple('bucket', 'key_hmac', 'window_start'),
      ),
    )
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
