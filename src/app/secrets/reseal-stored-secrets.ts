import { sql } from 'kysely';
import { ok, type Result } from '../../core/result.ts';
import type { SecretRing } from '../../core/secret-ring.ts';
import { recordAudit } from '../../db/repositories/audit.repository.ts';
import type { Db } from '../../db/transaction.ts';
import { CREDENTIALS_PURPOSE } from '../payments/payment-providers.ts';
import { WEBHOOK_SECRET_PURPOSE } from '../webhooks/webhook-secret-box.ts';
import { resealSecret } from './secret-box.ts';

/**
 * Every column holding a value of the secret box (grep `sealSecret`), with its purpose; each is bound to
 * its row's organization (associated data). A new sealed column must be added here, or `rotate-secrets`
 * would leave it under an old secret.
 */
export const SEALED_COLUMNS = [
  { table: 'webhook_endpoints', column: 'secret_encrypted', purpose: WEBHOOK_SECRET_PURPOSE },
  { table: 'payment_accounts', column: 'credentials_encrypted', purpose: CREDENTIALS_PURPOSE },
] as const;

/** What became of one sealed column's values. */
export interface ResealCount {
  table: string;
  column: string;
  /** Sealed anew with the current secret. */
  resealed: number;
  /** Already sealed with the current secret: left as they were. */
  current: number;
  /** Opened by no secret of the ring: left as they were, by id. */
  unreadable: string[];
}

type RowOutcome = 'resealed' | 'current' | 'unreadable' | 'gone';

/**
 * Re-encrypts every stored sealed value with the ring's current secret (after an APP_SECRET rotation), so
 * the previous secrets can then be dropped. Rows are read in batches by id and each is re-sealed in a
 * transaction of its own, locked and read again there, so a concurrent change (an endpoint's secret
 * rotated meanwhile) is never overwritten; each re-sealed row writes an audit event. Idempotent: values
 * already under the current secret are left alone, so a second run changes nothing. A value no secret of
 * the ring opens is left unchanged and reported by id.
 */
export async function resealStoredSecrets(
  db: Db,
  input: { ring: SecretRing; actor: string; batchSize?: number },
): Promise<Result<ResealCount[]>> {
  const batchSize = input.batchSize ?? 100;
  const counts: ResealCount[] = [];
  for (const { table, column, purpose } of SEALED_COLUMNS) {
    const count: ResealCount = { table, column, resealed: 0, current: 0, unreadable: [] };
    let after: string | null = null;
    for (;;) {
      const batch: { id: string }[] = (
        await sql<{ id: string }>`select id from ${sql.table(table)}
          ${after === null ? sql`` : sql`where id > ${after}`}
          order by id limit ${batchSize}`.execute(db)
      ).rows;
      for (const { id } of batch) {
        const outcome = await resealRow(db, {
          table,
          column,
          purpose,
          id,
          ring: input.ring,
          actor: input.actor,
        });
        if (outcome === 'resealed') count.resealed += 1;
        else if (outcome === 'current') count.current += 1;
        else if (outcome === 'unreadable') count.unreadable.push(id);
      }
      if (batch.length < batchSize) break;
      after = batch[batch.length - 1]?.id ?? null;
    }
    counts.push(count);
  }
  return ok(counts);
}

async function resealRow(
  db: Db,
  row: { table: string; column: string; purpose: string; id: string; ring: SecretRing; actor: string },
): Promise<RowOutcome> {
  return db.transaction().execute(async (trx): Promise<RowOutcome> => {
    const locked = (
      await sql<{ organization_id: string; sealed: string }>`
        select organization_id, ${sql.ref(row.column)} as sealed from ${sql.table(row.table)}
        where id = ${row.id} for update`.execute(trx)
    ).rows[0];
    if (!locked) return 'gone';
    let resealed: string | null;
    try {
      resealed = resealSecret(
        { ring: row.ring, purpose: row.purpose, associatedData: locked.organization_id },
        locked.sealed,
      );
    } catch {
      return 'unreadable';
    }
    if (resealed === null) return 'current';
    await sql`update ${sql.table(row.table)} set ${sql.ref(row.column)} = ${resealed}
      where id = ${row.id}`.execute(trx);
    await recordAudit(trx, {
      organizationId: locked.organization_id,
      subjectType: 'organization',
      subjectId: locked.organization_id,
      action: 'stored_secret.resealed',
      actor: row.actor,
      data: { table: row.table, id: row.id },
    });
    return 'resealed';
  });
}
