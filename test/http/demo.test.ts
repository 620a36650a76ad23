import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoSeed, seedDemo } from '../../src/app/demo/seed-demo.ts';
import type { DatabaseHandle } from '../../src/db/connect-database.ts';
import { buildApp } from '../../src/http/build-app.ts';
import { openTestDatabase } from '../support/test-database.ts';
import { defaultDatabaseKind } from '../support/test-env.ts';

describe('demo organization', () => {
  let database: DatabaseHandle;
  let seed: DemoSeed;
  let app: Awaited<ReturnType<typeof buildApp>>;
  const now = new Date('2026-11-25T09:00:00Z');

  beforeAll(async () => {
    database = await openTestDatabase(defaultDatabaseKind());
    seed = await seedDemo(database.db, { today: '2026-11-25', now, actor: 'test' });
    app = await buildApp({ db: database.db, clock: () => now, publicBaseUrl: 'http://portal.test' });
  });
  afterAll(async () => {
    await app?.close();
    await database?.close();
  });

  const get = async (url: string) => {
    const res = await app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${seed.apiKey}` } });
    return res.json();
  };

  it('is marked as demo and carries logo, colours, IBAN and a late-fee policy', async () => {
    const org = await get('/api/v1/organization');
    expect(org).toMatchObject({
      isDemo: true,
      iban: 'BE71096123456769',
      primaryColor: '#0f5257',
      logo: { mimeType: 'image/svg+xml' },
      lateFeePolicy: {
        lateFeeBp: 1000,
        lateFeeMinimumMinor: 5000,
        annualInterestRateBp: 1050,
        fixedCompensationB2B: true,
      },
    });
  });

  it('has customers in English, French, Dutch and German', async () => {
    const customers = await get('/api/v1/customers');
    expect(new Set(customers.data.map((c: { language: string }) => c.language))).toEqual(
      new Set(['en', 'fr', 'nl', 'de']),
    );
    expect(customers.data.map((c: { name: string }) => c.name)).toContain('Łucja Szőke-Yılmaz');
  });

  it('has invoices covering every case the portal shows', async () => {
    const invoices = (await get('/api/v1/invoices?limit=100')).data as {
      state: string;
      creditNotes: unknown[];
      amountDue: null | {
        status: string;
        overdue: boolean;
        lateFeeMinor: number;
        interestMinor: number;
        compensationMinor: number;
      };
    }[];
    const issued = invoices.filter((i) => i.state === 'issued');
    const statuses = issued.map((i) => i.amountDue?.status);
    expect(statuses).toEqual(
      expect.arrayContaining(['unpaid', 'overdue', 'partially_paid', 'paid', 'credited']),
    );
    const overdueWithFees = issued.find(
      (i) =>
        i.amountDue?.status === 'overdue' &&
        i.amountDue.lateFeeMinor > 0 &&
        i.amountDue.interestMinor > 0 &&
        i.amountDue.compensationMinor === 4000,
    );
    expect(overdueWithFees).toBeDefined();
    expect(issued.some((i) => i.creditNotes.length === 1)).toBe(true);
    expect(issued.some((i) => i.creditNotes.length === 2 && i.amountDue?.status === 'credited')).toBe(true);
    expect(invoices.some((i) => i.state === 'draft')).toBe(true);
  });
});
