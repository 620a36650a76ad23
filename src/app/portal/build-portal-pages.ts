import { toString as qrSvg } from 'qrcode';
import { LANGS, type Lang } from '../../core/lang.ts';
import { decodeIssueDateCursor, encodeIssueDateCursor } from '../../db/keyset-cursor.ts';
import { listInvoiceComments } from '../../db/repositories/comment.repository.ts';
import { findCreditNote, listCreditNotes } from '../../db/repositories/credit-note.repository.ts';
import {
  findInvoiceNumbers,
  type InvoiceAggregate,
  listInvoices,
  loadCustomerIssuedInvoice,
  loadInvoiceAggregates,
} from '../../db/repositories/invoice.repository.ts';
import { hasPaymentAccount } from '../../db/repositories/payment-account.repository.ts';
import type { CreditNoteLineRow, CreditNoteRow, InvoiceRow, OrganizationRow } from '../../db/schema.ts';
import type { Db } from '../../db/transaction.ts';
import { overdueDuration } from '../../domain/index.ts';
import type {
  CommentError,
  HistoryPageModel,
  HistoryTab,
  InvoicePageModel,
  PortalChrome,
  PortalDocumentContent,
} from '../../portal/view-models.ts';
import { brandPalette } from '../../web/brand-colors.ts';
import { COMMENT_MAX_LENGTH } from '../comments/comment-text.ts';
import {
  bankTransferBox,
  creditNoteFigures,
  customerParty,
  documentLocale,
  invoiceFigures,
  supplierParty,
} from '../documents/document-model-from-rows.ts';
import { amountDueOf } from '../invoices/invoice-view.ts';
import { awaitsTransfer } from '../payments/invoice-payment-state.ts';
import { portalCsrfToken, portalPaths } from '../portal-links/portal-link.ts';
import type { PortalAccess } from './portal-access.ts';

export const HISTORY_PAGE_SIZE = 25;

export interface PortalPageDeps {
  db: Db;
  appSecret: string;
  stylesheetUrl: string;
}

/** A URL with its `lang` parameter replaced. */
function withLang(url: string, lang: Lang): string {
  const u = new URL(url, 'http://portal.invalid');
  u.searchParams.set('lang', lang);
  return `${u.pathname}${u.search}`;
}

export function buildChrome(
  deps: PortalPageDeps,
  access: PortalAccess,
  lang: Lang,
  currentUrl: string,
  cspNonce: string,
): PortalChrome {
  const o = access.organization;
  const colors = brandPalette({ primaryColor: o.primary_color, accentColor: o.accent_color });
  return {
    lang,
    locale: documentLocale(lang, o.country),
    timeZone: o.time_zone,
    branding: {
      organizationName: o.legal_name,
      tradeName: o.trade_name,
      logoUrl: o.logo_bytes ? portalPaths.logo(access.token) : null,
      primaryColor: colors.primary,
      onPrimaryColor: colors.onPrimary,
      accentColor: colors.accent,
      contact: { email: o.email, phone: o.phone, website: o.website },
    },
    customerName: access.customer.name,
    historyUrl: portalPaths.history(access.token),
    languageLinks: LANGS.map((l) => ({ lang: l, url: withLang(currentUrl, l), current: l === lang })),
    cspNonce,
    stylesheetUrl: deps.stylesheetUrl,
  };
}

function withCreditNote(content: PortalDocumentContent, note: CreditNoteRow, lines: CreditNoteLineRow[]) {
  return { ...content, ...creditNoteFigures(note, lines), reason: note.reason };
}

/** The customer's issued invoice of this id, for the portal's pages; undefined for any other id. */
export function loadCustomerInvoice(
  db: Db,
  access: Pick<PortalAccess, 'organization' | 'customer'>,
  invoiceId: string,
): Promise<InvoiceAggregate | undefined> {
  return loadCustomerIssuedInvoice(
    db,
    { organizationId: access.organization.id, customerId: access.customer.id },
    invoiceId,
  );
}

export interface CommentFormState {
  value: string;
  error: CommentError | null;
  sent: boolean;
}

/**
 * The invoice page (R7–R12): the invoice or one of its credit notes, the amount due today with its
 * calculation, bank-transfer details with a QR code for the amount due now, comments.
 */
