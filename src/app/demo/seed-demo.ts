import type { Result } from '../../core/result.ts';
import type { CustomerRow, OrganizationRow } from '../../db/schema.ts';
import type { Db } from '../../db/transaction.ts';
import { addDays } from '../../domain/index.ts';
import { createCreditNote } from '../credit-notes/create-credit-note.ts';
import { createCustomer } from '../customers/create-customer.ts';
import type { CustomerInput } from '../customers/customer-input.ts';
import { createInvoice } from '../invoices/create-invoice.ts';
import type { InvoiceInput } from '../invoices/invoice-input.ts';
import { createOrganization } from '../organizations/create-organization.ts';
import type { NewOrganizationInput } from '../organizations/organization-input.ts';
import { recordManualPayment } from '../payments/record-manual-payment.ts';
import { DEMO_LOGO_SVG } from './demo-logo.ts';

export interface DemoSeed {
  organization: OrganizationRow;
  apiKey: string;
  customers: CustomerRow[];
  /** Invoice number → what case it shows. */
  cases: { number: string; invoiceId: string; customerName: string; shows: string }[];
}

function unwrap<T>(result: Result<T>, what: string): T {
  if (!result.ok) throw new Error(`Demo seed failed at ${what}: ${result.code} ${result.field ?? ''}`);
  return result.value;
}

/** The demo's customers: one per language, plus a private person with letters the PDF fonts must handle. */
export const DEMO_CUSTOMERS: CustomerInput[] = [
  {
    kind: 'company',
    name: 'Northwind Traders Ltd',
    vatNumber: 'GB123456789',
    addressLine1: '12 Harbour Street',
    postalCode: 'BS1 4RW',
    city: 'Bristol',
    country: 'GB',
    language: 'en',
    emails: ['accounts@northwind.example'],
  },
  {
    kind: 'company',
    name: 'Société Générale de Façades SA',
    vatNumber: 'BE0712345630',
    enterpriseNumber: '0712.345.630',
    addressLine1: 'Rue de l’Église 8',
    postalCode: '5000',
    city: 'Namur',
    country: 'BE',
    language: 'fr',
    emails: ['comptabilite@facades.example'],
  },
  {
    kind: 'company',
    name: 'Bakkerij De Smet BV',
    vatNumber: 'BE0456789034',
    addressLine1: 'Kerkstraat 21',
    postalCode: '9000',
    city: 'Gent',
    country: 'BE',
    language: 'nl',
    emails: ['boekhouding@desmet.example'],
  },
  {
    kind: 'company',
    name: 'Müller & Söhne GmbH',
    vatNumber: 'DE123456789',
    addressLine1: 'Großbeerenstraße 5',
    postalCode: '10963',
    city: 'Berlin',
    country: 'DE',
    language: 'de',
    emails: ['buchhaltung@mueller-soehne.example'],
  },
  {
    kind: 'person',
    name: 'Łucja Szőke-Yılmaz',
    addressLine1: 'Avenue Louise 120',
    postalCode: '1050',
    city: 'Ixelles',
    country: 'BE',
    language: 'en',
    emails: ['lucja@example.net'],
  },
];

/** The demo organization's settings: logo, colours, bank account, late-fee policy. */
export const DEMO_ORGANIZATION: NewOrganizationInput = {
  legalName: 'Atelier Lumière SRL',
  tradeName: 'Atelier Lumière',
  vatNumber: 'BE0456789034',
  enterpriseNumber: '0456.789.034',
  addressLine1: 'Rue des Tanneurs 42',
  postalCode: '1000',
  city: 'Bruxelles',
  country: 'BE',
  timeZone: 'Europe/Brussels',
  defaultLanguage: 'fr',
  defaultCurrency: 'EUR',
  email: 'factures@atelier-lumiere.example',
  phone: '+32 2 123 45 67',
  website: 'https://atelier-lumiere.example',
  logo: { mimeType: 'image/svg+xml', dataBase64: Buffer.from(DEMO_LOGO_SVG).toString('base64') },
  primaryColor: '#0f5257',
  accentColor: '#f2b134',
  iban: 'BE71 0961 2345 6769',
  bic: 'GKCCBEBB',
  paymentReferenceKind: 'be',
  lateFeePolicy: {
    lateFeeBp: 1000,
    lateFeeMinimumMinor: 5000,
    annualInterestRateBp: 1050,
    fixedCompensationB2B: true,
  },
};

const line = (description: string, quantity: string, unitPriceMinor: number, vatRateBp = 2100) => ({
  description,
  quantity,
  unitPriceMinor,
  vatRateBp,
});

/**
 * Seeds a demo organization (marked `is_demo`) whose invoices show every case the portal handles, dated
 * relative to `today` so the demo reads the same whenever it is started.
 */
