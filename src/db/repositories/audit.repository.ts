import { sql } from 'kysely';
import type { AuditEventRow } from '../schema.ts';
import type { Executor } from '../transaction.ts';

export interface AuditEntry {
  organizationId: string;
  subjectType: 'organization' | 'customer' | 'invoice' | 'credit_note' | 'payment' | 'admin_user' | 'api_key';
  subjectId: string | null;
  action: string;
  /** `api_key:<id>`, `cli`, `system`, `customer`. */
  actor: string;
  data?: Record<string, unknown>;
}

export async function recordAudit(db: Executor, entry: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_events')
    .values({
      organization_id: entry.organizationId,
      subject_type: entry.subjectType,
      subject_id: entry.subjectId,
      action: entry.action,
      actor: entry.actor,
      data: JSON.stringify(entry.data ?? {}),
    })
    .execute();
}

export async function listAuditEvents(
  db: Executor,
  organizationId: string,
  subjectType: AuditEntry['subjectType'],
  subjectId: string,
): Promise<AuditEventRow[]> {
  return db
    .selectFrom('audit_events')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('subject_type', '=', subjectType)
    .where('subject_id', '=', subjectId)
    .orderBy('id')
    .execute();
}

/**
 * How long ago (in whole seconds, by the database's clock) the subject last had `action` recorded, when
 * that was less than `withinSeconds` ago; null otherwise.
 */
export async function secondsSinceRecentAudit(
  db: Executor,
  entry: Pick<AuditEntry, 'organizationId' | 'subjectType' | 'action'> & { subjectId: string },
  withinSeconds: number,
): Promise<number | null> {
  const row = await db
    .selectFrom('audit_events')
    .select(sql<string>`extract(epoch from now() - created_at)`.as('age'))
    .where('organization_id', '=', entry.organizationId)
    .where('subject_type', '=', entry.subjectType)
    .where('subject_id', '=', entry.subjectId)
    .where('action', '=', entry.action)
    .where('created_at', '>', sql<Date>`now() - make_interval(secs => ${withinSeconds})`)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? Math.max(0, Math.floor(Number(row.age))) : null;
}
