import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { lockDataDir } from './data-dir-lock.ts';
import { PGliteDialect } from './pglite-dialect.ts';
import type { Database } from './schema.ts';

export type DatabaseKind = 'pglite' | 'postgres';

/** An open database: Kysely for our queries, plus what pg-boss needs to share it. */
export interface DatabaseHandle {
  readonly kind: DatabaseKind;
  readonly db: Kysely<Database>;
  /** The embedded instance (pg-boss goes through it), null on PostgreSQL. */
  readonly pglite: PGlite | null;
  /** PostgreSQL connection string (pg-boss opens its own small pool), null on PGlite. */
  readonly connectionString: string | null;
  close(): Promise<void>;
}

const INT8 = 20;
const NUMERIC = 1700;
const DATE = 1082;

/** int8 as a JS number, refusing values that would lose precision instead of corrupting money. */
function parseInt8(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new RangeError(`int8 value ${value} is outside the safe integer range`);
  return n;
}

const identity = (value: string) => value;

let pgTypesConfigured = false;
function configurePgTypes(): void {
  if (pgTypesConfigured) return;
  pg.types.setTypeParser(INT8, parseInt8);
  pg.types.setTypeParser(NUMERIC, identity);
  pg.types.setTypeParser(DATE, identity);
  pgTypesConfigured = true;
}

export interface OpenDatabaseOptions {
  /** PostgreSQL URL; when absent the embedded PGlite is used. */
  databaseUrl?: string | null;
  /** PGlite data directory; `memory://` for an in-memory database (tests). */
  dataDir?: string;
  /** A dump (from `dumpDataDir`) to start an in-memory PGlite from: tests start migrated in ~0.3 s. */
  loadDataDir?: Blob;
  /** Pool size on PostgreSQL. */
  poolSize?: number;
  /** Told when PostgreSQL drops a pooled connection, idle or checked out (logged by the service). */
  onIdleError?: (error: Error) => void;
}

/** Opens PGlite (default) or PostgreSQL with the same type parsing, so both return the same row shapes. */
export async function openDatabase(options: OpenDatabaseOptions): Promise<DatabaseHandle> {
  if (options.databaseUrl) {
    configurePgTypes();
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolSize ?? 10 });
    // NOTE: an idle connection the server drops (restart, failover, pg_terminate_backend) emits 'error' on
    // the pool; unhandled, that kills the process. The pool replaces the connection on the next query.
    pool.on('error', (error) => options.onIdleError?.(error));
    // A connection checked out (a transaction between two queries) has no pool listener: its 'error' would
    // be unhandled too. With ours, its next query fails, and the pool drops it when it is released.
    const checkedOut = new WeakSet<pg.PoolClient>();
    pool.on('acquire', (client) => checkedOut.add(client));
    pool.on('release', (_error, client) => checkedOut.delete(client));
    pool.on('connect', (client) =>
      client.on('error', (error) => {
        if (checkedOut.has(client)) options.onIdleError?.(error);
      }),
    );
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return {
      kind: 'postgres',
      db,
      pglite: null,
      connectionString: options.databaseUrl,
      close: () => db.destroy(),
    };
  }
  const dataDir = options.dataDir ?? './data';
  const inMemory = dataDir.startsWith('memory://');
  const unlock = inMemory ? () => {} : lockDataDir(dataDir);
  try {
    const pglite = await PGlite.create({
      ...(inMemory ? {} : { dataDir }),
      ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
      parsers: { [INT8]: parseInt8, [NUMERIC]: identity, [DATE]: identity },
    });
    const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
    return {
      kind: 'pglite',
      db,
      pglite,
      connectionString: null,
      close: async () => {
        await db.destroy();
        await pglite.close();
        unlock();
      },
    };
  } catch (error) {
    unlock();
    throw error;
  }
}
