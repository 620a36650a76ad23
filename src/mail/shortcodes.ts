/**
 * Shortcodes of invoice e-mail templates (R1) and the tokenizer that reads them.
 *
 * A template is plain text in which a shortcode stands for a value of the invoice being sent:
 * `Invoice #INVOICE_NUMBER of #AMOUNT_DUE, due #DUE_DATE. #LINK`.
 *
 * Reading rules (the API documentation quotes them):
 * - A `#` followed by a letter or underscore starts a word that runs over letters, digits and
 *   underscores: `#AMOUNT_DUE.` is `#AMOUNT_DUE` followed by `.`, and `#AMOUNT_DUE#DUE_DATE` is two words.
 * - A word in capitals (digits and underscores allowed) is a shortcode. One that is not known
 *   (`#INVOICE_NUMBR`, `#LINKS`, `#A12`) is refused, naming the exact token and suggesting the shortcode
 *   that was probably meant, so a typo is caught when the template is saved instead of reaching a customer.
 * - A word with small letters is plain text (`#hashtag`, `#Bruxelles`), unless it is one letter or the case
 *   away from a shortcode (`#link`, `#Amount_Due`, `#AMOUNT_DUEs`): that is a typo too, and is refused.
 *   `#` followed by anything else (`#1`, `# `, a lone `#` at the end) is plain text.
 * - `##` is a literal `#`, always: write `##LINK` to show the text "#LINK", `###LINK` for "#" followed by
 *   the link. {@link escapeTemplateText} turns any plain text into template text this way.
 * - `#LINK` is only allowed in the body: a subject cannot hold a link.
 *
 * @module
 */

/** What a shortcode documents about itself, for validation and the API documentation. */
export interface ShortcodeInfo {
  /** The shortcode as written in a template. */
  readonly code: `#${string}`;
  /** What it becomes, in English, for the API documentation. */
  readonly description: string;
  /** Where it may be used. */
  readonly allowedIn: readonly TemplatePart[];
  /** What it becomes for a sample invoice, in English. */
  readonly example: string;
}

/** The two texts of a template. */
export type TemplatePart = 'subject' | 'body';

/** Every shortcode, in the order the API documentation lists them. */
export const SHORTCODES = [
  {
    code: '#LINK',
    description:
      'A link to this invoice in the customer\'s portal, reading "View this invoice" in the customer\'s language. ' +
      'In the plain-text e-mail it becomes "View this invoice: <address>"; in the designed layout, on a line ' +
      'of its own it becomes a button (with the picture of the invoice when there is one), within a sentence ' +
      'a link. Body only; every invoice template must contain it.',
    allowedIn: ['body'],
    example: 'View this invoice: https://portal.example.com/p/…/invoices/…',
  },
  {
    code: '#INVOICE_NUMBER',
    description: 'The invoice number, as printed on the invoice.',
    allowedIn: ['subject', 'body'],
    example: '2026-0042',
  },
  {
    code: '#AMOUNT_DUE',
    description:
      "The amount still due on the invoice when the e-mail is sent, with its currency, written the way the customer's language writes amounts.",
    allowedIn: ['subject', 'body'],
    example: '€1,493.14',
  },
  {
    code: '#DUE_DATE',
    description: "The invoice's due date, written out in the customer's language.",
    allowedIn: ['subject', 'body'],
    example: '3 March 2026',
  },
  {
    code: '#CUSTOMER_NAME',
    description: 'The name of the customer the invoice is addressed to.',
    allowedIn: ['subject', 'body'],
    example: 'Brasserie Dupont SRL',
  },
  {
    code: '#COMPANY_NAME',
    description: 'The name of the business that issued the invoice (its company entity).',
    allowedIn: ['subject', 'body'],
    example: 'Atelier Lumen SRL',
  },
] as const satisfies readonly ShortcodeInfo[];

/** A shortcode as written in a template: `'#LINK' | '#INVOICE_NUMBER' | …`. */
export type Shortcode = (typeof SHORTCODES)[number]['code'];

/** The shortcodes that stand for a value (every one but `#LINK`, which becomes a link). */
export type ValueShortcode = Exclude<Shortcode, '#LINK'>;

const BY_CODE: ReadonlyMap<string, (typeof SHORTCODES)[number]> = new Map(
  SHORTCODES.map((info) => [info.code, info]),
);

/** One piece of a parsed template: literal text (with `##` already read as `#`) or a shortcode. */
export type TemplateToken =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'shortcode'; readonly code: Shortcode; readonly index: number };

