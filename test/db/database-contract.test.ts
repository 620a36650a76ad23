import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fail, ok } from '../../src/core/result.ts';
import type { DatabaseHandle } from '../../src/db/connect-database.ts';
import { migrateToLatest, migrations } from '../../src/db/migrate.ts';
import {
  findCustomer,
  insertCustomer,
  listCustomers,
} from '../../src/db/repositories/customer.repository.ts';
import {
  insertInvoice,
  listInvoices,
  loadInvoiceAggregate,
} from '../../src/db/repositories/invoice.repository.ts';
import { insertOrganization, takeReferenceSeq } from '../../src/db/repositories/organization.repository.ts';
import { insertPayment } from '../../src/db/repositories/payment.repository.ts';
import { isUniqueViolation, runInTransaction } from '../../src/db/transaction.ts';
import { createJobQueue, workOptions } from '../../src/jobs/job-queue.ts';
import { openTestDatabase } from '../support/test-database.ts';
import { contractDatabaseKinds } from '../support/test-env.ts';

const org = (name: string) => ({
  legal_name: name,
  country: 'BE',
  time_zone: 'Europe/Brussels',
  default_language: 'fr',
  default_currency: 'EUR',
});

const invoiceValues = (
  organizationId: string,
  customerId: string,
  number: string,
  issueDate = '2026-01-10',
) => ({
  organization_id: organizationId,
  customer_id: customerId,
  number,
  state: 'issued' as const,
  issue_date: issueDate,
  due_date: '2026-02-10',
  currency: 'EUR',
  net_total_minor: 10000,
  vat_total_minor: 2100,
  total_minor: 12100,
  vat_breakdown: JSON.stringify([
    { vatCategory: 'standard', vatRateBp: 2100, taxableMinor: 10000, vatMinor: 2100 },
  ]),
});

const line = {
  position: 1,
  description: 'Consulting',
  quantity: '2.5',
  unit_price_minor: 4000,
  vat_rate_bp: 2100,
  vat_category: 'standard',
  net_minor: 10000,
};

