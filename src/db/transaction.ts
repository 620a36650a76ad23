import type { Kysely, Transaction } from 'kysely';
import { type Failure, FailureSignal, type Result } from '../core/result.ts';
import type { Database } from './schema.ts';

export type Db = Kysely<Database>;
export type Trx = Transaction<Database>;
/** Repositories take either; a use case passes its transaction. */
export type Executor = Kysely<Database> | Transaction<Database>;

/**
 * Runs `work` in one transaction. A `Failure` returned by `work` rolls the transaction back and is
 * returned; an exception rolls back and propagates.
 */
export async function runInTransaction<T>(
  db: Db,
  work: (trx: Trx) => Promise<Result<T>>,
): Promise<Result<T>> {
  try {
    return await db.transaction().execute(async (trx) => {
      const result = await work(trx);
      if (!result.ok) throw new FailureSignal(result);
      return result;
    });
  } catch (error) {
    if (error instanceof FailureSignal) return error.failure as Failure;
    throw error;
  }
}

/** True for a PostgreSQL unique violation, optionally on a named constraint/index. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const e = error as { code?: string; constraint?: string; message?: string } | null;
  if (e?.code !== '23505') return false;
  if (!constraint) return true;
  return e.constraint === constraint || (e.message ?? '').includes(constraint);
}

/** SQLSTATEs of a server that is shutting down, starting, unreachable or out of connection slots. */
const UNAVAILABLE_SQLSTATES = new Set([
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
  '53300',
]);
/** Socket errors of a server that cannot be reached. */
const UNAVAILABLE_SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
]);
/** node-postgres's own words when a connection ends or none can be had in time. */
const UNAVAILABLE_MESSAGE =
  /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection refused/i;

/**
 * True when `error` says the database cannot be reached right now (restarting, down, out of connections),
 * as opposed to a fault of the request or of our code. Walks `cause` a few levels (Kysely and pg wrap).
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth += 1) {
    const e = current as { code?: unknown; message?: unknown; cause?: unknown };
    if (
      typeof e.code === 'string' &&
      (UNAVAILABLE_SQLSTATES.has(e.code) || UNAVAILABLE_SOCKET_CODES.has(e.code))
    )
      return true;
    if (typeof e.message === 'string' && UNAVAILABLE_MESSAGE.test(e.message)) return true;
    current = e.cause;
  }
  return false;
}
