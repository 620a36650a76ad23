import { randomBytes } from 'node:crypto';
import { Migrator } from 'kysely';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { type DatabaseHandle, type DatabaseKind, openDatabase } from '../../src/db/connect-database.ts';
import { migrateToLatest, migrations } from '../../src/db/migrate.ts';
import { contractDatabaseKinds, testDatabaseUrl, withDatabase } from '../support/test-env.ts';

/** An empty, unmigrated database of the given kind, dropped on close. */
async function emptyDatabase(kind: DatabaseKind): Promise<DatabaseHandle> {
  if (kind === 'pglite') return openDatabase({ dataDir: 'memory://' });
  const url = testDatabaseUrl() ?? '';
  const name = `invoice_portal_empty_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const handle = await openDatabase({ databaseUrl: withDatabase(url, name), poolSize: 2 });
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

describe.each(contractDatabaseKinds())('migration 0004 on existing data [%s]', (kind) => {
  it('gives organizations that existed before it a default invoice template per language', async () => {
    const database = await emptyDatabase(kind);
    try {
      const migrator = new Migrator({ db: database.db, provider: { getMigrations: async () => migrations } });
      const partial = await migrator.migrateTo('0003-portal');
      expect(partial.error).toBeUndefined();
      const organization = await database.db
        .insertInto('organizations')
        .values({
          legal_name: 'Old SRL',
          country: 'BE',
          time_zone: 'Europe/Brussels',
          default_language: 'nl',
          default_currency: 'EUR',
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await migrateToLatest(database.db);
      const templates = await database.db
        .selectFrom('email_templates')
        .select(['language', 'is_default', 'body'])
        .where('organization_id', '=', organization.id)
        .orderBy('language')
        .execute();
      expect(templates.map((t) => [t.language, t.is_default])).toEqual([
        ['de', true],
        ['en', true],
        ['fr', true],
        ['nl', true],
      ]);
      for (const t of templates) expect(t.body).toContain('#LINK');
    } finally {
      await database.close();
    }
  }, 60_000);
});
