import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { type DatabaseHandle, type DatabaseKind, openDatabase } from '../../src/db/connect-database.ts';
import { PGLITE_DUMP_PATH, TEMPLATE_DATABASE, testDatabaseUrl, withDatabase } from './test-env.ts';

/**
 * A fresh, migrated database of the given kind for one test file: PGlite in memory from the dump, or a
 * PostgreSQL database cloned from the template (dropped again on close).
 */
export async function openTestDatabase(kind: DatabaseKind): Promise<DatabaseHandle> {
  if (kind === 'pglite') {
    const dump = new Blob([readFileSync(PGLITE_DUMP_PATH)]);
    return openDatabase({ dataDir: 'memory://', loadDataDir: dump });
  }
  const url = testDatabaseUrl();
  if (!url) throw new Error('TEST_DATABASE_URL is not set');
  const name = `invoice_portal_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`create database ${name} template ${TEMPLATE_DATABASE}`);
  } finally {
    await admin.end();
  }
  const handle = await openDatabase({ databaseUrl: withDatabase(url, name), poolSize: 5 });
  return {
    ...handle,
    close: async () => {
      await handle.close();
      const dropper = new pg.Client({ connectionString: url });
      await dropper.connect();
      await dropper.query(`drop database if exists ${name} with (force)`);
      await dropper.end();
    },
  };
}
