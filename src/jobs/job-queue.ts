import { fromPglite, PgBoss } from 'pg-boss';
import type { DatabaseHandle } from '../db/connect-database.ts';

export interface JobQueueOptions {
  /** Seconds between polls of an idle queue (pg-boss minimum 0.5; its default of 2 is too slow here). */
  pollingIntervalSeconds: number;
  /** Jobs fetched per poll. */
  batchSize: number;
  /** Workers per queue in this process. */
  concurrency: number;
  /** Connections pg-boss may open on PostgreSQL (its own small pool). */
  poolSize?: number;
}

export const defaultJobQueueOptions: JobQueueOptions = {
  pollingIntervalSeconds: 0.5,
  batchSize: 10,
  concurrency: 2,
  poolSize: 4,
};

/**
 * pg-boss on the same database as the data. On PGlite it goes through `fromPglite`, whose plain queries
 * wait on PGlite's transaction lock, so they can never run inside one of our transactions.
 */
export function createJobQueue(
  database: DatabaseHandle,
  options: JobQueueOptions = defaultJobQueueOptions,
): PgBoss {
  const common = {
    schema: 'pgboss',
    // NOTE: cron and the monitoring loops are not used yet; keeping them off saves the single PGlite
    // connection from background traffic.
    schedule: false,
    supervise: true,
    migrate: true,
  } as const;
  const boss =
    database.kind === 'pglite' && database.pglite
      ? new PgBoss({ ...common, db: fromPglite(database.pglite), backend: 'pglite' })
      : new PgBoss({
          ...common,
          connectionString: database.connectionString ?? undefined,
          max: options.poolSize ?? 4,
        });
  return boss;
}

/** Options for `boss.work()` derived from the queue settings. */
export function workOptions(options: JobQueueOptions) {
  return {
    pollingIntervalSeconds: options.pollingIntervalSeconds,
    batchSize: options.batchSize,
    localConcurrency: options.concurrency,
  };
}
