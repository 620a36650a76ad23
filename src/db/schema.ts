import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { PaymentAttemptStatus } from '../domain/index.ts';
import type { BackOfficeTables } from './back-office-schema.ts';

export type { PaymentAttemptStatus };

/** `bigint` columns are parsed to safe JS numbers (see `connect-database.ts`), `date` to 'YYYY-MM-DD'. */
type Int8 = ColumnType<number, number, number>;
/** A timestamp the database fills in by default. */
type DefaultTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T> = ColumnType<T, string, string>;

export interface OrganizationsTable {
  id: Generated<string>;
  legal_name: string;
  trade_name: string | null;
  vat_number: string | null;
  enterprise_number: string | null;
  address_line1: Generated<string>;
  address_line2: string | null;
  postal_code: Generated<string>;
  city: Generated<string>;
  country: string;
  time_zone: string;
  default_language: string;
  default_currency: string;
  email: string | null;
  phone: string | null;
  website: string | null;
  logo: Buffer | Uint8Array | null;
  logo_mime: string | null;
  primary_color: Generated<string>;
  accent_color: Generated<string>;
  iban: string | null;
  bic: string | null;
  payment_reference_kind: Generated<'be' | 'rf'>;
  next_reference_seq: ColumnType<number, number | undefined, number>;
  late_fee_bp: Generated<number>;
  late_fee_minimum_minor: ColumnType<number, number | undefined, number>;
  interest_rate_bp: Generated<number>;
  fixed_compensation_b2b: Generated<boolean>;
  is_demo: Generated<boolean>;
  /** R4: on, e-mails are designed HTML with a plain-text alternative; off, plain text only. */
  email_designed_layout: Generated<boolean>;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
}

export interface AdminUsersTable {
  id: Generated<string>;
  organization_id: string;
  name: string;
  email: string;
  language: string;
  created_at: DefaultTimestamp;
  /** Receives the e-mail of each customer comment (migration 0012). */
  notify_comments: Generated<boolean>;
  /** Receives the e-mails of payments, refunds, chargebacks and reported transfers (migration 0012). */
  notify_payments: Generated<boolean>;
}

