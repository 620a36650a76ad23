import { SaxesParser } from 'saxes';

/**
 * What a logo may be, decided by what our renderers draw safely (the PDF through pdfkit and svg-to-pdfkit,
 * e-mails, the portal's `<img>`): PNG or JPEG of bounded real dimensions, or SVG that passes a strict
 * allow-list. Checked when a logo is uploaded (a refusal says why) and again before a stored logo is drawn,
 * so a logo stored before these rules can never reach the renderer either.
 *
 * @module
 */

export const LOGO_LIMITS = {
  /** Stored bytes. */
  maxBytes: 512 * 1024,
  /** Pixels a side, and pixels in all, of a PNG or JPEG (decoded, a logo of this size is 4 bytes a pixel). */
  maxSidePixels: 4096,
  maxPixels: 8 * 1024 * 1024,
  /** SVG: elements as written, nesting depth, and elements drawn once every `<use>` and `url(#…)` is expanded. */
  maxSvgElements: 2000,
  maxSvgDepth: 32,
  maxSvgExpandedElements: 10_000,
} as const;

export type LogoProblem =
  | { reason: 'type'; mimeType: string }
  | { reason: 'too_large'; limit: number }
  | { reason: 'not_the_declared_type' }
  | { reason: 'dimensions'; width: number; height: number }
  | { reason: 'unreadable'; detail: string }
  | { reason: 'svg_element'; element: string }
  | { reason: 'svg_attribute'; attribute: string; element: string }
  | { reason: 'svg_external_reference'; element: string }
  | { reason: 'svg_doctype' }
  | { reason: 'svg_too_many_elements'; limit: number }
  | { reason: 'svg_too_deep'; limit: number }
  | { reason: 'svg_expansion'; limit: number };

/** The types a logo may have. WebP is refused: the PDF renderer cannot draw it. */
export const LOGO_TYPES = ['image/png', 'image/jpeg', 'image/svg+xml'] as const;

/** Checks a logo's bytes against its declared type; null when it may be stored and drawn. */
export function checkLogo(mimeType: string, bytes: Uint8Array): LogoProblem | null {
  if (bytes.length > LOGO_LIMITS.maxBytes) return { reason: 'too_large', limit: LOGO_LIMITS.maxBytes };
  switch (mimeType) {
    case 'image/png':
      return checkRaster(pngSize(bytes));
    case 'image/jpeg':
      return checkRaster(jpegSize(bytes));
    case 'image/svg+xml':
      return checkSvg(new TextDecoder('utf-8', { fatal: false }).decode(bytes));
    default:
      return { reason: 'type', mimeType };
  }
}

type Size = { width: number; height: number } | null;

