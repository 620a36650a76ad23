import type { Insertable } from 'kysely';
import { pastCursor } from '../keyset-cursor.ts';
import type { CreditNoteLineRow, CreditNoteLinesTable, CreditNoteRow, CreditNotesTable } from '../schema.ts';
import type { Executor } from '../transaction.ts';

export type NewCreditNoteLine = Omit<Insertable<CreditNoteLinesTable>, 'credit_note_id' | 'organization_id'>;

export async function insertCreditNote(
  db: Executor,
  values: Insertable<CreditNotesTable>,
  lines: NewCreditNoteLine[],
): Promise<CreditNoteRow> {
  const note = await db.insertInto('credit_notes').values(values).returningAll().executeTakeFirstOrThrow();
  await db
    .insertInto('credit_note_lines')
    .values(
      lines.map((line) => ({ ...line, organization_id: note.organization_id, credit_note_id: note.id })),
    )
    .execute();
  return note;
}

export async function findCreditNote(
  db: Executor,
  organizationId: string,
  creditNoteId: string,
): Promise<{ creditNote: CreditNoteRow; lines: CreditNoteLineRow[] } | undefined> {
  const creditNote = await db
    .selectFrom('credit_notes')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('id', '=', creditNoteId)
    .executeTakeFirst();
  if (!creditNote) return undefined;
  const lines = await db
    .selectFrom('credit_note_lines')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('credit_note_id', '=', creditNoteId)
    .orderBy('position')
    .execute();
  return { creditNote, lines };
}

export async function listCreditNotes(
  db: Executor,
  organizationId: string,
  filter: {
    invoiceId?: string;
    customerId?: string;
    limit: number;
    before?: { issueDate: string; id: string };
  },
): Promise<CreditNoteRow[]> {
  let q = db.selectFrom('credit_notes').selectAll().where('organization_id', '=', organizationId);
  if (filter.invoiceId) q = q.where('invoice_id', '=', filter.invoiceId);
  if (filter.customerId) q = q.where('customer_id', '=', filter.customerId);
  if (filter.before) {
    q = q.where(pastCursor('issue_date', { key: filter.before.issueDate, id: filter.before.id }, 'desc'));
  }
  return q.orderBy('issue_date', 'desc').orderBy('id', 'desc').limit(filter.limit).execute();
}

/** Every credit note of one invoice, oldest first (no limit: a download must hold them all). */
export async function listInvoiceCreditNotes(
  db: Executor,
  organizationId: string,
  invoiceId: string,
): Promise<CreditNoteRow[]> {
  return db
    .selectFrom('credit_notes')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('invoice_id', '=', invoiceId)
    .orderBy('issue_date')
    .orderBy('number')
    .execute();
}

/** What the invoice's credit notes credit together, and how many there are. */
export async function creditedSoFar(
  db: Executor,
  organizationId: string,
  invoiceId: string,
): Promise<{ totalMinor: number; count: number }> {
  const row = await db
    .selectFrom('credit_notes')
    .select((eb) => [
      eb.fn.coalesce(eb.fn.sum<string | number>('total_minor'), eb.lit(0)).as('total'),
      eb.fn.countAll<string | number>().as('count'),
    ])
    .where('organization_id', '=', organizationId)
    .where('invoice_id', '=', invoiceId)
    .executeTakeFirstOrThrow();
  return { totalMinor: Number(row.total), count: Number(row.count) };
}

/** The organization's newest credit note (by issue date), e.g. to suggest the number of the next one. */
export async function findLatestCreditNote(
  db: Executor,
  organizationId: string,
): Promise<CreditNoteRow | undefined> {
  return db
    .selectFrom('credit_notes')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .orderBy('issue_date', 'desc')
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** Which of these numbers the organization's credit notes already use. */
export async function takenCreditNoteNumbers(
  db: Executor,
  organizationId: string,
  numbers: readonly string[],
): Promise<Set<string>> {
  if (numbers.length === 0) return new Set();
  const rows = await db
    .selectFrom('credit_notes')
    .select('number')
    .where('organization_id', '=', organizationId)
    .where('number', 'in', [...new Set(numbers)])
    .execute();
  return new Set(rows.map((r) => r.number));
}
