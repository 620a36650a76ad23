import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoAxeViolations, hasChromium, launchChromium } from '../support/browser.ts';
import { type DemoServer, startDemoServer } from '../support/demo-server.ts';

/**
 * Passkeys in Chromium (issue 12), with a virtual authenticator from the DevTools protocol (CTAP2,
 * internal, resident keys, user verification that succeeds): the demo admin signs in with the e-mailed
 * link, adds a passkey on Your sign-in, signs out, signs in with the passkey, and sees it listed with its
 * last use. axe checks the Admins and Your sign-in pages, and both fit a 375 px phone. The server's
 * address is `localhost`, since WebAuthn refuses an IP address as the relying party.
 */

const NOW = new Date('2026-11-25T10:00:00Z');
const ADMIN = 'camille@atelier-lumiere.example';

let server: DemoServer;
let browser: Browser;

/** The text version of the newest mailbox message whose subject matches. */
async function mailText(page: Page, subject: RegExp): Promise<string> {
  for (let attempt = 0; attempt < 60; attempt += 1) {
    await page.goto(server.mailboxUrl);
    const link = page.getByRole('link', { name: subject }).first();
    if ((await link.count()) > 0) {
      await link.click();
      await page.waitForLoadState('load');
      return (await page.locator('pre').last().textContent()) ?? '';
    }
    await page.waitForTimeout(250);
  }
  throw new Error(`No message ${subject} in the mailbox`);
}

const fitsThePhone = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

describe.skipIf(!hasChromium && !process.env.CI)('passkeys in Chromium', () => {
  beforeAll(async () => {
    server = await startDemoServer(NOW, { hostName: 'localhost' });
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('adds a passkey after a link sign-in, then signs in with it', async () => {
    const context = await browser.newContext({ viewport: { width: 375, height: 800 }, locale: 'fr-BE' });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('WebAuthn.enable');
    const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: {
        protocol: 'ctap2',
        transport: 'internal',
        hasResidentKey: true,
        hasUserVerification: true,
        isUserVerified: true,
      },
    });
    const main = () => page.getByRole('main').textContent();

    // The passkey button shows, as the browser has WebAuthn; first, the e-mailed link.
    await page.goto(`${server.baseUrl}/admin/sign-in`);
    await expect
      .poll(() => page.getByRole('button', { name: 'Se connecter avec une clé d’accès' }).isVisible())
      .toBe(true);
    await page.getByLabel('Adresse e-mail').fill(ADMIN);
    await page.getByRole('button', { name: 'Recevoir un lien de connexion' }).click();
    await expect.poll(main).toContain('Consultez vos e-mails');
    const text = await mailText(page, /Connexion à l’espace de gestion/);
    const link = text.match(/https?:\/\/\S+\/admin\/sign-in\?token=\S+/)?.[0];
    if (!link) throw new Error(`No sign-in link in: ${text}`);
    await page.goto(link);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await expect.poll(() => page.url()).toBe(`${server.baseUrl}/admin`);

    // Admins: listed, axe-clean, fits the phone.
    await page.goto(`${server.baseUrl}/admin/settings/admins`);
    await expect.poll(main).toContain(ADMIN);
    await expectNoAxeViolations(page, 'admins');
    expect(await fitsThePhone(page)).toBe(true);

    // Your sign-in: this session, and a passkey added through the browser's dialog.
    await page.goto(`${server.baseUrl}/admin/settings/account`);
    await expect.poll(main).toContain('ce navigateur');
    await expect.poll(main).toContain('Aucune clé d’accès pour l’instant.');
    await expectNoAxeViolations(page, 'your sign-in');
    expect(await fitsThePhone(page)).toBe(true);
    await page.getByLabel('Nom de la clé d’accès').fill('Téléphone de test');
    await Promise.all([
      page.waitForURL(/done=passkeyAdded/),
      page.getByRole('button', { name: 'Ajouter une clé d’accès' }).click(),
    ]);
    await expect.poll(main).toContain('La clé d’accès est ajoutée.');
    await expect.poll(main).toContain('Téléphone de test');
    await expect.poll(main).toContain('dernière utilisation\u00a0: jamais');
    const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
    expect(credentials).toHaveLength(1);
    expect(credentials[0]?.isResidentCredential).toBe(true);
    await expectNoAxeViolations(page, 'your sign-in with a passkey');

    // Signed out, then in again with the passkey alone.
    await Promise.all([
      page.waitForURL(/\/admin\/sign-in/),
      page.getByRole('button', { name: 'Se déconnecter' }).click(),
    ]);
    await Promise.all([
      page.waitForURL(`${server.baseUrl}/admin`),
      page.getByRole('button', { name: 'Se connecter avec une clé d’accès' }).click(),
    ]);
    await expect.poll(main).toContain('En cours');

    await page.goto(`${server.baseUrl}/admin/settings/account`);
    await expect.poll(main).toContain('Téléphone de test');
    await expect.poll(main).not.toContain('dernière utilisation\u00a0: jamais');
    await expect.poll(main).toMatch(/dernière utilisation\u00a0: \d/);
    await context.close();
  }, 120_000);
});
