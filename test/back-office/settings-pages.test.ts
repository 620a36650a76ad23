import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, createApiHarness } from '../support/api-harness.ts';
import { type AdminSession, adminGet, adminPost, signInAs } from '../support/back-office.ts';
import { solidPng } from '../support/images.ts';
import { multipart, type Part } from '../support/multipart.ts';
import { contractDatabaseKinds } from '../support/test-env.ts';

/**
 * The back office's settings pages over HTTP (issue 12), on both databases: each saves through the API's
 * own validation and use case, and refuses bad input next to the field, in the admin's language,
 * changing nothing.
 */

const _form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

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

  const get = (url: string) => adminGet(h, session, url);
  const post = (url: string, fields: Record<string, string>) => adminPost(h, session, url, fields);

  const upload = (parts: readonly Part[]) => {
    const { body, contentType } = multipart([{ name: '_csrf', value: session.csrf }, ...parts]);
    return h.app.inject({
      method: 'POST',
      url: '/admin/settings/branding/logo',
      headers: { cookie: session.cookie, 'content-type': contentType, 'sec-fetch-site': 'same-origin' },
      payload: body,
    });
  };
  const logoPart = (content: Buffer, fileName: string, contentType = 'image/png') => ({
    name: 'logo',
    fileName,
    contentType,
    content,
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

  describe('branding', () => {
    it('shows the colours with their contrast check and a preview of portal, e-mail and PDF', async () => {
      const res = await get('/admin/settings/branding');
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain('name="primaryColor" type="color" value="#');
      expect(res.body).toContain('Pas encore de logo');
      expect(res.body.match(/<svg class="preview"/g)).toHaveLength(3);
      expect(res.body).toContain('L’en-tête du portail et une facture avec son bouton Payer');
    });

    it('previews a colour too light to read without saving it, naming the colour every surface will use', async () => {
      const before = await h.fingerprint();
      const res = await post('/admin/settings/branding', {
        intent: 'preview',
        primaryColor: '#ffd700',
        accentColor: '#00aa88',
      });
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain('Aperçu de couleurs pas encore enregistrées.');
      // Gold is 1.4:1 on white; the one brand-colour rule darkens it to reach 4.5:1.
      expect(res.body).toMatch(/#ffd700 est trop clair pour être lu sur du blanc \(contraste 1,4:1/);
      const used = /utiliseront (#[0-9a-f]{6}) à la place/.exec(res.body)?.[1];
      expect(used).toBeDefined();
      expect(res.body).toContain(`fill="${used}"`);
      expect(await h.fingerprint()).toBe(before);
    });

    it('saves colours as the API then reads them', async () => {
      const res = await post('/admin/settings/branding', {
        intent: 'save',
        primaryColor: '#1F4E79',
        accentColor: '#f2b134',
      });
      expect(res.statusCode).toBe(303);
      const api = await h.request(h.a.key, 'GET', '/api/v1/organization');
      expect(api.body).toMatchObject({ primaryColor: '#1f4e79', accentColor: '#f2b134' });
      const page = await get('/admin/settings/branding?done=saved');
      expect(page.body).toContain('#1f4e79 se lit bien sur du blanc');
    });

    it('refuses a colour that is none next to its field, changing nothing', async () => {
      const before = await h.fingerprint();
      const res = await post('/admin/settings/branding', {
        intent: 'save',
        primaryColor: 'blue',
        accentColor: '#f2b134',
      });
      expect(res.statusCode).toBe(422);
      expect(res.body).toContain('id="settings-primaryColor-error"');
      expect(res.body).toContain('Couleur principale');
      expect(await h.fingerprint()).toBe(before);
    });

    it('uploads a PNG logo: the API, the portal and the previews then show it', async () => {
      const png = solidPng(120, 40, [31, 78, 121, 255]);
      const res = await upload([logoPart(png, 'logo.png')]);
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toBe('/admin/settings/branding?done=logoSaved');
      const api = await h.request(h.a.key, 'GET', '/api/v1/organization');
      expect(api.body.logo).toEqual({ mimeType: 'image/png', bytes: png.length });
      const page = await get('/admin/settings/branding?done=logoSaved');
      expect(page.body).toContain('Le logo est enregistré.');
      expect(page.body).toContain(`src="data:image/png;base64,${png.toString('base64')}"`);
      expect(page.body).toContain(`href="data:image/png;base64,${png.toString('base64')}"`);
    });

    it.each([
      ['a script', '<script>alert(1)</script><rect width="1" height="1"/>', /script/],
      ['an event handler', '<rect onload="alert(1)" width="1" height="1"/>', /onload/],
      [
        'an external reference',
        '<image href="https://evil.example/x.png" width="1" height="1"/>',
        /hors du fichier/,
      ],
    ])(
      'refuses an SVG logo with %s next to the field, with the reason, changing nothing',
      async (_what, inner, reason) => {
        const before = await h.fingerprint();
        const svg = Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg">${inner}</svg>`);
        const res = await upload([logoPart(svg, 'evil.svg', 'image/svg+xml')]);
        expect(res.statusCode).toBe(422);
        const error = /<p class="field-error" id="settings-logo-error">([^<]*)</.exec(res.body)?.[1] ?? '';
        expect(error).toMatch(reason);
        expect(res.body).not.toContain('alert(1)');
        expect(res.body).not.toContain('evil.example');
        expect(await h.fingerprint()).toBe(before);
      },
    );

    it('shows a stored SVG logo only as an image, where no script of it could run', async () => {
      const svg =
        '<svg xmlns="http://www.w3.org/2000/svg" width="90" height="30"><rect width="90" height="30" fill="#1f4e79"/><text x="4" y="20">Alpha</text></svg>';
      expect((await upload([logoPart(Buffer.from(svg), 'alpha.svg', 'image/svg+xml')])).statusCode).toBe(303);
      const page = await get('/admin/settings/branding');
      const encoded = Buffer.from(svg).toString('base64');
      expect(page.body).toContain(`<img src="data:image/svg+xml;base64,${encoded}"`);
      expect(page.body).not.toContain('<text x="4" y="20">Alpha</text>');
      expect(String(page.headers['content-security-policy'])).toContain("script-src 'self'");
    });

    it('refuses a file that is no image, and no file at all, changing nothing', async () => {
      const before = await h.fingerprint();
      const text = await upload([logoPart(Buffer.from('just words'), 'notes.png')]);
      expect(text.statusCode).toBe(422);
      expect(text.body).toContain('notes.png n’est pas une image PNG, JPEG ou SVG.');
      const none = await upload([logoPart(Buffer.alloc(0), '')]);
      expect(none.body).toContain('Choisissez un fichier PNG, JPEG ou SVG.');
      expect(await h.fingerprint()).toBe(before);
    });

    it('removes the logo', async () => {
      const res = await post('/admin/settings/branding/logo/remove', {});
      expect(res.statusCode).toBe(303);
      expect((await h.request(h.a.key, 'GET', '/api/v1/organization')).body.logo).toBeNull();
      expect((await get('/admin/settings/branding?done=logoRemoved')).body).toContain('Le logo est retiré.');
    });
  });
});