export async function buildInvoicePage(
  deps: PortalPageDeps,
  access: PortalAccess,
  input: {
    aggregate: InvoiceAggregate;
    creditNoteId: string | null;
    lang: Lang;
    today: string;
    currentUrl: string;
    cspNonce: string;
    form: CommentFormState;
  },
): Promise<InvoicePageModel | undefined> {
  const { aggregate, lang, today } = input;
  const invoice: InvoiceRow = aggregate.invoice;
  const { organization, customer, token } = access;
  let creditNote: InvoicePageModel['creditNote'] = null;
  const content: PortalDocumentContent = {
    ...invoiceFigures(invoice, aggregate.lines),
    // Parties in the page's language (country names), not the PDF's.
    supplier: supplierParty(organization, lang),
    customer: customerParty(customer, lang),
    vatExemptionReason: invoice.vat_exemption_reason,
  };
  if (input.creditNoteId) {
    if (!aggregate.creditNotes.some((c) => c.id === input.creditNoteId)) return undefined;
    const found = await findCreditNote(deps.db, organization.id, input.creditNoteId);
    if (!found || found.creditNote.invoice_id !== invoice.id) return undefined;
    creditNote = withCreditNote(content, found.creditNote, found.lines);
  }
  const due = amountDueOf(aggregate, organization, customer.kind, today);
  const overdue = due.overdue ? overdueDuration(invoice.due_date, today) : null;

  let bankTransfer: InvoicePageModel['bankTransfer'] = null;
  const transfer = due.amountDueMinor > 0 ? bankTransferBox(organization, invoice, due.amountDueMinor) : null;
  if (transfer) {
    bankTransfer = {
      ...transfer.box,
      amountMinor: due.amountDueMinor,
      qrSvg: transfer.epcPayload
        ? await qrSvg(transfer.epcPayload, { type: 'svg', errorCorrectionLevel: 'M', margin: 4 })
        : null,
    };
  }

  const comments = await listInvoiceComments(deps.db, organization.id, invoice.id);

  return {
    chrome: buildChrome(deps, access, lang, input.currentUrl, input.cspNonce),
    invoice: { ...content, dueDate: invoice.due_date, paymentReference: invoice.payment_reference },
    amountDue: { ...due, asOf: today },
    overdue: overdue ? { count: overdue.count, unit: overdue.unit } : null,
    tabs: [
      {
        kind: 'invoice',
        number: invoice.number,
        url: portalPaths.invoice(token, invoice.id),
        current: !creditNote,
      },
      ...aggregate.creditNotes.map((c) => ({
        kind: 'credit_note' as const,
        number: c.number,
        url: portalPaths.creditNote(token, invoice.id, c.id),
        current: c.id === input.creditNoteId,
      })),
    ],
    creditNote,
    download: {
      url: portalPaths.download(token, invoice.id),
      kind: aggregate.creditNotes.length > 0 ? 'zip' : 'pdf',
    },
    bankTransfer,
    awaitingTransfer: await awaitsTransfer(deps.db, invoice),
    // R15/R20: the pay button shows while something is due and a provider is connected.
    payAction:
      due.amountDueMinor > 0 && (await acceptsOnlinePayment(deps.db, organization))
        ? { url: portalPaths.pay(token, invoice.id) }
        : null,
    comments: comments.map((c) => ({
      authorName: c.author_name,
      authorKind: c.author_kind,
      body: c.body,
      createdAt: c.created_at,
    })),
    commentForm: {
      action: portalPaths.comments(token, invoice.id),
      csrfToken: portalCsrfToken(deps.appSecret, token),
      maxLength: COMMENT_MAX_LENGTH,
      value: input.form.value,
      error: input.form.error,
      sent: input.form.sent,
    },
  };
}

/**
 * The customer's history (R13): open invoices, paid ones (with their calculation and the date paid), and
 * credit notes; newest first, keyset-paginated so page 400 of a 10,000-invoice customer costs what page 1
 * does.
 */
