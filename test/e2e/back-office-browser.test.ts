import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import PDFDocument from 'pdfkit';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebhookEndpoint } from '../../src/app/webhooks/create-webhook-endpoint.ts';
import { backOfficeRoutes } from '../../src/http/back-office/back-office-route-table.ts';
import { expectNoAxeViolations, hasChromium, launchChromium } from '../support/browser.ts';
import { type DemoServer, startDemoServer } from '../support/demo-server.ts';
import { firstUrl, press, tabTo, typeInto } from './keyboard.ts';

/**
 * The back office in Chromium (issue 11), by keyboard alone: every field is reached with Tab and typed
 * into, every button and link pressed with Enter. The demo admin signs in through the link in the local
 * mailbox, creates a customer and an invoice, sends it with a chosen template, the customer follows the
 * e-mail's link into the portal and comments, the admin replies, the reply shows in the portal and in the
 * customer's e-mail, a partial and then the final payment are recorded, and the portal says Paid; on a
 * phone, the business uploads its own PDF (a picture named .pdf refused first) and goes back to ours. axe
 * checks every back-office page on the way. `UPDATE_SCREENSHOTS=1` writes the README's screenshots.
 */

const NOW = new Date('2026-11-25T10:00:00Z');
const ADMIN = 'camille@atelier-lumiere.example';
const screenshotDir = process.env.UPDATE_SCREENSHOTS
  ? 'docs/images'
  : mkdtempSync(join(tmpdir(), 'back-office-shots-'));

let server: DemoServer;
let browser: Browser;

/** The text version of the newest mailbox message whose subject matches. */
async function mailText(page: Page, subject: RegExp): Promise<string> {
  for (let attempt = 0; attempt < 60; attempt += 1) {
    await page.goto(server.mailboxUrl);
    const link = page.getByRole('link', { name: subject }).first();
    if ((await link.count()) > 0) {
      await press(page, link);
      return (await page.locator('pre').last().textContent()) ?? '';
    }
    await page.waitForTimeout(250);
  }
  throw new Error(`No message ${subject} in the mailbox`);
}

/** Routes whose GET answers a file or a framed document, not a page (axe reads pages). */
const NOT_PAGES = new Set([
  'invoiceDownload',
  'invoicePdf',
  'creditNoteDownload',
  'outboxEmailSource',
  'emailLayoutPreview',
]);

/** The settings pages the README shows (UPDATE_SCREENSHOTS=1), by their path under /admin/settings/. */
const SCREENSHOTS: Record<string, string> = {
  company: 'company',
  branding: 'branding',
  'late-fees': 'late-fees',
  email: 'email',
  payments: 'payments',
  webhooks: 'webhooks',
};

/** One of each thing a back-office URL names, from the demo organization's data. */
async function demoIds(): Promise<Record<string, string>> {
  const db = server.database.db;
  const organizationId = server.seed.organization.id;
  const one = async (table: 'customers' | 'outgoing_emails' | 'email_templates') =>
    (
      await db
        .selectFrom(table)
        .select('id')
        .where('organization_id', '=', organizationId)
        .limit(1)
        .executeTakeFirstOrThrow()
    ).id;
  const creditNote = await db
    .selectFrom('credit_notes')
    .select(['id', 'invoice_id'])
    .where('organization_id', '=', organizationId)
    .limit(1)
    .executeTakeFirstOrThrow();
  const draft = await db
    .selectFrom('invoices')
    .select('id')
    .where('organization_id', '=', organizationId)
    .where('state', '=', 'draft')
    .limit(1)
    .executeTakeFirstOrThrow();
  const endpoint = await createWebhookEndpoint(
    { db, appSecret: 'e2e-secret-0123456789abcdef0123456789abcdef' },
    {
      organizationId,
      endpoint: { url: 'https://hooks.example/accounting', events: ['invoice.paid'] },
      actor: 'test',
    },
  );
  if (!endpoint.ok) throw new Error(`no webhook endpoint: ${endpoint.code}`);
  return {
    invoiceId: creditNote.invoice_id,
    creditNoteId: creditNote.id,
    draftId: draft.id,
    customerId: await one('customers'),
    emailId: await one('outgoing_emails'),
    templateId: await one('email_templates'),
    endpointId: endpoint.value.endpoint.id,
  };
}

