import {
  type Kysely,
  type Migration,
  type MigrationProvider,
  type MigrationResult,
  Migrator,
  sql,
} from 'kysely';
import * as initial from './migrations/0001-initial.ts';
import * as documents from './migrations/0002-documents.ts';
import * as portal from './migrations/0003-portal.ts';
import * as emailTemplates from './migrations/0004-email-templates.ts';
import * as notifications from './migrations/0005-notifications.ts';
import * as payments from './migrations/0006-payments.ts';
import * as backOffice from './migrations/0007-back-office.ts';
import * as commentReplies from './migrations/0008-comment-replies.ts';
import * as invoiceList from './migrations/0009-invoice-list.ts';
import * as developerSettings from './migrations/0010-developer-settings.ts';
import * as adminSettings from './migrations/0012-admin-settings.ts';
import * as rateLimits from './migrations/0013-rate-limits.ts';
import * as retention from './migrations/0014-retention.ts';
import type { Database } from './schema.ts';

/**
 * Every migration, in order. A static provider rather than a folder scan: it works the same under tsx,
 * vitest and a bundler, and a missing import is a type error instead of a silently skipped migration.
 */
export const migrations: Record<string, Migration> = {
  '0001-initial': initial,
  '0002-documents': documents,
  '0003-portal': portal,
  '0004-email-templates': emailTemplates,
  '0005-notifications': notifications,
  '0006-payments': payments,
  '0007-back-office': backOffice,
  '0008-comment-replies': commentReplies,
  '0009-invoice-list': invoiceList,
  '0010-developer-settings': developerSettings,
  '0012-admin-settings': adminSettings,
  '0013-rate-limits': rateLimits,
  '0014-retention': retention,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

/** Brings the schema up to date; throws with the failing migration's name if one fails. */
export async function migrateToLatest(db: Kysely<Database>): Promise<MigrationResult[]> {
  const migrator = new Migrator({ db, provider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    const cause = error instanceof Error ? error.message : String(error);
    throw new Error(`Migration ${failed?.migrationName ?? '(unknown)'} failed: ${cause}`, { cause: error });
  }
  return results ?? [];
}

/** How the database's applied migrations compare with this version's list. */
export interface MigrationState {
  /** Known to this version, not applied to the database (run `migrate`). */
  pending: string[];
  /** Applied to the database, unknown to this version (a newer version migrated it). */
  unknown: string[];
}

/**
 * Compares the migrations applied to the database (Kysely's `kysely_migration` table) with this version's
 * list; a database never migrated has every migration pending. Throws when the database does not answer.
 */
export async function migrationState(db: Kysely<Database>): Promise<MigrationState> {
  let applied: string[];
  try {
    const rows = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db);
    applied = rows.rows.map((r) => r.name);
  } catch (error) {
    // undefined_table: no migration was ever applied here.
    if ((error as { code?: string } | null)?.code !== '42P01') throw error;
    applied = [];
  }
  const known = Object.keys(migrations);
  return {
    pending: known.filter((name) => !applied.includes(name)),
    unknown: applied.filter((name) => !known.includes(name)),
  };
}
