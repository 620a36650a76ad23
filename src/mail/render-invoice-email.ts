import type { Lang } from '../core/lang.ts';
import type { IsoDate } from '../domain/index.ts';
import { documentFormatters } from '../web/document-formatters.ts';
import {
  assertEmailUrl,
  type EmailBlock,
  type EmailBranding,
  type EmailInline,
  type EmailLink,
  multiLine,
  type RenderedEmail,
  renderEmailHtml,
  singleLine,
} from './email-layout.ts';
import { mailMessage } from './mail-messages.ts';
import {
  parseTemplate,
  type TemplateParseFailure,
  type TemplatePart,
  type TemplateToken,
  type ValueShortcode,
} from './shortcodes.ts';
import type { EmailTemplate } from './validate-email-template.ts';

/** What the shortcodes of an invoice e-mail stand for. */
export interface InvoiceEmailValues {
  readonly invoiceNumber: string;
  /** The amount still due when the e-mail is sent, in minor units of `currency`. */
  readonly amountDueMinor: number;
  readonly currency: string;
  readonly dueDate: IsoDate;
  readonly customerName: string;
  /** The company entity that issued the invoice. */
  readonly companyName: string;
  /** The invoice's page in the customer's portal: where `#LINK` and the picture lead (absolute URL). */
  readonly portalUrl: string;
}

export interface InvoiceEmailInput {
  /** The template as stored (validated on save with `validateEmailTemplate`). */
  readonly template: EmailTemplate;
  /** The customer's language: the link text and the formatting follow it. */
  readonly language: Lang;
  /**
   * BCP 47 locale for amounts and dates, e.g. `fr-BE` (what `documentLocale(language, country)` gives the
   * invoice PDF and the portal, so all three agree). Defaults to `language`.
   */
  readonly locale?: string;
  readonly values: InvoiceEmailValues;
  readonly branding: EmailBranding;
  /** The organization's "designed layout" setting (R4): off, the e-mail is plain text only. */
  readonly designedLayout: boolean;
  /**
   * A picture of the invoice (R3), shown in the designed layout and leading to the portal: an absolute
   * `https:` URL or `cid:<content id>` of an inline attachment. Null or absent: no picture.
   */
  readonly invoiceImageUrl?: string | null;
}

/** Thrown when a stored template cannot be read: templates are validated when saved, so this is a bug. */
export class EmailTemplateError extends Error {
  constructor(readonly failure: TemplateParseFailure & { readonly field: TemplatePart }) {
    super(`The e-mail template ${failure.field} cannot be read: ${failure.code} ${failure.token}`);
    this.name = 'EmailTemplateError';
  }
}

/** The shortcodes' values, formatted for the customer's language, each on one line. */
export function invoiceShortcodeValues(
  values: InvoiceEmailValues,
  language: Lang,
  locale: string = language,
): Readonly<Record<ValueShortcode, string>> {
  const format = documentFormatters(locale, values.currency, language);
  return {
    '#INVOICE_NUMBER': singleLine(values.invoiceNumber),
    '#AMOUNT_DUE': format.money(values.amountDueMinor),
    '#DUE_DATE': format.date(values.dueDate),
    '#CUSTOMER_NAME': singleLine(values.customerName),
    '#COMPANY_NAME': singleLine(values.companyName),
  };
}

function tokensOf(text: string, field: TemplatePart): TemplateToken[] {
  const parsed = parseTemplate(text, field);
  if (!parsed.ok) throw new EmailTemplateError({ ...parsed, field });
  return parsed.tokens;
}

/**
 * An invoice e-mail (R1–R4) from the business's template: every shortcode replaced by its value in the
 * customer's language, `#LINK` by the link to the invoice in the customer's portal.
 *
 * - `text` (always): the template as written, with `#LINK` as "View this invoice: <url>" in the customer's
 *   language.
 * - `html` (only with `designedLayout`): the same words in the designed layout. Blank lines separate
 *   paragraphs and single line breaks are kept. A `#LINK` alone on its line becomes a button, with the
 *   picture of the invoice above the first one; a `#LINK` within a sentence becomes a link (the picture
 *   then follows that paragraph). Template text and values are escaped: a template cannot add markup.
 *
 * @throws EmailTemplateError when the template cannot be read (it is validated when saved).
 * @throws RangeError when the portal, logo or picture address is not an absolute http(s) (or cid:) URL.
 */
