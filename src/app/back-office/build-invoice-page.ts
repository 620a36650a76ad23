import type { BackOfficeInvoicePage, TimelineEntry } from '../../back-office/view-models.ts';
import { listAdminUsers } from '../../db/repositories/admin-user.repository.ts';
import { listAuditEvents } from '../../db/repositories/audit.repository.ts';
import { listInvoiceComments } from '../../db/repositories/comment.repository.ts';
import { findCustomer } from '../../db/repositories/customer.repository.ts';
import { findCurrentDocumentInfo } from '../../db/repositories/document.repository.ts';
import { loadInvoiceAggregate } from '../../db/repositories/invoice.repository.ts';
import type { AuditEventRow, OrganizationRow } from '../../db/schema.ts';
import type { Db } from '../../db/transaction.ts';
import { invoicePortalUrl } from '../emails/email-context.ts';
import type { MailSettings } from '../emails/queue-outgoing-email.ts';
import { amountDueOf } from '../invoices/invoice-view.ts';

/** Who did it, as the timeline names them: an admin by name, the API, the customer, the system. */
function actorOf(actor: string, admins: ReadonlyMap<string, string>, customerName: string): string | null {
  if (actor.startsWith('admin_user:')) return admins.get(actor.slice('admin_user:'.length)) ?? null;
  if (actor.startsWith('api_key:')) return 'API';
  if (actor === 'customer') return customerName;
  if (actor.startsWith('provider:')) return actor.slice('provider:'.length);
  return null;
}

function timelineEntry(
  event: AuditEventRow,
  admins: ReadonlyMap<string, string>,
  customerName: string,
): TimelineEntry {
  const data = (event.data ?? {}) as Record<string, unknown>;
  return {
    at: event.created_at,
    action: event.action,
    actor: actorOf(event.actor, admins, customerName),
    data,
  };
}

/**
 * The back office's invoice page (issue 11): the invoice as the customer sees it, its amount due today
 * with the calculation, payments, the thread, the portal link, and the history from the audit trail.
 * Undefined when the invoice is not the organization's.
 */
export async function buildBackOfficeInvoicePage(
  deps: { db: Db; mail: MailSettings },
  input: { organization: OrganizationRow; invoiceId: string; today: string },
): Promise<BackOfficeInvoicePage | undefined> {
  const { organization } = input;
  const aggregate = await loadInvoiceAggregate(deps.db, organization.id, input.invoiceId);
  if (!aggregate) return undefined;
  const { invoice } = aggregate;
  const issued = invoice.state === 'issued';
  const [customer, events, comments, admins, document] = await Promise.all([
    findCustomer(deps.db, organization.id, invoice.customer_id),
    listAuditEvents(deps.db, organization.id, 'invoice', invoice.id),
    listInvoiceComments(deps.db, organization.id, invoice.id),
    listAdminUsers(deps.db, organization.id),
    issued ? findCurrentDocumentInfo(deps.db, organization.id, 'invoice', invoice.id) : undefined,
  ]);
  if (!customer) throw new Error(`The customer of invoice ${invoice.id} vanished`);
  const adminNames = new Map(admins.map((a) => [a.id, a.name]));
  // Who put the current PDF there: the upload or re-render that stored it (a first render is nobody's).
  const storedBy = document
    ? events.findLast(
        (e) =>
          (e.action === 'document.uploaded' || e.action === 'document.rerendered') &&
          (e.data as Record<string, unknown> | null)?.documentId === document.id,
      )
    : undefined;
  return {
    invoice: {
      id: invoice.id,
      number: invoice.number,
      state: invoice.state,
      issueDate: invoice.issue_date,
      dueDate: invoice.due_date,
      currency: invoice.currency,
      netTotalMinor: invoice.net_total_minor,
      vatTotalMinor: invoice.vat_total_minor,
      totalMinor: invoice.total_minor,
      paymentReference: invoice.payment_reference,
      notes: invoice.notes,
      waivers: {
        lateFee: invoice.waive_late_fee,
        interest: invoice.waive_interest,
        compensation: invoice.waive_compensation,
      },
    },
    lines: aggregate.lines.map((line) => ({
      description: line.description,
      quantity: line.quantity,
      unitPriceMinor: line.unit_price_minor,
      discountBp: line.discount_bp,
      vatRateBp: line.vat_rate_bp,
      vatCategory: line.vat_category,
      netMinor: line.net_minor,
    })),
    customer: { id: customer.id, name: customer.name },
    amountDue: issued ? amountDueOf(aggregate, organization, customer.kind, input.today) : null,
    payments: aggregate.payments.map((p) => ({
      id: p.id,
      paidOn: p.paid_on,
      amountMinor: p.amount_minor,
      method: p.method,
      removable: p.source !== 'provider',
    })),
    creditNotes: aggregate.creditNotes.map((c) => ({
      id: c.id,
      number: c.number,
      issueDate: c.issue_date,
      totalMinor: c.total_minor,
    })),
    portalUrl:
      issued && customer.portal_revoked_at === null
        ? invoicePortalUrl(deps.mail, customer, invoice.id)
        : null,
    portalRevoked: customer.portal_revoked_at !== null,
    comments: comments.map((c) => ({
      id: c.id,
      authorKind: c.author_kind,
      authorName: c.author_name,
      body: c.body,
      createdAt: c.created_at,
      unread: c.author_kind === 'customer' && c.read_at === null,
    })),
    timeline: events.map((e) => timelineEntry(e, adminNames, customer.name)).reverse(),
    pdf: document
      ? {
          source: document.source,
          createdAt: document.createdAt,
          byteSize: document.byteSize,
          by: storedBy ? actorOf(storedBy.actor, adminNames, customer.name) : null,
        }
      : null,
  };
}
