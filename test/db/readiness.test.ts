import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkReadiness } from '../../src/app/operations/check-readiness.ts';
import type { DatabaseHandle } from '../../src/db/connect-database.ts';
import { migrations } from '../../src/db/migrate.ts';
import { openTestDatabase } from '../support/test-database.ts';
import { contractDatabaseKinds } from '../support/test-env.ts';

describe.each(contractDatabaseKinds())('readiness [%s]', (kind) => {
  let database: DatabaseHandle;
  beforeAll(async () => {
    database = await openTestDatabase(kind);
  });
  afterAll(async () => {
    await database?.close();
  });

  it('is ready on a database migrated to exactly this version', async () => {
    expect(await checkReadiness(database.db, { draining: false })).toEqual({
      status: 'ready',
      failing: [],
      checks: { database: { ok: true }, migrations: { ok: true }, shutdown: { ok: true } },
    });
  });

  it('is not ready while draining, naming the shutdown', async () => {
    const readiness = await checkReadiness(database.db, { draining: true });
    expect(readiness.status).toBe('not-ready');
    expect(readiness.failing).toEqual(['shutdown']);
  });

  it('is not ready with a migration missing, naming it', async () => {
    const last = Object.keys(migrations).at(-1) ?? '';
    const row = await sql<{ name: string; timestamp: string }>`
      select name, timestamp from kysely_migration where name = ${last}`.execute(database.db);
    await sql`delete from kysely_migration where name = ${last}`.execute(database.db);
    try {
      const readiness = await checkReadiness(database.db, { draining: false });
      expect(readiness.failing).toEqual(['migrations']);
      expect(readiness.checks.migrations).toEqual({
        ok: false,
        reason: `not applied yet: ${last} (run migrate)`,
      });
    } finally {
      await sql`insert into kysely_migration (name, timestamp) values (${last}, ${row.rows[0]?.timestamp})`.execute(
        database.db,
      );
    }
    expect((await checkReadiness(database.db, { draining: false })).status).toBe('ready');
  });

  it('is not ready on a database ahead of this version (a newer one migrated it), naming the unknown migration', async () => {
    await sql`insert into kysely_migration (name, timestamp) values ('9999-from-the-future', now()::text)`.execute(
      database.db,
    );
    try {
      const readiness = await checkReadiness(database.db, { draining: true });
      expect(readiness.failing).toEqual(['migrations', 'shutdown']);
      expect(readiness.checks.migrations.reason).toBe(
        'the database is ahead of this version: applied migrations it does not know: 9999-from-the-future',
      );
    } finally {
      await sql`delete from kysely_migration where name = '9999-from-the-future'`.execute(database.db);
    }
  });

  it('is not ready on a database never migrated, every migration pending', async () => {
    await sql`alter table kysely_migration rename to kysely_migration_aside`.execute(database.db);
    try {
      const readiness = await checkReadiness(database.db, { draining: false });
      expect(readiness.failing).toEqual(['migrations']);
      expect(readiness.checks.migrations.reason).toBe(
        `not applied yet: ${Object.keys(migrations).join(', ')} (run migrate)`,
      );
    } finally {
      await sql`alter table kysely_migration_aside rename to kysely_migration`.execute(database.db);
    }
  });
});
