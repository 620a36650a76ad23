/**
 * A tiny HTML templating tag that escapes every interpolated value by default.
 *
 * ```ts
 * const page = html`<p title="${title}">${body}</p>`; // SafeHtml
 * renderDocument(page); // '<!doctype html>\n<p title="…">…</p>'
 * ```
 *
 * - Strings and numbers are escaped (`& < > " '`), so they are safe in text and in quoted attribute values.
 * - A `SafeHtml` (a nested `html` template) is inserted as is; an array of values is joined.
 * - `null`, `undefined` and `false` render nothing, so `${cond && html`…`}` works.
 * - `unsafeRaw(markup)` marks markup as trusted. It exists for markup we generate ourselves and cannot
 *   express as a template (the EPC QR code SVG); never pass it anything that came from a user.
 *
 * The tag also knows where each value lands (text, inside a tag, inside a quoted attribute value) and
 * refuses the positions escaping cannot make safe: an unquoted attribute value, a plain string inside a
 * tag (an attribute name position), markup inside an attribute value. URL attributes (`href`, `src`,
 * `action`, …) starting with an interpolated value only accept relative, http(s), mailto and tel URLs;
 * anything else (`javascript:`, `data:`…) is replaced by a harmless `about:invalid`.
 *
 * @module
 */

const TRUSTED = Symbol('trusted html');

/** Markup that is safe to insert into a document: built by {@link html} or explicitly by {@link unsafeRaw}. */
export class SafeHtml {
  readonly #markup: string;

  /** @internal Use {@link html} or {@link unsafeRaw}. */
  constructor(markup: string, token: typeof TRUSTED) {
    if (token !== TRUSTED) throw new TypeError('SafeHtml is created by html`…` or unsafeRaw()');
    this.#markup = markup;
  }

  toString(): string {
    return this.#markup;
  }
}

/** A value a template accepts. `true` is refused on purpose: it is almost always a mistaken condition. */
export type HtmlValue = string | number | bigint | SafeHtml | null | undefined | false | readonly HtmlValue[];

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes `& < > " '`: the result is safe as element text and inside a quoted attribute value. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (ch) => ESCAPES[ch] ?? ch);
}

/**
 * Trusted markup, inserted without escaping. Only for markup the application generates itself and that
 * no user controls (the EPC QR SVG).
 */
export function unsafeRaw(markup: string): SafeHtml {
  return new SafeHtml(markup, TRUSTED);
}

/** Where an interpolated value lands in the markup written so far. */
type Position =
  | { kind: 'text' }
  | { kind: 'tag' }
  | { kind: 'attribute'; name: string; quote: '"' | "'"; atStart: boolean };

const URL_ATTRIBUTES = new Set([
  'href',
  'src',
  'action',
  'formaction',
  'poster',
  'cite',
  'srcset',
  'xlink:href',
]);