function checkRaster(size: Size): LogoProblem | null {
  if (!size) return { reason: 'not_the_declared_type' };
  const { width, height } = size;
  if (
    width < 1 ||
    height < 1 ||
    width > LOGO_LIMITS.maxSidePixels ||
    height > LOGO_LIMITS.maxSidePixels ||
    width * height > LOGO_LIMITS.maxPixels
  ) {
    return { reason: 'dimensions', width, height };
  }
  return null;
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** A PNG's size from its IHDR chunk (always the first), or null when the bytes are no PNG. */
function pngSize(b: Uint8Array): Size {
  if (b.length < 24 || PNG_SIGNATURE.some((v, i) => b[i] !== v)) return null;
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  if (String.fromCharCode(b[12] ?? 0, b[13] ?? 0, b[14] ?? 0, b[15] ?? 0) !== 'IHDR') return null;
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

/** A JPEG's size from its first start-of-frame marker, or null when the bytes are no JPEG. */
function jpegSize(b: Uint8Array): Size {
  if (b.length < 4 || b[0] !== 0xff || b[1] !== 0xd8) return null;
  let at = 2;
  while (at + 9 < b.length) {
    if (b[at] !== 0xff) return null;
    const marker = b[at + 1] ?? 0;
    if (marker === 0xff) {
      at += 1;
      continue;
    }
    const length = ((b[at + 2] ?? 0) << 8) | (b[at + 3] ?? 0);
    // SOF0…SOF15, except DHT (C4), JPG (C8) and DAC (CC).
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return {
        height: ((b[at + 5] ?? 0) << 8) | (b[at + 6] ?? 0),
        width: ((b[at + 7] ?? 0) << 8) | (b[at + 8] ?? 0),
      };
    }
    if (length < 2) return null;
    at += 2 + length;
  }
  return null;
}

/** SVG elements svg-to-pdfkit draws and a logo may use; anything else (script, foreignObject, a, animate…) is refused. */
const SVG_ELEMENTS = new Set([
  'svg',
  'g',
  'defs',
  'symbol',
  'use',
  'path',
  'rect',
  'circle',
  'ellipse',
  'line',
  'polyline',
  'polygon',
  'text',
  'tspan',
  'textPath',
  'linearGradient',
  'radialGradient',
  'stop',
  'clipPath',
  'mask',
  'image',
  'style',
  'title',
  'desc',
  'metadata',
]);
/** Editors' own namespaces (Inkscape, Sodipodi, Illustrator…) hold settings no renderer draws. */
const EDITOR_PREFIXES = new Set([
  'sodipodi',
  'inkscape',
  'i',
  'x',
  'graph',
  'sketch',
  'serif',
  'rdf',
  'dc',
  'cc',
]);
const EMBEDDED_IMAGE = /^data:image\/(png|jpe?g);base64,([A-Za-z0-9+/=\s]*)$/i;
const URL_REFERENCE = /url\s*\(\s*(['"]?)(.*?)\1\s*\)/gi;

interface SvgNode {
  id: string | null;
  children: SvgNode[];
  references: string[];
}

function checkSvg(svg: string): LogoProblem | null {
  const parser = new SaxesParser({ xmlns: false, position: false });
  let problem: LogoProblem | null = null;
  let elements = 0;
  let metadataDepth = 0;
  const root: SvgNode = { id: null, children: [], references: [] };
  const stack: SvgNode[] = [root];
  const byId = new Map<string, SvgNode>();
  let styleText: string[] | null = null;
  const refuse = (p: LogoProblem) => {
    problem ??= p;
    throw new Error('refused');
  };
  const referencesIn = (value: string, element: string, node: SvgNode) => {
    for (const match of value.matchAll(URL_REFERENCE)) {
      const target = (match[2] ?? '').trim();
      if (!target.startsWith('#')) refuse({ reason: 'svg_external_reference', element });
      node.references.push(target.slice(1));
    }
    if (/@import|expression\s*\(|javascript:/i.test(value))
      refuse({ reason: 'svg_external_reference', element });
  };

  parser.on('doctype', () => refuse({ reason: 'svg_doctype' }));
  parser.on('processinginstruction', () => refuse({ reason: 'svg_element', element: '<?…?>' }));
  parser.on('opentag', (tag) => {
    elements += 1;
    if (elements > LOGO_LIMITS.maxSvgElements)
      refuse({ reason: 'svg_too_many_elements', limit: LOGO_LIMITS.maxSvgElements });
    if (stack.length > LOGO_LIMITS.maxSvgDepth)
      refuse({ reason: 'svg_too_deep', limit: LOGO_LIMITS.maxSvgDepth });
    const [prefix, local] = tag.name.includes(':') ? tag.name.split(':', 2) : [null, tag.name];
    const inMetadata = metadataDepth > 0;
    if (tag.name === 'metadata' || inMetadata) metadataDepth += 1;
    const node: SvgNode = { id: null, children: [], references: [] };
    if (!inMetadata) {
      const editorOwn = prefix !== null && EDITOR_PREFIXES.has(prefix);
      if (!editorOwn && (prefix !== null || !SVG_ELEMENTS.has(local ?? '')))
        refuse({ reason: 'svg_element', element: tag.name });
      if (elements === 1 && tag.name !== 'svg') refuse({ reason: 'svg_element', element: tag.name });
      for (const [name, value] of Object.entries(tag.attributes as Record<string, string>)) {
        const attribute = name.toLowerCase();
        if (attribute.startsWith('on'))
          refuse({ reason: 'svg_attribute', attribute: name, element: tag.name });
        if (attribute === 'href' || attribute === 'xlink:href') {
          const target = value.trim();
          const embedded = EMBEDDED_IMAGE.exec(target);
          if (target.startsWith('#')) node.references.push(target.slice(1));
          else if (embedded && tag.name === 'image') {
            const kind = embedded[1]?.toLowerCase() === 'png' ? 'image/png' : 'image/jpeg';
            const inner = checkLogo(kind, Buffer.from(embedded[2] ?? '', 'base64'));
            if (inner) refuse(inner);
          } else refuse({ reason: 'svg_external_reference', element: tag.name });
        } else if (
          attribute.includes(':') &&
          !attribute.startsWith('xmlns') &&
          !attribute.startsWith('xml:')
        ) {
          const attributePrefix = attribute.split(':')[0] ?? '';
          if (!EDITOR_PREFIXES.has(attributePrefix))
            refuse({ reason: 'svg_attribute', attribute: name, element: tag.name });
        } else {
          referencesIn(value, tag.name, node);
        }
        if (attribute === 'id') {
          node.id = value;
          byId.set(value, node);
        }
      }
      if (
        tag.name === 'image' &&
        !node.references.length &&
        !('href' in tag.attributes) &&
        !('xlink:href' in tag.attributes)
      ) {
        refuse({ reason: 'svg_external_reference', element: tag.name });
      }
      if (tag.name === 'style') styleText = [];
    }
    stack.at(-1)?.children.push(node);
    stack.push(node);
  });
  const onText = (text: string) => {
    if (styleText) styleText.push(text);
  };
  parser.on('text', onText);
  parser.on('cdata', onText);
  parser.on('closetag', (tag) => {
    const node = stack.pop();
    if (metadataDepth > 0) metadataDepth -= 1;
    if (tag.name === 'style' && styleText && node) {
      referencesIn(styleText.join(''), 'style', node);
      styleText = null;
    }
  });
  try {
    parser.write(svg).close();
  } catch (error) {
    return (
      problem ?? {
        reason: 'unreadable',
        detail: error instanceof Error ? error.message.slice(0, 200) : 'parse error',
      }
    );
  }
  if (elements === 0) return { reason: 'unreadable', detail: 'no <svg> element' };

  // Elements drawn once every reference is followed: a <use> of a group of <use>s of … multiplies.
  const weights = new Map<SvgNode, number>();
  const visiting = new Set<SvgNode>();
  const limit = LOGO_LIMITS.maxSvgExpandedElements;
  const weigh = (node: SvgNode): number => {
    const known = weights.get(node);
    if (known !== undefined) return known;
    if (visiting.has(node)) return Number.POSITIVE_INFINITY; // a reference cycle
    visiting.add(node);
    let total = 1;
    for (const child of node.children) total += weigh(child);
    for (const id of node.references) {
      const target = byId.get(id);
      if (target) total += weigh(target);
    }
    visiting.delete(node);
    const bounded = Math.min(total, limit + 1);
    weights.set(node, bounded);
    return bounded;
  };
  if (weigh(root) > limit) return { reason: 'svg_expansion', limit };
  return null;
}
