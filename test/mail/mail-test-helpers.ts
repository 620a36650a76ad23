import type { EmailBranding } from '../../src/mail/email-layout.ts';

export const PORTAL_URL = 'https://portal.example.com/p/abc123/invoices/42';
export const INVOICE_IMAGE_URL = 'https://portal.example.com/p/abc123/invoices/42/preview.png';
export const LOGO_URL = 'https://portal.example.com/o/7/logo.png';

export const BRANDING: EmailBranding = {
  organizationName: 'Atelier Lumière SRL',
  logoUrl: LOGO_URL,
  primaryColor: '#0f5257',
};

/** Injection attempts for template text and values. */
export const ATTACKS = [
  '<img src=x onerror=alert(1)>',
  '"><script>alert(1)</script>',
  "'><svg onload=alert(2)>",
];

/**
 * The markup's skeleton: every tag with its attribute names, in order. Escaping is right when hostile text
 * leaves the skeleton exactly as harmless text does: no element, attribute or closed quote added.
 */
export function markupSkeleton(markup: string): string[] {
  return [...markup.matchAll(/<(\/?[a-zA-Z][\w-]*)((?:\s+[\w:-]+(?:="[^"]*")?)*)\s*\/?>/g)].map(
    ([, tag, attributes]) =>
      [tag, ...[...(attributes ?? '').matchAll(/\s+([\w:-]+)(?:="[^"]*")?/g)].map((match) => match[1])].join(
        ' ',
      ),
  );
}

/**
 * Every `<` in the markup that starts something other than a tag of the skeleton or the layout's Outlook
 * conditional comments (there must be none).
 */
export function strayMarkup(markup: string): string[] {
  return [
    ...markup
      .replace(/<(\/?[a-zA-Z][\w-]*)((?:\s+[\w:-]+(?:="[^"]*")?)*)\s*\/?>/g, '')
      .replace(/^<!doctype html>/i, '')
      .replace(/<!--\[if mso\]>|<!\[endif\]-->/g, '')
      .matchAll(/<[^\s]{0,20}/g),
  ].map((match) => match[0]);
}
