import { sql } from 'kysely';
import type { PgBoss } from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/connect-database.ts';
import { createJobQueue, QUEUES, startJobQueue } from '../../src/jobs/job-queue.ts';
import { PRUNE_SCHEDULE, registerMaintenanceWorker } from '../../src/workers/maintenance-worker.ts';
import { openTestDatabase } from '../support/test-database.ts';
import { contractDatabaseKinds } from '../support/test-env.ts';

/**
 * The retention job is scheduled with pg-boss's own cron: two worker processes (two pg-boss instances
 * on one database) registering it leave one schedule, and an occurrence that comes due runs once.
 * The occurrence is set a few seconds ahead (a six-field cron expression names the second), and the
 * cron pass runs every second, so the test ends within seconds; every wait is bounded.
 */

const jobOptions = {
  pollingIntervalSeconds: 0.5,
  batchSize: 10,
  concurrency: 1,
  poolSize: 2,
  schedule: true,
  cronMonitorIntervalSeconds: 1,
};

async function until(condition: () => boolean | Promise<boolean>, what: string, ms = 30_000) {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe.each(contractDatabaseKinds())('the retention schedule (%s)', (kind) => {
  let database: DatabaseHandle;
  const bosses: PgBoss[] = [];
  const runs: string[] = [];

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    for (let i = 0; i < 2; i += 1) {
      const boss = createJobQueue(database, jobOptions);
      boss.on('error', () => {});
      await startJobQueue(boss);
      bosses.push(boss);
    }
  }, 120_000);
  afterAll(async () => {
    for (const boss of bosses) await boss.stop({ graceful: false });
    await database?.close();
  });

  it('is registered once by two processes and a due occurrence runs once', async () => {
    const due = new Date(Date.now() + 4000);
    const cron = `${due.getUTCSeconds()} ${due.getUTCMinutes()} ${due.getUTCHours()} * * *`;
    for (const [index, boss] of bosses.entries()) {
      await registerMaintenanceWorker(
        boss,
        {
          db: database.db,
          log: { info: () => runs.push(`process ${index}`), warn: () => {} },
          clock: () => new Date(),
          retention: { emailBodyDays: 90, webhookDeliveryDays: 30, providerEventDays: 90 },
        },
        { options: jobOptions, cron },
      );
    }
    const schedules = await bosses[0]?.getSchedules(QUEUES.maintenancePrune);
    expect(schedules?.map((s) => s.cron)).toEqual([cron]);

    await until(() => runs.length > 0, 'the scheduled run');
    // Both processes keep running cron passes meanwhile; none sends the occurrence again.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect(runs).toHaveLength(1);
    const jobs = await sql<{ n: string | number }>`
      select count(*) as n from pgboss.job where name = ${QUEUES.maintenancePrune}`.execute(database.db);
    expect(Number(jobs.rows[0]?.n)).toBe(1);
  }, 60_000);

  it('schedules the daily run by default, replacing the row rather than adding one', async () => {
    await bosses[1]?.schedule(QUEUES.maintenancePrune, PRUNE_SCHEDULE, null, { tz: 'UTC', missed: 'once' });
    const schedules = await bosses[0]?.getSchedules(QUEUES.maintenancePrune);
    expect(schedules?.map((s) => [s.cron, s.timezone])).toEqual([[PRUNE_SCHEDULE, 'UTC']]);
  });
});