export function renderInvoiceEmail(input: InvoiceEmailInput): RenderedEmail {
  const { language, values } = input;
  const portalUrl = assertEmailUrl(values.portalUrl, 'portalUrl');
  const shortcodeValues = invoiceShortcodeValues(values, language, input.locale);
  const link: EmailLink = {
    kind: 'link',
    label: mailMessage(language, 'viewInvoice'),
    url: portalUrl,
    plainText: mailMessage(language, 'viewInvoiceWithUrl', { url: portalUrl }),
  };

  const subject = singleLine(
    tokensOf(input.template.subject, 'subject')
      .map((token) => (token.kind === 'text' ? token.text : shortcodeText(token.code, shortcodeValues, link)))
      .join(''),
  );
  const inlines: EmailInline[] = tokensOf(multiLine(input.template.body), 'body').map((token) => {
    if (token.kind === 'text') return token.text;
    return token.code === '#LINK' ? link : shortcodeValues[token.code];
  });
  const text = `${inlines
    .map((part) => (typeof part === 'string' ? part : part.plainText))
    .join('')
    .trimEnd()}\n`;
  if (!input.designedLayout) return { subject, text, html: null };

  const image = input.invoiceImageUrl
    ? {
        kind: 'image' as const,
        src: input.invoiceImageUrl,
        alt: mailMessage(language, 'invoiceImageAlt', { number: shortcodeValues['#INVOICE_NUMBER'] }),
        url: portalUrl,
      }
    : null;
  const blocks = bodyBlocks(inlines, image);
  return {
    subject,
    text,
    html: renderEmailHtml({ lang: language, subject, branding: input.branding, blocks }),
  };
}

function shortcodeText(
  code: ValueShortcode | '#LINK',
  values: Readonly<Record<ValueShortcode, string>>,
  link: EmailLink,
): string {
  return code === '#LINK' ? link.plainText : values[code];
}

/** Template inlines as lines of inlines: text parts are split at `\n`. */
function splitLines(inlines: readonly EmailInline[]): EmailInline[][] {
  const lines: EmailInline[][] = [[]];
  for (const part of inlines) {
    if (typeof part !== 'string') {
      lines.at(-1)?.push(part);
      continue;
    }
    part.split('\n').forEach((piece, index) => {
      if (index > 0) lines.push([]);
      if (piece !== '') lines.at(-1)?.push(piece);
    });
  }
  return lines;
}

const isBlank = (line: readonly EmailInline[]): boolean =>
  line.every((part) => typeof part === 'string' && part.trim() === '');

/** The one link of a line that holds nothing else (a `#LINK` on its own line), else null. */
function lineLink(line: readonly EmailInline[]): EmailLink | null {
  const links = line.filter((part): part is EmailLink => typeof part !== 'string');
  const onlyBlankText = line.every((part) => typeof part !== 'string' || part.trim() === '');
  return links.length === 1 && onlyBlankText ? (links[0] ?? null) : null;
}

/**
 * The body as blocks: paragraphs at blank lines, a button for each `#LINK` on its own line, and the
 * invoice picture before the first button (or after the first paragraph holding a link).
 */
function bodyBlocks(inlines: readonly EmailInline[], image: EmailBlock | null): EmailBlock[] {
  const blocks: EmailBlock[] = [];
  let paragraph: EmailInline[][] = [];
  let imagePending = image !== null;
  const flushParagraph = (): void => {
    if (paragraph.length === 0) return;
    const parts = paragraph.flatMap((line, index) => (index === 0 ? line : ['\n', ...line]));
    blocks.push({ kind: 'paragraph', parts: mergeText(parts) });
    if (imagePending && image !== null && parts.some((part) => typeof part !== 'string')) {
      blocks.push(image);
      imagePending = false;
    }
    paragraph = [];
  };
  for (const line of splitLines(inlines)) {
    const link = lineLink(line);
    if (link !== null) {
      flushParagraph();
      if (imagePending && image !== null) {
        blocks.push(image);
        imagePending = false;
      }
      blocks.push({ kind: 'button', link });
    } else if (isBlank(line)) {
      flushParagraph();
    } else {
      paragraph.push(line);
    }
  }
  flushParagraph();
  if (imagePending && image !== null) blocks.push(image);
  return blocks;
}

function mergeText(parts: readonly EmailInline[]): EmailInline[] {
  const merged: EmailInline[] = [];
  for (const part of parts) {
    const last = merged.at(-1);
    if (typeof part === 'string' && typeof last === 'string') merged[merged.length - 1] = last + part;
    else merged.push(part);
  }
  return merged;
}
