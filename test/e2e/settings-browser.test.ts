import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyWebhookSignature } from '../../src/app/webhooks/webhook-signature.ts';
import { sdkProviderFactory } from '../../src/payments/provider-factory.ts';
import { MollieFakeServer } from '../fakes/mollie-fake-server.ts';
import { StripeFakeServer } from '../fakes/stripe-fake-server.ts';
import { expectNoAxeViolations, hasChromium, launchChromium } from '../support/browser.ts';
import { type FreshServer, startFreshServer } from '../support/demo-server.ts';
import { solidPng } from '../support/images.ts';
import { firstUrl, press, tabTo, typeInto } from './keyboard.ts';

/**
 * The back office's settings in Chromium (issue 12), from a fresh organization made as the CLI's
 * `create-organization` makes it, with a French-speaking (fr-BE) admin, by keyboard where it is practical:
 * sign-in through the local mailbox; Company; Branding (a PNG logo, the colours) seen on the portal and in
 * the PDF; Bank; Late fees and their worked example; E-mail (a French template made with the + button, an
 * invoice sent with it, its PDF attached, then the designed layout off: plain text only); Online payments
 * (Stripe and Mollie connected against the fakes, the portal's Pay button and methods); Admins (an
 * invitation, followed in a second browser); API keys (created, used, revoked); Webhooks (a local
 * receiver gets a signed invoice.sent, the endpoint's log shows it delivered). axe checks every settings
 * page on the way.
 */

const NOW = new Date('2026-11-25T10:00:00Z');
const ADMIN = 'lea@studio-nord.example';
const SECOND_ADMIN = 'tom@studio-nord.example';
const CUSTOMER_EMAIL = 'compta@boulangerie-dupont.example';
const PRIMARY = '#0b6e4f';
const ACCENT = '#f4c542';
/** A logo of an unusual size, so the PDF's image of that size is the logo (not, say, a QR code). */
const LOGO = { width: 123, height: 45 };
const STRIPE_KEY = 'sk_test_studio_nord';
const STRIPE_WEBHOOK_SECRET = 'whsec_studio_nord';
const MOLLIE_KEY = 'test_StudioNordMollieKey0123456789';

let server: FreshServer;
let browser: Browser;
let stripe: StripeFakeServer;
let mollie: MollieFakeServer;
let receiver: Server;
const received: { headers: IncomingHttpHeaders; body: string }[] = [];
const scratch = mkdtempSync(join(tmpdir(), 'settings-browser-'));

/**
 * Opens the newest mailbox message to `to` whose subject matches, skipping the `skip` newest of them
 * (to wait for a second one), and answers its text version; the page stays on the message.
 */
async function openMail(page: Page, to: string, subject: RegExp, skip = 0): Promise<string> {
  for (let attempt = 0; attempt < 80; attempt += 1) {
    await page.goto(server.mailboxUrl);
    const links = page.locator('tr', { hasText: to }).getByRole('link', { name: subject });
    if ((await links.count()) > skip) {
      await links.first().click();
      await page.waitForLoadState('load');
      return (await page.locator('pre').last().textContent()) ?? '';
    }
    await page.waitForTimeout(250);
  }
  throw new Error(`No message ${subject} to ${to} in the mailbox`);
}

/** Signs in through the e-mailed link (the newest one to `email`, after `skip` older ones). */
async function signIn(page: Page, email: string, signInUrl?: string): Promise<void> {
  let url = signInUrl;
  if (!url) {
    await page.goto(`${server.baseUrl}/admin/sign-in`);
    await typeInto(page, page.getByLabel('Adresse e-mail'), email);
    await press(page, page.getByRole('button', { name: 'Recevoir un lien de connexion' }));
    await expect.poll(() => page.getByRole('main').textContent()).toContain('Consultez vos e-mails');
    url = firstUrl(
      await openMail(page, email, /Connexion à l’espace de gestion/),
      /\/admin\/sign-in\?token=/,
    );
  }
  await page.goto(url);
  await press(page, page.getByRole('button', { name: 'Se connecter' }));
  await expect.poll(() => page.url()).toBe(`${server.baseUrl}/admin`);
}

