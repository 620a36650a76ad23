import type { Lang } from '../core/lang.ts';
import type { AmountDue, InvoiceStatus, IsoDate } from '../domain/index.ts';
import type { DisplayFormat } from '../web/display-format.ts';

/** The sections of the back office, for the navigation's current page. */
export type BackOfficeSection = 'home' | 'invoices' | 'customers' | 'comments' | 'settings' | null;

/** What every signed-in page shows around its content. */
export interface BackOfficeChrome {
  lang: Lang;
  /** BCP 47 locale for amounts and dates (the admin's language in the organization's country). */
  locale: string;
  timeZone: string;
  organizationName: string;
  adminName: string;
  /** The CSRF token every form of the page carries. */
  csrfToken: string;
  section: BackOfficeSection;
  /** Customer comments not read yet; null when not counted on this page. */
  unreadComments: number | null;
}

/** A page's chrome for pages shown before sign-in. */
export interface PublicChrome {
  lang: Lang;
}

/** A form field's error, in the admin's language. */
export interface FieldError {
  field: string;
  message: string;
}

export type { DisplayFormat };

/** One line of an invoice's history, newest first. */
export interface TimelineEntry {
  at: Date;
  /** The audit action, e.g. `invoice.issued`. */
  action: string;
  /** Who, as people name them; null for the system. */
  actor: string | null;
  data: Readonly<Record<string, unknown>>;
}

export interface BackOfficeInvoicePage {
  invoice: {
    id: string;
    number: string;
    state: 'draft' | 'issued';
    issueDate: IsoDate;
    dueDate: IsoDate;
    currency: string;
    netTotalMinor: number;
    vatTotalMinor: number;
    totalMinor: number;
    paymentReference: string | null;
    notes: string | null;
    waivers: { lateFee: boolean; interest: boolean; compensation: boolean };
  };
  /** The invoice's lines, as the customer's copy lists them. */
  lines: {
    description: string;
    quantity: string;
    unitPriceMinor: number;
    discountBp: number;
    vatRateBp: number;
    vatCategory: string;
    netMinor: number;
  }[];
  customer: { id: string; name: string };
  /** Null for a draft. */
  amountDue: AmountDue | null;
  /** `removable`: recorded by hand or imported (a provider's payment is never removed by hand). */
  payments: { id: string; paidOn: IsoDate; amountMinor: number; method: string; removable: boolean }[];
  creditNotes: { id: string; number: string; issueDate: IsoDate; totalMinor: number }[];
  /** The customer's link to this invoice; null for a draft or a revoked portal. */
  portalUrl: string | null;
  portalRevoked: boolean;
  comments: {
    id: string;
    authorKind: 'customer' | 'admin';
    authorName: string;
    body: string;
    createdAt: Date;
    /** A customer's comment the business had not read before this page. */
    unread: boolean;
  }[];
  timeline: TimelineEntry[];
  /**
   * The PDF served now: made by us (`rendered`) or the business's own (`uploaded`), when, and by whom
   * when an admin or the API did it. Null for a draft, and for an issued invoice whose PDF is not made
   * yet (it is made on first use: a download, an e-mail).
   */
  pdf: {
    source: 'rendered' | 'uploaded';
    createdAt: Date;
    byteSize: number;
    by: string | null;
  } | null;
}

export interface CustomerListItem {
  id: string;
  name: string;
  kind: 'company' | 'person';
  email: string | null;
  language: string;
}

export interface CustomerInvoiceItem {
  id: string;
  number: string;
  issueDate: string;
  totalMinor: number;
  currency: string;
  status: InvoiceStatus;
}

export interface CustomerCreditNoteItem {
  id: string;
  number: string;
  issueDate: string;
  totalMinor: number;
  currency: string;
  invoiceId: string;
  invoiceNumber: string;
}

/** The actions the home page calls activity, as written to `audit_events`. */
export type ActivityAction =
  | 'invoice.viewed'
  | 'invoice.commented'
  | 'invoice.payment_received'
  | 'invoice.payment_recorded'
  | 'invoice.payment_failed'
  | 'invoice.email_failed';

/** What the back office's home page shows for one currency. Amounts in minor units of that currency. */
export interface CurrencyFigures {
  currency: string;
  /** Open invoices (issued, not settled). */
  openCount: number;
  /** Σ principal outstanding (total − paid − credited, never below 0 per invoice) of open invoices. */
  outstandingMinor: number;
  /** Open invoices past their due date with principal outstanding. */
  overdueCount: number;
  overdueMinor: number;
  /** Open invoices due today … today + 6. */
  dueThisWeekCount: number;
  dueThisWeekMinor: number;
}

export interface DueInvoice {
  id: string;
  number: string;
  customerId: string;
  customerName: string;
  dueDate: string;
  currency: string;
  principalOutstandingMinor: number;
}

export interface ActivityItem {
  /** The audit event's id (newest is highest). */
  id: number;
  action: ActivityAction;
  at: Date;
  actor: string;
  invoiceId: string;
  invoiceNumber: string;
  data: Record<string, unknown>;
}

export interface HomeFigures {
  today: string;
  /** One entry per currency with open invoices, by currency code. */
  currencies: CurrencyFigures[];
  /** Open invoices due today … today + 6, soonest first (at most `dueThisWeekLimit`). */
  dueThisWeek: DueInvoice[];
  /** Newest first (at most `activityLimit`). */
  activity: ActivityItem[];
}

/** One online payment provider as the settings page shows it. */
export interface ProviderSettings {
  provider: 'stripe' | 'mollie';
  /** The connected account, or null. */
  account: {
    id: string;
    accountName: string | null;
    testMode: boolean;
    connectedAt: Date;
    /** Where the provider must post its notifications (Stripe: add it as a webhook endpoint). */
    webhookUrl: string;
    /** The last notification received from this provider; null when none has arrived yet. */
    lastEventAt: Date | null;
  } | null;
}

export interface PaymentSettings {
  providers: ProviderSettings[];
  /** What the portal offers for an invoice of 100 in the default currency today, as it shows them. */
  options: {
    methods: readonly { name: string; provider: string; isBankTransfer: boolean }[];
    unavailable: boolean;
  };
  /** The demo organization pays with the TEST provider (never offered to other organizations). */
  isDemo: boolean;
}
