import { renameSync, writeFileSync } from 'node:fs';
import pg from 'pg';
import { openDatabase } from '../../src/db/connect-database.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { createJobQueue } from '../../src/jobs/job-queue.ts';
import { PGLITE_DUMP_PATH, TEMPLATE_DATABASE, testDatabaseUrl, withDatabase } from './test-env.ts';

/**
 * Migrates once per run: a PGlite dump (a fresh PGlite costs seconds, loading a dump ~0.3 s) and a
 * PostgreSQL template database that each test file clones with CREATE DATABASE … TEMPLATE.
 */
export default async function setup() {
  const embedded = await openDatabase({ dataDir: 'memory://' });
  await migrateToLatest(embedded.db);
  const boss = createJobQueue(embedded);
  await boss.start();
  await boss.stop({ graceful: false, close: false });
  const dump = await embedded.pglite?.dumpDataDir('none');
  if (!dump) throw new Error('PGlite dump failed');
  const partial = `${PGLITE_DUMP_PATH}.${process.pid}`;
  writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
  renameSync(partial, PGLITE_DUMP_PATH);
  await embedded.close();

  const url = testDatabaseUrl();
  if (url) {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`drop database if exists ${TEMPLATE_DATABASE} with (force)`);
    await admin.query(`create database ${TEMPLATE_DATABASE}`);
    await admin.end();
    const server = await openDatabase({ databaseUrl: withDatabase(url, TEMPLATE_DATABASE), poolSize: 2 });
    await migrateToLatest(server.db);
    const serverBoss = createJobQueue(server);
    await serverBoss.start();
    await serverBoss.stop({ graceful: false });
    await server.close();
  }
}
