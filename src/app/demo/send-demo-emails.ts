import type { EventLog } from '../../core/event-log.ts';
import { findInvoice } from '../../db/repositories/invoice.repository.ts';
import type { Db } from '../../db/transaction.ts';
import type { DocumentRenderer } from '../../documents/document-renderer.ts';
import type { JobSender } from '../../jobs/job-queue.ts';
import { addCustomerComment } from '../comments/add-customer-comment.ts';
import type { MailSettings } from '../emails/queue-outgoing-email.ts';
import { sendInvoiceEmail } from '../emails/send-invoice-email.ts';
import type { DemoSeed } from './seed-demo.ts';

/** The demo invoices sent by e-mail on the first start: one per language, and the designed layout. */
const SENT_CASES = [
  'unpaid, due in 25 days',
  'overdue 45 days',
  'partially paid',
  'reverse charge',
  'overdue 20 days, private customer',
];

/**
 * What a new user should find in the local mailbox: the demo's open invoices as their customers received
 * them (each in the customer's language, PDF attached), and a customer's comment as the admin received it.
 * Goes through the same use cases and workers as any organization's e-mails.
 */
export async function sendDemoEmails(
  deps: { db: Db; jobs: JobSender; renderer: DocumentRenderer; log: EventLog; mail: MailSettings },
  demo: Pick<DemoSeed, 'organization' | 'cases'>,
  today: string,
): Promise<void> {
  const organizationId = demo.organization.id;
  for (const shows of SENT_CASES) {
    const found = demo.cases.find((c) => c.shows.startsWith(shows));
    if (!found) throw new Error(`No demo invoice "${shows}"`);
    const sent = await sendInvoiceEmail(deps, {
      organization: demo.organization,
      invoiceId: found.invoiceId,
      actor: 'demo',
      today,
    });
    if (!sent.ok) throw new Error(`The demo invoice ${found.number} could not be sent: ${sent.code}`);
  }
  const overdue = demo.cases.find((c) => c.shows.startsWith('overdue 45 days'));
  const invoice = overdue ? await findInvoice(deps.db, organizationId, overdue.invoiceId) : undefined;
  if (!overdue || !invoice) throw new Error('No overdue demo invoice');
  const comment = await addCustomerComment(deps, {
    organizationId,
    customerId: invoice.customer_id,
    invoiceId: overdue.invoiceId,
    body: 'Bonjour, pourriez-vous nous accorder un paiement en deux fois\u00a0? Merci d’avance.',
  });
  if (!comment.ok) throw new Error(`The demo comment was refused: ${comment.code}`);
}
