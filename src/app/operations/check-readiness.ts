import { migrationState } from '../../db/migrate.ts';
import type { Db } from '../../db/transaction.ts';

/** One check of readiness: passed, or why not. */
export interface ReadinessCheck {
  ok: boolean;
  reason?: string;
}

export type ReadinessCheckName = 'database' | 'migrations' | 'shutdown';

/** Whether this process should get traffic (or jobs), with each check and the failing ones named. */
export interface Readiness {
  status: 'ready' | 'not-ready';
  failing: ReadinessCheckName[];
  checks: Record<ReadinessCheckName, ReadinessCheck>;
}

/** A database that has not answered within this bound counts as unreachable: a probe must not hang. */
export const READINESS_DATABASE_TIMEOUT_MS = 2000;

class ReadinessTimeout extends Error {}

/**
 * Readiness: the database answers, its applied migrations are exactly this version's (one missing: run
 * `migrate`; one unknown: a newer version migrated it, and this one must not write to it), and the process is
 * not shutting down. Liveness (`/healthz`) asks none of this.
 */
export async function checkReadiness(
  db: Db,
  input: { draining: boolean; onDatabaseError?: (error: unknown) => void },
): Promise<Readiness> {
  const shutdown: ReadinessCheck = input.draining
    ? { ok: false, reason: 'shutting down: finishing the requests and jobs in hand' }
    : { ok: true };
  let database: ReadinessCheck = { ok: true };
  let migrations: ReadinessCheck;
  let timer: NodeJS.Timeout | undefined;
  try {
    const state = await Promise.race([
      migrationState(db),
      new Promise<never>((_resolve, reject) => {
        timer = setTimeout(() => reject(new ReadinessTimeout()), READINESS_DATABASE_TIMEOUT_MS);
      }),
    ]);
    migrations =
      state.unknown.length > 0
        ? {
            ok: false,
            reason: `the database is ahead of this version: applied migrations it does not know: ${state.unknown.join(', ')}`,
          }
        : state.pending.length > 0
          ? { ok: false, reason: `not applied yet: ${state.pending.join(', ')} (run migrate)` }
          : { ok: true };
  } catch (error) {
    // The error itself (host names, addresses) is logged, not answered: the probe is public.
    input.onDatabaseError?.(error);
    database = {
      ok: false,
      reason:
        error instanceof ReadinessTimeout
          ? `unreachable: no answer within ${READINESS_DATABASE_TIMEOUT_MS / 1000} s`
          : 'unreachable: the query failed',
    };
    migrations = { ok: false, reason: 'not checked: the database is unreachable' };
  } finally {
    clearTimeout(timer);
  }
  const checks = { database, migrations, shutdown };
  const failing = (Object.keys(checks) as ReadinessCheckName[]).filter((name) => !checks[name].ok);
  return { status: failing.length === 0 ? 'ready' : 'not-ready', failing, checks };
}
