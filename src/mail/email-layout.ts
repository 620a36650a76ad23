import type { Lang } from '../core/lang.ts';
import { brandPalette } from '../web/brand-colors.ts';
import { html, renderDocument, type SafeHtml } from '../web/html.ts';

/**
 * The two forms of every e-mail the portal sends (R4): plain text, always; and, when the organization has
 * "designed layout" on, HTML built for mail clients: nested tables, inline styles, 600 px wide at most,
 * the logo, the brand colour on a top rule, links and a button, and a footer naming the business.
 *
 * Messages are described as {@link EmailBlock}s so that the text and the HTML always say the same thing.
 * HTML is built with the `html` tag of `portal/html.ts`: every text and value is escaped, URLs in `href`
 * and `src` are vetted, and nothing a user wrote is ever inserted as markup.
 *
 * @module
 */

/** The business's look, as far as an e-mail can carry it. */
export interface EmailBranding {
  /** The company entity, named in the footer (and in the header when there is no logo). */
  readonly organizationName: string;
  /**
   * Where mail clients load the logo from: an absolute `https:` URL, or `cid:<content id>` for a logo
   * attached to the message inline (shown even when the client blocks remote images). Null: the name is
   * shown instead.
   */
  readonly logoUrl: string | null;
  /** The brand colour, `#rrggbb`. Darkened here when needed to be readable on white (B9). */
  readonly primaryColor: string;
}

/** A message ready to hand to the mailer: `html` is null when the organization sends plain text only. */
export interface RenderedEmail {
  readonly subject: string;
  readonly text: string;
  readonly html: string | null;
}

/** A link inside a paragraph. `plainText` is how the text version writes it, address included. */
export interface EmailLink {
  readonly kind: 'link';
  readonly label: string;
  readonly url: string;
  readonly plainText: string;
}

/** Part of a paragraph: text (`\n` is a line break) or a link. */
export type EmailInline = string | EmailLink;

export type EmailBlock =
  | { readonly kind: 'paragraph'; readonly parts: readonly EmailInline[] }
  /** Words someone else wrote (a customer's comment), set apart. */
  | { readonly kind: 'quote'; readonly text: string }
  | {
      readonly kind: 'details';
      readonly rows: readonly { label: string; value: string; plainText: string }[];
    }
  /** A call to action. */
  | { readonly kind: 'button'; readonly link: EmailLink }
  /** A picture of what `url` shows (the invoice, R3), leading there; left out of the text version. */
  | { readonly kind: 'image'; readonly src: string; readonly alt: string; readonly url: string };

// biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/**
 * A value that must stay on one line (a name, a number, a subject): line breaks and tabs become spaces,
 * other control characters and bidirectional overrides are removed, so no value can add a header line or
 * make text read backwards.
 */
export function singleLine(value: string): string {
  return value
    .replace(/[\r\n\t\u2028\u2029\u0085]+/g, ' ')
    .replace(CONTROL_CHARACTERS, '')
    .trim();
}

/** Text that may span lines (a comment, a template body): `\n` line endings, no other control characters. */
export function multiLine(value: string): string {
  return value
    .replace(/\r\n?|[\u2028\u2029\u0085]/g, '\n')
    .replace(CONTROL_CHARACTERS, '')
    .replace(/\t/g, '  ');
}

/**
 * An address an e-mail may link to or load an image from: absolute `https:`/`http:` (and `cid:` for
 * images). The caller builds these; anything else is a programming error.
 *
 * @throws RangeError for any other address.
 */
