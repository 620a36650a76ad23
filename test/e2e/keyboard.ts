import type { Locator, Page } from 'playwright-core';

/**
 * A keyboard user in the browser tests: every field is reached with Tab and typed into, every button and
 * link pressed with Enter.
 */

/** Presses Tab until `target` has the focus, as a keyboard user would; fails if it is never reached. */
export async function tabTo(page: Page, target: Locator): Promise<void> {
  await target.waitFor();
  for (let presses = 0; presses < 250; presses += 1) {
    if (await target.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${target.toString()}`);
}

/** Tabs to a field, selects what it holds and types `text` over it. */
export async function typeInto(page: Page, target: Locator, text: string): Promise<void> {
  await tabTo(page, target);
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type(text);
}

/** Presses Enter on a link or button that leads to another page, and waits for that page. */
export async function press(page: Page, target: Locator): Promise<void> {
  await tabTo(page, target);
  await Promise.all([page.waitForEvent('framenavigated'), page.keyboard.press('Enter')]);
  await page.waitForLoadState('load');
}

/** The first absolute URL in `text` whose path matches `path` (a link read from an e-mail). */
export const firstUrl = (text: string, path: RegExp): string => {
  const found = text.match(/https?:\/\/\S+/g)?.find((url) => path.test(url));
  if (!found) throw new Error(`No ${path} link in: ${text}`);
  return found;
};
