import { sql } from 'kysely';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/connect-database.ts';
import { eventually } from '../support/smtp-sink.ts';
import { testDatabaseUrl } from '../support/test-env.ts';

/**
 * PostgreSQL ends a connection (a restart, a failover, pg_terminate_backend) while the service holds it
 * between two queries of a transaction. The pool's own error listener is off while a connection is checked
 * out, so without one of ours the connection's 'error' event went unhandled and killed the process (found
 * by the fault tests' PostgreSQL restart). Now the transaction fails, the broken connection is dropped and
 * the next query gets a new one.
 */
const url = testDatabaseUrl();
if (!url && process.env.CI) throw new Error('CI must run the PostgreSQL tests: TEST_DATABASE_URL is not set');

describe.skipIf(!url)('a connection ended by the server while checked out', () => {
  it('fails that transaction only; the process lives and the pool serves the next query', async () => {
    const told: string[] = [];
    const database = await openDatabase({
      databaseUrl: url,
      poolSize: 2,
      onIdleError: (error) => told.push(error.message),
    });
    const admin = new pg.Client({ connectionString: url ?? '' });
    await admin.connect();
    try {
      const outcome = await database.db
        .transaction()
        .execute(async (trx) => {
          const pid = (await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx)).rows[0]?.pid;
          await admin.query('select pg_terminate_backend($1)', [pid]);
          // The server's notice arrives while the transaction waits between queries.
          await eventually(() => told.length > 0, 'the connection error to be reported', 10_000);
          await sql`select 1`.execute(trx);
          return 'committed';
        })
        .catch((error: unknown) => `refused: ${error instanceof Error ? error.message : String(error)}`);
      expect(outcome).toMatch(/^refused: /);
      expect(told.join('\n')).toMatch(/terminating connection due to administrator command/);
      const again = await sql<{ one: number }>`select 1 as one`.execute(database.db);
      expect(again.rows).toEqual([{ one: 1 }]);
    } finally {
      await admin.end();
      await database.close();
    }
  });
});