export interface ApiKeysTable {
  id: Generated<string>;
  organization_id: string;
  name: string;
  prefix: string;
  key_hash: string;
  created_at: DefaultTimestamp;
  revoked_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  /** When the key last authenticated a request (written at most once a minute); null if not since 0010. */
  last_used_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface CustomersTable {
  id: Generated<string>;
  organization_id: string;
  external_id: string | null;
  kind: 'company' | 'person';
  name: string;
  vat_number: string | null;
  enterprise_number: string | null;
  address_line1: string | null;
  address_line2: string | null;
  postal_code: string | null;
  city: string | null;
  country: string | null;
  language: string;
  emails: ColumnType<string[], string[] | undefined, string[]>;
  portal_link_version: Generated<number>;
  portal_revoked_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
}

export interface VatBreakdownJson {
  vatCategory: string;
  vatRateBp: number;
  taxableMinor: number;
  vatMinor: number;
}

export interface InvoicesTable {
  id: Generated<string>;
  organization_id: string;
  customer_id: string;
  number: string;
  state: 'draft' | 'issued';
  issue_date: string;
  due_date: string;
  currency: string;
  net_total_minor: Int8;
  vat_total_minor: Int8;
  total_minor: Int8;
  vat_breakdown: Json<VatBreakdownJson[]>;
  legal_notes: ColumnType<string[], string | undefined, string>;
  vat_exemption_reason: string | null;
  payment_reference: string | null;
  notes: string | null;
  waive_late_fee: Generated<boolean>;
  waive_interest: Generated<boolean>;
  waive_compensation: Generated<boolean>;
  imported: Generated<boolean>;
  /** When an issued invoice stopped being open (paid or fully credited); null while open or draft. */
  settled_on: ColumnType<string | null, string | null | undefined, string | null>;
  /** Σ of the invoice's payments (refunds negative), kept with `settled_on` by `refreshSettlement`. */
  paid_minor: ColumnType<number, number | undefined, number>;
  /** Σ of the invoice's credit notes, kept with `settled_on` by `refreshSettlement`. */
  credited_minor: ColumnType<number, number | undefined, number>;
  issued_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  /** When the customer first opened the invoice in the portal. */
  first_viewed_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
}

export interface DocumentLinesTable {
  id: Generated<string>;
  organization_id: string;
  position: number;
  description: string;
  quantity: ColumnType<string, string, string>;
  unit_price_minor: Int8;
  discount_bp: Generated<number>;
  vat_rate_bp: number;
  vat_category: string;
  net_minor: Int8;
}

export interface InvoiceLinesTable extends DocumentLinesTable {
  invoice_id: string;
}

export interface CreditNoteLinesTable extends DocumentLinesTable {
  credit_note_id: string;
}

export interface CreditNotesTable {
  id: Generated<string>;
  organization_id: string;
  invoice_id: string;
  customer_id: string;
  number: string;
  issue_date: string;
  currency: string;
  net_total_minor: Int8;
  vat_total_minor: Int8;
  total_minor: Int8;
  vat_breakdown: Json<VatBreakdownJson[]>;
  legal_notes: ColumnType<string[], string | undefined, string>;
  reason: string | null;
  created_at: DefaultTimestamp;
}

export interface PaymentsTable {
  id: Generated<string>;
  organization_id: string;
  invoice_id: string;
  amount_minor: Int8;
  currency: string;
  paid_on: string;
  method: string;
  source: 'manual' | 'import' | 'provider';
  provider: string | null;
  provider_payment_id: string | null;
  note: string | null;
  /** The portal payment attempt a provider payment answers. */
  attempt_id: ColumnType<string | null, string | null | undefined, string | null>;
  /** A provider payment whose amount differs from its attempt's quote. */
  flag: ColumnType<
    'underpaid' | 'overpaid' | null,
    'underpaid' | 'overpaid' | null | undefined,
    'underpaid' | 'overpaid' | null
  >;
  created_at: DefaultTimestamp;
}

export interface CommentsTable {
  id: Generated<string>;
  organization_id: string;
  invoice_id: string;
  author_kind: 'customer' | 'admin';
  author_name: string;
  body: string;
  /** Milliseconds, like a JavaScript Date (the inbox's keyset cursor compares with it exactly). */
  created_at: DefaultTimestamp;
  /** When the business read a customer's comment; null while unread, and always on the business's replies. */
  read_at: Timestamp;
}

export interface AuditEventsTable {
  id: Generated<number>;
  organization_id: string;
  subject_type: string;
  subject_id: string | null;
  action: string;
  actor: string;
  data: ColumnType<Record<string, unknown>, string | undefined, string>;
  created_at: DefaultTimestamp;
}

export interface DocumentsTable {
  id: Generated<string>;
  organization_id: string;
  owner_type: 'invoice' | 'credit_note';
  owner_id: string;
  source: 'rendered' | 'uploaded';
  content: Buffer | Uint8Array;
  content_type: string;
  byte_size: number;
  sha256: string;
  renderer_version: string | null;
  created_at: DefaultTimestamp;
  superseded_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface EmailTemplatesTable {
  id: Generated<string>;
  organization_id: string;
  name: string;
  language: string;
  subject: string;
  body: string;
  is_default: Generated<boolean>;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
}

/** What an outgoing e-mail carries besides its text, resolved to bytes when it is sent. */
export type OutgoingAttachment =
  /** A stored document (the invoice PDF), attached as a file. */
  | { source: 'document'; documentId: string; fileName: string; contentType: string }
  /** The organization's logo, inline (`cid:`), for the designed layout. */
  | { source: 'logo'; contentId: string }
  /** The picture of the invoice (R3), inline (`cid:`), drawn in the brand colour. */
  | { source: 'invoice-image'; contentId: string; color: string };

export type OutgoingEmailKind =
  | 'invoice'
  | 'comment'
  | 'payment-received'
  | 'payment-confirmation'
  | 'refund'
  | 'chargeback'
  | 'transfer-reported'
  | 'sign-in'
  | 'comment-reply';

type Timestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export interface OutgoingEmailsTable {
  id: Generated<string>;
  organization_id: string;
  invoice_id: string | null;
  kind: OutgoingEmailKind;
  dedupe_key: string | null;
  message_id: string;
  from_name: string;
  reply_to: string | null;
  to_addresses: string[];
  cc_addresses: ColumnType<string[], string[] | undefined, string[]>;
  language: string;
  subject: string;
  text_body: string;
  html_body: string | null;
  attachments: Json<OutgoingAttachment[]>;
  status: ColumnType<'queued' | 'sent' | 'failed', 'queued' | 'sent' | 'failed' | undefined>;
  attempts: Generated<number>;
  last_error: string | null;
  transport: string | null;
  transport_response: string | null;
  queued_at: DefaultTimestamp;
  sent_at: Timestamp;
  failed_at: Timestamp;
  /** When retention dropped the text, HTML and attachments (migration 0014); null while they are kept. */
  body_pruned_at: Timestamp;
}

export interface WebhookEndpointsTable {
  id: Generated<string>;
  organization_id: string;
  url: string;
  description: string | null;
  events: string[];
  /** The signing secret, encrypted with a key derived from APP_SECRET (AES-256-GCM). */
  secret_encrypted: string;
  enabled: Generated<boolean>;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
}

export interface WebhookDeliveriesTable {
  id: Generated<string>;
  organization_id: string;
  endpoint_id: string;
  event_id: string;
  event_type: string;
  /** The exact JSON body: signed and sent as is on every attempt. */
  body: string;
  status: ColumnType<'pending' | 'delivered' | 'failed', 'pending' | 'delivered' | 'failed' | undefined>;
  attempts: Generated<number>;
  last_attempt_at: Timestamp;
  last_status_code: number | null;
  last_error: string | null;
  delivered_at: Timestamp;
  created_at: DefaultTimestamp;
}

export interface PaymentAccountsTable {
  id: Generated<string>;
  organization_id: string;
  provider: 'stripe' | 'mollie';
  /** The provider credentials as JSON, sealed with a key derived from APP_SECRET. */
  credentials_encrypted: string;
  account_name: string | null;
  test_mode: boolean;
  connected_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
}

export interface BankTransferJson {
  beneficiary: string;
  iban: string;
  bic: string | null;
  reference: string;
}

export interface PaymentAttemptsTable {
  id: Generated<string>;
  organization_id: string;
  invoice_id: string;
  provider: 'stripe' | 'mollie' | 'demo';
  method_id: string;
  method_name: string;
  is_bank_transfer: Generated<boolean>;
  quote_minor: Int8;
  currency: string;
  quoted_on: string;
  checkout_id: string | null;
  checkout_url: string | null;
  expires_at: Timestamp;
  status: ColumnType<PaymentAttemptStatus, PaymentAttemptStatus | undefined, PaymentAttemptStatus>;
  provider_payment_id: string | null;
  failure_reason: string | null;
  bank_transfer: ColumnType<BankTransferJson | null, string | null | undefined, string | null>;
  ended_at: Timestamp;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
}

export interface ProviderEventsTable {
  id: Generated<string>;
  organization_id: string;
  provider: 'stripe' | 'mollie' | 'demo';
  event_id: string;
  event_type: string | null;
  checkout_id: string | null;
  payment_id: string | null;
  received_at: DefaultTimestamp;
  applied_at: Timestamp;
  outcome: string | null;
}

export interface DemoPaymentsTable {
  id: string;
  organization_id: string;
  attempt_id: string;
  amount_minor: Int8;
  currency: string;
  method_id: string;
  status: ColumnType<
    'open' | 'pending' | 'paid' | 'failed' | 'canceled' | 'expired',
    'open' | undefined,
    'open' | 'pending' | 'paid' | 'failed' | 'canceled' | 'expired'
  >;
  return_url: string;
  webhook_url: string;
  paid_at: Timestamp;
  refunded_minor: ColumnType<number, number | undefined, number>;
  created_at: DefaultTimestamp;
}

export interface Database extends BackOfficeTables {
  organizations: OrganizationsTable;
  admin_users: AdminUsersTable;
  api_keys: ApiKeysTable;
  customers: CustomersTable;
  invoices: InvoicesTable;
  invoice_lines: InvoiceLinesTable;
  credit_notes: CreditNotesTable;
  credit_note_lines: CreditNoteLinesTable;
  payments: PaymentsTable;
  comments: CommentsTable;
  audit_events: AuditEventsTable;
  documents: DocumentsTable;
  email_templates: EmailTemplatesTable;
  outgoing_emails: OutgoingEmailsTable;
  webhook_endpoints: WebhookEndpointsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  payment_accounts: PaymentAccountsTable;
  payment_attempts: PaymentAttemptsTable;
  provider_events: ProviderEventsTable;
  demo_payments: DemoPaymentsTable;
}

/** An organization as read: the logo bytes are left out (see organization.repository.ts), their size kept. */
export type OrganizationRow = Omit<Selectable<OrganizationsTable>, 'logo'> & { logo_bytes: number | null };
export type NewOrganization = Insertable<OrganizationsTable>;
export type OrganizationUpdate = Updateable<OrganizationsTable>;
export type AdminUserRow = Selectable<AdminUsersTable>;
export type ApiKeyRow = Selectable<ApiKeysTable>;
export type CustomerRow = Selectable<CustomersTable>;
export type InvoiceRow = Selectable<InvoicesTable>;
export type InvoiceLineRow = Selectable<InvoiceLinesTable>;
export type CreditNoteRow = Selectable<CreditNotesTable>;
export type CreditNoteLineRow = Selectable<CreditNoteLinesTable>;
export type PaymentRow = Selectable<PaymentsTable>;
export type CommentRow = Selectable<CommentsTable>;
export type AuditEventRow = Selectable<AuditEventsTable>;
export type DocumentRow = Selectable<DocumentsTable>;
export type EmailTemplateRow = Selectable<EmailTemplatesTable>;
export type OutgoingEmailRow = Selectable<OutgoingEmailsTable>;
export type WebhookEndpointRow = Selectable<WebhookEndpointsTable>;
export type WebhookDeliveryRow = Selectable<WebhookDeliveriesTable>;
export type PaymentAccountRow = Selectable<PaymentAccountsTable>;
export type PaymentAttemptRow = Selectable<PaymentAttemptsTable>;
export type ProviderEventRow = Selectable<ProviderEventsTable>;
export type DemoPaymentRow = Selectable<DemoPaymentsTable>;
