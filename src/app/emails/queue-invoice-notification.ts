import { langOr } from '../../core/lang.ts';
import { listAdminUsers } from '../../db/repositories/admin-user.repository.ts';
import { findInvoiceComment } from '../../db/repositories/comment.repository.ts';
import { findCustomer } from '../../db/repositories/customer.repository.ts';
import { findInvoice } from '../../db/repositories/invoice.repository.ts';
import { findOrganization } from '../../db/repositories/organization.repository.ts';
import type { AdminUserRow, OutgoingEmailRow } from '../../db/schema.ts';
import type { Db } from '../../db/transaction.ts';
import type { IsoDate } from '../../domain/index.ts';
import type { JobSender } from '../../jobs/job-queue.ts';
import {
  NOTIFICATION_RECIPIENTS,
  type NotificationInput,
  renderNotificationEmail,
} from '../../mail/render-notification-email.ts';
import { documentLocale } from '../documents/document-model-from-rows.ts';
import { emailBranding, inlineImages, invoicePortalUrl, senderName } from './email-context.ts';
import { type MailSettings, queueOutgoingEmail } from './queue-outgoing-email.ts';

/** A payment, refund or chargeback, as the payments feature reports it. */
export interface MoneyNotificationEvent {
  kind: 'payment-received' | 'payment-confirmation' | 'refund' | 'chargeback' | 'transfer-reported';
  /** Identifies the event (e.g. the payment id): the same key never notifies twice. */
  eventKey: string;
  amountMinor: number;
  date: IsoDate;
  /** How it was paid, e.g. `Bancontact – Mollie`. */
  method: string | null;
  amountDueAfterMinor: number;
}

export type InvoiceNotificationEvent = { kind: 'comment'; commentId: string } | MoneyNotificationEvent;

/**
 * Whether an admin receives an admin notification of this kind, by their choice in the back office's
 * Admins settings: customer comments, or money (payments, refunds, chargebacks, reported transfers).
 */
export const receivesNotification =
  (kind: InvoiceNotificationEvent['kind']) =>
  (admin: Pick<AdminUserRow, 'notify_comments' | 'notify_payments'>): boolean =>
    kind === 'comment' ? admin.notify_comments : admin.notify_payments;

export interface NotificationDeps {
  db: Db;
  jobs: JobSender;
  mail: MailSettings;
}

/**
 * Queues the e-mails an invoice event gives (R12, R17): to every admin who chose to receive that kind
 * ({@link receivesNotification}), each in their own language, or to
 * the customer in theirs, per {@link NOTIFICATION_RECIPIENTS}. Idempotent: each recipient of an event is
 * queued once (dedupe key = event + recipient), so the job that calls this may run again safely. Links
 * lead to the invoice in the customer's portal (admins have no back office yet).
 *
 * Returns the messages queued by this call (none when all were queued before, or when the invoice,
 * comment or recipients are gone).
 */
export async function queueInvoiceNotification(
  deps: NotificationDeps,
  input: { organizationId: string; invoiceId: string; event: InvoiceNotificationEvent },
): Promise<OutgoingEmailRow[]> {
  const { event } = input;
  const [organization, invoice] = await Promise.all([
    findOrganization(deps.db, input.organizationId),
    findInvoice(deps.db, input.organizationId, input.invoiceId),
  ]);
  if (!organization || !invoice) return [];
  const customer = await findCustomer(deps.db, organization.id, invoice.customer_id);
  if (!customer) return [];

  let commentText = '';
  if (event.kind === 'comment') {
    const comment = await findInvoiceComment(
      deps.db,
      { organizationId: organization.id, invoiceId: invoice.id },
      event.commentId,
    );
    if (!comment) return [];
    commentText = comment.body;
  }

  const forCustomer = NOTIFICATION_RECIPIENTS[event.kind] === 'customer';
  const recipients = forCustomer
    ? customer.emails.length > 0
      ? [{ key: 'customer', to: customer.emails, language: langOr(customer.language) }]
      : []
    : (await listAdminUsers(deps.db, organization.id))
        .filter(receivesNotification(event.kind))
        .map((admin) => ({
          key: `admin:${admin.id}`,
          to: [admin.email],
          language: langOr(admin.language),
        }));
  if (recipients.length === 0) return [];

  const eventKey =
    event.kind === 'comment' ? `comment:${event.commentId}` : `${event.kind}:${event.eventKey}`;
  const common = {
    branding: emailBranding(organization),
    designedLayout: organization.email_designed_layout,
    invoiceNumber: invoice.number,
    customerName: customer.name,
    currency: invoice.currency,
    invoiceUrl: invoicePortalUrl(deps.mail, customer, invoice.id),
  };
  const messages = recipients.map((recipient) => {
    const base = {
      ...common,
      language: recipient.language,
      locale: documentLocale(recipient.language, organization.country),
    };
    const notification: NotificationInput =
      event.kind === 'comment'
        ? { ...base, kind: 'comment', commentText }
        : {
            ...base,
            kind: event.kind,
            amountMinor: event.amountMinor,
            date: event.date,
            method: event.method,
            amountDueAfterMinor: event.amountDueAfterMinor,
          };
    return { recipient, email: renderNotificationEmail(notification) };
  });

  return deps.db.transaction().execute(async (trx) => {
    const queued: OutgoingEmailRow[] = [];
    for (const { recipient, email } of messages) {
      const row = await queueOutgoingEmail(trx, deps.jobs, deps.mail.mailFrom, {
        organizationId: organization.id,
        invoiceId: invoice.id,
        kind: event.kind,
        dedupeKey: `${eventKey}:${recipient.key}`,
        fromName: senderName(organization),
        // Admins reply straight to the customer; the customer replies to the business.
        replyTo: forCustomer ? organization.email : (customer.emails[0] ?? null),
        to: recipient.to,
        language: recipient.language,
        email,
        attachments: inlineImages(organization, false),
      });
      if (row) queued.push(row);
    }
    return queued;
  });
}
