import { z } from 'zod';
import { createInvoice } from '../../app/invoices/create-invoice.ts';
import { invoiceJson, paymentJson } from '../../app/invoices/invoice-view.ts';
import { deleteDraftInvoice, issueInvoice } from '../../app/invoices/issue-invoice.ts';
import { updateDraftInvoice } from '../../app/invoices/update-draft-invoice.ts';
import { setFeeWaivers } from '../../app/invoices/waive-fees.ts';
import { recordManualPayment, removeManualPayment } from '../../app/payments/record-manual-payment.ts';
import { fail, notFound } from '../../core/result.ts';
import { decodeIssueDateCursor, encodeIssueDateCursor } from '../../db/keyset-cursor.ts';
import { listAuditEvents } from '../../db/repositories/audit.repository.ts';
import { findCustomer, findCustomerKinds } from '../../db/repositories/customer.repository.ts';
import {
  findInvoice,
  listInvoices,
  loadInvoiceAggregate,
  loadInvoiceAggregates,
} from '../../db/repositories/invoice.repository.ts';
import { listPayments } from '../../db/repositories/payment.repository.ts';
import type { OrganizationRow } from '../../db/schema.ts';
import type { Db } from '../../db/transaction.ts';
import { LARGE_JSON_BODY_LIMIT, route } from './route-kit.ts';
import {
  AsOfQuerySchema,
  FeeWaiversSchema,
  IdParams,
  InvoiceCreateSchema,
  InvoiceListQuerySchema,
  InvoiceUpdateSchema,
  PaymentCreateSchema,
  Uuid,
} from './schemas.ts';

const InvoiceParams = IdParams('invoiceId');
const PaymentParams = z.strictObject({ invoiceId: Uuid, paymentId: Uuid });

/** Loads and renders one invoice, or the not-found outcome. */
export async function invoiceResponse(
  db: Db,
  organization: OrganizationRow,
  invoiceId: string,
  asOf: string,
) {
  const aggregate = await loadInvoiceAggregate(db, organization.id, invoiceId);
  if (!aggregate) return notFound('invoice');
  const kinds = await findCustomerKinds(db, organization.id, [aggregate.invoice.customer_id]);
  return {
    body: invoiceJson(aggregate, organization, kinds.get(aggregate.invoice.customer_id) ?? 'company', asOf),
  };
}

