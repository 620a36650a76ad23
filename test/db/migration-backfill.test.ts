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

describe.each(contractDatabaseKinds())('migration 0009 on existing data [%s]', (kind) => {
  it('backfills paid_minor and credited_minor from the payments and credit notes already recorded', async () => {
    const database = await emptyDatabase(kind);
    try {
      const db = database.db;
      const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
      expect((await migrator.migrateTo('0007-back-office')).error).toBeUndefined();
      const { id: organizationId } = await db
        .insertInto('organizations')
        .values({
          legal_name: 'Old SRL',
          country: 'BE',
          time_zone: 'Europe/Brussels',
          default_language: 'fr',
          default_currency: 'EUR',
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const { id: customerId } = await db
        .insertInto('customers')
        .values({ organization_id: organizationId, kind: 'company', name: 'Client', language: 'fr' })
        .returning('id')
        .executeTakeFirstOrThrow();
      const invoice = (number: string) => ({
        organization_id: organizationId,
        customer_id: customerId,
        number,
        state: 'issued' as const,
        issue_date: '2026-01-10',
        due_date: '2026-02-10',
        currency: 'EUR',
        net_total_minor: 10000,
        vat_total_minor: 2100,
        total_minor: 12100,
        vat_breakdown: '[]',
      });
      // Inserted before the columns exist: only the columns of migrations up to 0007.
      const [a, b] = await db
        .insertInto('invoices')
        .values([invoice('A'), invoice('B')])
        .returning('id')
        .execute();
      if (!a || !b) throw new Error('no invoices');
      const payment = {
        organization_id: organizationId,
        invoice_id: a.id,
        currency: 'EUR',
        paid_on: '2026-01-20',
        method: 'cash',
        source: 'manual' as const,
      };
      await db
        .insertInto('payments')
        .values([
          { ...payment, amount_minor: 5000 },
          { ...payment, amount_minor: -1000 },
        ])
        .execute();
      await db
        .insertInto('credit_notes')
        .values({
          organization_id: organizationId,
          invoice_id: a.id,
          customer_id: customerId,
          number: 'CN',
          issue_date: '2026-01-21',
          currency: 'EUR',
          net_total_minor: 1000,
          vat_total_minor: 210,
          total_minor: 1210,
          vat_breakdown: '[]',
        })
        .execute();
      await migrateToLatest(db);
      const rows = await db
        .selectFrom('invoices')
        .select(['number', 'paid_minor', 'credited_minor'])
        .orderBy('number')
        .execute();
      expect(rows).toEqual([
        { number: 'A', paid_minor: 4000, credited_minor: 1210 },
        { number: 'B', paid_minor: 0, credited_minor: 0 },
      ]);
    } finally {
      await database.close();
    }
  });
});
