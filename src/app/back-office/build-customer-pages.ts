import type {
  CustomerCreditNoteItem,
  CustomerInvoiceItem,
  CustomerListItem,
} from '../../back-office/view-models.ts';
import { listCreditNotes } from '../../db/repositories/credit-note.repository.ts';
import { findCustomer, listCustomers } from '../../db/repositories/customer.repository.ts';
import {
  findInvoiceNumbers,
  listInvoices,
  loadInvoiceAggregates,
} from '../../db/repositories/invoice.repository.ts';
import type { CustomerRow, OrganizationRow } from '../../db/schema.ts';
import type { Db } from '../../db/transaction.ts';
import { invoiceStatus } from '../../domain/index.ts';
import type { MailSettings } from '../emails/queue-outgoing-email.ts';
import { amountDueOf } from '../invoices/invoice-view.ts';
import { portalPaths, portalToken } from '../portal-links/portal-link.ts';

export const CUSTOMER_PAGE_SIZE = 50;
/** A customer's page lists this many of their newest invoices. */
export const CUSTOMER_INVOICES_SHOWN = 50;

/** The customer list's page: search by name, keyset by creation. */
export async function buildCustomerList(
  db: Db,
  input: { organizationId: string; search: string; after: { createdAt: Date; id: string } | undefined },
): Promise<{ customers: CustomerListItem[]; next: { createdAt: Date; id: string } | null }> {
  const rows = await listCustomers(db, input.organizationId, {
    limit: CUSTOMER_PAGE_SIZE + 1,
    ...(input.search ? { search: input.search } : {}),
    ...(input.after ? { after: input.after } : {}),
  });
  const page = rows.slice(0, CUSTOMER_PAGE_SIZE);
  const last = page.at(-1);
  return {
    customers: page.map((c) => ({
      id: c.id,
      name: c.name,
      kind: c.kind,
      email: c.emails[0] ?? null,
      language: c.language,
    })),
    next: rows.length > CUSTOMER_PAGE_SIZE && last ? { createdAt: last.created_at, id: last.id } : null,
  };
}

/** A customer as the edit form shows it. */
export function customerFormValues(c: CustomerRow): Record<string, string> {
  return {
    kind: c.kind,
    name: c.name,
    vatNumber: c.vat_number ?? '',
    enterpriseNumber: c.enterprise_number ?? '',
    addressLine1: c.address_line1 ?? '',
    addressLine2: c.address_line2 ?? '',
    postalCode: c.postal_code ?? '',
    city: c.city ?? '',
    country: c.country ?? '',
    language: c.language,
    emails: c.emails.join('\n'),
  };
}

/**
 * A customer's page: the row, their newest invoices with where each stands today, their newest credit
 * notes with the invoice each credits, their portal link.
 */
export async function buildCustomerPage(
  deps: { db: Db; mail: MailSettings },
  input: { organization: OrganizationRow; customerId: string; today: string },
): Promise<
  | {
      customer: CustomerRow;
      invoices: CustomerInvoiceItem[];
      creditNotes: CustomerCreditNoteItem[];
      portalUrl: string | null;
    }
  | undefined
> {
  const { organization } = input;
  const customer = await findCustomer(deps.db, organization.id, input.customerId);
  if (!customer) return undefined;
  const [rows, creditNoteRows] = await Promise.all([
    listInvoices(deps.db, organization.id, { customerId: customer.id, limit: CUSTOMER_INVOICES_SHOWN }),
    listCreditNotes(deps.db, organization.id, { customerId: customer.id, limit: CUSTOMER_INVOICES_SHOWN }),
  ]);
  const [aggregates, invoiceNumbers] = await Promise.all([
    loadInvoiceAggregates(deps.db, organization.id, rows),
    findInvoiceNumbers(
      deps.db,
      organization.id,
      creditNoteRows.map((c) => c.invoice_id),
    ),
  ]);
  const numberOf = new Map(invoiceNumbers.map((i) => [i.id, i.number]));
  const creditNotes = creditNoteRows.map((c) => ({
    id: c.id,
    number: c.number,
    issueDate: c.issue_date,
    totalMinor: c.total_minor,
    currency: c.currency,
    invoiceId: c.invoice_id,
    invoiceNumber: numberOf.get(c.invoice_id) ?? '',
  }));
  const invoices = aggregates.map((aggregate) => {
    const { invoice } = aggregate;
    const due =
      invoice.state === 'issued' ? amountDueOf(aggregate, organization, customer.kind, input.today) : null;
    return {
      id: invoice.id,
      number: invoice.number,
      issueDate: invoice.issue_date,
      totalMinor: invoice.total_minor,
      currency: invoice.currency,
      status: invoiceStatus(invoice.state, due?.status ?? null),
    };
  });
  const portalUrl =
    customer.portal_revoked_at === null
      ? `${deps.mail.publicBaseUrl}${portalPaths.history(portalToken(deps.mail.appSecret, customer.id, customer.portal_link_version))}`
      : null;
  return { customer, invoices, creditNotes, portalUrl };
}
