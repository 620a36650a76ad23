import { describe, expect, it } from 'vitest';
import { renderBusyPage } from '../../../src/portal/views/render-busy-page.ts';
import { renderNotFoundPage } from '../../../src/portal/views/render-not-found-page.ts';
import { renderRateLimitedPage, retryDelay } from '../../../src/portal/views/render-rate-limited-page.ts';
import { expectSafeDocument, textOf, titleOf } from './html-assertions.ts';

describe('renderNotFoundPage', () => {
  it.each([
    ['en', "This link doesn't work", 'Ask the business that sent it to you for a new link.'],
    ['fr', 'Ce lien ne fonctionne pas', "Demandez un nouveau lien à l'entreprise qui vous l'a envoyé."],
    ['nl', 'Deze link werkt niet', 'Vraag het bedrijf dat u de link stuurde om een nieuwe link.'],
    [
      'de',
      'Dieser Link funktioniert nicht',
      'Bitten Sie das Unternehmen, das Ihnen den Link geschickt hat, um einen neuen.',
    ],
  ] as const)('in %s says %j and what to do, with no inline style at all', (lang, title, action) => {
    const page = renderNotFoundPage({ lang, stylesheetUrl: '/assets/portal.css' });
    expectSafeDocument(page, { lang, styleElements: 0 });
    expect(titleOf(page)).toBe(title);
    const main = textOf(/<main[\s\S]*<\/main>/.exec(page)?.[0] ?? '');
    expect(main.startsWith(title)).toBe(true);
    expect(main).toContain(action);
    expect(page).toContain('<link rel="stylesheet" href="/assets/portal.css">');
    expect(page).not.toContain('<nav');
  });
});

describe('renderRateLimitedPage', () => {
  it.each([
    ['en', 600, 'Too many attempts', 'Please try again in 10 minutes.'],
    ['fr', 600, 'Trop de tentatives', 'Veuillez réessayer dans 10 minutes.'],
    ['nl', 3600, 'Te veel pogingen', 'Probeer het over 1 uur opnieuw.'],
    ['de', 45, 'Zu viele Versuche', 'Bitte versuchen Sie es in 45 Sekunden erneut.'],
    ['en', 1, 'Too many attempts', 'Please try again in 1 second.'],
  ] as const)('in %s after %i s says %j … %j', (lang, seconds, title, wait) => {
    const page = renderRateLimitedPage({
      lang,
      stylesheetUrl: '/assets/portal.css',
      retryAfterSeconds: seconds,
    });
    expectSafeDocument(page, { lang, styleElements: 0 });
    expect(titleOf(page)).toBe(title);
    expect(textOf(/<main[\s\S]*<\/main>/.exec(page)?.[0] ?? '')).toContain(wait);
  });

  it.each([
    [0, { count: 1, unit: 'second' }],
    [59, { count: 59, unit: 'second' }],
    [60, { count: 1, unit: 'minute' }],
    [61, { count: 2, unit: 'minute' }],
    [3599, { count: 60, unit: 'minute' }],
    [3601, { count: 2, unit: 'hour' }],
  ] as const)('rounds a wait of %i s up, never understating it', (seconds, delay) => {
    expect(retryDelay(seconds)).toEqual(delay);
  });
});

describe('renderBusyPage', () => {
  it.each([
    ['en', 1, 'Too many visitors right now', 'Please try again in 1 second.'],
    ['fr', 2, 'Trop de visiteurs en ce moment', 'Veuillez réessayer dans 2 secondes.'],
    ['nl', 1, 'Op dit moment te veel bezoekers', 'Probeer het over 1 seconde opnieuw.'],
    ['de', 90, 'Gerade zu viele Besucher', 'Bitte versuchen Sie es in 2 Minuten erneut.'],
  ] as const)('in %s after %i s says %j … %j', (lang, seconds, title, wait) => {
    const page = renderBusyPage({ lang, stylesheetUrl: '/assets/portal.css', retryAfterSeconds: seconds });
    expectSafeDocument(page, { lang, styleElements: 0 });
    expect(titleOf(page)).toBe(title);
    expect(textOf(/<main[\s\S]*<\/main>/.exec(page)?.[0] ?? '')).toContain(wait);
  });
});
