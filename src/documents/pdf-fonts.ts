import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type PDFDocument from 'pdfkit';

/**
 * The fonts embedded in documents: DejaVu Sans (every European Latin letter, Greek, Cyrillic and €),
 * parsed once per process and shared by every document.
 *
 * Why the parsed font is cached, not only the file: given a path or a buffer, pdfkit has fontkit parse
 * the font again for each document, and the document's first layout then decodes the big cmap, GSUB,
 * GPOS and hmtx tables again: about 25 ms per face, most of a one-page render. pdfkit (≥ 0.20) also
 * takes an already parsed fontkit font; each document still makes its own subset (`createSubset()`), so
 * the shared font only caches decoded tables and glyphs, which never change. On top of that, laid-out
 * words are cached across documents (see {@link withSharedLayoutCache}). Everything pdfkit does with
 * the font is synchronous, so concurrent renders cannot interleave inside one call.
 *
 * What each step saves is measured in BENCHMARKS.md ("Documents"): font paths per document ~56–59 ms,
 * cached parsed fonts ~14–16 ms, plus the shared layout cache ~12–13 ms (5-line invoice, SVG logo).
 *
 * @module
 */

/** The part of a fontkit `Font` used here; pdfkit takes any object with `layout` as a parsed font. */
interface ParsedFont {
  readonly ascent: number;
  readonly unitsPerEm: number;
  layout(text: string, ...options: unknown[]): unknown;
}

interface Fontkit {
  create(data: Uint8Array): ParsedFont;
}

/** A fontkit glyph run, as far as pdfkit reads it. */
interface GlyphRun {
  glyphs: unknown[];
  positions: Record<string, number>[];
}

/** Distinct words laid out per face before the cache starts over (a few MB at most). */
const LAYOUT_CACHE_LIMIT = 20_000;

/**
 * `font` with a layout cache shared by every document. pdfkit caches laid-out words per document only,
 * so without this each render shapes every word again (GSUB/GPOS lookups: a fifth of a one-page
 * render). pdfkit scales the positions of the run it gets in place, so each call returns fresh
 * positions; glyphs are shared, since pdfkit only reads them. Layout with explicit features, script or
 * direction is passed through uncached.
 */
function withSharedLayoutCache(font: ParsedFont): ParsedFont {
  const cache = new Map<string, GlyphRun>();
  const layout = (text: string, ...options: unknown[]): unknown => {
    if (options.some((option) => option !== undefined)) return font.layout(text, ...options);
    let run = cache.get(text);
    if (run === undefined) {
      run = font.layout(text) as GlyphRun;
      if (cache.size >= LAYOUT_CACHE_LIMIT) cache.clear();
      cache.set(text, run);
    }
    const positions = run.positions.map((position) => ({ ...position }));
    return {
      glyphs: run.glyphs,
      positions,
      get advanceWidth() {
        return positions.reduce((width, position) => width + (position.xAdvance ?? 0), 0);
      },
    };
  };
  return new Proxy(font, {
    get: (target, property) => (property === 'layout' ? layout : Reflect.get(target, property, target)),
  });
}

/** Names the body fonts are registered under in every document. */
export const FONT = {
  regular: 'DocumentSans',
  bold: 'DocumentSans-Bold',
} as const;

/**
 * Faces for text inside SVG logos. Condensed, because logos are drawn for narrower fonts (Helvetica,
 * Arial, Georgia) than DejaVu, and a logo's text must stay close to the width its designer gave it.
 */
const LOGO_FONT = {
  sans: 'LogoSans',
  sansBold: 'LogoSans-Bold',
  serif: 'LogoSerif',
  serifBold: 'LogoSerif-Bold',
} as const;

type FontName = (typeof FONT)[keyof typeof FONT] | (typeof LOGO_FONT)[keyof typeof LOGO_FONT];

const FONT_FILES: Record<FontName, string> = {
  [FONT.regular]: 'DejaVuSans.ttf',
  [FONT.bold]: 'DejaVuSans-Bold.ttf',
  [LOGO_FONT.sans]: 'DejaVuSansCondensed.ttf',
  [LOGO_FONT.sansBold]: 'DejaVuSansCondensed-Bold.ttf',
  [LOGO_FONT.serif]: 'DejaVuSerifCondensed.ttf',
  [LOGO_FONT.serifBold]: 'DejaVuSerifCondensed-Bold.ttf',
};

const require = createRequire(import.meta.url);
const FONT_DIRECTORY = join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
// The fontkit pdfkit itself depends on, resolved from pdfkit's own directory: the same copy pdfkit
// would use, whatever the hoisting.
const fontkit = createRequire(require.resolve('pdfkit'))('fontkit') as Fontkit;

const parsed = new Map<FontName, ParsedFont>();

/** The parsed font `name`, read and parsed on first use. */
function parsedFont(name: FontName): ParsedFont {
  let font = parsed.get(name);
  if (font === undefined) {
    font = withSharedLayoutCache(fontkit.create(readFileSync(join(FONT_DIRECTORY, FONT_FILES[name]))));
    parsed.set(name, font);
  }
  return font;
}

/**
 * Registers `name` in `doc` (parsing it first if this process has not yet). The logo faces are only
 * loaded when an SVG logo has text.
 */
function registerDocumentFont(doc: typeof PDFDocument, name: FontName): void {
  // @types/pdfkit predates parsed-font sources; pdfkit 0.20 takes them (see the module comment).
  doc.registerFont(name, parsedFont(name) as unknown as Buffer);
}

/** The ascent of the body font as a fraction of the font size, for lining up baselines of mixed sizes. */
export function bodyFontAscent(): number {
  const font = parsedFont(FONT.regular);
  return font.ascent / font.unitsPerEm;
}

/** Registers the sans faces used by the text of every document. */
export function registerBodyFonts(doc: typeof PDFDocument): void {
  registerDocumentFont(doc, FONT.regular);
  registerDocumentFont(doc, FONT.bold);
}

const SERIF_FAMILIES = new Set([
  'serif',
  'georgia',
  'times',
  'times new roman',
  'garamond',
  'palatino',
  'cambria',
]);
const SANS_FAMILIES = new Set([
  'sans-serif',
  'helvetica',
  'arial',
  'verdana',
  'tahoma',
  'system-ui',
  'inter',
]);

/**
 * The registered font for text in an SVG logo: serif when the first family we know in the CSS list is a
 * serif one (Georgia, Times, `serif`, …), sans otherwise, so logo text never falls back to a standard
 * PDF font that lacks ł or Ż.
 */
export function logoFont(doc: typeof PDFDocument, family: string, bold: boolean): FontName {
  const known = family
    .split(',')
    .map((name) =>
      name
        .trim()
        .replace(/^['"]|['"]$/g, '')
        .toLowerCase(),
    )
    .find((name) => SERIF_FAMILIES.has(name) || SANS_FAMILIES.has(name));
  const serif = known !== undefined && SERIF_FAMILIES.has(known);
  const name = serif
    ? bold
      ? LOGO_FONT.serifBold
      : LOGO_FONT.serif
    : bold
      ? LOGO_FONT.sansBold
      : LOGO_FONT.sans;
  registerDocumentFont(doc, name);
  return name;
}