export async function seedDemo(
  db: Db,
  input: { today: string; now: Date; actor: string },
): Promise<DemoSeed> {
  const { today, now, actor } = input;
  const year = today.slice(0, 4);
  const { organization, apiKey } = await createOrganization(db, {
    organization: { ...DEMO_ORGANIZATION, isDemo: true },
    admin: { name: 'Camille Lambert', email: 'camille@atelier-lumiere.example', language: 'fr' },
    actor,
  });
  const orgId = organization.id;
  const customers: CustomerRow[] = [];
  for (const customer of DEMO_CUSTOMERS) {
    customers.push(
      unwrap(await createCustomer(db, { organizationId: orgId, customer, actor }), customer.name),
    );
  }
  const [en, fr, nl, de, person] = customers as [
    CustomerRow,
    CustomerRow,
    CustomerRow,
    CustomerRow,
    CustomerRow,
  ];
  const cases: DemoSeed['cases'] = [];
  let seq = 100;
  const invoice = async (
    customer: CustomerRow,
    shows: string,
    data: Omit<InvoiceInput, 'number' | 'customerId'>,
  ) => {
    seq += 1;
    const number = `${year}-0${seq}`;
    const { invoice: created } = unwrap(
      await createInvoice(db, {
        organization,
        invoice: { ...data, number, customerId: customer.id },
        actor,
        now,
      }),
      number,
    ).aggregate;
    cases.push({ number, invoiceId: created.id, customerName: customer.name, shows });
    return created;
  };
  const d = (days: number) => addDays(today, days);

  await invoice(en, 'unpaid, due in 25 days', {
    issueDate: d(-5),
    dueDate: d(25),
    lines: [line('Lighting design — concept phase', '12', 9500), line('Site visit, Bristol', '1', 45000)],
  });

  await invoice(fr, 'overdue 45 days: late fee, EUR 40 compensation, interest', {
    issueDate: d(-75),
    dueDate: d(-45),
    lines: [
      line('Étude d’éclairage de façade', '1', 240000),
      line('Luminaires LED extérieurs', '8', 18990),
      line('Rénovation — main-d’œuvre (logement > 10 ans)', '6', 6500, 600),
    ],
  });

  const partial = await invoice(nl, 'partially paid, then overdue: interest on the rest', {
    issueDate: d(-40),
    dueDate: d(-10),
    lines: [line('Verlichtingsplan winkel', '1', 180000), line('Montage armaturen', '10', 7500)],
  });
  unwrap(
    await recordManualPayment(db, {
      organizationId: orgId,
      invoiceId: partial.id,
      payment: { amountMinor: 150000, paidOn: d(-20), method: 'bank_transfer', note: 'Eerste schijf' },
      actor,
    }),
    'partial payment',
  );

  const paid = await invoice(de, 'paid by bank transfer before the due date', {
    issueDate: d(-60),
    dueDate: d(-30),
    lines: [line('Beratung Lichtkonzept', '8', 12000)],
  });
  unwrap(
    await recordManualPayment(db, {
      organizationId: orgId,
      invoiceId: paid.id,
      payment: { amountMinor: paid.total_minor, paidOn: d(-35), method: 'bank_transfer' },
      actor,
    }),
    'payment',
  );

  const creditedOnce = await invoice(de, 'partly credited by one credit note', {
    issueDate: d(-20),
    dueDate: d(10),
    lines: [line('Pendelleuchten „Nordlicht“', '4', 32000), line('Lieferung', '1', 9000)],
  });
  unwrap(
    await createCreditNote(db, {
      organizationId: orgId,
      creditNote: {
        number: `CN-${year}-011`,
        invoiceId: creditedOnce.id,
        issueDate: d(-12),
        lines: [line('Rückgabe: 1 Pendelleuchte „Nordlicht“ (beschädigt)', '1', 32000)],
        reason: 'Beschädigte Leuchte zurückgenommen',
      },
      actor,
    }),
    'credit note 1',
  );

  const creditedTwice = await invoice(en, 'fully credited by two credit notes', {
    issueDate: d(-30),
    dueDate: d(0),
    lines: [line('Showroom lighting rental, March', '1', 80000), line('Technician on call', '4', 5000)],
  });
  for (const [i, [text, quantity, price]] of (
    [
      ['Credit: showroom rental cancelled', '1', 80000],
      ['Credit: technician hours not used', '4', 5000],
    ] as const
  ).entries()) {
    unwrap(
      await createCreditNote(db, {
        organizationId: orgId,
        creditNote: {
          number: `CN-${year}-01${i + 2}`,
          invoiceId: creditedTwice.id,
          issueDate: d(-25 + i * 5),
          lines: [line(text, quantity, price)],
        },
        actor,
      }),
      `credit note ${i + 2}`,
    );
  }

  await invoice(de, 'reverse charge (intra-EU B2B), unpaid', {
    issueDate: d(-3),
    dueDate: d(27),
    lines: [
      {
        description: 'Lichtplanung Ausstellung Leipzig',
        quantity: '1',
        unitPriceMinor: 350000,
        vatRateBp: 0,
        vatCategory: 'reverse_charge',
      },
    ],
  });

  await invoice(person, 'overdue 20 days, private customer: no fixed compensation', {
    issueDate: d(-50),
    dueDate: d(-20),
    lines: [line('Lampe de lecture sur mesure', '1', 42000), line('Ampoules à filament', '3', 1250)],
  });

  await invoice(fr, 'imported from last year, paid on time', {
    issueDate: addDays(d(-365), -10),
    dueDate: d(-345),
    lines: [line('Entretien annuel éclairage', '1', 60000)],
    payments: [{ amountMinor: 72600, paidOn: d(-350), method: 'bank_transfer' }],
  });

  await invoice(nl, 'draft: never shown to the customer', {
    state: 'draft',
    issueDate: today,
    dueDate: d(30),
    lines: [line('Offerte-opvolging (concept)', '1', 10000)],
  });

  return { organization, apiKey, customers, cases };
}
