import { fail, ok, type Result } from '../../core/result.ts';
import { decodeIssueDateCursor } from '../../db/keyset-cursor.ts';
import {
  INVOICE_LIST_FILTERS,
  type InvoiceListFilter,
  type InvoiceSearchPage,
  searchInvoices,
} from '../../db/repositories/invoice-search.repository.ts';
import type { Executor } from '../../db/transaction.ts';
import { isIsoDate } from '../../domain/index.ts';

export const MAX_LIST_PAGE_SIZE = 100;

export interface ListBackOfficeInvoicesInput {
  organizationId: string;
  search?: string | undefined;
  /** One of INVOICE_LIST_FILTERS, as received (a query parameter); absent for every invoice. */
  status?: string | undefined;
  /** The previous page's `nextCursor`. */
  cursor?: string | undefined;
  /** 1 … 100; 25 when absent. */
  limit?: number | undefined;
  /** Today in the organization's time zone. */
  today: string;
}

/**
 * The back office's invoice list: checks what the screen passes on (a forged cursor, an unknown status or
 * limit is `VALIDATION_FAILED` on that field) and reads one page with `searchInvoices` (the filters are
 * defined there).
 */
export async function listBackOfficeInvoices(
  db: Executor,
  input: ListBackOfficeInvoicesInput,
): Promise<Result<InvoiceSearchPage>> {
  const cursor = decodeIssueDateCursor(input.cursor);
  if (cursor === null) return fail('VALIDATION_FAILED', 'cursor');
  const status = input.status === undefined || input.status === '' ? undefined : input.status;
  if (status !== undefined && !INVOICE_LIST_FILTERS.includes(status as InvoiceListFilter))
    return fail('VALIDATION_FAILED', 'status');
  const limit = input.limit ?? 25;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIST_PAGE_SIZE)
    return fail('VALIDATION_FAILED', 'limit');
  if (!isIsoDate(input.today)) return fail('VALIDATION_FAILED', 'today');
  return ok(
    await searchInvoices(db, input.organizationId, {
      search: input.search,
      status: status as InvoiceListFilter | undefined,
      cursor,
      limit,
      today: input.today,
    }),
  );
}