describe.each(contractDatabaseKinds())('database contract [%s]', (kind) => {
  let database: DatabaseHandle;
  beforeAll(async () => {
    database = await openTestDatabase(kind);
  });
  afterAll(async () => {
    await database?.close();
  });

  it('has every migration applied, and migrating again changes nothing', async () => {
    const applied = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(
      database.db,
    );
    expect(applied.rows.map((r) => r.name)).toEqual(Object.keys(migrations));
    expect(await migrateToLatest(database.db)).toEqual([]);
    const tables = await sql<{ table_name: string }>`
      select table_name from information_schema.tables where table_schema = 'public' order by table_name`.execute(
      database.db,
    );
    expect(tables.rows.map((r) => r.table_name)).toEqual(
      expect.arrayContaining([
        'organizations',
        'customers',
        'invoices',
        'invoice_lines',
        'credit_notes',
        'payments',
        'comments',
        'audit_events',
        'api_keys',
        'admin_users',
      ]),
    );
  });

  it('returns the same row shapes on both databases: int8 as number, date as YYYY-MM-DD, numeric as text', async () => {
    const o = await insertOrganization(database.db, org('Shapes SA'));
    const c = await insertCustomer(database.db, {
      organization_id: o.id,
      kind: 'company',
      name: 'Żółw Sp. z o.o.',
      language: 'en',
      emails: ['a@example.com', 'b@example.com'],
    });
    const inv = await insertInvoice(database.db, invoiceValues(o.id, c.id, 'S-1'), [line]);
    const aggregate = await loadInvoiceAggregate(database.db, o.id, inv.id);
    expect(aggregate?.invoice.total_minor).toBe(12100);
    expect(aggregate?.invoice.issue_date).toBe('2026-01-10');
    expect(aggregate?.invoice.vat_breakdown).toEqual([
      { vatCategory: 'standard', vatRateBp: 2100, taxableMinor: 10000, vatMinor: 2100 },
    ]);
    expect(aggregate?.lines[0]?.quantity).toBe('2.5000');
    expect(aggregate?.lines[0]?.unit_price_minor).toBe(4000);
    expect((await findCustomer(database.db, o.id, c.id))?.emails).toEqual(['a@example.com', 'b@example.com']);
    expect((await findCustomer(database.db, o.id, c.id))?.name).toBe('Żółw Sp. z o.o.');
  });

  it('scopes every read by organization, and the schema refuses rows pointing at another organization', async () => {
    const a = await insertOrganization(database.db, org('A'));
    const b = await insertOrganization(database.db, org('B'));
    const customerOfA = await insertCustomer(database.db, {
      organization_id: a.id,
      kind: 'person',
      name: 'Ann',
      language: 'fr',
    });
    expect(await findCustomer(database.db, b.id, customerOfA.id)).toBeUndefined();
    expect(await listCustomers(database.db, b.id, { limit: 10 })).toEqual([]);
    // An invoice of B pointing at A's customer breaks the composite foreign key.
    await expect(
      insertInvoice(database.db, invoiceValues(b.id, customerOfA.id, 'X-1'), []),
    ).rejects.toMatchObject({
      code: '23503',
    });
  });

  it('keeps invoice numbers unique per organization, not across organizations', async () => {
    const a = await insertOrganization(database.db, org('Numbers A'));
    const b = await insertOrganization(database.db, org('Numbers B'));
    const ca = await insertCustomer(database.db, {
      organization_id: a.id,
      kind: 'person',
      name: 'A',
      language: 'en',
    });
    const cb = await insertCustomer(database.db, {
      organization_id: b.id,
      kind: 'person',
      name: 'B',
      language: 'en',
    });
    await insertInvoice(database.db, invoiceValues(a.id, ca.id, '2026-001'), []);
    await insertInvoice(database.db, invoiceValues(b.id, cb.id, '2026-001'), []);
    const error = await insertInvoice(database.db, invoiceValues(a.id, ca.id, '2026-001'), []).catch(
      (e: unknown) => e,
    );
    expect(isUniqueViolation(error, 'invoices_organization_id_number_key')).toBe(true);
  });

  it('pages invoices newest first with a keyset that neither skips nor repeats', async () => {
    const o = await insertOrganization(database.db, org('Pages'));
    const c = await insertCustomer(database.db, {
      organization_id: o.id,
      kind: 'person',
      name: 'P',
      language: 'en',
    });
    for (let i = 0; i < 7; i++) {
      await insertInvoice(
        database.db,
        invoiceValues(o.id, c.id, `P-${i}`, `2026-01-${String(10 + (i % 3)).padStart(2, '0')}`),
        [],
      );
    }
    const seen: string[] = [];
    let before: { issueDate: string; id: string } | undefined;
    for (;;) {
      const page = await listInvoices(database.db, o.id, {
        limit: 3,
        customerId: c.id,
        ...(before ? { before } : {}),
      });
      seen.push(...page.map((p) => p.number));
      const last = page.at(-1);
      if (page.length < 3 || !last) break;
      before = { issueDate: last.issue_date, id: last.id };
    }
    expect(seen).toHaveLength(7);
    expect(new Set(seen).size).toBe(7);
  });

  it('pages customers through a millisecond cursor without repeating or skipping one', async () => {
    const o = await insertOrganization(database.db, org('Customer pages'));
    for (let i = 0; i < 7; i++) {
      await insertCustomer(database.db, {
        organization_id: o.id,
        kind: 'person',
        name: `C${i}`,
        language: 'en',
      });
    }
    const seen: string[] = [];
    let after: { createdAt: Date; id: string } | undefined;
    // Bounded: a cursor that repeats its last row would page for ever.
    for (let pages = 0; pages < 10; pages++) {
      const page = await listCustomers(database.db, o.id, { limit: 2, ...(after ? { after } : {}) });
      seen.push(...page.map((c) => c.name));
      const last = page.at(-1);
      if (page.length < 2 || !last) break;
      // What the API's cursor carries: the time to the millisecond (the database keeps microseconds).
      after = { createdAt: new Date(last.created_at.toISOString()), id: last.id };
    }
    expect(seen.sort()).toEqual(['C0', 'C1', 'C2', 'C3', 'C4', 'C5', 'C6']);
  });

  it('rolls a transaction back entirely when the use case returns a failure or throws', async () => {
    const o = await insertOrganization(database.db, org('Tx'));
    const failed = await runInTransaction(database.db, async (trx) => {
      await insertCustomer(trx, { organization_id: o.id, kind: 'person', name: 'Ghost', language: 'en' });
      return fail('VALIDATION_FAILED', 'name');
    });
    expect(failed).toEqual({ ok: false, code: 'VALIDATION_FAILED', field: 'name' });
    await expect(
      runInTransaction(database.db, async (trx) => {
        await insertCustomer(trx, { organization_id: o.id, kind: 'person', name: 'Ghost 2', language: 'en' });
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    const done = await runInTransaction(database.db, async (trx) =>
      ok(await insertCustomer(trx, { organization_id: o.id, kind: 'person', name: 'Kept', language: 'en' })),
    );
    expect(done.ok).toBe(true);
    expect((await listCustomers(database.db, o.id, { limit: 10 })).map((c) => c.name)).toEqual(['Kept']);
  });

  it('hands out payment-reference sequence numbers without gaps or repeats under concurrency', async () => {
    const o = await insertOrganization(database.db, org('Seq'));
    const taken = await Promise.all(
      Array.from({ length: 10 }, () =>
        database.db.transaction().execute((trx) => takeReferenceSeq(trx, o.id)),
      ),
    );
    expect([...taken].sort((x, y) => x - y)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('refuses a second payment with the same provider payment id', async () => {
    const o = await insertOrganization(database.db, org('Pay'));
    const c = await insertCustomer(database.db, {
      organization_id: o.id,
      kind: 'person',
      name: 'P',
      language: 'en',
    });
    const inv = await insertInvoice(database.db, invoiceValues(o.id, c.id, 'PAY-1'), []);
    const payment = {
      organization_id: o.id,
      invoice_id: inv.id,
      amount_minor: 12100,
      currency: 'EUR',
      paid_on: '2026-01-20',
      method: 'bancontact',
      source: 'provider' as const,
      provider: 'mollie',
      provider_payment_id: 'tr_WDqYK6vllg',
    };
    await insertPayment(database.db, payment);
    const error = await insertPayment(database.db, payment).catch((e: unknown) => e);
    expect(isUniqueViolation(error)).toBe(true);
  });

  if (kind === 'postgres')
    it('survives the server dropping idle pooled connections', async () => {
      await Promise.all([1, 2, 3].map(() => sql`select pg_sleep(0.01)`.execute(database.db)));
      const url = database.connectionString ?? '';
      const killer = new pg.Client({ connectionString: url });
      await killer.connect();
      const killed = await killer.query(
        'select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() and application_name <> $1',
        ['pgboss'],
      );
      await killer.end();
      expect(killed.rowCount).toBeGreaterThan(0);
      await new Promise((resolve) => setTimeout(resolve, 200));
      const row = await sql<{ one: number }>`select 1 as one`.execute(database.db);
      expect(row.rows).toEqual([{ one: 1 }]);
    });

  it('keeps pg-boss out of an open transaction: a rollback while jobs run undoes only the transaction', async () => {
    const o = await insertOrganization(database.db, org('Jobs'));
    const boss = createJobQueue(database, {
      pollingIntervalSeconds: 0.5,
      batchSize: 5,
      concurrency: 2,
      poolSize: 2,
    });
    await boss.start();
    try {
      await boss.createQueue('contract-test');
      const ran: string[] = [];
      await boss.work(
        'contract-test',
        workOptions({ pollingIntervalSeconds: 0.5, batchSize: 5, concurrency: 2 }),
        async (jobs) => {
          for (const job of jobs) ran.push(job.id);
        },
      );
      const sent = await Promise.all(Array.from({ length: 10 }, (_, i) => boss.send('contract-test', { i })));

      // Hold a transaction open across several polls and job completions, then roll it back.
      const outcome = await runInTransaction(database.db, async (trx) => {
        await insertCustomer(trx, {
          organization_id: o.id,
          kind: 'person',
          name: 'Rolled back',
          language: 'en',
        });
        await new Promise((resolve) => setTimeout(resolve, 1500));
        return fail('VALIDATION_FAILED');
      });
      expect(outcome.ok).toBe(false);

      await expect.poll(() => ran.length, { timeout: 15_000, interval: 100 }).toBeGreaterThanOrEqual(10);
      // Let any job whose completion had been undone come back, then check each ran exactly once.
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect([...ran].sort()).toEqual([...sent].sort());
      const states = await sql<{ state: string; n: number }>`
        select state, count(*)::int as n from pgboss.job where name = 'contract-test' group by state`.execute(
        database.db,
      );
      expect(states.rows).toEqual([{ state: 'completed', n: 10 }]);
      expect(await listCustomers(database.db, o.id, { limit: 10 })).toEqual([]);
    } finally {
      await boss.stop({ graceful: false });
    }
  });
});
