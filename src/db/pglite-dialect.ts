import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { PGlite, Transaction } from '@electric-sql/pglite';
import {
  type CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';

/**
 * Kysely dialect for the embedded PGlite database.
 *
 * PGlite is one connection. Everything that is not inside a transaction goes through `pglite.query()`,
 * which waits for PGlite's own transaction lock; a Kysely transaction is run inside `pglite.transaction()`,
 * so it holds that lock until it commits or rolls back.
 *
 * NOTE: this is what keeps pg-boss (which talks to the same PGlite through `fromPglite`) from slipping its
 * fetch/complete queries into one of our transactions: a rollback would otherwise undo them and jobs would
 * run twice. The small dialect is written here rather than taken from `kysely-pglite-dialect`, which
 * declares PGlite ≤ 0.4 and sends transaction statements as plain queries.
 */
export class PGliteDialect implements Dialect {
  constructor(private readonly pglite: PGlite) {}

  createAdapter() {
    return new PostgresAdapter();
  }

  createDriver(): Driver {
    return new PGliteDriver(this.pglite);
  }

  createIntrospector(db: Kysely<unknown>) {
    return new PostgresIntrospector(db);
  }

  createQueryCompiler() {
    return new PostgresQueryCompiler();
  }
}

class PGliteDriver implements Driver {
  constructor(private readonly pglite: PGlite) {}

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    return new PGliteConnection(this.pglite);
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    await (connection as PGliteConnection).begin(settings);
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await (connection as PGliteConnection).end('commit');
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await (connection as PGliteConnection).end('rollback');
  }

  async releaseConnection(): Promise<void> {}

  async destroy(): Promise<void> {}
}

/** Thrown inside the PGlite transaction callback to make PGlite roll back. */
class RollbackSignal extends Error {}

class PGliteConnection implements DatabaseConnection {
  #trx: Transaction | null = null;
  #finish: ((outcome: 'commit' | 'rollback') => void) | null = null;
  #done: Promise<unknown> | null = null;

  constructor(private readonly pglite: PGlite) {}

  async begin(settings: TransactionSettings): Promise<void> {
    if (this.#trx) throw new Error('A transaction is already open on this connection');
    let started!: (trx: Transaction) => void;
    let failedToStart!: (error: unknown) => void;
    const ready = new Promise<Transaction>((resolve, reject) => {
      started = resolve;
      failedToStart = reject;
    });
    this.#done = this.pglite
      .transaction(async (trx) => {
        if (settings.isolationLevel) {
          await trx.query(`set transaction isolation level ${settings.isolationLevel}`);
        }
        const outcome = await new Promise<'commit' | 'rollback'>((resolve) => {
          this.#finish = resolve;
          started(trx);
        });
        if (outcome === 'rollback') throw new RollbackSignal();
      })
      .catch((error: unknown) => {
        if (!(error instanceof RollbackSignal)) {
          failedToStart(error);
          throw error;
        }
      });
    this.#trx = await ready;
  }

  async end(outcome: 'commit' | 'rollback'): Promise<void> {
    const finish = this.#finish;
    const done = this.#done;
    this.#trx = null;
    this.#finish = null;
    this.#done = null;
    if (!finish || !done) throw new Error('No transaction is open on this connection');
    finish(outcome);
    await done;
  }

  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    // NOTE: PGlite runs a statement synchronously and settles it as a microtask, so without this a burst
    // of requests runs statement after statement without the event loop ever reading a socket or firing a
    // timer: 50 concurrent portal requests blocked it for 2-3 s at a time (health checks, the admission
    // gate's timeouts and new connections all waited). One macrotask hop per statement lets them in.
    await yieldToEventLoop();
    const target = this.#trx ?? this.pglite;
    const result = await target.query<R>(compiled.sql, compiled.parameters as unknown[]);
    const numAffectedRows = result.affectedRows === undefined ? undefined : BigInt(result.affectedRows);
    return { rows: result.rows, ...(numAffectedRows === undefined ? {} : { numAffectedRows }) };
  }

  // biome-ignore lint/correctness/useYield: streaming is not supported on PGlite; callers use executeQuery.
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('PGlite does not support streaming queries');
  }
}
