import { sql } from 'kysely';
import type { Db } from '../../src/db/transaction.ts';
import { QUEUE_POLICIES, type QueueName, type QueuePolicies } from '../../src/jobs/job-queue.ts';

/**
 * Queue policies for tests: retries a second apart; a dead worker's e-mail job back once its heartbeat
 * has been missing for 10 s (pg-boss's minimum), as in production.
 */
export const FAST_POLICIES: QueuePolicies = {
  ...QUEUE_POLICIES,
  'email-send': {
    retryLimit: 30,
    retryDelay: 1,
    retryBackoff: false,
    expireInSeconds: 120,
    heartbeatSeconds: 10,
    deadLetter: 'email-send-dead',
  },
  'comment-created': { retryLimit: 5, retryDelay: 1, retryBackoff: false, expireInSeconds: 30 },
  'payment-event': { retryLimit: 20, retryDelay: 1, retryBackoff: false, expireInSeconds: 60 },
  'invoice-notification': { retryLimit: 5, retryDelay: 1, retryBackoff: false, expireInSeconds: 30 },
};

/** The path and query of an absolute portal URL, for `app.inject`. */
export function pathOf(url: string): string {
  const u = new URL(url);
  return `${u.pathname}${u.search}`;
}

/** Whether every job of these queues has finished (completed or failed for good): nothing more can come. */
export async function jobsDone(db: Db, queues: readonly QueueName[]): Promise<boolean> {
  const open = await sql<{ n: number }>`
    select count(*)::int as n from pgboss.job
    where name = any(${[...queues]}) and state not in ('completed', 'failed', 'cancelled')`.execute(db);
  return open.rows[0]?.n === 0;
}