describe.skipIf(!hasChromium && !process.env.CI)('the back office in Chromium, by keyboard', () => {
  beforeAll(async () => {
    server = await startDemoServer(NOW);
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (!process.env.UPDATE_SCREENSHOTS) rmSync(screenshotDir, { recursive: true, force: true });
  });

  it('runs the business’s day from sign-in to a paid invoice', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'fr-BE' });
    const page = await context.newPage();
    const check = (what: string) => expectNoAxeViolations(page, what);
    const main = () => page.getByRole('main').textContent();

    // Sign in through the link in the local mailbox.
    await page.goto(`${server.baseUrl}/admin/sign-in`);
    await check('sign-in');
    await typeInto(page, page.getByLabel('Adresse e-mail'), ADMIN);
    await press(page, page.getByRole('button', { name: 'Recevoir un lien de connexion' }));
    await expect.poll(main).toContain('Consultez vos e-mails');
    await check('check your e-mail');
    const signInMail = await mailText(page, /Connexion à l’espace de gestion/);
    await page.goto(firstUrl(signInMail, /\/admin\/sign-in\?token=/));
    await check('confirm sign-in');
    await press(page, page.getByRole('button', { name: 'Se connecter' }));
    await expect.poll(() => page.url()).toBe(`${server.baseUrl}/admin`);
    await expect.poll(main).toContain('En cours');
    await check('home');
    if (process.env.UPDATE_SCREENSHOTS)
      await page.screenshot({ path: `${screenshotDir}/back-office-home.png` });

    // A new customer.
    await press(page, page.getByRole('link', { name: 'Nouveau client' }));
    await check('new customer');
    await typeInto(page, page.getByLabel('Nom', { exact: true }), 'Brouwerij Van Damme BV');
    await typeInto(page, page.getByLabel('Numéro de TVA'), 'BE0456789034');
    await tabTo(page, page.getByLabel('Langue des factures, e-mails et du portail'));
    await page.keyboard.type('Nederlands');
    await typeInto(
      page,
      page.getByLabel('Adresses e-mail pour les factures'),
      'boekhouding@vandamme.example',
    );
    await press(page, page.getByRole('button', { name: 'Créer le client' }));
    await expect.poll(main).toContain('Le client est créé.');
    await check('customer page');

    // A new invoice for them, issued.
    await page.goto(`${server.baseUrl}/admin/invoices/new`);
    await check('new invoice');
    await tabTo(page, page.getByLabel('Client', { exact: true }));
    await page.keyboard.type('Brouwerij');
    await typeInto(page, page.getByLabel('Numéro de facture'), '2026-0200');
    await typeInto(page, page.locator('#invoice-lines-0-description'), 'Brouwadvies');
    await typeInto(page, page.locator('#invoice-lines-0-quantity'), '4');
    await typeInto(page, page.locator('#invoice-lines-0-unitPrice'), '250');
    // Live: the server's totals appear as the admin types (back-office.js posts Recalculate).
    await expect.poll(() => page.locator('#invoice-totals').textContent()).toMatch(/1\s210,00\s€/);
    await typeInto(page, page.locator('#invoice-lines-0-quantity'), '4');
    await press(page, page.getByRole('button', { name: 'Recalculer' }));
    await expect.poll(main).toMatch(/1\s210,00\s€/);
    await press(page, page.getByRole('button', { name: 'Émettre', exact: true }));
    await expect.poll(main).toContain('La facture est émise.');
    await check('invoice page');
    if (process.env.UPDATE_SCREENSHOTS) {
      await page.screenshot({ path: `${screenshotDir}/back-office-invoice.png`, fullPage: true });
    }
    const invoiceUrl = page.url().replace(/\?.*$/, '');

    // Sent with a chosen template, after seeing it.
    await press(page, page.getByRole('link', { name: 'Envoyer par e-mail' }));
    await check('send by e-mail');
    await expect.poll(main).toContain('Factuur 2026-0200');
    // The customer's language's template is proposed; the admin chooses the English one instead.
    await tabTo(page, page.getByLabel('Modèle'));
    await page.keyboard.type('Default (en');
    await press(page, page.getByRole('button', { name: 'Afficher l’e-mail' }));
    await expect.poll(main).toContain('Invoice 2026-0200 from Atelier Lumière');
    await press(page, page.getByRole('button', { name: 'Envoyer cet e-mail' }));
    await expect.poll(main).toContain('L’e-mail est en route');

    // The customer follows the e-mail's link into the portal and comments.
    const invoiceMail = await mailText(page, /Invoice 2026-0200 from/);
    const portalUrl = firstUrl(invoiceMail, /\/p\/[^/]+\/invoices\//);
    await page.goto(portalUrl);
    await typeInto(page, page.locator('#comment-body'), 'Kan het bestelnummer PO-551 erbij?');
    await press(
      page,
      page
        .getByRole('button', { name: 'Een bericht sturen' })
        .or(page.locator('form.comment-form button[type=submit]')),
    );
    await expect.poll(main).toContain('PO-551');

    // The admin sees it unread, and replies.
    await page.goto(`${server.baseUrl}/admin/comments`);
    await check('comments inbox');
    await expect.poll(main).toContain('Kan het bestelnummer PO-551 erbij?');
    await press(page, page.getByRole('link', { name: /Brouwerij Van Damme BV · Sur la facture 2026-0200/ }));
    await typeInto(page, page.getByLabel('Votre réponse'), 'Natuurlijk, PO-551 staat nu op de factuur.');
    await press(page, page.getByRole('button', { name: 'Envoyer la réponse' }));
    await expect.poll(main).toContain('Votre réponse est envoyée.');

    // The reply in the portal, marked as the business's, and in the customer's e-mail.
    await page.goto(portalUrl);
    await expect
      .poll(() => page.locator('li.comment-business').textContent())
      .toContain('Natuurlijk, PO-551 staat nu op de factuur.');
    const replyMail = await mailText(page, /Antwoord van Atelier Lumière/);
    expect(replyMail).toContain('> Natuurlijk, PO-551 staat nu op de factuur.');
    expect(replyMail).toContain(portalUrl);

    // A partial payment, then the rest: Paid in the portal.
    await page.goto(invoiceUrl);
    await typeInto(page, page.getByLabel('Montant (EUR)'), '210');
    await press(page, page.getByRole('button', { name: 'Enregistrer le paiement' }));
    await expect.poll(main).toContain('Partiellement payée');
    await typeInto(page, page.getByLabel('Montant (EUR)'), '1000,00');
    await press(page, page.getByRole('button', { name: 'Enregistrer le paiement' }));
    await expect.poll(main).toContain('Payée');
    await page.goto(`${server.baseUrl}/admin/invoices?status=paid`);
    await check('invoice list');
    await expect.poll(main).toContain('2026-0200');
    await page.goto(portalUrl);
    await expect.poll(main).toContain('Betaald');
    await context.close();
  }, 180_000);

  it('fits a phone: an invoice page by keyboard without sideways scrolling (every page: the route-table test below)', async () => {
    const context = await browser.newContext({ viewport: { width: 375, height: 800 }, locale: 'fr-BE' });
    const page = await context.newPage();
    await page.goto(`${server.baseUrl}/admin/sign-in`);
    await typeInto(page, page.getByLabel('Adresse e-mail'), ADMIN);
    await press(page, page.getByRole('button', { name: 'Recevoir un lien de connexion' }));
    const signInMail = await mailText(page, /Connexion à l’espace de gestion/);
    await page.goto(firstUrl(signInMail, /\/admin\/sign-in\?token=/));
    await press(page, page.getByRole('button', { name: 'Se connecter' }));
    await page.goto(`${server.baseUrl}/admin/invoices`);
    await press(page, page.getByRole('link', { name: '2026-0102', exact: true }));
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, 'invoice page').toBeLessThanOrEqual(0);
    if (process.env.UPDATE_SCREENSHOTS) {
      await page.screenshot({ path: `${screenshotDir}/back-office-invoice-phone.png`, fullPage: true });
    }
    await context.close();
  }, 120_000);

  it('uploads the business’s own PDF by keyboard, refuses a picture next to the field, and goes back to ours', async () => {
    const context = await browser.newContext({ viewport: { width: 375, height: 800 }, locale: 'fr-BE' });
    const page = await context.newPage();
    const main = () => page.getByRole('main').textContent();
    await page.goto(`${server.baseUrl}/admin/sign-in`);
    await typeInto(page, page.getByLabel('Adresse e-mail'), ADMIN);
    await press(page, page.getByRole('button', { name: 'Recevoir un lien de connexion' }));
    const signInMail = await mailText(page, /Connexion à l’espace de gestion/);
    await page.goto(firstUrl(signInMail, /\/admin\/sign-in\?token=/));
    await press(page, page.getByRole('button', { name: 'Se connecter' }));
    await page.goto(`${server.baseUrl}/admin/invoices`);
    await press(page, page.getByRole('link', { name: '2026-0102', exact: true }));

    /**
     * Chooses a file in the PDF card's input (Space opens the browser's file chooser, answered here),
     * then uploads it. The listener is there before any key is pressed, so the chooser is never missed.
     */
    let nextFile: { name: string; mimeType: string; buffer: Buffer } | null = null;
    page.on('filechooser', (chooser) => {
      if (nextFile) void chooser.setFiles(nextFile);
    });
    const uploadFile = async (file: { name: string; mimeType: string; buffer: Buffer }) => {
      nextFile = file;
      const input = page.getByLabel('Fichier PDF');
      await tabTo(page, input);
      await page.keyboard.press('Space');
      await expect
        .poll(() => input.evaluate((el) => (el as HTMLInputElement).files?.[0]?.name ?? ''))
        .toBe(file.name);
      await press(page, page.getByRole('button', { name: 'Importer ce PDF' }));
    };

    const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
    await uploadFile({ name: 'logo.pdf', mimeType: 'application/pdf', buffer: png });
    await expect.poll(main).toContain('n’est pas un PDF');
    await expect.poll(() => page.locator('#pdf-file').getAttribute('aria-invalid')).toBe('true');
    await expectNoAxeViolations(page, 'a refused PDF upload at 375 px');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, 'a refused PDF upload').toBeLessThanOrEqual(0);

    const own = await ownPdf('Facture 2026-0102, faite par notre propre logiciel');
    await uploadFile({ name: '2026-0102.pdf', mimeType: 'application/pdf', buffer: own });
    await expect.poll(main).toContain('Votre PDF est importé');
    await expectNoAxeViolations(page, 'the invoice with an uploaded PDF at 375 px');
    const href = await page.getByRole('link', { name: 'Télécharger ce PDF' }).getAttribute('href');
    const served = await context.request.get(`${server.baseUrl}${href}`);
    expect(Buffer.compare(await served.body(), own)).toBe(0);

    await press(
      page,
      page.getByRole('button', { name: 'Remplacer votre PDF par celui que nous produisons' }),
    );
    await expect.poll(main).toContain('Le PDF est produit à nouveau');
    const ours = await context.request.get(`${server.baseUrl}${href}`);
    expect((await ours.body()).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(Buffer.compare(await ours.body(), own)).not.toBe(0);
    await context.close();
  }, 120_000);

  it('every page of the route table passes axe at 1280 and 375 px, and fits a phone', async () => {
    let pages: string[] = [];
    for (const width of [1280, 375]) {
      const context = await browser.newContext({ viewport: { width, height: 900 }, locale: 'fr-BE' });
      const page = await context.newPage();
      await page.goto(`${server.baseUrl}/admin/sign-in`);
      await typeInto(page, page.getByLabel('Adresse e-mail'), ADMIN);
      await press(page, page.getByRole('button', { name: 'Recevoir un lien de connexion' }));
      const signInMail = await mailText(page, /Connexion à l’espace de gestion/);
      await page.goto(firstUrl(signInMail, /\/admin\/sign-in\?token=/));
      await press(page, page.getByRole('button', { name: 'Se connecter' }));
      // After the sign-in e-mail, so the outbox has a message to open.
      if (pages.length === 0) {
        const ids = await demoIds();
        pages = backOfficeRoutes
          .filter((route) => route.method === 'GET' && !NOT_PAGES.has(route.name))
          .map((route) =>
            `/admin${route.path === '/' ? '' : route.path}`.replace(/:(\w+)/g, (_m, name: string) => {
              const id = ids[name];
              if (!id) throw new Error(`No demo value for :${name} (${route.name})`);
              return id;
            }),
          );
        expect(pages.length).toBeGreaterThan(20);
      }
      for (const path of pages) {
        const response = await page.goto(`${server.baseUrl}${path}`);
        expect(response?.status(), path).toBe(200);
        await expectNoAxeViolations(page, `${path} at ${width} px`);
        const shot = SCREENSHOTS[path.replace(/^\/admin\/settings\//, '')];
        if (process.env.UPDATE_SCREENSHOTS && shot && (width === 1280 || shot === 'branding')) {
          await page.screenshot({ path: `${screenshotDir}/settings-${shot}-${width}.png`, fullPage: true });
        }
        if (width === 375) {
          const overflow = await page.evaluate(
            () => document.documentElement.scrollWidth - window.innerWidth,
          );
          const wide = await page.evaluate(() =>
            [...document.querySelectorAll('main *')]
              .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 0.5)
              .map((el) => `${el.tagName.toLowerCase()}.${el.className}`)
              .slice(0, 5),
          );
          expect(overflow, `${path}: ${wide.join(', ')}`).toBeLessThanOrEqual(0);
        }
      }
      await context.close();
    }
  }, 300_000);
});

/** A real PDF, as another invoicing tool would make it. */
function ownPdf(text: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4' });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.text(text);
    doc.end();
  });
}
