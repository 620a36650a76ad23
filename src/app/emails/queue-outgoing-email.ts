import { randomUUID } from 'node:crypto';
import type { OutgoingAttachment, OutgoingEmailKind, OutgoingEmailRow } from '../../db/schema.ts';
import type { Trx } from '../../db/transaction.ts';
import { type JobSender, QUEUES } from '../../jobs/job-queue.ts';
import type { RenderedEmail } from '../../mail/email-layout.ts';

/** Where e-mails come from and where their links lead; from the configuration. */
export interface MailSettings {
  /** Base of portal links. */
  publicBaseUrl: string;
  /** Signs portal links. */
  appSecret: string;
  /** The sender address; also the domain of every Message-ID. */
  mailFrom: string;
}

export interface OutgoingEmailInput {
  organizationId: string;
  invoiceId: string | null;
  kind: OutgoingEmailKind;
  /**
   * Makes queueing idempotent: a second message with the same key in the organization is not queued (the
   * job that queues it may run twice). Null for messages a person asked for, each of which is sent.
   */
  dedupeKey: string | null;
  fromName: string;
  replyTo: string | null;
  to: readonly string[];
  cc?: readonly string[];
  language: string;
  email: RenderedEmail;
  attachments: readonly OutgoingAttachment[];
}

/** A Message-ID in the sender's domain, unique and fixed for the life of the message. */
export function newMessageId(mailFrom: string): string {
  const domain = mailFrom.split('@')[1] ?? 'localhost';
  return `<${randomUUID()}@${domain}>`;
}

/**
 * Stores a rendered message and queues its sending, inside the caller's transaction: the message and its
 * job exist together or not at all. Returns the message, or null when one with the same dedupe key
 * already exists.
 */
export async function queueOutgoingEmail(
  trx: Trx,
  jobs: JobSender,
  mailFrom: string,
  input: OutgoingEmailInput,
): Promise<OutgoingEmailRow | null> {
  const row = await trx
    .insertInto('outgoing_emails')
    .values({
      organization_id: input.organizationId,
      invoice_id: input.invoiceId,
      kind: input.kind,
      dedupe_key: input.dedupeKey,
      message_id: newMessageId(mailFrom),
      from_name: input.fromName,
      reply_to: input.replyTo,
      to_addresses: [...input.to],
      cc_addresses: [...(input.cc ?? [])],
      language: input.language,
      subject: input.email.subject,
      text_body: input.email.text,
      html_body: input.email.html,
      attachments: JSON.stringify(input.attachments),
    })
    .onConflict((oc) => oc.columns(['organization_id', 'dedupe_key']).doNothing())
    .returningAll()
    .executeTakeFirst();
  if (!row) return null;
  await jobs.sendInTransaction(trx, QUEUES.emailSend, {
    organizationId: row.organization_id,
    emailId: row.id,
  });
  return row;
}
