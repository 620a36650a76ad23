import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DatabaseKind } from '../../src/db/connect-database.ts';

/** One name per checkout, so test runs of two checkouts on one machine do not share fixtures. */
const checkout = createHash('sha1').update(process.cwd()).digest('hex').slice(0, 10);

/** Where global setup leaves the migrated PGlite dump every test file starts from. */
export const PGLITE_DUMP_PATH = join(tmpdir(), `invoice-portal-test-${checkout}.tar`);

export const TEMPLATE_DATABASE = `invoice_portal_template_${checkout}`;

/** The PostgreSQL server for tests (an admin connection able to create databases), or null. */
export function testDatabaseUrl(): string | null {
  return process.env.TEST_DATABASE_URL || null;
}

/** The contract tests run on every database available; CI always has both. */
export function contractDatabaseKinds(): DatabaseKind[] {
  return testDatabaseUrl() ? ['pglite', 'postgres'] : ['pglite'];
}

/** The other tests run on PostgreSQL when it is configured, else on PGlite. */
export function defaultDatabaseKind(): DatabaseKind {
  return testDatabaseUrl() ? 'postgres' : 'pglite';
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
