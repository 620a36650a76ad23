import { expect } from 'vitest';

/**
 * Small HTML helpers for the view tests (no HTML parser dependency): the views' markup is regular
 * enough for targeted regular expressions, and the safety checks are on the raw string on purpose.
 */

const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" };

/** Decodes the entities the `html` tag produces. */
export function decodeEntities(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|#39);/g, (_, name: string) => ENTITIES[name] ?? '');
}

/** The visible text of a fragment: tags removed, whitespace collapsed, entities decoded. */
export function textOf(fragment: string): string {
  return decodeEntities(fragment.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ')).trim();
}

/** The decoded `<title>`. */
export function titleOf(page: string): string {
  const match = /<title>([^<]*)<\/title>/.exec(page);
  if (match === null) throw new Error('no <title>');
  return decodeEntities(match[1] ?? '');
}

/** Every match of `pattern` (global) in `page`. */
export function allMatches(page: string, pattern: RegExp): RegExpExecArray[] {
  return [
    ...page.matchAll(
      new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`),
    ),
  ];
}

/** The outer HTML of the first element `<tag …class="…name…">` (elements of that tag are not nested). */
export function elementByClass(page: string, tag: string, className: string): string {
  const open = new RegExp(`<${tag}\\b[^>]*class="[^"]*\\b${className}\\b[^"]*"[^>]*>`).exec(page);
  if (open === null) throw new Error(`no <${tag} class="${className}">`);
  const end = page.indexOf(`</${tag}>`, open.index);
  if (end < 0) throw new Error(`<${tag} class="${className}"> is not closed`);
  return page.slice(open.index, end + tag.length + 3);
}

/** The `<a>` elements as { attributes, text }. */
export function links(fragment: string): { attributes: string; href: string | null; text: string }[] {
  return allMatches(fragment, /<a\b([^>]*)>([\s\S]*?)<\/a>/).map((match) => {
    const attributes = match[1] ?? '';
    const href = /\bhref="([^"]*)"/.exec(attributes)?.[1];
    return {
      attributes,
      href: href === undefined ? null : decodeEntities(href),
      text: textOf(match[2] ?? ''),
    };
  });
}

/**
 * What every portal page must be, whatever its content: a full document, the head metadata, strict-CSP
 * friendly (no script at all, no style attribute, at most the one nonce'd style element).
 */
export function expectSafeDocument(page: string, options: { lang: string; styleElements: 0 | 1 }): void {
  expect(page.startsWith('<!doctype html>\n<html lang="')).toBe(true);
  expect(page).toContain(`<html lang="${options.lang}">`);
  expect(page).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
  expect(page).toContain('<meta name="referrer" content="no-referrer">');
  expect(page).toContain('<meta name="robots" content="noindex">');
  expect(page).toContain('<meta charset="utf-8">');
  expect(page).not.toMatch(/<script/i);
  expect(page).not.toMatch(/\sstyle\s*=/i);
  expect(page).not.toMatch(/\son[a-z]+\s*=/i);
  expect(page).not.toMatch(/javascript:/i);
  expect(allMatches(page, /<style\b/i)).toHaveLength(options.styleElements);
  if (options.styleElements === 1) {
    expect(allMatches(page, /<style nonce="[^"]+">/)).toHaveLength(1);
  }
  expect(allMatches(page, /<h1\b/)).toHaveLength(1);
  expect(page).toMatch(/<a class="skip-link" href="#main">/);
  expect(page).toMatch(/<main id="main"/);
  expect(page).toMatch(/<header\b/);
}
