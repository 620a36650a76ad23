import { type RawBuilder, sql } from 'kysely';
import type { PaymentStatus } from '../../domain/index.ts';
import { encodeIssueDateCursor, type IssueDateKey, pastCursor } from '../keyset-cursor.ts';
import type { Executor } from '../transaction.ts';

/**
 * The back office's invoice list (issue 11): one indexed query per page, whatever the organization's size.
 *
 * Every status is read from stored columns kept by `refreshSettlement` in the transaction that changed the
 * invoice — `settled_on`, `paid_minor` (Σ payments, refunds negative), `credited_minor` (Σ credit notes) —
 * never from the clock or a per-invoice computation. Filters (each row's `status` badge uses the same rules):
 *
 * - `draft` — not issued.
 * - `open` — issued and not settled (`settled_on` is null): something, if only a late fee or interest, is
 *   still due. Badge `unpaid`, `overdue` or `partially_paid`.
 * - `overdue` — open, due date before `today` and principal outstanding (total − paid − credited) > 0: the
 *   domain's `overdue` flag, so it includes partially paid invoices past their due date (badge
 *   `partially_paid`, `overdue: true`) and leaves out one whose principal is paid but fees are not.
 * - `partially_paid` — open with money received or credited (`paid_minor > 0 or credited_minor > 0`), as the
 *   domain's `partially_paid`.
 * - `paid` — settled, and not fully credited.
 * - `credited` — settled by credit notes: `credited_minor > 0 and credited_minor >= total_minor` (the
 *   domain's `credited`). A partly credited invoice is `open`/`partially_paid` or `paid`, with its
 *   `creditedMinor` on the row.
 *
 * The stored values count every recorded payment and credit note, including any dated after `today`, and
 * `settled_on` is evaluated as of the latest event (see refresh-settlement.ts); the invoice page's amount
 * due (fees and interest as of today, `computeAmountDue`) is the exact figure.
 */

export type InvoiceListFilter = 'draft' | 'open' | 'overdue' | 'partially_paid' | 'paid' | 'credited';

export const INVOICE_LIST_FILTERS: readonly InvoiceListFilter[] = [
  'draft',
  'open',
  'overdue',
  'partially_paid',
  'paid',
  'credited',
];

/** The badge of a row: the domain's payment status, or `draft`. */
export type InvoiceListStatus = 'draft' | PaymentStatus;

export interface InvoiceListRow {
  id: string;
  number: string;
  customerId: string;
  customerName: string;
  issueDate: string;
  dueDate: string;
  currency: string;
  totalMinor: number;
  paidMinor: number;
  creditedMinor: number;
  /** total − paid − credited, never below 0; 0 for drafts and settled invoices. Fees and interest excluded. */
  principalOutstandingMinor: number;
  state: 'draft' | 'issued';
  settledOn: string | null;
  status: InvoiceListStatus;
  /** Open, past the due date on `today`, principal outstanding. */
  overdue: boolean;
}

export interface InvoiceSearchInput {
  /** Invoice number or customer name contains it, case-insensitively; blank is no search. */
  search?: string | undefined;
  status?: InvoiceListFilter | undefined;
  /** The last row of the previous page (decode it with `decodeIssueDateCursor`). */
  cursor?: IssueDateKey | undefined;
  limit: number;
  /** Today in the organization's time zone, for `overdue`. */
  today: string;
}

export interface InvoiceSearchPage {
  rows: InvoiceListRow[];
  /** The cursor of the next page, null on the last one. */
  nextCursor: string | null;
}

const OPEN = sql<boolean>`i.state = 'issued' and i.settled_on is null`;

/**
 * Each filter as the literal predicate of its partial index (migration 0009), so PostgreSQL can prove the
 * index applies; only `today` is a parameter.
 */
function filterPredicate(filter: InvoiceListFilter, today: string): RawBuilder<boolean> {
  switch (filter) {
    case 'draft':
      return sql<boolean>`i.state = 'draft'`;
    case 'open':
      return OPEN;
    case 'overdue':
      return sql<boolean>`${OPEN} and i.due_date < ${today}::date
        and i.total_minor - i.paid_minor - i.credited_minor > 0`;
    case 'partially_paid':
      return sql<boolean>`${OPEN} and (i.paid_minor > 0 or i.credited_minor > 0)`;
    case 'paid':
      return sql<boolean>`i.state = 'issued' and i.settled_on is not null
        and not (i.credited_minor > 0 and i.credited_minor >= i.total_minor)`;
    case 'credited':
      return sql<boolean>`i.credited_minor > 0 and i.state = 'issued' and i.settled_on is not null
        and i.credited_minor >= i.total_minor`;
  }
}

