/**
 * The databases the API benchmarks run on: a fresh in-memory PGlite, and a PostgreSQL database created
 * for the run on `BENCH_DATABASE_URL` / `TEST_DATABASE_URL` / the default server, dropped at the end.
 */
import pg from 'pg';
import { type DatabaseHandle, openDatabase } from '../../src/db/connect-database.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { formatMs } from './stats.ts';

export const BENCH_DATABASE = 'invoice_portal_bench';
const DEFAULT_SERVER_URL = 'postgres://postgres@127.0.0.1:5432/test';
export const POOL_SIZE = 10;

/** A migrated database, and what it cost to get there. */
export interface BenchDatabase {
  handle: DatabaseHandle;
  setupMs: number;
  /** E.g. `'PostgreSQL 15.20 (Debian), pool of 10 connections, database invoice_portal_bench'`. */
  description: string;
}

/** Opens and migrates a fresh in-memory PGlite, runs `body` on it, and closes it. */
export async function withPglite<T>(body: (database: BenchDatabase) => Promise<T>): Promise<T> {
  const started = performance.now();
  const handle = await openDatabase({ dataDir: 'memory://' });
  try {
    await migrateToLatest(handle.db);
    const setupMs = performance.now() - started;
    console.log(`  PGlite (in memory) opened and migrated in ${formatMs(setupMs)}`);
    return await body({ handle, setupMs, description: 'PGlite in memory (memory://)' });
  } finally {
    await handle.close();
  }
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** Runs `sql` on the server's admin database; the error when the server cannot be reached. */
async function adminQuery(url: string, sql: string, params: unknown[] = []): Promise<unknown[]> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    return (await client.query(sql, params)).rows;
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * Drops the benchmark database once the closed pool's connections are gone.
 *
 * NOTE: pg-pool's `end()` resolves before its connections have closed, and the pool has no 'error'
 * listener: terminating those backends at once (`drop database … with (force)`) makes an idle client emit
 * 'error' on the pool, which crashes the process. So wait for the server to see them leave first.
 */
async function dropBenchDatabase(serverUrl: string): Promise<void> {
  const deadline = performance.now() + 5000;
  while (performance.now() < deadline) {
    const [row] = (await adminQuery(
      serverUrl,
      'select count(*)::int as connections from pg_stat_activity where datname = $1',
      [BENCH_DATABASE],
    )) as { connections: number }[];
    if (!row || row.connections === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await adminQuery(serverUrl, `drop database if exists ${BENCH_DATABASE} with (force)`);
}

/**
 * Creates the database BENCH_DATABASE (dropping one an earlier run left behind), connects with a pool of
 * POOL_SIZE, migrates it, runs `body`, then drops it. When the server cannot be reached, prints a note
 * and returns null.
 */
export async function withPostgres<T>(body: (database: BenchDatabase) => Promise<T>): Promise<T | null> {
  const serverUrl = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL || DEFAULT_SERVER_URL;
  const redacted = serverUrl.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
  try {
    await adminQuery(serverUrl, `drop database if exists ${BENCH_DATABASE} with (force)`);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    console.log(
      `  NOTE: PostgreSQL at ${redacted} is not reachable (${reason}); PostgreSQL benchmarks skipped.`,
    );
    return null;
  }
  await adminQuery(serverUrl, `create database ${BENCH_DATABASE}`);
  try {
    const started = performance.now();
    const handle = await openDatabase({
      databaseUrl: withDatabase(serverUrl, BENCH_DATABASE),
      poolSize: POOL_SIZE,
    });
    try {
      await migrateToLatest(handle.db);
      const setupMs = performance.now() - started;
      const version = await handle.db
        .selectNoFrom((eb) => eb.fn<string>('current_setting', [eb.val('server_version')]).as('version'))
        .executeTakeFirstOrThrow();
      console.log(`  PostgreSQL ${version.version} at ${redacted}: database ${BENCH_DATABASE} migrated`);
      return await body({
        handle,
        setupMs,
        description: `PostgreSQL ${version.version}, pool of ${POOL_SIZE} connections, database ${BENCH_DATABASE}`,
      });
    } finally {
      await handle.close();
    }
  } finally {
    await dropBenchDatabase(serverUrl);
  }
}
