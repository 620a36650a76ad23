import type { JobResult, PgBoss } from 'pg-boss';
import { pruneOldRecords, type RetentionPolicy } from '../app/maintenance/prune-old-records.ts';
import type { EventLog } from '../core/event-log.ts';
import type { Db } from '../db/transaction.ts';
import { type JobQueueOptions, QUEUES, workOptions } from '../jobs/job-queue.ts';

/** Every day at 03:17 UTC: a quiet hour in Europe, off the round hour other jobs crowd. */
export const PRUNE_SCHEDULE = '17 3 * * *';

export interface MaintenanceWorkerDeps {
  db: Db;
  log: EventLog;
  clock: () => Date;
  retention: RetentionPolicy;
}

/**
 * Schedules retention with pg-boss's own cron and works its queue. `schedule` upserts one row per queue
 * (and key), so every worker process registering it leaves one schedule; pg-boss's cron pass, claimed by
 * one process at a time and filed under a singleton key per occurrence, sends each day's job once however
 * many processes run. A day missed while everything was down is run once on the next pass.
 */
export async function registerMaintenanceWorker(
  boss: PgBoss,
  deps: MaintenanceWorkerDeps,
  settings: { options: JobQueueOptions; cron?: string },
): Promise<void> {
  await boss.schedule(QUEUES.maintenancePrune, settings.cron ?? PRUNE_SCHEDULE, null, {
    tz: 'UTC',
    missed: 'once',
  });
  const options = { ...workOptions(settings.options), localConcurrency: 1, perJobResults: true } as const;
  await boss.work<Record<string, never>, JobResult[], typeof options>(
    QUEUES.maintenancePrune,
    options,
    async (jobs) => {
      const results: JobResult[] = [];
      for (const job of jobs) {
        try {
          const counts = await pruneOldRecords(deps, { now: deps.clock(), retention: deps.retention });
          results.push({ id: job.id, status: 'completed', output: counts });
        } catch (error) {
          results.push({ id: job.id, status: 'failed', output: { error: String(error) } });
        }
      }
      return results;
    },
  );
}