/** `%term%` for LIKE, with the term lower-cased and its wildcards escaped. */
export function containsPattern(search: string): string {
  return `%${search
    .trim()
    .toLowerCase()
    .replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

interface StoredListRow {
  id: string;
  number: string;
  customer_id: string;
  customer_name: string;
  issue_date: string;
  due_date: string;
  currency: string;
  total_minor: number;
  paid_minor: number;
  credited_minor: number;
  state: 'draft' | 'issued';
  settled_on: string | null;
}

/** The badge and the outstanding principal of a stored row, by the rules above. */
export function listStatusOf(
  row: Pick<
    StoredListRow,
    'state' | 'settled_on' | 'total_minor' | 'paid_minor' | 'credited_minor' | 'due_date'
  >,
  today: string,
): { status: InvoiceListStatus; overdue: boolean; principalOutstandingMinor: number } {
  if (row.state === 'draft') return { status: 'draft', overdue: false, principalOutstandingMinor: 0 };
  if (row.settled_on !== null) {
    const credited = row.credited_minor > 0 && row.credited_minor >= row.total_minor;
    return { status: credited ? 'credited' : 'paid', overdue: false, principalOutstandingMinor: 0 };
  }
  const principal = row.total_minor - row.paid_minor - row.credited_minor;
  const overdue = row.due_date < today && principal > 0;
  const status: InvoiceListStatus =
    row.paid_minor > 0 || row.credited_minor > 0 ? 'partially_paid' : overdue ? 'overdue' : 'unpaid';
  return { status, overdue, principalOutstandingMinor: Math.max(principal, 0) };
}

/**
 * One page of the organization's invoices, newest first (issue date desc, id desc), keyset-paginated with
 * the one keyset predicate, so a page a hundred deep costs what the first does. `search` matches the invoice
 * number or the customer's name containing it, case-insensitively (accents are not folded: "Societe" does
 * not find "Société"); the walk is in index order and stops at a full page.
 */
export async function searchInvoices(
  db: Executor,
  organizationId: string,
  input: InvoiceSearchInput,
): Promise<InvoiceSearchPage> {
  const stored: StoredListRow[] = await searchInvoicesQuery(db, organizationId, input).execute();
  const page = stored.slice(0, input.limit);
  const last = page.at(-1);
  return {
    rows: page.map((row) => ({
      id: row.id,
      number: row.number,
      customerId: row.customer_id,
      customerName: row.customer_name,
      issueDate: row.issue_date,
      dueDate: row.due_date,
      currency: row.currency,
      totalMinor: row.total_minor,
      paidMinor: row.paid_minor,
      creditedMinor: row.credited_minor,
      state: row.state,
      settledOn: row.settled_on,
      ...listStatusOf(row, input.today),
    })),
    nextCursor: stored.length > input.limit && last ? encodeIssueDateCursor(last) : null,
  };
}

/** The query of one page (limit + 1 rows, to tell whether another follows), e.g. to EXPLAIN it. */
export function searchInvoicesQuery(db: Executor, organizationId: string, input: InvoiceSearchInput) {
  let q = db
    // The customer's name as a scalar subquery, not a join: only the page's rows look it up, and `invoices`
    // stays the one table in FROM, so the keyset predicate's `id` is the invoice's.
    .selectFrom('invoices as i')
    .select([
      'i.id',
      'i.number',
      'i.customer_id',
      sql<string>`(select c.name from customers c
        where c.organization_id = i.organization_id and c.id = i.customer_id)`.as('customer_name'),
      'i.issue_date',
      'i.due_date',
      'i.currency',
      'i.total_minor',
      'i.paid_minor',
      'i.credited_minor',
      'i.state',
      'i.settled_on',
    ])
    .where('i.organization_id', '=', organizationId);
  if (input.status) q = q.where(filterPredicate(input.status, input.today));
  const search = input.search?.trim();
  if (search) {
    const pattern = containsPattern(search);
    // NOTE: the matching customers are one array computed first (an init plan reading the customers once),
    // then the list is walked newest first and filtered: a common term fills a page at once, a rare one
    // costs one pass over the organization's invoices (40–60 ms at 100,000, BENCHMARKS.md).
    q = q.where(sql<boolean>`(lower(i.number) like ${pattern} or i.customer_id = any(array(
      select m.id from customers m where m.organization_id = ${organizationId} and lower(m.name) like ${pattern})))`);
  }
  if (input.cursor) {
    q = q.where(
      pastCursor(sql.ref('i.issue_date'), { key: input.cursor.issueDate, id: input.cursor.id }, 'desc'),
    );
  }
  return q
    .orderBy('i.issue_date', 'desc')
    .orderBy('i.id', 'desc')
    .limit(input.limit + 1);
}
