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
});