export function assertEmailUrl(url: string, what: string, allowContentId = false): string {
  if (allowContentId && /^cid:[^\s"'<>]+$/i.test(url)) return url;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new RangeError(`${what} must be an absolute URL, got ${JSON.stringify(url)}`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new RangeError(`${what} must be an http(s) URL, got ${JSON.stringify(url)}`);
  }
  return url;
}

function blockText(block: EmailBlock): string | null {
  switch (block.kind) {
    case 'paragraph':
      return block.parts.map((part) => (typeof part === 'string' ? part : part.plainText)).join('');
    case 'quote':
      return block.text
        .split('\n')
        .map((line) => (line === '' ? '>' : `> ${line}`))
        .join('\n');
    case 'details':
      return block.rows.map((row) => row.plainText).join('\n');
    case 'button':
      return block.link.plainText;
    case 'image':
      return null;
  }
}

/** The text version of blocks: paragraphs apart, links written out, a comment quoted with `> `. */
export function renderEmailText(blocks: readonly EmailBlock[], footerNote: string | null = null): string {
  const parts = blocks.map(blockText).filter((text) => text !== null);
  // "-- " is the signature separator mail clients recognise and dim.
  if (footerNote !== null) parts.push(`-- \n${footerNote}`);
  return `${parts.join('\n\n')}\n`;
}

// Unquoted family names (valid CSS) keep quotes, and so entities, out of the style attributes.
const FONT = 'font-family:-apple-system,BlinkMacSystemFont,Segoe UI,Roboto,Helvetica,Arial,sans-serif;';
const TEXT_COLOR = '#1f2937';
const MUTED_COLOR = '#6b7280';
const PAGE_BACKGROUND = '#f3f4f6';
const RULE_COLOR = '#e5e7eb';

interface Palette {
  /** The brand colour, readable on white: links, the button, the top rule. */
  brand: string;
  /** Text on the button. */
  onBrand: string;
}

function palette(branding: EmailBranding): Palette {
  const colors = brandPalette({ primaryColor: branding.primaryColor, accentColor: branding.primaryColor });
  return { brand: colors.primary, onBrand: colors.onPrimary };
}

function imageSource(src: string): { contentId: string } | { url: string } {
  return /^cid:/i.test(src) ? { contentId: src.slice(4) } : { url: src };
}

function image(src: string, alt: string, attributes: SafeHtml): SafeHtml {
  const source = imageSource(assertEmailUrl(src, 'An e-mail image', true));
  // `cid:` is not a scheme the html tag lets through at the start of `src`; the content id is still escaped.
  return 'contentId' in source
    ? html`<img src="cid:${source.contentId}" alt="${alt}" ${attributes}>`
    : html`<img src="${source.url}" alt="${alt}" ${attributes}>`;
}

function textWithBreaks(text: string): SafeHtml[] {
  return text.split('\n').map((line, index) => (index === 0 ? html`${line}` : html`<br>${line}`));
}

function inlineHtml(part: EmailInline, colors: Palette): SafeHtml {
  if (typeof part === 'string') return html`${textWithBreaks(part)}`;
  return html`<a href="${part.url}" target="_blank" style="color:${colors.brand};text-decoration:underline;">${part.label}</a>`;
}

function imageHtml(block: Extract<EmailBlock, { kind: 'image' }>): SafeHtml {
  const attributes = html`width="220" style="display:block;width:220px;max-width:100%;height:auto;border:0;border-radius:4px;"`;
  return html`<table role="presentation" cellpadding="0" cellspacing="0" border="0" style="margin:8px 0 16px;">
<tr><td style="border:1px solid ${RULE_COLOR};border-radius:4px;padding:0;">
<a href="${block.url}" target="_blank" style="display:block;text-decoration:none;">${image(block.src, block.alt, attributes)}</a>
</td></tr>
</table>`;
}

function buttonHtml(block: Extract<EmailBlock, { kind: 'button' }>, colors: Palette): SafeHtml {
  const { link } = block;
  return html`<table role="presentation" cellpadding="0" cellspacing="0" border="0" style="margin:8px 0 24px;">
<tr><td align="center" bgcolor="${colors.brand}" style="border-radius:6px;background-color:${colors.brand};">
<a href="${link.url}" target="_blank" style="display:inline-block;padding:12px 28px;${FONT}font-size:16px;font-weight:600;line-height:24px;color:${colors.onBrand};text-decoration:none;border-radius:6px;">${link.label}</a>
</td></tr>
</table>`;
}

function blockHtml(block: EmailBlock, colors: Palette): SafeHtml {
  switch (block.kind) {
    case 'paragraph':
      return html`<p style="margin:0 0 16px;${FONT}font-size:16px;line-height:24px;color:${TEXT_COLOR};">${block.parts.map((part) => inlineHtml(part, colors))}</p>`;
    case 'quote':
      return html`<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="margin:0 0 20px;">
<tr><td style="border-left:4px solid ${colors.brand};background-color:#f9fafb;padding:12px 16px;${FONT}font-size:15px;line-height:22px;color:#374151;">${textWithBreaks(block.text)}</td></tr>
</table>`;
    case 'details':
      return html`<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="margin:0 0 24px;border-collapse:collapse;">
${block.rows.map(
  (row) =>
    html`<tr><td style="padding:8px 12px 8px 0;border-bottom:1px solid ${RULE_COLOR};${FONT}font-size:14px;line-height:20px;color:${MUTED_COLOR};">${row.label}</td><td align="right" style="padding:8px 0;border-bottom:1px solid ${RULE_COLOR};${FONT}font-size:14px;line-height:20px;color:${TEXT_COLOR};font-weight:600;text-align:right;">${row.value}</td></tr>
`,
)}</table>`;
    case 'button':
      return buttonHtml(block, colors);
    case 'image':
      return imageHtml(block);
  }
}

function headerHtml(branding: EmailBranding, colors: Palette): SafeHtml {
  if (branding.logoUrl !== null) {
    return image(
      branding.logoUrl,
      branding.organizationName,
      html`height="48" style="display:block;height:48px;width:auto;max-width:240px;border:0;${FONT}font-size:20px;font-weight:700;color:${colors.brand};"`,
    );
  }
  return html`<div style="${FONT}font-size:20px;line-height:28px;font-weight:700;color:${colors.brand};">${branding.organizationName}</div>`;
}

export interface EmailHtmlInput {
  readonly lang: Lang;
  /** The subject, as the document title. */
  readonly subject: string;
  readonly branding: EmailBranding;
  readonly blocks: readonly EmailBlock[];
  /** A small line under the business's name in the footer (why the recipient gets this e-mail). */
  readonly footerNote?: string | null;
}

/**
 * The designed HTML of a message. Tables and inline styles because that is what mail clients render
 * alike (Outlook on Windows uses Word's engine: no flexbox, no max-width, no style sheets it can trust).
 * The card is `max-width:600px` for every client and phone; Outlook, which ignores that, gets a fixed
 * 600 px table around it in a conditional comment only it reads.
 */
export function renderEmailHtml(input: EmailHtmlInput): string {
  const { branding } = input;
  const colors = palette(branding);
  const footerNote = input.footerNote
    ? html`<br><span style="font-size:12px;">${input.footerNote}</span>`
    : null;
  return renderDocument(html`<html lang="${input.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="x-apple-disable-message-reformatting">
<meta name="color-scheme" content="light">
<meta name="supported-color-schemes" content="light">
<title>${input.subject}</title>
</head>
<body style="margin:0;padding:0;background-color:${PAGE_BACKGROUND};-webkit-text-size-adjust:100%;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background-color:${PAGE_BACKGROUND};">
<tr><td align="center" style="padding:32px 12px;">
<!--[if mso]><table role="presentation" width="600" align="center" cellpadding="0" cellspacing="0" border="0"><tr><td><![endif]-->
<table role="presentation" width="600" cellpadding="0" cellspacing="0" border="0" style="width:100%;max-width:600px;">
<tr><td style="background-color:#ffffff;border-top:4px solid ${colors.brand};border-radius:8px;padding:32px 40px 16px;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0">
<tr><td style="padding:0 0 28px;">${headerHtml(branding, colors)}</td></tr>
<tr><td>
${input.blocks.map((block) => html`${blockHtml(block, colors)}\n`)}</td></tr>
</table>
</td></tr>
<tr><td align="center" style="padding:20px 40px;${FONT}font-size:13px;line-height:20px;color:${MUTED_COLOR};text-align:center;">${branding.organizationName}${footerNote}</td></tr>
</table>
<!--[if mso]></td></tr></table><![endif]-->
</td></tr>
</table>
</body>
</html>`);
}
