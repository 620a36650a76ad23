import type { Lang } from '../../../src/core/lang.ts';
import type { DocumentLine, DocumentParty } from '../../../src/documents/document-model.ts';
import {
  type AmountDueCreditNote,
  type AmountDuePayment,
  computeAmountDue,
  computeInvoiceTotals,
  type InvoiceLineInput,
  type IsoDate,
  type LateFeePolicy,
  overdueDuration,
} from '../../../src/domain/index.ts';
import type {
  HistoryCreditNoteRow,
  HistoryInvoiceRow,
  HistoryPageModel,
  HistoryTab,
  InvoicePageModel,
  PortalChrome,
  PortalDocumentContent,
} from '../../../src/portal/view-models.ts';

/**
 * View-model builders for the portal view tests and the scratch renders. Amounts, statuses and calculation
 * lines come from the real domain functions (`computeInvoiceTotals`, `computeAmountDue`), so the fixtures
 * are always consistent the way the route handlers' models are.
 */

export const LOCALES: Readonly<Record<Lang, string>> = {
  en: 'en-BE',
  fr: 'fr-BE',
  nl: 'nl-BE',
  de: 'de-DE',
};

export const POLICY: LateFeePolicy = {
  lateFeeBp: 1000,
  lateFeeMinimumMinor: 5000,
  annualInterestRateBp: 1050,
  fixedCompensationB2B: true,
};

export const SUPPLIER: DocumentParty = {
  name: 'Atelier Lumière SRL',
  addressLines: ['Rue des Tanneurs 42', '1000 Bruxelles', 'Belgique'],
  vatNumber: 'BE0456789034',
  enterpriseNumber: '0456.789.034',
  email: 'factures@atelier-lumiere.example',
  phone: '+32 2 123 45 67',
  website: 'https://atelier-lumiere.example',
};

export const CUSTOMER: DocumentParty = {
  name: 'Brasserie De Kroon BV',
  addressLines: ['Grote Markt 7', '2000 Antwerpen', 'België'],
  vatNumber: 'BE0123456749',
  enterpriseNumber: null,
  email: 'boekhouding@dekroon.example',
  phone: null,
  website: null,
};

export const LINES: InvoiceLineInput[] = [
  {
    description: 'Lighting plan — taproom and terrace',
    quantity: '1',
    unitPriceMinor: 180000,
    vatRateBp: 2100,
  },
  {
    description: 'LED pendant luminaires',
    quantity: '8',
    unitPriceMinor: 18990,
    vatRateBp: 2100,
    discountBp: 500,
  },
  { description: 'Installation (hours)', quantity: '6.5', unitPriceMinor: 7500, vatRateBp: 2100 },
];

/** A small stand-in for the EPC QR SVG (the real one comes from the `qrcode` package). */
export const QR_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 29 29" shape-rendering="crispEdges"><path fill="#fff" d="M0 0h29v29H0z"/><path stroke="#000" d="M1 1.5h7M21 1.5h7"/></svg>';

export function chromeFixture(lang: Lang = 'en', overrides: Partial<PortalChrome> = {}): PortalChrome {
  return {
    lang,
    locale: LOCALES[lang],
    timeZone: 'UTC',
    branding: {
      organizationName: 'Atelier Lumière SRL',
      tradeName: 'Atelier Lumière',
      logoUrl: '/p/logo/acme.svg',
      primaryColor: '#0f5257',
      onPrimaryColor: '#ffffff',
      accentColor: '#f2b134',
      contact: {
        email: 'factures@atelier-lumiere.example',
        phone: '+32 2 123 45 67',
        website: 'https://atelier-lumiere.example',
      },
    },
    customerName: 'Brasserie De Kroon BV',
    historyUrl: '/p/tok123/invoices',
    languageLinks: (['en', 'fr', 'nl', 'de'] as const).map((code) => ({
      lang: code,
      url: `/p/tok123/invoices/inv1?lang=${code}`,
      current: code === lang,
    })),
    cspNonce: 'bm9uY2UtMTIz',
    stylesheetUrl: '/assets/portal.css',
    ...overrides,
  };
}

/** The document content of an invoice or credit note from input lines, priced by the domain. */
export function documentContent(
  number: string,
  issueDate: IsoDate,
  lines: InvoiceLineInput[],
  overrides: Partial<PortalDocumentContent> = {},
): PortalDocumentContent {
  const priced = computeInvoiceTotals('EUR', lines);
  if (!priced.ok) throw new Error(`fixture lines do not price: ${JSON.stringify(priced)}`);
  const { totals } = priced;
  const documentLines: DocumentLine[] = lines.map((line, index) => ({
    description: line.description,
    quantity: line.quantity,
    unitPriceMinor: line.unitPriceMinor,
    discountBp: line.discountBp ?? 0,
    vatRateBp: line.vatRateBp,
    vatCategory: line.vatCategory ?? 'standard',
    netMinor: totals.lines[index]?.netMinor ?? 0,
  }));
  return {
    number,
    issueDate,
    currency: 'EUR',
    supplier: SUPPLIER,
    customer: CUSTOMER,
    lines: documentLines,
    vatBreakdown: totals.vatBreakdown,
    netTotalMinor: totals.netTotalMinor,
    vatTotalMinor: totals.vatTotalMinor,
    totalMinor: totals.totalMinor,
    legalNotes: totals.legalNotes,
    vatExemptionReason: null,
    notes: null,
    ...overrides,
  };
}