/** The images a PDF embeds, as `pdfimages -list` gives them: width × height per image. */
function pdfImageSizes(pdf: Buffer): string[] {
  const path = join(scratch, `document-${Date.now()}.pdf`);
  writeFileSync(path, pdf);
  const listing = execFileSync('pdfimages', ['-list', path], { encoding: 'utf8' });
  return listing
    .split('\n')
    .slice(2)
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const columns = line.trim().split(/\s+/);
      return `${columns[3]}x${columns[4]}`;
    });
}

/** The text of a PDF, as `pdftotext` reads it. */
function pdfTextOf(pdf: Buffer): string {
  const path = join(scratch, `text-${Date.now()}.pdf`);
  writeFileSync(path, pdf);
  return execFileSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' });
}

describe.skipIf(!hasChromium && !process.env.CI)('the settings of a fresh organization in Chromium', () => {
  beforeAll(async () => {
    stripe = new StripeFakeServer({
      secretKey: STRIPE_KEY,
      webhookSecret: STRIPE_WEBHOOK_SECRET,
      account: { name: 'Studio Nord (Stripe)' },
    });
    await stripe.start();
    mollie = new MollieFakeServer({ apiKey: MOLLIE_KEY, profileName: 'Studio Nord (Mollie)' });
    await mollie.start();
    receiver = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
        response.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    // The organization exactly as `npm run cli -- create-organization --name "Studio Nord" --country BE
    // --time-zone Europe/Brussels --language fr --currency EUR --admin-name "Léa Martin" --admin-email …`.
    server = await startFreshServer(
      NOW,
      {
        organization: {
          legalName: 'Studio Nord',
          country: 'BE',
          timeZone: 'Europe/Brussels',
          defaultLanguage: 'fr',
          defaultCurrency: 'EUR',
        },
        admin: { name: 'Léa Martin', email: ADMIN, language: 'fr' },
        actor: 'cli',
      },
      {
        providers: sdkProviderFactory({ stripe: stripe.api, mollie: mollie.url }),
        webhooks: true,
      },
    );
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await stripe?.stop();
    await mollie?.stop();
    await new Promise((resolve) => receiver?.close(resolve));
    rmSync(scratch, { recursive: true, force: true });
  });

  it('sets up the organization from Company to Webhooks, and each setting shows where it should', async () => {
    const context: BrowserContext = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      locale: 'fr-BE',
    });
    const page = await context.newPage();
    const check = (what: string) => expectNoAxeViolations(page, what);
    const main = () => page.getByRole('main').textContent();
    const settings = async (name: string) => {
      await page.goto(`${server.baseUrl}/admin`);
      await press(page, page.getByRole('link', { name: 'Paramètres' }).first());
      await press(page, page.getByRole('navigation', { name: 'Paramètres' }).getByRole('link', { name }));
      await check(`Settings → ${name}`);
    };

    // The first admin, as create-organization made them, signs in through the link in the local mailbox.
    expect(server.created.admin.email).toBe(ADMIN);
    await signIn(page, ADMIN);

    // Company.
    await settings('Entreprise');
    await typeInto(page, page.getByLabel('Dénomination légale'), 'Studio Nord SRL');
    await typeInto(page, page.getByLabel('Numéro de TVA'), 'BE0123456749');
    await typeInto(page, page.getByLabel('Adresse', { exact: true }), 'Rue des Tanneurs 12');
    await typeInto(page, page.getByLabel('Code postal'), '1000');
    await typeInto(page, page.getByLabel('Localité'), 'Bruxelles');
    await typeInto(page, page.getByLabel('E-mail de contact'), 'bonjour@studio-nord.example');
    await typeInto(page, page.getByLabel('Téléphone'), '+32 2 123 45 67');
    await press(page, page.getByRole('button', { name: 'Enregistrer' }));
    await expect.poll(main).toContain('Les paramètres sont enregistrés.');
    await check('Company, saved');
    expect(await page.getByLabel('Dénomination légale').inputValue()).toBe('Studio Nord SRL');
    expect(await page.getByLabel('Numéro de TVA').inputValue()).toBe('BE0123456749');

    // Branding: a PNG logo (the file chooser answered with it), then the colours.
    await settings('Identité visuelle');
    page.on('filechooser', (chooser) =>
      chooser.setFiles({
        name: 'logo.png',
        mimeType: 'image/png',
        buffer: solidPng(LOGO.width, LOGO.height, [11, 110, 79, 255]),
      }),
    );
    await tabTo(page, page.getByLabel('Fichier du logo'));
    await page.keyboard.press('Space');
    await expect
      .poll(() =>
        page.getByLabel('Fichier du logo').evaluate((el) => (el as HTMLInputElement).files?.length ?? 0),
      )
      .toBe(1);
    await press(page, page.getByRole('button', { name: 'Envoyer le logo' }));
    await expect.poll(main).toContain('Le logo est enregistré.');
    // A colour input has no text to type: its value is set as the browser's picker would set it.
    await page.getByLabel('Couleur principale').fill(PRIMARY);
    await page.getByLabel('Couleur d’accent').fill(ACCENT);
    await press(page, page.getByRole('button', { name: 'Enregistrer' }));
    await expect.poll(main).toContain('Les paramètres sont enregistrés.');
    expect(await page.getByLabel('Couleur principale').inputValue()).toBe(PRIMARY);
    expect(await page.getByLabel('Couleur d’accent').inputValue()).toBe(ACCENT);
    await check('Branding, saved');

    // Bank.
    await settings('Banque et communications');
    await typeInto(page, page.getByLabel('IBAN'), 'BE68 5390 0754 7034');
    await press(page, page.getByRole('button', { name: 'Enregistrer' }));
    await expect.poll(main).toContain('Les paramètres sont enregistrés.');
    await expect.poll(() => page.getByLabel('IBAN').inputValue()).toMatch(/^BE68\s?5390\s?0754\s?7034$/);
    await check('Bank, saved');

    // Late fees: 10 % with at least 50 EUR, 8 % a year, the 40 EUR compensation; the worked example.
    await settings('Frais de retard et intérêts');
    await typeInto(page, page.getByLabel('Frais de retard (% du montant impayé)'), '10');
    await typeInto(page, page.getByLabel('Frais de retard minimum (EUR)'), '50');
    await typeInto(page, page.getByLabel('Intérêts annuels (%)'), '8');
    await tabTo(page, page.getByLabel(/indemnité forfaitaire de 40 EUR/));
    await page.keyboard.press('Space');
    await press(page, page.getByRole('button', { name: 'Enregistrer' }));
    await expect.poll(main).toContain('Les paramètres sont enregistrés.');
    const example = await page.getByRole('region', { name: 'Exemple chiffré' }).textContent();
    expect(example).toContain('Une facture de');
    expect(example).toContain('devrait');
    expect(example).not.toContain('ne doit que son propre montant');
    await check('Late fees, saved');

    // E-mail: a French template with #LINK, made with the + button.
    await settings('E-mail');
    await press(page, page.getByRole('link', { name: 'Nouveau modèle' }));
    await check('new e-mail template');
    await typeInto(page, page.getByLabel('Nom', { exact: true }), 'Rappel amical');
    await tabTo(page, page.getByLabel('Langue', { exact: true }));
    // A select takes the first letters of its option (a non-ASCII letter is not a key press).
    await page.keyboard.type('Fran');
    await typeInto(page, page.getByLabel('Objet'), 'Votre facture #INVOICE_NUMBER de #COMPANY_NAME');
    await typeInto(
      page,
      page.getByLabel('Message'),
      'Bonjour #CUSTOMER_NAME,\nVoir cette facture en ligne : ',
    );
    await tabTo(page, page.getByRole('button', { name: 'Insérer #LINK' }));
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByLabel('Message').inputValue()).toContain('#LINK');
    await press(page, page.getByRole('button', { name: 'Enregistrer' }));
    await expect.poll(main).toContain('Le modèle est enregistré.');
    await check('the template, saved');

    // A French customer and an invoice for them, issued.
    await page.goto(`${server.baseUrl}/admin/customers/new`);
    await typeInto(page, page.getByLabel('Nom', { exact: true }), 'Boulangerie Dupont SRL');
    await typeInto(page, page.getByLabel('Code pays'), 'BE');
    await tabTo(page, page.getByLabel('Langue des factures, e-mails et du portail'));
    // A select takes the first letters of its option (a non-ASCII letter is not a key press).
    await page.keyboard.type('Fran');
    await typeInto(page, page.getByLabel('Adresses e-mail pour les factures'), CUSTOMER_EMAIL);
    await press(page, page.getByRole('button', { name: 'Créer le client' }));
    await expect.poll(main).toContain('Le client est créé.');
    await page.goto(`${server.baseUrl}/admin/invoices/new`);
    await tabTo(page, page.getByLabel('Client', { exact: true }));
    await page.keyboard.type('Boulangerie');
    await typeInto(page, page.getByLabel('Numéro de facture'), '2026-0001');
    await typeInto(page, page.locator('#invoice-lines-0-description'), 'Identité visuelle');
    await typeInto(page, page.locator('#invoice-lines-0-quantity'), '1');
    await typeInto(page, page.locator('#invoice-lines-0-unitPrice'), '1000');
    await press(page, page.getByRole('button', { name: 'Émettre', exact: true }));
    await expect.poll(main).toContain('La facture est émise.');
    const invoiceUrl = page.url().replace(/\?.*$/, '');

    // The PDF embeds the logo: an image of the logo's size.
    const pdfHref = await page.getByRole('link', { name: 'Télécharger le PDF' }).first().getAttribute('href');
    const pdf = await context.request.get(`${server.baseUrl}${pdfHref}`);
    expect(pdf.status()).toBe(200);
    const pdfBytes = await pdf.body();
    expect(pdfBytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdfImageSizes(pdfBytes)).toContain(`${LOGO.width}x${LOGO.height}`);
    // …and the company's details and bank account, as filled in above.
    const pdfText = pdfTextOf(pdfBytes).replace(/\s+/g, ' ');
    expect(pdfText).toContain('Studio Nord SRL');
    expect(pdfText).toContain('BE0123456749');
    expect(pdfText).toContain('Rue des Tanneurs 12');
    expect(pdfText).toContain('BE68 5390 0754 7034');

    // Sent with the new template from the invoice's Send page.
    await press(page, page.getByRole('link', { name: 'Envoyer par e-mail' }));
    await tabTo(page, page.getByLabel('Modèle'));
    await page.keyboard.type('Rappel');
    await press(page, page.getByRole('button', { name: 'Afficher l’e-mail' }));
    await press(page, page.getByRole('button', { name: 'Envoyer cet e-mail' }));
    await expect.poll(main).toContain('L’e-mail est en route');
    const designed = await openMail(page, CUSTOMER_EMAIL, /Votre facture 2026-0001 de Studio Nord/);
    expect(designed).toContain('Voir cette facture');
    const portalUrl = firstUrl(designed, /\/p\/[^/]+\/invoices\//);
    const designedMessage = (await page.textContent('body')) ?? '';
    expect(designedMessage).toMatch(/2026-0001[^,]*\.pdf \(application\/pdf/);
    expect(designedMessage).toContain('HTML version');

    // The portal shows the logo and the brand colour.
    await page.goto(portalUrl);
    const logo = page.locator('header img').first();
    await expect.poll(() => logo.getAttribute('src')).toMatch(/^\/p\/[^/]+\/logo/);
    await expect.poll(() => logo.evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBe(LOGO.width);
    // The brand colours are the page's CSS custom properties (its one nonce'd inline style).
    const brandVariable = (name: string) =>
      page.evaluate((n) => getComputedStyle(document.documentElement).getPropertyValue(n).trim(), name);
    expect((await brandVariable('--brand')).toLowerCase()).toBe(PRIMARY);
    expect((await brandVariable('--accent')).toLowerCase()).toBe(ACCENT);

    // The designed layout off: the next e-mail is plain text only.
    await settings('E-mail');
    await tabTo(page, page.getByLabel('Utiliser la mise en page soignée pour les e-mails envoyés'));
    await page.keyboard.press('Space');
    await press(page, page.getByRole('button', { name: 'Enregistrer' }));
    await expect.poll(main).toContain('Les paramètres sont enregistrés.');
    await check('E-mail, layout off');
    await page.goto(invoiceUrl);
    await press(page, page.getByRole('link', { name: 'Envoyer par e-mail' }));
    await tabTo(page, page.getByLabel('Modèle'));
    await page.keyboard.type('Rappel');
    await press(page, page.getByRole('button', { name: 'Afficher l’e-mail' }));
    await press(page, page.getByRole('button', { name: 'Envoyer cet e-mail' }));
    await expect.poll(main).toContain('L’e-mail est en route');
    const plain = await openMail(page, CUSTOMER_EMAIL, /Votre facture 2026-0001 de Studio Nord/, 1);
    expect(plain).toContain('Voir cette facture');
    const plainMessage = (await page.textContent('body')) ?? '';
    expect(plainMessage).toContain('Plain text only');
    expect(plainMessage).not.toContain('HTML version');
    expect(await page.locator('iframe').count()).toBe(0);

    // Online payments: Stripe and Mollie connected (each key checked against its fake), the portal's Pay
    // button and the methods of both accounts on the pay page.
    await settings('Paiements en ligne');
    const stripeCard = page.getByRole('region', { name: 'Stripe' });
    await typeInto(page, stripeCard.getByLabel('Clé secrète'), STRIPE_KEY);
    await typeInto(page, stripeCard.getByLabel('Secret de signature du webhook'), STRIPE_WEBHOOK_SECRET);
    await press(page, page.getByRole('button', { name: 'Connecter Stripe' }));
    await expect.poll(main).toContain('Le compte est connecté.');
    await check('Online payments, Stripe connected');
    await typeInto(page, page.getByRole('region', { name: 'Mollie' }).getByLabel('Clé API'), MOLLIE_KEY);
    await press(page, page.getByRole('button', { name: 'Connecter Mollie' }));
    await expect.poll(main).toContain('Le compte est connecté.');
    await check('Online payments, both connected');
    const providers = (await main()) ?? '';
    expect(providers).toContain('Studio Nord (Stripe)');
    expect(providers).toContain('Studio Nord (Mollie)');
    await page.goto(portalUrl);
    await press(page, page.getByRole('link', { name: 'Payer la facture' }));
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent())
      .toBe('Payer la facture 2026-0001');
    const methods = await page
      .getByRole('radio')
      .evaluateAll((radios) => radios.map((radio) => (radio as HTMLInputElement).value));
    expect(methods).toEqual(expect.arrayContaining(['stripe:bancontact', 'mollie:bancontact']));

    // Admins: a second admin invited, who signs in with the e-mailed link in a browser of their own.
    await settings('Administrateurs');
    const invite = page.getByRole('region', { name: 'Inviter un administrateur' });
    await typeInto(page, invite.getByLabel('Nom'), 'Tom Peeters');
    await typeInto(page, invite.getByLabel('Adresse e-mail'), SECOND_ADMIN);
    await press(page, page.getByRole('button', { name: 'Ajouter et envoyer l’invitation' }));
    await expect.poll(main).toContain('L’administrateur est ajouté et un lien de connexion lui est envoyé.');
    await expect.poll(main).toContain('Administrateurs (2)');
    await check('Admins, one invited');
    const second = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'fr-BE' });
    const secondPage = await second.newPage();
    const invitation = await openMail(secondPage, SECOND_ADMIN, /./);
    expect(invitation).toContain('Léa Martin vous a ajouté comme administrateur pour Studio Nord SRL');
    await signIn(secondPage, SECOND_ADMIN, firstUrl(invitation, /\/admin\/sign-in\?token=/));
    await second.close();

    // API keys: one made, its secret shown once and working, then revoked and refused.
    await settings('Clés d’API');
    await typeInto(page, page.getByLabel('Nom de la clé'), 'Synchro comptabilité');
    await press(page, page.getByRole('button', { name: 'Créer la clé' }));
    await expect.poll(main).toContain('La clé « Synchro comptabilité » est créée');
    await check('API keys, one created');
    const apiKey = await page.locator('#new-api-key').inputValue();
    expect(apiKey).toMatch(/^ipk_/);
    const asApi = () =>
      fetch(`${server.baseUrl}/api/v1/organization`, { headers: { authorization: `Bearer ${apiKey}` } });
    const before = await asApi();
    expect(before.status).toBe(200);
    expect(JSON.stringify(await before.json())).toContain('Studio Nord SRL');
    // Shown once: the list, opened again, has its name and prefix only.
    await page.goto(`${server.baseUrl}/admin/settings/api-keys`);
    expect(await page.locator('#new-api-key').count()).toBe(0);
    expect(await main()).not.toContain(apiKey);
    await press(page, page.getByRole('button', { name: 'Révoquer la clé « Synchro comptabilité »' }));
    await expect.poll(main).toContain('La clé est révoquée : elle ne fonctionne plus.');
    await check('API keys, one revoked');
    expect((await asApi()).status).toBe(401);

    // Webhooks: an endpoint on a local receiver (plain http is allowed for 127.0.0.1), an invoice sent,
    // the signed event received and the delivery in the endpoint's log.
    const receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
    await settings('Webhooks');
    await typeInto(page, page.getByLabel('URL'), receiverUrl);
    await typeInto(page, page.getByLabel('Description (facultative)'), 'Comptabilité');
    await tabTo(page, page.getByRole('checkbox', { name: /invoice\.sent/ }));
    await page.keyboard.press('Space');
    await press(page, page.getByRole('button', { name: 'Ajouter le point de terminaison' }));
    await expect.poll(main).toContain('Le point de terminaison est ajouté.');
    await check('the new endpoint');
    const signingSecret = await page.locator('#webhook-secret').inputValue();
    await page.goto(invoiceUrl);
    await press(page, page.getByRole('link', { name: 'Envoyer par e-mail' }));
    await press(page, page.getByRole('button', { name: 'Afficher l’e-mail' }));
    await press(page, page.getByRole('button', { name: 'Envoyer cet e-mail' }));
    await expect.poll(main).toContain('L’e-mail est en route');
    await expect.poll(() => received.length, { timeout: 30_000, interval: 250 }).toBeGreaterThan(0);
    const [delivery] = received;
    if (!delivery) throw new Error('no delivery');
    expect(JSON.parse(delivery.body)).toMatchObject({ type: 'invoice.sent' });
    expect(
      verifyWebhookSignature({
        secret: signingSecret,
        headers: delivery.headers,
        body: delivery.body,
        now: NOW,
      }),
    ).toMatchObject({ ok: true });
    await settings('Webhooks');
    await press(page, page.getByRole('link', { name: receiverUrl }));
    expect(page.url()).toMatch(/\/admin\/settings\/webhooks\/[0-9a-f-]{36}$/);
    await expect
      .poll(
        async () => {
          await page.reload();
          return page.getByRole('table', { name: /Livraisons/ }).textContent();
        },
        { timeout: 30_000, interval: 500 },
      )
      .toMatch(/invoice\.sent[\s\S]*Livré/);
    await check('the endpoint with its delivery log');

    await context.close();
  }, 300_000);
});
