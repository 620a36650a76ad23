import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { homeFigures } from '../../src/app/back-office/home-figures.ts';
import { listBackOfficeInvoices } from '../../src/app/back-office/list-back-office-invoices.ts';
import { createCreditNote } from '../../src/app/credit-notes/create-credit-note.ts';
import { amountDueOf } from '../../src/app/invoices/invoice-view.ts';
import { issueInvoice } from '../../src/app/invoices/issue-invoice.ts';
import { recordManualPayment, removeManualPayment } from '../../src/app/payments/record-manual-payment.ts';
import type { Result } from '../../src/core/result.ts';
import type { DatabaseHandle } from '../../src/db/connect-database.ts';
import { decodeIssueDateCursor } from '../../src/db/keyset-cursor.ts';
import { recordAudit } from '../../src/db/repositories/audit.repository.ts';
import { insertCustomer } from '../../src/db/repositories/customer.repository.ts';
import { insertInvoice, loadInvoiceAggregate } from '../../src/db/repositories/invoice.repository.ts';
import {
  type InvoiceListFilter,
  type InvoiceListStatus,
  searchInvoices,
} from '../../src/db/repositories/invoice-search.repository.ts';
import { findOrganization, insertOrganization } from '../../src/db/repositories/organization.repository.ts';
import { openTestDatabase } from '../support/test-database.ts';
import { contractDatabaseKinds } from '../support/test-env.ts';

const TODAY = '2026-03-01';
const actor = 'test';

function value<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`unexpected failure ${result.code} ${result.field ?? ''}`);
  return result.value;
}

/** One invoice of the fixture: how it is made, and what the list must say about it on TODAY. */
interface Case {
  number: string;
  customer: 'societe' | 'acme' | 'zeta';
  currency?: string;
  issueDate: string;
  dueDate: string;
  draft?: boolean;
  payments?: { amountMinor: number; paidOn: string }[];
  /** Credited amounts before VAT (21 %). */
  credits?: { netMinor: number; issueDate: string }[];
  /** Remove the first payment again (a reversal). */
  removeFirstPayment?: boolean;
  status: InvoiceListStatus;
  filters: InvoiceListFilter[];
  principalMinor: number;
}

const TOTAL = 12100;

const CASES: Case[] = [
  {
    number: 'F-2026-001',
    customer: 'acme',
    issueDate: '2026-02-20',
    dueDate: '2026-03-20',
    draft: true,
    status: 'draft',
    filters: ['draft'],
    principalMinor: 0,
  },
  {
    number: 'F-2026-002',
    customer: 'acme',
    issueDate: '2026-02-25',
    dueDate: '2026-03-25',
    status: 'unpaid',
    filters: ['open'],
    principalMinor: TOTAL,
  },
  {
    number: 'F-2026-003',
    customer: 'societe',
    issueDate: '2026-01-05',
    dueDate: '2026-02-05',
    status: 'overdue',
    filters: ['open', 'overdue'],
    principalMinor: TOTAL,
  },
  {
    number: 'F-2026-004',
    customer: 'zeta',
    issueDate: '2026-01-10',
    dueDate: '2026-02-10',
    payments: [{ amountMinor: 5000, paidOn: '2026-02-01' }],
    status: 'partially_paid',
    filters: ['open', 'overdue', 'partially_paid'],
    principalMinor: 7100,
  },
  {
    number: 'F-2026-005',
    customer: 'societe',
    issueDate: '2026-02-26',
    dueDate: '2026-03-26',
    payments: [{ amountMinor: 2000, paidOn: '2026-02-27' }],
    status: 'partially_paid',
    filters: ['open', 'partially_paid'],
    principalMinor: 10100,
  },
  {
    number: 'F-2026-006',
    customer: 'acme',
    issueDate: '2026-01-15',
    dueDate: '2026-02-15',
    payments: [{ amountMinor: TOTAL, paidOn: '2026-02-01' }],
    status: 'paid',
    filters: ['paid'],
    principalMinor: 0,
  },
  {
    number: 'F-2026-007',
    customer: 'zeta',
    issueDate: '2026-01-20',
    dueDate: '2026-02-20',
    credits: [{ netMinor: 10000, issueDate: '2026-01-25' }],
    status: 'credited',
    filters: ['credited'],
    principalMinor: 0,
  },
  {
    number: 'F-2026-008',
    customer: 'societe',
    issueDate: '2026-02-01',
    dueDate: '2026-03-03',
    credits: [{ netMinor: 5000, issueDate: '2026-02-02' }],
    status: 'partially_paid',
    filters: ['open', 'partially_paid'],
    principalMinor: 6050,
  },
  {
    number: 'F-2026-009',
    customer: 'acme',
    issueDate: '2026-01-25',
    dueDate: '2026-02-25',
    payments: [{ amountMinor: TOTAL, paidOn: '2026-01-30' }],
    removeFirstPayment: true,
    status: 'overdue',
    filters: ['open', 'overdue'],
    principalMinor: TOTAL,
  },
  {
    number: 'F-2026-010',
    customer: 'zeta',
    currency: 'USD',
    issueDate: '2026-02-10',
    dueDate: '2026-03-05',
    status: 'unpaid',
    filters: ['open'],
    principalMinor: TOTAL,
  },
  // Paid partly, credited for the rest: settled by both, so `paid`, not `credited`.
  {
    number: 'F-2026-011',
    customer: 'acme',
    issueDate: '2026-02-03',
    dueDate: '2026-03-03',
    payments: [{ amountMinor: 6050, paidOn: '2026-02-05' }],
    credits: [{ netMinor: 5000, issueDate: '2026-02-06' }],
    status: 'paid',
    filters: ['paid'],
    principalMinor: 0,
  },
];

