import type { FastifyInstance } from 'fastify';
import type { PgBoss } from 'pg-boss';
import type { Config } from './config.ts';
import { type DatabaseHandle, openDatabase } from './db/connect-database.ts';
import { migrateToLatest } from './db/migrate.ts';
import { buildApp } from './http/build-app.ts';
import { createJobQueue, jobSender, QUEUE_POLICIES, startJobQueue } from './jobs/job-queue.ts';
import { registerWebhookWorker } from './jobs/webhook-worker.ts';

export interface RunningService {
  app: FastifyInstance;
  database: DatabaseHandle;
  jobs: PgBoss;
  stop(): Promise<void>;
}

/** Opens the database of the configuration and brings its schema (and pg-boss's) up to date. */
export async function openMigratedDatabase(config: Config): Promise<DatabaseHandle> {
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    poolSize: config.databasePoolSize,
    onIdleError: (error) =>
      console.warn(`database: an idle connection was dropped (${error.message}); it will be replaced`),
  });
  try {
    await migrateToLatest(database.db);
    return database;
  } catch (error) {
    await database.close();
    throw error;
  }
}

/**
 * The composition root: the only place that knows every adapter. Builds the service on an open database,
 * starts the job queue and the HTTP server.
 */
export async function startService(
  config: Config,
  database: DatabaseHandle,
  options: { clock?: () => Date } = {},
): Promise<RunningService> {
  const jobs = createJobQueue(database, { ...config.jobs, poolSize: 4 });
  jobs.on('error', (error) => console.error('job queue error:', error));
  await startJobQueue(jobs);
  const clock = options.clock ?? (() => new Date());
  await registerWebhookWorker(
    jobs,
    { db: database.db, appSecret: config.appSecret, fetch: globalThis.fetch, clock },
    {
      options: config.jobs,
      policy: QUEUE_POLICIES['webhook-deliver'],
      onError: (error) => console.error('webhook delivery error:', error),
    },
  );
  const app = await buildApp({
    db: database.db,
    clock,
    publicBaseUrl: config.publicBaseUrl,
    appSecret: config.appSecret,
    jobs: jobSender(jobs),
    trustProxy: config.trustProxy,
    logger: config.logLevel === 'silent' ? false : { level: config.logLevel },
  });
  await app.listen({ port: config.port, host: config.host });
  let stopped = false;
  return {
    app,
    database,
    jobs,
    async stop() {
      if (stopped) return;
      stopped = true;
      await app.close();
      await jobs.stop({ graceful: true, timeout: 10_000 });
      await database.close();
    },
  };
}
