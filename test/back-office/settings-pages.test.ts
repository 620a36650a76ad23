import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, createApiHarness } from '../support/api-harness.ts';
import { type AdminSession, signInAs } from '../support/back-office.ts';
import { contractDatabaseKinds } from '../support/test-env.ts';

/**
 * The back office's settings pages over HTTP (issue 12), on both databases: each saves through the API's
 * own validation and use case, and refuses bad input next to the field, in the admin's language,
 * changing nothing.
 */

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

const company = {
  legalName: 'Alpha SRL',
  tradeName: 'Alpha',
  vatNumber: 'BE0123456749',
  enterpriseNumber: '0123.456.749',
  addressLine1: 'Rue Neuve 1',
  addressLine2: '',
  postalCode: '1000',
  city: 'Bruxelles',
  country: 'be',
  email: 'factures@alpha.example',
  phone: '+32 2 123 45 67',
  website: 'https://alpha.example',
  timeZone: 'Europe/Brussels',
  defaultLanguage: 'nl',
  defaultCurrency: 'eur',
};

describe.each(contractDatabaseKinds())('back-office settings [%s]', (kind) => {
  let h: ApiHarness;
  let session: AdminSession;

  const get = (url: string) => h.app.inject({ method: 'GET', url, headers: { cookie: session.cookie } });
  const post = (url: string, fields: Record<string, string>) =>
    h.app.inject({
      method: 'POST',
      url,
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'sec-fetch-site': 'same-origin',
        cookie: session.cookie,
      },
      payload: form({ _csrf: session.csrf, ...fields }),
    });

  beforeAll(async () => {
    h = await createApiHarness({ kind, now: () => new Date() });
    session = await signInAs(h, 'admin@alphasrl.example');
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  describe('company', () => {
    it('shows the company as it is, reached from the main navigation', async () => {
      const home = await get('/admin');
      expect(home.body).toContain('href="/admin/settings/company"');
      const res = await get('/admin/settings/company');
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain('<h1>Entreprise</h1>');
      expect(res.body).toContain('name="legalName" type="text" value="Alpha SRL"');
      expect(res.body).toContain('name="timeZone" type="text" value="Europe/Brussels"');
      expect(res.body).toContain('aria-current="page">Entreprise</a>');
    });

    it('saves every field as the API then reads it', async () => {
      const res = await post('/admin/settings/company', company);
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toBe('/admin/settings/company?done=saved');
      const api = await h.request(h.a.key, 'GET', '/api/v1/organization');
      expect(api.body).toMatchObject({
        legalName: 'Alpha SRL',
        tradeName: 'Alpha',
        vatNumber: 'BE0123456749',
        addressLine2: null,
        country: 'BE',
        email: 'factures@alpha.example',
        website: 'https://alpha.example',
        defaultLanguage: 'nl',
        defaultCurrency: 'EUR',
      });
      const page = await get('/admin/settings/company?done=saved');
      expect(page.body).toContain('Les paramètres sont enregistrés.');
      expect(page.body).toContain('name="tradeName" type="text" value="Alpha"');
    });

    it('refuses bad fields next to each, by their labels, in the admin’s language, changing nothing', async () => {
      const before = await h.fingerprint();
      const res = await post('/admin/settings/company', {
        ...company,
        legalName: '',
        country: 'Belgique',
        website: 'alpha dot example',
        email: 'not-an-address',
        timeZone: 'Europe/Atlantis',
      });
      expect(res.statusCode).toBe(422);
      for (const field of ['legalName', 'country', 'website', 'email', 'timeZone']) {
        expect(res.body).toContain(`id="settings-${field}-error"`);
        expect(res.body).toContain(`href="#settings-${field}"`);
      }
      expect(res.body).toContain('Dénomination légale');
      expect(res.body).toContain('value="alpha dot example"');
      expect(await h.fingerprint()).toBe(before);
    });
  });

  describe('bank and references', () => {
    it('shows the reference and the EPC QR code an invoice gets, by the rules invoices use', async () => {
      const res = await get('/admin/settings/bank');
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain('value="BE71 0961 2345 6769"');
      // The Belgian structured communication of sequence 42: 000/0000/04242.
      expect(res.body).toContain('+++000/0000/04242+++');
      expect(res.body).toContain('<svg');
      expect(res.body).toMatch(/aria-label="Code QR EPC : un virement de 1\s000,00\s€ vers BE71/);
    });

    it('saves an IBAN, a BIC and RF references; the example follows', async () => {
      const res = await post('/admin/settings/bank', {
        iban: 'be68 5390 0754 7034',
        bic: 'bbrubebb',
        paymentReferenceKind: 'rf',
      });
      expect(res.statusCode).toBe(303);
      const api = await h.request(h.a.key, 'GET', '/api/v1/organization');
      expect(api.body).toMatchObject({
        iban: 'BE68539007547034',
        bic: 'BBRUBEBB',
        paymentReferenceKind: 'rf',
      });
      const page = await get('/admin/settings/bank?done=saved');
      expect(page.body).toMatch(/RF\d\d 2026 0042/);
      expect(page.body).toContain('value="rf" checked');
    });

    it('refuses an IBAN whose check digits are wrong and a BIC that is none, changing nothing', async () => {
      const before = await h.fingerprint();
      const res = await post('/admin/settings/bank', {
        iban: 'BE68 5390 0754 7035',
        bic: 'NOPE',
        paymentReferenceKind: 'be',
      });
      expect(res.statusCode).toBe(422);
      expect(res.body).toContain('id="settings-iban-error"');
      expect(res.body).toContain('id="settings-bic-error"');
      expect(res.body).toContain('value="BE68 5390 0754 7035"');
      expect(await h.fingerprint()).toBe(before);
    });

    it('without an IBAN, says what adding one gives', async () => {
      expect(
        (await post('/admin/settings/bank', { iban: '', bic: '', paymentReferenceKind: 'be' })).statusCode,
      ).toBe(303);
      const page = await get('/admin/settings/bank');
      expect(page.body).toContain('Ajoutez un IBAN');
      expect(page.body).not.toContain('<svg');
    });
  });

  describe('late fees and interest', () => {
    it('shows the policy and a worked example computed by the amount-due rule', async () => {
      const res = await get('/admin/settings/late-fees');
      expect(res.statusCode).toBe(200);
      // The harness's policy: 10 %, minimum EUR 50, 8 % a year, EUR 40 from companies.
      expect(res.body).toContain('name="lateFeePercent" type="text" value="10"');
      expect(res.body).toContain('name="lateFeeMinimum" type="text" value="50.00"');
      expect(res.body).toContain('name="annualInterest" type="text" value="8"');
      expect(res.body).toContain('name="fixedCompensationB2B" value="1" checked');
      // 1,000 overdue 30 days: 100.00 fee (10 % > 50), 40.00, interest 1,000 × 8 % × 30 / 365 = 6.58.
      expect(res.body).toMatch(/devrait 1\s146,58\s€/);
    });

    it('saves percentages with decimals and a minimum; the example follows', async () => {
      const res = await post('/admin/settings/late-fees', {
        lateFeePercent: '2,5',
        lateFeeMinimum: '75',
        annualInterest: '12.5',
      });
      expect(res.statusCode).toBe(303);
      const api = await h.request(h.a.key, 'GET', '/api/v1/organization');
      expect(api.body.lateFeePolicy).toEqual({
        lateFeeBp: 250,
        lateFeeMinimumMinor: 7500,
        annualInterestRateBp: 1250,
        fixedCompensationB2B: false,
      });
      const page = await get('/admin/settings/late-fees');
      // 75.00 (the minimum beats 2.5 % of 1,000) + 1,000 × 12.5 % × 30 / 365 = 10.27.
      expect(page.body).toMatch(/devrait 1\s085,27\s€/);
    });

    it('says so when nothing is charged', async () => {
      await post('/admin/settings/late-fees', {
        lateFeePercent: '0',
        lateFeeMinimum: '0',
        annualInterest: '0',
      });
      const page = await get('/admin/settings/late-fees');
      expect(page.body).toContain('ne doit que son propre montant');
    });

    it('refuses a percentage over 100 and an amount that is none, next to each, changing nothing', async () => {
      const before = await h.fingerprint();
      const res = await post('/admin/settings/late-fees', {
        lateFeePercent: '150',
        lateFeeMinimum: 'fifty',
        annualInterest: '8,123',
      });
      expect(res.statusCode).toBe(422);
      expect(res.body).toContain('Frais de retard (% du montant impayé) : saisissez un pourcentage');
      expect(res.body).toContain('id="settings-lateFeeMinimum-error"');
      expect(res.body).toContain('id="settings-annualInterest-error"');
      expect(res.body).toContain('value="fifty"');
      expect(await h.fingerprint()).toBe(before);
    });
  });
});