export const invoiceRoutes = [
  route({
    method: 'GET',
    path: '/invoices',
    operationId: 'listInvoices',
    summary: 'List invoices, newest first, with their amount due (keyset pagination).',
    tag: 'Invoices',
    query: InvoiceListQuerySchema,
    handler: async ({ deps, organization, query, today }) => {
      const limit = query.limit ?? 50;
      const before = decodeIssueDateCursor(query.cursor);
      if (before === null) return fail('VALIDATION_FAILED', 'query.cursor');
      if (query.customerId && !(await findCustomer(deps.db, organization.id, query.customerId))) {
        return notFound('customer', 'query.customerId');
      }
      const rows = await listInvoices(deps.db, organization.id, {
        limit: limit + 1,
        ...(query.customerId ? { customerId: query.customerId } : {}),
        ...(query.state ? { state: query.state } : {}),
        ...(before ? { before } : {}),
      });
      const page = rows.slice(0, limit);
      const aggregates = await loadInvoiceAggregates(deps.db, organization.id, page);
      const kinds = await findCustomerKinds(
        deps.db,
        organization.id,
        page.map((i) => i.customer_id),
      );
      const asOf = query.asOf ?? today;
      const last = page.at(-1);
      return {
        body: {
          data: aggregates.map((a) =>
            invoiceJson(a, organization, kinds.get(a.invoice.customer_id) ?? 'company', asOf),
          ),
          nextCursor: rows.length > limit && last ? encodeIssueDateCursor(last) : null,
        },
      };
    },
  }),
  route({
    method: 'POST',
    path: '/invoices',
    operationId: 'createInvoice',
    bodyLimit: LARGE_JSON_BODY_LIMIT,
    summary:
      'Create an invoice with its lines; `state: "draft"` keeps it editable and hidden from the customer.',
    description:
      'Totals are computed by the server (line net = quantity × unit price × (1 − discount), VAT per rate on the ' +
      'sum of its nets, half away from zero). An imported past invoice may carry `payments` with their dates.',
    tag: 'Invoices',
    body: InvoiceCreateSchema,
    handler: async ({ deps, organization, body, actor, now, today }) => {
      const result = await createInvoice(deps.db, { organization, invoice: body, actor, now });
      if (!result.ok) return result;
      const { aggregate, customerKind } = result.value;
      return { status: 201, body: invoiceJson(aggregate, organization, customerKind, today) };
    },
  }),
  route({
    method: 'GET',
    path: '/invoices/:invoiceId',
    operationId: 'getInvoice',
    summary:
      'Get an invoice with its lines, credit notes, payments and amount due (optionally `asOf` a date).',
    tag: 'Invoices',
    params: InvoiceParams,
    query: AsOfQuerySchema,
    handler: async ({ deps, organization, params, query, today }) =>
      invoiceResponse(deps.db, organization, params.invoiceId, query.asOf ?? today),
  }),
  route({
    method: 'PATCH',
    path: '/invoices/:invoiceId',
    operationId: 'updateDraftInvoice',
    bodyLimit: LARGE_JSON_BODY_LIMIT,
    summary:
      'Change a draft invoice. Issued invoices are immutable (409 INVOICE_IMMUTABLE): issue a credit note.',
    tag: 'Invoices',
    params: InvoiceParams,
    body: InvoiceUpdateSchema,
    handler: async ({ deps, organization, params, body, actor, today }) => {
      const result = await updateDraftInvoice(deps.db, {
        organizationId: organization.id,
        invoiceId: params.invoiceId,
        changes: body,
        actor,
      });
      return result.ok ? invoiceResponse(deps.db, organization, result.value.id, today) : result;
    },
  }),
  route({
    method: 'DELETE',
    path: '/invoices/:invoiceId',
    operationId: 'deleteDraftInvoice',
    summary: 'Delete a draft invoice. Issued invoices cannot be deleted.',
    tag: 'Invoices',
    params: InvoiceParams,
    handler: async ({ deps, organization, params, actor }) => {
      const result = await deleteDraftInvoice(deps.db, {
        organizationId: organization.id,
        invoiceId: params.invoiceId,
        actor,
      });
      return result.ok ? {} : result;
    },
  }),
  route({
    method: 'POST',
    path: '/invoices/:invoiceId/issue',
    operationId: 'issueInvoice',
    summary: 'Issue a draft invoice: it becomes visible to the customer and immutable.',
    tag: 'Invoices',
    params: InvoiceParams,
    successStatus: 200,
    handler: async ({ deps, organization, params, actor, now, today }) => {
      const result = await issueInvoice(deps.db, {
        organizationId: organization.id,
        invoiceId: params.invoiceId,
        actor,
        now,
      });
      return result.ok ? invoiceResponse(deps.db, organization, result.value.id, today) : result;
    },
  }),
  route({
    method: 'PUT',
    path: '/invoices/:invoiceId/waivers',
    operationId: 'setFeeWaivers',
    summary: 'Waive or reinstate the late fee, interest and fixed compensation of an invoice (audited).',
    tag: 'Invoices',
    params: InvoiceParams,
    body: FeeWaiversSchema,
    handler: async ({ deps, organization, params, body, actor, today }) => {
      const result = await setFeeWaivers(deps.db, {
        organizationId: organization.id,
        invoiceId: params.invoiceId,
        waivers: body,
        actor,
      });
      return result.ok ? invoiceResponse(deps.db, organization, result.value.id, today) : result;
    },
  }),
  route({
    method: 'GET',
    path: '/invoices/:invoiceId/payments',
    operationId: 'listPayments',
    summary: 'List the payments of an invoice.',
    tag: 'Payments',
    params: InvoiceParams,
    handler: async ({ deps, organization, params }) => {
      const invoice = await findInvoice(deps.db, organization.id, params.invoiceId);
      if (!invoice) return notFound('invoice');
      const payments = await listPayments(deps.db, organization.id, invoice.id);
      return { body: { data: payments.map(paymentJson) } };
    },
  }),
  route({
    method: 'POST',
    path: '/invoices/:invoiceId/payments',
    operationId: 'recordPayment',
    summary: 'Record a payment received outside the portal (bank transfer, cash…) — R14.',
    tag: 'Payments',
    params: InvoiceParams,
    body: PaymentCreateSchema,
    handler: async ({ deps, organization, params, body, actor }) => {
      const result = await recordManualPayment(deps.db, {
        organizationId: organization.id,
        invoiceId: params.invoiceId,
        payment: body,
        actor,
      });
      return result.ok ? { body: paymentJson(result.value) } : result;
    },
  }),
  route({
    method: 'DELETE',
    path: '/invoices/:invoiceId/payments/:paymentId',
    operationId: 'removePayment',
    summary: 'Remove a payment recorded by mistake (not a provider payment).',
    tag: 'Payments',
    params: PaymentParams,
    handler: async ({ deps, organization, params, actor }) => {
      const result = await removeManualPayment(deps.db, {
        organizationId: organization.id,
        invoiceId: params.invoiceId,
        paymentId: params.paymentId,
        actor,
      });
      return result.ok ? {} : result;
    },
  }),
  route({
    method: 'GET',
    path: '/invoices/:invoiceId/events',
    operationId: 'listInvoiceEvents',
    summary: 'The audit trail of an invoice: issued, credited, payments, fee waivers.',
    tag: 'Invoices',
    params: InvoiceParams,
    handler: async ({ deps, organization, params }) => {
      const invoice = await findInvoice(deps.db, organization.id, params.invoiceId);
      if (!invoice) return notFound('invoice');
      const events = await listAuditEvents(deps.db, organization.id, 'invoice', invoice.id);
      return {
        body: {
          data: events.map((e) => ({
            id: e.id,
            action: e.action,
            actor: e.actor,
            data: e.data,
            createdAt: e.created_at.toISOString(),
          })),
        },
      };
    },
  }),
];
