import { createCreditNote } from '../../app/credit-notes/create-credit-note.ts';
import { lineJson } from '../../app/invoices/invoice-view.ts';
import { fail, notFound } from '../../core/result.ts';
import { decodeIssueDateCursor, encodeIssueDateCursor } from '../../db/keyset-cursor.ts';
import { findCreditNote, listCreditNotes } from '../../db/repositories/credit-note.repository.ts';
import { findCustomer } from '../../db/repositories/customer.repository.ts';
import { findInvoice } from '../../db/repositories/invoice.repository.ts';
import type { CreditNoteLineRow, CreditNoteRow } from '../../db/schema.ts';
import { LARGE_JSON_BODY_LIMIT, route } from './route-kit.ts';
import { CreditNoteCreateSchema, CreditNoteListQuerySchema, IdParams } from './schemas.ts';

export function creditNoteJson(c: CreditNoteRow, lines?: CreditNoteLineRow[]) {
  return {
    id: c.id,
    number: c.number,
    invoiceId: c.invoice_id,
    customerId: c.customer_id,
    issueDate: c.issue_date,
    currency: c.currency,
    ...(lines ? { lines: lines.map(lineJson) } : {}),
    netTotalMinor: c.net_total_minor,
    vatTotalMinor: c.vat_total_minor,
    totalMinor: c.total_minor,
    vatBreakdown: c.vat_breakdown,
    legalNotes: c.legal_notes,
    reason: c.reason,
    createdAt: c.created_at.toISOString(),
  };
}

export const creditNoteRoutes = [
  route({
    method: 'GET',
    path: '/credit-notes',
    operationId: 'listCreditNotes',
    summary: 'List credit notes, newest first; filter by invoice or customer.',
    tag: 'Credit notes',
    query: CreditNoteListQuerySchema,
    handler: async ({ deps, organization, query }) => {
      const limit = query.limit ?? 50;
      const before = decodeIssueDateCursor(query.cursor);
      if (before === null) return fail('VALIDATION_FAILED', 'query.cursor');
      if (query.invoiceId && !(await findInvoice(deps.db, organization.id, query.invoiceId))) {
        return notFound('invoice', 'query.invoiceId');
      }
      if (query.customerId && !(await findCustomer(deps.db, organization.id, query.customerId))) {
        return notFound('customer', 'query.customerId');
      }
      const rows = await listCreditNotes(deps.db, organization.id, {
        limit: limit + 1,
        ...(query.invoiceId ? { invoiceId: query.invoiceId } : {}),
        ...(query.customerId ? { customerId: query.customerId } : {}),
        ...(before ? { before } : {}),
      });
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      return {
        body: {
          data: page.map((c) => creditNoteJson(c)),
          nextCursor: rows.length > limit && last ? encodeIssueDateCursor(last) : null,
        },
      };
    },
  }),
  route({
    method: 'POST',
    path: '/credit-notes',
    operationId: 'createCreditNote',
    bodyLimit: LARGE_JSON_BODY_LIMIT,
    summary: 'Issue a credit note against an issued invoice (fully or partly crediting it).',
    tag: 'Credit notes',
    body: CreditNoteCreateSchema,
    handler: async ({ deps, organization, body, actor }) => {
      const result = await createCreditNote(deps.db, {
        organizationId: organization.id,
        creditNote: body,
        actor,
      });
      if (!result.ok) return result;
      const found = await findCreditNote(deps.db, organization.id, result.value.id);
      return found ? { body: creditNoteJson(found.creditNote, found.lines) } : notFound('credit_note');
    },
  }),
  route({
    method: 'GET',
    path: '/credit-notes/:creditNoteId',
    operationId: 'getCreditNote',
    summary: 'Get a credit note with its lines.',
    tag: 'Credit notes',
    params: IdParams('creditNoteId'),
    handler: async ({ deps, organization, params }) => {
      const found = await findCreditNote(deps.db, organization.id, params.creditNoteId);
      return found ? { body: creditNoteJson(found.creditNote, found.lines) } : notFound('credit_note');
    },
  }),
];