export async function buildHistoryPage(
  deps: PortalPageDeps,
  access: PortalAccess,
  input: {
    tab: HistoryTab;
    cursor: string | undefined;
    lang: Lang;
    today: string;
    currentUrl: string;
    cspNonce: string;
  },
): Promise<HistoryPageModel> {
  const { organization, customer, token } = access;
  // A cursor we did not make shows the first page.
  const before = decodeIssueDateCursor(input.cursor) ?? undefined;
  const base = portalPaths.history(token);
  const tabUrl = (tab: HistoryTab) => (tab === 'open' ? base : `${base}?tab=${tab}`);
  const pageUrl = (cursor: string) =>
    `${base}?${new URLSearchParams({ ...(input.tab === 'open' ? {} : { tab: input.tab }), before: cursor })}`;
  const model: HistoryPageModel = {
    chrome: buildChrome(deps, access, input.lang, input.currentUrl, input.cspNonce),
    tab: input.tab,
    tabs: (['open', 'paid', 'credit-notes'] as const).map((key) => ({
      key,
      url: tabUrl(key),
      current: key === input.tab,
    })),
    invoices: [],
    creditNotes: [],
    olderUrl: null,
    newestUrl: before ? tabUrl(input.tab) : null,
  };

  if (input.tab === 'credit-notes') {
    const rows = await listCreditNotes(deps.db, organization.id, {
      customerId: customer.id,
      limit: HISTORY_PAGE_SIZE + 1,
      ...(before ? { before } : {}),
    });
    const page = rows.slice(0, HISTORY_PAGE_SIZE);
    const invoiceNumbers = new Map(
      page.length === 0
        ? []
        : (
            await findInvoiceNumbers(
              deps.db,
              organization.id,
              page.map((c) => c.invoice_id),
            )
          ).map((i) => [i.id, i.number]),
    );
    model.creditNotes = page.map((c) => ({
      number: c.number,
      url: portalPaths.creditNote(token, c.invoice_id, c.id),
      issueDate: c.issue_date,
      currency: c.currency,
      totalMinor: c.total_minor,
      invoiceNumber: invoiceNumbers.get(c.invoice_id) ?? '',
      invoiceUrl: portalPaths.invoice(token, c.invoice_id),
    }));
    const last = page.at(-1);
    if (rows.length > HISTORY_PAGE_SIZE && last) model.olderUrl = pageUrl(encodeIssueDateCursor(last));
    return model;
  }

  const rows = await listInvoices(deps.db, organization.id, {
    customerId: customer.id,
    state: 'issued',
    settled: input.tab !== 'open',
    limit: HISTORY_PAGE_SIZE + 1,
    ...(before ? { before } : {}),
  });
  const page = rows.slice(0, HISTORY_PAGE_SIZE);
  const aggregates = await loadInvoiceAggregates(deps.db, organization.id, page);
  const payable = input.tab === 'open' && (await acceptsOnlinePayment(deps.db, organization));
  model.invoices = aggregates.map((a) => {
    const due = amountDueOf(a, organization, customer.kind, input.today);
    const overdue = due.overdue ? overdueDuration(a.invoice.due_date, input.today) : null;
    return {
      number: a.invoice.number,
      url: portalPaths.invoice(token, a.invoice.id),
      issueDate: a.invoice.issue_date,
      dueDate: a.invoice.due_date,
      currency: a.invoice.currency,
      totalMinor: a.invoice.total_minor,
      amountDue: { ...due, asOf: input.today },
      overdue: overdue ? { count: overdue.count, unit: overdue.unit } : null,
      paidOn: a.invoice.settled_on,
      payUrl: payable && due.amountDueMinor > 0 ? portalPaths.pay(token, a.invoice.id) : null,
    };
  });
  const last = page.at(-1);
  if (rows.length > HISTORY_PAGE_SIZE && last) model.olderUrl = pageUrl(encodeIssueDateCursor(last));
  return model;
}

/**
 * Whether the organization takes online payments (R20): a connected Stripe or Mollie account, or the demo
 * organization's TEST provider. Only the database is asked; the provider's methods are listed on the pay page.
 */
export async function acceptsOnlinePayment(db: Db, organization: OrganizationRow): Promise<boolean> {
  if (organization.is_demo) return true;
  return hasPaymentAccount(db, organization.id);
}
