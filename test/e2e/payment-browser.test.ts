import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoAxeViolations, hasChromium, launchChromium } from '../support/browser.ts';
import { type DemoServer, startDemoServer } from '../support/demo-server.ts';

/**
 * Paying a demo invoice in a real browser with the demo provider's TEST checkout: the pay button, the
 * methods, the checkout, the return page that waits for the notification, the invoice Paid in the
 * history, and both e-mails in the local mailbox. `UPDATE_SCREENSHOTS=1` refreshes the README's pictures.
 */

const NOW = new Date('2026-11-25T10:00:00Z');
const screenshotDir = process.env.UPDATE_SCREENSHOTS
  ? 'docs/images'
  : mkdtempSync(join(tmpdir(), 'pay-shots-'));

let server: DemoServer;
let browser: Browser;

async function newPage(width = 1280): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height: 900 } });
  return context.newPage();
}

// NOTE: only a machine without Chromium skips these; CI installs it (.ci/run) and never skips.
describe.skipIf(!hasChromium && !process.env.CI)('paying a demo invoice in Chromium', () => {
  beforeAll(async () => {
    server = await startDemoServer(NOW);
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (!process.env.UPDATE_SCREENSHOTS) rmSync(screenshotDir, { recursive: true, force: true });
  });

  it('pays end to end with the TEST checkout, shows it Paid in the history, and both e-mails are in the mailbox', async () => {
    const overdue = server.seed.cases.find((c) => c.shows.startsWith('overdue 45 days'));
    if (!overdue) throw new Error('no overdue demo invoice');
    const page = await newPage();
    await page.goto(server.invoiceUrl(overdue.number));
    await page.getByRole('link', { name: 'Payer la facture' }).click();

    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent())
      .toBe(`Payer la facture ${overdue.number}`);
    await expectNoAxeViolations(page, 'the pay page');
    await page.screenshot({ path: join(screenshotDir, 'portal-pay-1280.png'), fullPage: true });
    await page.getByRole('radio', { name: 'Bancontact' }).check();
    await page.getByRole('button', { name: 'Continuer vers le paiement' }).click();

    await expect.poll(() => page.textContent('body')).toContain('TEST MODE');
    await expectNoAxeViolations(page, 'the demo checkout');
    await page.screenshot({ path: join(screenshotDir, 'demo-checkout.png'), fullPage: true });
    await page.getByRole('button', { name: /^Pay / }).click();

    // The return page waits for the provider's notification (it reloads itself), then thanks the customer.
    await expect
      .poll(() => page.textContent('main'), { timeout: 30_000, interval: 500 })
      .toContain('Merci\u00a0! Votre paiement');

    await page.goto(server.historyUrl('Société Générale de Façades SA'));
    await page.getByRole('link', { name: 'Payées', exact: true }).click();
    await expect.poll(() => page.getByRole('main').textContent()).toContain(overdue.number);
    await page.goto(server.invoiceUrl(overdue.number));
    expect(await page.getByRole('main').textContent()).toContain('Bancontact – Demo (TEST)');

    await page.goto(server.mailboxUrl);
    await expect
      .poll(
        async () => {
          await page.reload();
          return page.getByRole('main').textContent();
        },
        { timeout: 30_000, interval: 500 },
      )
      .toContain(`Confirmation de paiement de la facture ${overdue.number}`);
    const mailbox = await page.getByRole('main').textContent();
    expect(mailbox).toContain(`pour la facture ${overdue.number}`);
    expect(mailbox).toContain('comptabilite@facades.example');
    expect(mailbox).toContain('camille@atelier-lumiere.example');
  }, 120_000);
});
