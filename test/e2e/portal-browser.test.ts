import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoAxeViolations, hasChromium, launchChromium } from '../support/browser.ts';
import { type DemoServer, startDemoServer } from '../support/demo-server.ts';

/**
 * The portal in a real browser (Debian's Chromium through playwright-core), on the demo organization.
 * `UPDATE_SCREENSHOTS=1` writes the README's screenshots into docs/images.
 */

const NOW = new Date('2026-11-25T10:00:00Z');
const screenshotDir = process.env.UPDATE_SCREENSHOTS
  ? 'docs/images'
  : mkdtempSync(join(tmpdir(), 'portal-shots-'));

let server: DemoServer;
let browser: Browser;
const downloads = mkdtempSync(join(tmpdir(), 'portal-downloads-'));

const numberOf = (shows: string) => {
  const found = server.seed.cases.find((c) => c.shows.startsWith(shows));
  if (!found) throw new Error(`no demo case ${shows}`);
  return found.number;
};

async function newPage(width = 1280): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height: 900 }, acceptDownloads: true });
  return context.newPage();
}

// NOTE: only a machine without Chromium skips these; CI installs it (.ci/run) and never skips.
describe.skipIf(!hasChromium && !process.env.CI)('the portal in Chromium', () => {
  beforeAll(async () => {
    server = await startDemoServer(NOW);
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    rmSync(downloads, { recursive: true, force: true });
    if (!process.env.UPDATE_SCREENSHOTS) rmSync(screenshotDir, { recursive: true, force: true });
  });

  it('opens a demo link and switches between the Open, Paid and Credit notes tabs', async () => {
    const page = await newPage();
    await page.goto(server.historyUrl('Müller & Söhne GmbH'));
    await expect.poll(() => page.title()).toContain('Atelier Lumière SRL');
    expect(await page.locator('html').getAttribute('lang')).toBe('de');
    const open = page.getByRole('main');
    await expect.poll(() => open.textContent()).toContain(numberOf('reverse charge'));
    await page.getByRole('link', { name: 'Bezahlt', exact: true }).click();
    await expect
      .poll(() => page.getByRole('link', { name: 'Bezahlt', exact: true }).getAttribute('aria-current'))
      .toBe('page');
    await expect.poll(() => open.textContent()).toContain(numberOf('paid by bank transfer'));
    await page.getByRole('link', { name: 'Gutschriften', exact: true }).click();
    await expect.poll(() => open.textContent()).toContain('CN-2026-011');
    await page.context().close();
  });

  it('opens "view calculation" and follows a credit-note tab', async () => {
    const page = await newPage();
    await page.goto(server.invoiceUrl(numberOf('fully credited')));
    const details = page.locator('details.calculation');
    expect(await details.getAttribute('open')).toBeNull();
    await page.getByText('View calculation').click();
    expect(await details.getAttribute('open')).not.toBeNull();
    await expect.poll(() => details.textContent()).toContain('CN-2026-012');
    await page
      .getByRole('link', { name: /CN-2026-013/ })
      .first()
      .click();
    await expect
      .poll(() => page.getByRole('main').textContent())
      .toContain('Credit: technician hours not used');
    expect(
      await page
        .getByRole('link', { name: /CN-2026-013/ })
        .first()
        .getAttribute('aria-current'),
    ).toBe('page');
    await page.context().close();
  });

  it('downloads the zip of an invoice with its credit notes', async () => {
    const page = await newPage();
    const number = numberOf('fully credited');
    await page.goto(server.invoiceUrl(number));
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('a[download]').first().click(),
    ]);
    expect(download.suggestedFilename()).toBe(`${number}.zip`);
    const file = join(downloads, download.suggestedFilename());
    await download.saveAs(file);
    const names = Object.keys(unzipSync(new Uint8Array(readFileSync(file)))).sort();
    expect(names).toEqual([`${number}.pdf`, 'CN-2026-012.pdf', 'CN-2026-013.pdf']);
    await page.context().close();
  });

  it('sends a comment and shows it in the thread', async () => {
    const page = await newPage();
    await page.goto(server.invoiceUrl(numberOf('unpaid, due')));
    await page.getByLabel('Send a comment').fill('Could you send the PO number with the next invoice?');
    await page.getByRole('button', { name: 'Send comment' }).click();
    await page.waitForURL(/sent=1/);
    await expect
      .poll(() => page.getByRole('main').textContent())
      .toContain('Could you send the PO number with the next invoice?');
    const stored = await server.database.db.selectFrom('comments').select('body').execute();
    expect(stored.map((c) => c.body)).toContain('Could you send the PO number with the next invoice?');
    await page.context().close();
  });

  it('switches language, and reads naturally in French on an overdue invoice', async () => {
    const page = await newPage();
    await page.goto(server.invoiceUrl(numberOf('unpaid, due')));
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await page.getByRole('link', { name: 'Français' }).click();
    expect(await page.locator('html').getAttribute('lang')).toBe('fr');
    await expect.poll(() => page.locator('h1').textContent()).toContain('Facture');
    await page.goto(server.invoiceUrl(numberOf('overdue 45 days')));
    const text = (await page.getByRole('main').textContent()) ?? '';
    expect(text).toMatch(/En retard de 6\s+semaines/);
    expect(text).toContain('Voir le calcul');
    expect(text).toContain('Montant dû');
    await page.context().close();
  });

  it('passes axe (WCAG 2.2 AA) on every page', async () => {
    const page = await newPage();
    const history = server.historyUrl('Société Générale de Façades SA');
    const pages = [
      history,
      `${history}?tab=paid`,
      `${history}?tab=credit-notes`,
      server.invoiceUrl(numberOf('overdue 45 days')),
      server.invoiceUrl(numberOf('partially paid')),
      server.invoiceUrl(numberOf('fully credited')),
      `${server.baseUrl}/p/not-a-link`,
    ];
    for (const url of pages) {
      await page.goto(url);
      await page.locator('details.calculation').evaluateAll((all) => {
        for (const d of all) d.setAttribute('open', '');
      });
      await expectNoAxeViolations(page, url);
    }
    await page.context().close();
  });

  it('reaches every action with the keyboard alone, with a visible focus', async () => {
    const page = await newPage();
    await page.goto(`${server.invoiceUrl(numberOf('partially paid'))}?lang=en`);
    const reached: string[] = [];
    for (let i = 0; i < 60; i++) {
      await page.keyboard.press('Tab');
      const focused = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        if (!el || el === document.body) return null;
        const style = getComputedStyle(el);
        const visible =
          (style.outlineStyle !== 'none' && Number.parseFloat(style.outlineWidth) > 0) ||
          style.boxShadow !== 'none';
        return {
          label: `${el.tagName.toLowerCase()}:${(el.textContent ?? '').trim().slice(0, 40)}`,
          visible,
        };
      });
      if (!focused) continue;
      expect(focused.visible, `focus ring on ${focused.label}`).toBe(true);
      reached.push(focused.label);
      if (focused.label.startsWith('button:')) break;
    }
    const joined = reached.join('\n');
    for (const expected of [
      'a:Skip',
      'a:Français',
      'summary:View calculation',
      'textarea:',
      'button:Send comment',
    ]) {
      expect(joined, expected).toContain(expected);
    }
    expect(reached.some((r) => r.startsWith('a:') && r.includes('Download'))).toBe(true);

    await page.goto(server.invoiceUrl(numberOf('partially paid')));
    await page.locator('summary').first().focus();
    await page.keyboard.press('Enter');
    expect(await page.locator('details.calculation').getAttribute('open')).not.toBeNull();
    await page.locator('textarea').focus();
    await page.keyboard.type('Sent with the keyboard only.');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.waitForURL(/sent=1/);
    await expect.poll(() => page.getByRole('main').textContent()).toContain('Sent with the keyboard only.');
    await page.context().close();
  });

  it('reflows at 320 px without horizontal scrolling, and takes the README screenshots', async () => {
    const invoice = server.invoiceUrl(numberOf('overdue 45 days'));
    const history = server.historyUrl('Société Générale de Façades SA');
    for (const width of [320, 375, 1280]) {
      const page = await newPage(width);
      for (const [name, url] of [
        ['invoice', invoice],
        ['history', history],
      ] as const) {
        await page.goto(url);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        expect(overflow, `${name} at ${width} px`).toBeLessThanOrEqual(0);
        if (width !== 320) {
          if (name === 'invoice')
            await page
              .locator('details.calculation')
              .first()
              .evaluate((d) => d.setAttribute('open', ''));
          await page.screenshot({
            path: join(screenshotDir, `portal-${name}-${width}.png`),
            fullPage: width === 375,
          });
        }
      }
      await page.context().close();
    }
  });
});
