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