export interface InvoiceFixtureOptions {
  lang?: Lang;
  issueDate?: IsoDate;
  dueDate?: IsoDate;
  asOf?: IsoDate;
  lines?: InvoiceLineInput[];
  creditNotes?: (AmountDueCreditNote & { lines: InvoiceLineInput[] })[];
  payments?: AmountDuePayment[];
  policy?: LateFeePolicy | null;
  /** Show this credit note's tab instead of the invoice. */
  currentCreditNote?: string;
  payUrl?: string | null;
}

/** An invoice page model, computed by the domain from the options (3 weeks overdue by default). */
export function invoicePageFixture(
  options: InvoiceFixtureOptions = {},
  overrides: Partial<InvoicePageModel> = {},
): InvoicePageModel {
  const lang = options.lang ?? 'en';
  const issueDate = options.issueDate ?? '2026-02-01';
  const dueDate = options.dueDate ?? '2026-03-01';
  const asOf = options.asOf ?? '2026-03-22';
  const content = documentContent('2026-0042', issueDate, options.lines ?? LINES, {
    notes: 'Thank you for your trust.\nDelivery: 14 February 2026.',
  });
  const creditNoteInputs = options.creditNotes ?? [];
  const amountDue = computeAmountDue({
    currency: 'EUR',
    totalMinor: content.totalMinor,
    dueDate,
    issueDate,
    creditNotes: creditNoteInputs,
    payments: options.payments ?? [],
    policy: options.policy === undefined ? POLICY : options.policy,
    waivers: { lateFee: false, interest: false, compensation: false },
    customerKind: 'company',
    asOf,
  });
  const overdue = amountDue.overdue ? overdueDuration(dueDate, asOf) : null;
  const base = '/p/tok123/invoices/inv1';
  const current = options.currentCreditNote;
  const creditNoteShown = creditNoteInputs.find((creditNote) => creditNote.number === current);
  const payUrl = options.payUrl === undefined ? null : options.payUrl;
  return {
    chrome: chromeFixture(lang),
    invoice: { ...content, dueDate, paymentReference: '+++010/8068/17183+++' },
    amountDue: { ...amountDue, asOf },
    overdue: overdue === null ? null : { count: overdue.count, unit: overdue.unit },
    tabs: [
      { kind: 'invoice', number: content.number, url: base, current: creditNoteShown === undefined },
      ...creditNoteInputs.map((creditNote) => ({
        kind: 'credit_note' as const,
        number: creditNote.number,
        url: `${base}/credit-notes/${creditNote.id}`,
        current: creditNote.number === current,
      })),
    ],
    creditNote:
      creditNoteShown === undefined
        ? null
        : {
            ...documentContent(creditNoteShown.number, creditNoteShown.issueDate, creditNoteShown.lines),
            reason: 'Two luminaires returned (damaged in transport).',
          },
    download:
      creditNoteInputs.length > 0
        ? { url: `${base}/download`, kind: 'zip' }
        : { url: `${base}/pdf`, kind: 'pdf' },
    bankTransfer:
      amountDue.amountDueMinor > 0
        ? {
            beneficiaryName: 'Atelier Lumière SRL',
            iban: 'BE71096123456769',
            bic: 'GKCCBEBB',
            reference: '+++010/8068/17183+++',
            amountMinor: amountDue.amountDueMinor,
            qrSvg: QR_SVG,
          }
        : null,
    payAction: payUrl === null ? null : { url: payUrl },
    awaitingTransfer: false,
    comments: [
      {
        authorName: 'Jan Peeters',
        authorKind: 'customer',
        body: 'Could you split the installation hours per day?\nOur accountant asks.',
        createdAt: new Date('2026-03-15T09:30:00Z'),
      },
      {
        authorName: 'Camille Lambert',
        authorKind: 'admin',
        body: 'Of course — 3.5 h on 12 February and 3 h on 13 February.',
        createdAt: new Date('2026-03-15T14:05:00Z'),
      },
    ],
    commentForm: {
      action: `${base}/comments`,
      csrfToken: 'csrf-token-abc',
      maxLength: 4000,
      value: '',
      error: null,
      sent: false,
    },
    ...overrides,
  };
}

/** The credit note of 2 returned luminaires, as `invoicePageFixture({ creditNotes })` takes it. */
const RETURN_LINES: InvoiceLineInput[] = [
  {
    description: 'LED pendant luminaires (returned)',
    quantity: '2',
    unitPriceMinor: 18990,
    vatRateBp: 2100,
    discountBp: 500,
  },
];