/** Relative URLs (no scheme) and the schemes a portal page links to. */
const SAFE_URL = /^(?:(?:https?|mailto|tel):|[^a-z]|[a-z][a-z0-9+.-]*(?:[/?#]|$))/i;

/** Tracks text / tag / quoted attribute value across the literal parts of a template. */
class PositionTracker {
  private state: 'text' | 'tag' | 'attribute' = 'text';
  private quote: '"' | "'" = '"';
  private attributeName = '';
  private lastName = '';
  private valueStarted = false;

  feed(literal: string): void {
    for (let index = 0; index < literal.length; index += 1) {
      const ch = literal[index] as string;
      if (this.state === 'text') {
        if (ch === '<' && /[a-z/!]/i.test(literal[index + 1] ?? '')) {
          this.state = 'tag';
          this.lastName = '';
        }
      } else if (this.state === 'tag') {
        if (ch === '>') {
          this.state = 'text';
        } else if (ch === '"' || ch === "'") {
          this.state = 'attribute';
          this.quote = ch;
          this.attributeName = this.lastName.toLowerCase();
          this.valueStarted = false;
        } else if (!/[\s=]/.test(ch)) {
          // A name character: it starts a new name after whitespace or a closing quote. The last name
          // stays the candidate across `name = "` so the value knows its attribute.
          const previous = literal[index - 1];
          if (previous === undefined || /[\s"']/.test(previous)) this.lastName = '';
          this.lastName += ch;
        }
      } else if (ch === this.quote) {
        this.state = 'tag';
        this.lastName = '';
      } else {
        this.valueStarted = true;
      }
    }
  }

  /** The position right after everything fed so far; `literal` is the part just before the value. */
  position(literal: string): Position {
    if (this.state === 'attribute') {
      return { kind: 'attribute', name: this.attributeName, quote: this.quote, atStart: !this.valueStarted };
    }
    if (this.state === 'tag') {
      if (/=\s*$/.test(literal)) {
        throw new TypeError(`html: unquoted attribute value after ${JSON.stringify(literal.slice(-40))}`);
      }
      return { kind: 'tag' };
    }
    return { kind: 'text' };
  }

  /** An interpolated value inside an attribute value counts as content of it. */
  valueWritten(): void {
    if (this.state === 'attribute') this.valueStarted = true;
  }
}

function textOf(value: HtmlValue): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof SafeHtml) return value.toString();
  if (Array.isArray(value)) return value.map((item: HtmlValue) => textOf(item)).join('');
  if (typeof value === 'string') return escapeHtml(value);
  if (typeof value === 'number' || typeof value === 'bigint') return escapeHtml(String(value));
  throw new TypeError(`html: cannot interpolate a value of type ${typeof value}`);
}

function attributeValueOf(value: HtmlValue, position: Extract<Position, { kind: 'attribute' }>): string {
  if (value === null || value === undefined || value === false) return '';
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (typeof value !== 'string') {
    throw new TypeError(`html: only strings and numbers may go inside the attribute ${position.name}`);
  }
  if (URL_ATTRIBUTES.has(position.name) && position.atStart) {
    // Browsers ignore leading/trailing whitespace and control characters in URLs; so must the check.
    // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
    const compact = value.replace(/[\u0000-\u0020\u007f]+/g, '');
    if (compact !== '' && !SAFE_URL.test(compact)) return 'about:invalid';
  }
  return escapeHtml(value);
}

/**
 * The template tag: escapes every value according to where it lands, see the module documentation.
 *
 * @throws TypeError when a value lands where escaping cannot make it safe (unquoted attribute value, a
 *   string as an attribute name, markup inside an attribute value).
 */
export function html(strings: TemplateStringsArray, ...values: readonly HtmlValue[]): SafeHtml {
  const tracker = new PositionTracker();
  let out = strings[0] ?? '';
  tracker.feed(out);
  values.forEach((value, index) => {
    const literal = strings[index] ?? '';
    const position = tracker.position(literal);
    if (position.kind === 'attribute') {
      out += attributeValueOf(value, position);
      tracker.valueWritten();
    } else if (position.kind === 'tag') {
      if (typeof value === 'string' || typeof value === 'number' || typeof value === 'bigint') {
        throw new TypeError('html: a plain value inside a tag would become attribute names; use html`…`');
      }
      out += textOf(value);
    } else {
      out += textOf(value);
    }
    const next = strings[index + 1] ?? '';
    tracker.feed(next);
    out += next;
  });
  return new SafeHtml(out, TRUSTED);
}

/** Joins values (escaped like template values) with an optional separator. */
export function join(values: readonly HtmlValue[], separator: HtmlValue = ''): SafeHtml {
  const separatorText = textOf(separator);
  return new SafeHtml(
    values
      .map((value) => textOf(value))
      .filter((text) => text !== '')
      .join(separatorText),
    TRUSTED,
  );
}

/** A whole HTML document as a string: the doctype followed by the markup. */
export function renderDocument(safe: SafeHtml): string {
  return `<!doctype html>\n${safe.toString()}`;
}
