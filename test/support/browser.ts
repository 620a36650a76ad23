import { existsSync } from 'node:fs';
import { AxeBuilder } from '@axe-core/playwright';
import { type Browser, chromium, type Page } from 'playwright-core';
import { expect } from 'vitest';

/** Debian's Chromium, which `.ci/run` installs; only a machine without it skips the browser tests. */
export const CHROMIUM = '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);

/**
 * Headless Chromium as this machine runs it: without background networking, whose connections the closed
 * network refuses.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * axe's WCAG 2.2 AA rules on the page as it is: every violation is listed, with its elements. A sandboxed
 * frame (an e-mail shown as it will be sent) is left out: axe cannot run script in it and waits forever,
 * and its content is the e-mail's, not the page's.
 */
export async function expectNoAxeViolations(page: Page, what: string): Promise<void> {
  // `options` replaces every run option, so it comes before `withTags` (which sets `runOnly`).
  const results = await new AxeBuilder({ page })
    .options({ iframes: false })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .exclude('iframe[sandbox]')
    .analyze();
  const summary = results.violations.map(
    (v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
  expect(summary, what).toEqual([]);
}
