import type PDFDocument from 'pdfkit';
import SVGtoPDF from 'svg-to-pdfkit';
import { logoFont } from './pdf-fonts.ts';

/** An organization logo as stored: PNG, JPEG or SVG bytes. */
export interface LogoImage {
  mimeType: string;
  data: Uint8Array;
}

/** The size a logo was drawn at, in points. */
export interface DrawnSize {
  width: number;
  height: number;
}

interface PdfImageOpener {
  openImage(src: Uint8Array): { width: number; height: number };
}

/** Scales `width` × `height` down (never up beyond `box`) to fit in `box`, keeping the aspect ratio. */
function fitInBox(width: number, height: number, box: DrawnSize): DrawnSize {
  const scale = Math.min(box.width / width, box.height / height);
  return { width: width * scale, height: height * scale };
}

function svgLength(rootTag: string, attribute: string): number | null {
  const match = new RegExp(`\\s${attribute}\\s*=\\s*["']\\s*([\\d.]+)\\s*(px|pt)?\\s*["']`).exec(rootTag);
  const value = match ? Number(match[1]) : Number.NaN;
  return Number.isFinite(value) && value > 0 ? value : null;
}

/** The aspect ratio of an SVG's root element (viewBox first, then width and height), or null. */
function svgAspectRatio(svg: string): number | null {
  const rootTag = /<svg\b[^>]*>/i.exec(svg)?.[0];
  if (rootTag === undefined) return null;
  const viewBox = /\sviewBox\s*=\s*["']([^"']+)["']/i
    .exec(rootTag)?.[1]
    ?.trim()
    .split(/[\s,]+/)
    .map(Number);
  if (viewBox?.length === 4) {
    const [, , width = 0, height = 0] = viewBox;
    if (width > 0 && height > 0) return width / height;
  }
  const width = svgLength(rootTag, 'width');
  const height = svgLength(rootTag, 'height');
  return width !== null && height !== null ? width / height : null;
}

// A logo may only embed images carried inside it: a link would make the renderer read local files.
function embeddedImagesOnly(link: string): string {
  return /^data:image\/(?:png|jpe?g);base64,/i.test(link.trim()) ? link.trim() : '';
}

/**
 * Our fonts are not the ones the logo was drawn with, so its text may come out a little wider than its
 * view box: better to let it run over than to cut a letter off.
 */
function withVisibleOverflow(svg: string): string {
  return svg.replace(/<svg\b(?![^>]*\soverflow\s*=)/i, '<svg overflow="visible"');
}

function drawSvgLogo(doc: typeof PDFDocument, svg: string, x: number, y: number, box: DrawnSize): DrawnSize {
  const ratio = svgAspectRatio(svg) ?? box.width / box.height;
  const size = fitInBox(ratio, 1, box);
  SVGtoPDF(doc, withVisibleOverflow(svg), x, y, {
    width: size.width,
    height: size.height,
    preserveAspectRatio: 'xMinYMin meet',
    assumePt: true,
    fontCallback: (family, bold, italic, fontOptions) => {
      fontOptions.fauxItalic = italic;
      return logoFont(doc, family ?? '', bold);
    },
    imageCallback: embeddedImagesOnly,
    documentCallback: () => [],
    warningCallback: () => {},
  });
  return size;
}

/**
 * Draws `logo` fitted in `box` with its top-left corner at (`x`, `y`) and returns the size it took.
 * PNG and JPEG go through pdfkit, SVG through svg-to-pdfkit (text in the SVG uses the embedded fonts).
 *
 * @returns null when the logo is of another type or cannot be read; the caller then prints the name.
 */
export function drawLogo(
  doc: typeof PDFDocument,
  logo: LogoImage,
  x: number,
  y: number,
  box: DrawnSize,
): DrawnSize | null {
  const type = logo.mimeType.toLowerCase().split(';')[0]?.trim();
  try {
    if (type === 'image/svg+xml') {
      return drawSvgLogo(doc, new TextDecoder().decode(logo.data), x, y, box);
    }
    if (type === 'image/png' || type === 'image/jpeg' || type === 'image/jpg') {
      // openImage (untyped in @types/pdfkit) reads the header once, for both the size and the drawing.
      const image = (doc as unknown as PdfImageOpener).openImage(logo.data);
      const size = fitInBox(image.width, image.height, box);
      doc.image(image as unknown as Buffer, x, y, size);
      return size;
    }
  } catch {
    // An unreadable logo must not stop the invoice; the supplier's name takes its place.
  }
  return null;
}