const ALL_FILTERS: InvoiceListFilter[] = ['draft', 'open', 'overdue', 'partially_paid', 'paid', 'credited'];

describe.each(contractDatabaseKinds())('back-office invoice list [%s]', (kind) => {
  let database: DatabaseHandle;
  let organizationId: string;
  let otherOrganizationId: string;
  const ids = new Map<string, string>();

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    const { db } = database;
    const org = (name: string) =>
      insertOrganization(db, {
        legal_name: name,
        country: 'BE',
        time_zone: 'Europe/Brussels',
        default_language: 'fr',
        default_currency: 'EUR',
      });
    organizationId = (await org('Home SRL')).id;
    otherOrganizationId = (await org('Other SRL')).id;
    const customer = (organization: string, name: string) =>
      insertCustomer(db, { organization_id: organization, kind: 'company', name, language: 'fr' });
    const customers = {
      societe: await customer(organizationId, 'Société Générale'),
      acme: await customer(organizationId, 'Acme Ltd'),
      zeta: await customer(organizationId, 'Zeta 100% Bio'),
    };
    for (const c of CASES) {
      const invoice = await insertInvoice(
        db,
        {
          organization_id: organizationId,
          customer_id: customers[c.customer].id,
          number: c.number,
          state: 'draft',
          issue_date: c.issueDate,
          due_date: c.dueDate,
          currency: c.currency ?? 'EUR',
          net_total_minor: 10000,
          vat_total_minor: 2100,
          total_minor: TOTAL,
          vat_breakdown: '[]',
        },
        [],
      );
      ids.set(c.number, invoice.id);
      if (c.draft) continue;
      value(await issueInvoice(db, { organizationId, invoiceId: invoice.id, actor, now: new Date() }));
      const paymentIds: string[] = [];
      for (const p of c.payments ?? []) {
        const payment = value(
          await recordManualPayment(db, {
            organizationId,
            invoiceId: invoice.id,
            payment: { ...p, method: 'bank_transfer' },
            actor,
          }),
        );
        paymentIds.push(payment.id);
      }
      for (const [index, credit] of (c.credits ?? []).entries()) {
        value(
          await createCreditNote(db, {
            organizationId,
            actor,
            creditNote: {
              number: `CN-${c.number}-${index}`,
              invoiceId: invoice.id,
              issueDate: credit.issueDate,
              lines: [
                { description: 'Credit', quantity: '1', unitPriceMinor: credit.netMinor, vatRateBp: 2100 },
              ],
            },
          }),
        );
      }
      if (c.removeFirstPayment && paymentIds[0]) {
        value(
          await removeManualPayment(db, {
            organizationId,
            invoiceId: invoice.id,
            paymentId: paymentIds[0],
            actor,
          }),
        );
      }
    }
    // Another organization's invoices, matching every search and filter, must never appear.
    const stranger = await customer(otherOrganizationId, 'Société Générale');
    for (const state of ['draft', 'issued'] as const) {
      await insertInvoice(
        db,
        {
          organization_id: otherOrganizationId,
          customer_id: stranger.id,
          number: `F-2026-00${state === 'draft' ? 1 : 2}`,
          state,
          issue_date: '2026-02-28',
          due_date: '2026-01-31',
          currency: 'EUR',
          net_total_minor: 10000,
          vat_total_minor: 2100,
          total_minor: TOTAL,
          vat_breakdown: '[]',
        },
        [],
      );
    }
  });

  afterAll(async () => {
    await database?.close();
  });

  const all = async (input: { status?: InvoiceListFilter; search?: string }, limit = 100) => {
    const page = await searchInvoices(database.db, organizationId, { ...input, limit, today: TODAY });
    return page.rows;
  };

  const newestFirst = (cases: Case[]) =>
    [...cases]
      .sort((a, b) =>
        a.issueDate === b.issueDate
          ? (ids.get(b.number) ?? '').localeCompare(ids.get(a.number) ?? '')
          : b.issueDate.localeCompare(a.issueDate),
      )
      .map((c) => c.number);

  it('lists every invoice of the organization, newest first, with its badge and principal outstanding', async () => {
    const rows = await all({});
    expect(rows.map((r) => r.number)).toEqual(newestFirst(CASES));
    for (const c of CASES) {
      const row = rows.find((r) => r.number === c.number);
      expect({ number: row?.number, status: row?.status, principal: row?.principalOutstandingMinor }).toEqual(
        {
          number: c.number,
          status: c.status,
          principal: c.principalMinor,
        },
      );
    }
    expect(rows.find((r) => r.number === 'F-2026-003')?.customerName).toBe('Société Générale');
  });

  it.each(ALL_FILTERS)('filter %s finds exactly its invoices', async (filter) => {
    const rows = await all({ status: filter });
    expect(rows.map((r) => r.number)).toEqual(newestFirst(CASES.filter((c) => c.filters.includes(filter))));
  });

  it("gives every issued invoice the badge the domain's amount due gives it on the same day", async () => {
    const organization = await findOrganization(database.db, organizationId);
    if (!organization) throw new Error('no organization');
    for (const row of await all({})) {
      if (row.state === 'draft') continue;
      const aggregate = await loadInvoiceAggregate(database.db, organizationId, row.id);
      if (!aggregate) throw new Error('no invoice');
      const due = amountDueOf(aggregate, organization, 'company', TODAY);
      expect({ number: row.number, status: row.status, overdue: row.overdue }).toEqual({
        number: row.number,
        status: due.status,
        overdue: due.overdue,
      });
    }
  });

  it('keeps paid_minor and credited_minor equal to the payments and credit notes, reversals included', async () => {
    const { rows } = await sql<{
      number: string;
      paid_minor: number;
      credited_minor: number;
      paid: number;
      credited: number;
    }>`
      select i.number, i.paid_minor, i.credited_minor,
        coalesce((select sum(p.amount_minor) from payments p where p.invoice_id = i.id), 0)::int8 as paid,
        coalesce((select sum(c.total_minor) from credit_notes c where c.invoice_id = i.id), 0)::int8 as credited
      from invoices i where i.organization_id = ${organizationId} order by i.number`.execute(database.db);
    for (const row of rows) {
      expect([row.number, row.paid_minor, row.credited_minor]).toEqual([row.number, row.paid, row.credited]);
    }
    const reversed = rows.find((r) => r.number === 'F-2026-009');
    expect(reversed?.paid_minor).toBe(0);
    expect(rows.find((r) => r.number === 'F-2026-011')).toMatchObject({
      paid_minor: 6050,
      credited_minor: 6050,
    });
  });

  it.each([
    ['by number, contained', '-2026-0', CASES.map((c) => c.number)],
    ['by number, case-insensitive', 'f-2026-011', ['F-2026-011']],
    [
      'by customer name, case-insensitive',
      'GÉNÉRALE',
      CASES.filter((c) => c.customer === 'societe').map((c) => c.number),
    ],
    ['by customer name, contained', 'me lt', CASES.filter((c) => c.customer === 'acme').map((c) => c.number)],
    [
      'with a LIKE wildcard taken literally',
      '100%',
      CASES.filter((c) => c.customer === 'zeta').map((c) => c.number),
    ],
    ['with an underscore taken literally', 'F_2026', []],
    ['with nothing matching', 'nothing', []],
  ])('searches %s', async (_what, search, expected) => {
    const rows = await all({ search });
    expect(rows.map((r) => r.number).sort()).toEqual([...expected].sort());
  });

  it('combines search and filter', async () => {
    const rows = await all({ search: 'société', status: 'overdue' });
    expect(rows.map((r) => r.number)).toEqual(['F-2026-003']);
  });

  it('pages every filter with keyset cursors: each row exactly once, in order', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 4 }),
        fc.constantFrom<InvoiceListFilter | undefined>(undefined, ...ALL_FILTERS),
        async (limit, status) => {
          const expected = (await all(status ? { status } : {})).map((r) => r.id);
          const seen: string[] = [];
          let cursor: string | undefined;
          for (let guard = 0; guard < 50; guard += 1) {
            const page = value(
              await listBackOfficeInvoices(database.db, {
                organizationId,
                status,
                cursor,
                limit,
                today: TODAY,
              }),
            );
            expect(page.rows.length).toBeLessThanOrEqual(limit);
            seen.push(...page.rows.map((r) => r.id));
            if (!page.nextCursor) break;
            cursor = page.nextCursor;
          }
          expect(seen).toEqual(expected);
        },
      ),
      { numRuns: 15 },
    );
  });

  it('refuses a forged cursor, an unknown status and a bad limit', async () => {
    const base = { organizationId, today: TODAY };
    expect(await listBackOfficeInvoices(database.db, { ...base, cursor: 'nope' })).toMatchObject({
      ok: false,
      field: 'cursor',
    });
    expect(await listBackOfficeInvoices(database.db, { ...base, status: 'late' })).toMatchObject({
      ok: false,
      field: 'status',
    });
    expect(await listBackOfficeInvoices(database.db, { ...base, limit: 0 })).toMatchObject({
      ok: false,
      field: 'limit',
    });
    expect(decodeIssueDateCursor(undefined)).toBeUndefined();
  });

  it('sums outstanding, overdue and due this week per currency, principal only', async () => {
    const figures = value(await homeFigures(database.db, { organizationId, today: TODAY }));
    // EUR open: 002 (12100), 003 (12100, overdue), 004 (7100, overdue), 005 (10100), 008 (6050, due 03-03),
    // 009 (12100, overdue). USD open: 010 (12100, due 03-05).
    expect(figures.currencies).toEqual([
      {
        currency: 'EUR',
        openCount: 6,
        outstandingMinor: 12100 + 12100 + 7100 + 10100 + 6050 + 12100,
        overdueCount: 3,
        overdueMinor: 12100 + 7100 + 12100,
        dueThisWeekCount: 1,
        dueThisWeekMinor: 6050,
      },
      {
        currency: 'USD',
        openCount: 1,
        outstandingMinor: 12100,
        overdueCount: 0,
        overdueMinor: 0,
        dueThisWeekCount: 1,
        dueThisWeekMinor: 12100,
      },
    ]);
    expect(figures.dueThisWeek.map((d) => [d.number, d.dueDate, d.principalOutstandingMinor])).toEqual([
      ['F-2026-008', '2026-03-03', 6050],
      ['F-2026-010', '2026-03-05', 12100],
    ]);
    // From 2026-02-25, today + 6 = 2026-03-03 is the week's last day (in); 2026-03-05 is out; today is in.
    const earlier = value(await homeFigures(database.db, { organizationId, today: '2026-02-25' }));
    expect(earlier.dueThisWeek.map((d) => d.number)).toEqual(['F-2026-009', 'F-2026-008']);
  });

  it('lists recent invoice activity newest first, with the invoice number, and nothing of another organization', async () => {
    const invoiceId = ids.get('F-2026-002') ?? '';
    for (const action of ['invoice.viewed', 'invoice.commented', 'invoice.issued', 'invoice.email_failed']) {
      await recordAudit(database.db, {
        organizationId,
        subjectType: 'invoice',
        subjectId: invoiceId,
        action,
        actor,
      });
    }
    await recordAudit(database.db, {
      organizationId: otherOrganizationId,
      subjectType: 'invoice',
      subjectId: null,
      action: 'invoice.viewed',
      actor,
    });
    const figures = value(await homeFigures(database.db, { organizationId, today: TODAY, activityLimit: 4 }));
    expect(figures.activity.map((a) => [a.action, a.invoiceNumber])).toEqual([
      ['invoice.email_failed', 'F-2026-002'],
      ['invoice.commented', 'F-2026-002'],
      ['invoice.viewed', 'F-2026-002'],
      // The fixture's manual payments, newest first; invoice.issued is not activity.
      ['invoice.payment_recorded', 'F-2026-011'],
    ]);
  });
});