/** Why a template text cannot be read. `index` is the token's position (UTF-16 code units) in the text. */
export type TemplateParseFailure =
  | {
      readonly ok: false;
      readonly code: 'UNKNOWN_SHORTCODE';
      /** The exact token as written, e.g. `#INVOICE_NUMBR`. */
      readonly token: string;
      readonly index: number;
      /** The shortcode that was most likely meant, when one is close enough. */
      readonly suggestion?: Shortcode;
    }
  | { readonly ok: false; readonly code: 'LINK_IN_SUBJECT'; readonly token: '#LINK'; readonly index: number };

export type TemplateParseResult =
  | { readonly ok: true; readonly tokens: TemplateToken[] }
  | TemplateParseFailure;

/** `#` + a word: `##` (a literal `#`) is matched first so that `##LINK` is never read as `#` + `#LINK`. */
const TOKEN = /##|#[A-Za-z_][A-Za-z0-9_]*/g;
const SHORTCODE_LIKE = /^#[A-Z_][A-Z0-9_]*$/;

/**
 * Reads a subject or body into text and shortcode tokens, refusing the first unknown shortcode-like token
 * or a `#LINK` in a subject. Adjacent text is merged into one token; the empty text gives no tokens.
 *
 * @example
 * parseTemplate('Invoice #INVOICE_NUMBER.', 'subject');
 * // { ok: true, tokens: [{ kind: 'text', text: 'Invoice ' },
 * //   { kind: 'shortcode', code: '#INVOICE_NUMBER', index: 8 }, { kind: 'text', text: '.' }] }
 * parseTemplate('Due #DUE_DAT'); // { ok: false, code: 'UNKNOWN_SHORTCODE', token: '#DUE_DAT', index: 4,
 * //   suggestion: '#DUE_DATE' }
 */
export function parseTemplate(text: string, part: TemplatePart = 'body'): TemplateParseResult {
  const tokens: TemplateToken[] = [];
  let pending = '';
  let last = 0;
  for (const match of text.matchAll(TOKEN)) {
    const token = match[0];
    const index = match.index;
    pending += text.slice(last, index);
    last = index + token.length;
    if (token === '##') {
      pending += '#';
      continue;
    }
    const known = BY_CODE.get(token);
    if (known !== undefined) {
      if (!(known.allowedIn as readonly TemplatePart[]).includes(part)) {
        return { ok: false, code: 'LINK_IN_SUBJECT', token: '#LINK', index };
      }
      if (pending !== '') tokens.push({ kind: 'text', text: pending });
      pending = '';
      tokens.push({ kind: 'shortcode', code: known.code, index });
      continue;
    }
    if (SHORTCODE_LIKE.test(token)) {
      const suggestion = closestShortcode(token);
      return {
        ok: false,
        code: 'UNKNOWN_SHORTCODE',
        token,
        index,
        ...(suggestion === undefined ? {} : { suggestion }),
      };
    }
    const suggestion = closestShortcode(token.toUpperCase(), 1);
    if (suggestion !== undefined) {
      // `#link` or `#AMOUNT_DUEs` is a mistyped shortcode; sent as is, the customer would read it.
      return { ok: false, code: 'UNKNOWN_SHORTCODE', token, index, suggestion };
    }
    pending += token;
  }
  pending += text.slice(last);
  if (pending !== '') tokens.push({ kind: 'text', text: pending });
  return { ok: true, tokens };
}

/**
 * Plain text as template text that reads back as exactly that text: every `#` is doubled.
 *
 * @example escapeTemplateText('Order #AB12'); // 'Order ##AB12'
 */
export function escapeTemplateText(text: string): string {
  return text.replaceAll('#', '##');
}

/**
 * The known shortcode closest to `token`, when `token` is a plausible typo of it: at most `maxDistance`
 * edits away; by default a third of the name (`#DUE_DAT`, `#INVOICE_NUMBR`) or its start (`#CUSTOMER`).
 */
function closestShortcode(token: string, maxDistance?: number): Shortcode | undefined {
  if (maxDistance === undefined && token.length >= 5) {
    // A name cut short (#CUSTOMER, #AMOUNT) is many edits away but obviously meant.
    const extended = SHORTCODES.filter(({ code }) => code.startsWith(token));
    if (extended.length === 1) return extended[0]?.code;
  }
  let best: Shortcode | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const { code } of SHORTCODES) {
    const distance = editDistance(token, code);
    if (distance < bestDistance) {
      best = code;
      bestDistance = distance;
    }
  }
  if (best === undefined) return undefined;
  return bestDistance <= (maxDistance ?? Math.max(1, Math.floor(best.length / 3))) ? best : undefined;
}

/** Levenshtein distance. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
