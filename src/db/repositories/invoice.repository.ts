import type { Insertable, Updateable } from 'kysely';
import { pastCursor } from '../keyset-cursor.ts';
import type {
  CreditNoteRow,
  InvoiceLineRow,
  InvoiceLinesTable,
  InvoiceRow,
  InvoicesTable,
  PaymentRow,
} from '../schema.ts';
import type { Executor } from '../transaction.ts';

export type NewInvoiceLine = Omit<Insertable<InvoiceLinesTable>, 'invoice_id' | 'organization_id'>;

/** An invoice with everything its amount due depends on. */
export interface InvoiceAggregate {
  invoice: InvoiceRow;
  lines: InvoiceLineRow[];
  creditNotes: CreditNoteRow[];
  payments: PaymentRow[];
}

export async function insertInvoice(
  db: Executor,
  values: Insertable<InvoicesTable>,
  lines: NewInvoiceLine[],
): Promise<InvoiceRow> {
  return (await insertInvoiceWithLines(db, values, lines)).invoice;
}

/** Inserts an invoice and its lines; returns both as stored, so the caller need not read them back. */
export async function insertInvoiceWithLines(
  db: Executor,
  values: Insertable<InvoicesTable>,
  lines: NewInvoiceLine[],
): Promise<{ invoice: InvoiceRow; lines: InvoiceLineRow[] }> {
  const invoice = await db.insertInto('invoices').values(values).returningAll().executeTakeFirstOrThrow();
  return { invoice, lines: await insertInvoiceLines(db, invoice.organization_id, invoice.id, lines) };
}

export async function insertInvoiceLines(
  db: Executor,
  organizationId: string,
  invoiceId: string,
  lines: NewInvoiceLine[],
): Promise<InvoiceLineRow[]> {
  if (lines.length === 0) return [];
  const rows = await db
    .insertInto('invoice_lines')
    .values(lines.map((line) => ({ ...line, organization_id: organizationId, invoice_id: invoiceId })))
    .returningAll()
    .execute();
  return rows.sort((a, b) => a.position - b.position);
}

export async function replaceInvoiceLines(
  db: Executor,
  organizationId: string,
  invoiceId: string,
  lines: NewInvoiceLine[],
): Promise<void> {
  await db
    .deleteFrom('invoice_lines')
    .where('organization_id', '=', organizationId)
    .where('invoice_id', '=', invoiceId)
    .execute();
  await insertInvoiceLines(db, organizationId, invoiceId, lines);
}

export async function findInvoice(
  db: Executor,
  organizationId: string,
  invoiceId: string,
  options: { forUpdate?: boolean } = {},
): Promise<InvoiceRow | undefined> {
  let q = db
    .selectFrom('invoices')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('id', '=', invoiceId);
  if (options.forUpdate) q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function updateInvoice(
  db: Executor,
  organizationId: string,
  invoiceId: string,
  values: Updateable<InvoicesTable>,
): Promise<InvoiceRow> {
  return db
    .updateTable('invoices')
    .set({ ...values, updated_at: new Date() })
    .where('organization_id', '=', organizationId)
    .where('id', '=', invoiceId)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function deleteInvoice(db: Executor, organizationId: string, invoiceId: string): Promise<void> {
  await db
    .deleteFrom('invoices')
    .where('organization_id', '=', organizationId)
    .where('id', '=', invoiceId)
    .execute();
}

/** Loads invoices with lines, credit notes and payments in four queries whatever the count. */
export async function loadInvoiceAggregates(
  db: Executor,
  organizationId: string,
  invoices: InvoiceRow[],
): Promise<InvoiceAggregate[]> {
  if (invoices.length === 0) return [];
  const ids = invoices.map((i) => i.id);
  const [lines, creditNotes, payments] = await Promise.all([
    db
      .selectFrom('invoice_lines')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where('invoice_id', 'in', ids)
      .orderBy('invoice_id')
      .orderBy('position')
      .execute(),
    db
      .selectFrom('credit_notes')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where('invoice_id', 'in', ids)
      .orderBy('issue_date')
      .orderBy('number')
      .execute(),
    db
      .selectFrom('payments')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where('invoice_id', 'in', ids)
      .orderBy('paid_on')
      .orderBy('created_at')
      .execute(),
  ]);
  const group = <T extends { invoice_id: string }>(rows: T[]) => {
    const map = new Map<string, T[]>();
    for (const row of rows) {
      const list = map.get(row.invoice_id);
      if (list) list.push(row);
      else map.set(row.invoice_id, [row]);
    }
    return map;
  };
  const linesBy = group(lines);
  const creditsBy = group(creditNotes);
  const paymentsBy = group(payments);
  return invoices.map((invoice) => ({
    invoice,
    lines: linesBy.get(invoice.id) ?? [],
    creditNotes: creditsBy.get(invoice.id) ?? [],
    payments: paymentsBy.get(invoice.id) ?? [],
  }));
}

export async function loadInvoiceAggregate(
  db: Executor,
  organizationId: string,
  invoiceId: string,
): Promise<InvoiceAggregate | undefined> {
  const invoice = await findInvoice(db, organizationId, invoiceId);
  if (!invoice) return undefined;
  const [aggregate] = await loadInvoiceAggregates(db, organizationId, [invoice]);
  return aggregate;
}

/** One of a customer's issued invoices, as its portal shows it; undefined for any other id. */
export async function loadCustomerIssuedInvoice(
  db: Executor,
  owner: { organizationId: string; customerId: string },
  invoiceId: string,
): Promise<InvoiceAggregate | undefined> {
  const invoice = await db
    .selectFrom('invoices')
    .selectAll()
    .where('organization_id', '=', owner.organizationId)
    .where('customer_id', '=', owner.customerId)
    .where('state', '=', 'issued')
    .where('id', '=', invoiceId)
    .executeTakeFirst();
  if (!invoice) return undefined;
  const [aggregate] = await loadInvoiceAggregates(db, owner.organizationId, [invoice]);
  return aggregate;
}

export interface InvoiceListFilter {
  customerId?: string;
  state?: 'draft' | 'issued';
  /** Only settled (paid or credited in full) invoices, or only those still open. */
  settled?: boolean;
  limit: number;
  /** Last row of the previous page, in (issue_date desc, id desc) order. */
  before?: { issueDate: string; id: string };
}

/** Newest first, keyset-paginated so the thousandth page costs what the first does. */
export async function listInvoices(
  db: Executor,
  organizationId: string,
  filter: InvoiceListFilter,
): Promise<InvoiceRow[]> {
  let q = db.selectFrom('invoices').selectAll().where('organization_id', '=', organizationId);
  if (filter.customerId) q = q.where('customer_id', '=', filter.customerId);
  if (filter.state) q = q.where('state', '=', filter.state);
  if (filter.settled !== undefined) q = q.where('settled_on', filter.settled ? 'is not' : 'is', null);
  if (filter.before) {
    q = q.where(pastCursor('issue_date', { key: filter.before.issueDate, id: filter.before.id }, 'desc'));
  }
  return q.orderBy('issue_date', 'desc').orderBy('id', 'desc').limit(filter.limit).execute();
}

/** The numbers of these invoices (e.g. to name the invoice each credit note of a page belongs to). */
export async function findInvoiceNumbers(
  db: Executor,
  organizationId: string,
  invoiceIds: readonly string[],
): Promise<{ id: string; number: string }[]> {
  if (invoiceIds.length === 0) return [];
  return db
    .selectFrom('invoices')
    .select(['id', 'number'])
    .where('organization_id', '=', organizationId)
    .where('id', 'in', [...new Set(invoiceIds)])
    .execute();
}