export const RETURN_CREDIT_NOTE: AmountDueCreditNote & { lines: InvoiceLineInput[] } = {
  id: 'cn1',
  number: 'CN-2026-0007',
  issueDate: '2026-03-05',
  totalMinor: documentContent('CN-2026-0007', '2026-03-05', RETURN_LINES).totalMinor,
  lines: RETURN_LINES,
};

interface HistoryRowInput {
  number: string;
  issueDate: IsoDate;
  dueDate: IsoDate;
  totalMinor: number;
  payments?: AmountDuePayment[];
  /** Adds a final payment of everything due on that day (fees and interest included). */
  settle?: { on: IsoDate; method: string };
  payUrl?: string | null;
}

function amountDueOf(input: HistoryRowInput, payments: AmountDuePayment[], asOf: IsoDate) {
  return computeAmountDue({
    currency: 'EUR',
    totalMinor: input.totalMinor,
    dueDate: input.dueDate,
    issueDate: input.issueDate,
    creditNotes: [],
    payments,
    policy: POLICY,
    waivers: { lateFee: false, interest: false, compensation: false },
    customerKind: 'company',
    asOf,
  });
}

function historyRow(input: HistoryRowInput, asOf: IsoDate): HistoryInvoiceRow {
  const payments = [...(input.payments ?? [])];
  if (input.settle !== undefined) {
    const due = amountDueOf(input, payments, input.settle.on);
    payments.push({
      id: `settle-${input.number}`,
      paidOn: input.settle.on,
      amountMinor: due.amountDueMinor,
      method: input.settle.method,
    });
  }
  const amountDue = amountDueOf(input, payments, asOf);
  const overdue = amountDue.overdue ? overdueDuration(input.dueDate, asOf) : null;
  return {
    number: input.number,
    url: `/p/tok123/invoices/${input.number}`,
    issueDate: input.issueDate,
    dueDate: input.dueDate,
    currency: 'EUR',
    totalMinor: input.totalMinor,
    amountDue: { ...amountDue, asOf },
    overdue: overdue === null ? null : { count: overdue.count, unit: overdue.unit },
    paidOn: amountDue.paidOn,
    payUrl: input.payUrl ?? null,
  };
}

export function historyPageFixture(
  tab: HistoryTab = 'open',
  lang: Lang = 'en',
  overrides: Partial<HistoryPageModel> = {},
): HistoryPageModel {
  const asOf = '2026-03-22';
  const base = '/p/tok123/invoices';
  const open = [
    historyRow(
      {
        number: '2026-0051',
        issueDate: '2026-03-10',
        dueDate: '2026-04-09',
        totalMinor: 121000,
        payUrl: `${base}/2026-0051/pay`,
      },
      asOf,
    ),
    historyRow(
      {
        number: '2026-0042',
        issueDate: '2026-02-01',
        dueDate: '2026-03-01',
        totalMinor: 398101,
        payUrl: `${base}/2026-0042/pay`,
      },
      asOf,
    ),
    historyRow(
      {
        number: '2026-0031',
        issueDate: '2026-01-05',
        dueDate: '2026-03-14',
        totalMinor: 90750,
        payments: [{ id: 'p1', paidOn: '2026-02-20', amountMinor: 40000, method: 'bank_transfer' }],
      },
      asOf,
    ),
  ];
  const paid = [
    historyRow(
      {
        number: '2026-0020',
        issueDate: '2025-12-01',
        dueDate: '2025-12-31',
        totalMinor: 242000,
        payments: [{ id: 'p2', paidOn: '2026-01-12', amountMinor: 100000, method: 'bank_transfer' }],
        settle: { on: '2026-02-03', method: 'Bancontact – Mollie' },
      },
      asOf,
    ),
    historyRow(
      {
        number: '2025-0188',
        issueDate: '2025-11-02',
        dueDate: '2025-12-02',
        totalMinor: 60500,
        settle: { on: '2025-11-20', method: 'card' },
      },
      asOf,
    ),
  ];
  const creditNotes: HistoryCreditNoteRow[] = [
    {
      number: 'CN-2026-0007',
      url: `${base}/2026-0042/credit-notes/cn1`,
      issueDate: '2026-03-05',
      currency: 'EUR',
      totalMinor: RETURN_CREDIT_NOTE.totalMinor,
      invoiceNumber: '2026-0042',
      invoiceUrl: `${base}/2026-0042`,
    },
  ];
  return {
    chrome: chromeFixture(lang, { historyUrl: base }),
    tab,
    tabs: (['open', 'paid', 'credit-notes'] as const).map((key) => ({
      key,
      url: `${base}?tab=${key}`,
      current: key === tab,
    })),
    invoices: tab === 'open' ? open : tab === 'paid' ? paid : [],
    creditNotes: tab === 'credit-notes' ? creditNotes : [],
    olderUrl: `${base}?tab=${tab}&before=abc`,
    newestUrl: null,
    ...overrides,
  };
}
