import { deflateSync } from 'node:zlib';
import { ensureContrast } from '../web/brand-colors.ts';

/**
 * The picture of the invoice in a designed e-mail (R3): a sheet of paper with a header band in the brand
 * colour, lines of text and a total bar, drawn as a PNG (mail clients show PNG everywhere; SVG they do
 * not). It is attached inline (`cid:`) so it shows even where remote images are blocked, and links to the
 * invoice in the portal. The words (invoice number, amount) are in the e-mail itself and the image's alt
 * text, so the picture needs no font.
 *
 * Drawn at twice its display size (220 × 280) for sharp screens. Pure: same colour, same bytes.
 *
 * @module
 */

export const INVOICE_IMAGE_WIDTH = 440;
export const INVOICE_IMAGE_HEIGHT = 560;

type Rgb = readonly [number, number, number];

function rgb(hex: string): Rgb {
  const value = /^#([0-9a-f]{6})$/i.exec(hex)?.[1];
  if (!value) throw new RangeError(`A colour must be #rrggbb, got ${JSON.stringify(hex)}`);
  const n = Number.parseInt(value, 16);
  return [(n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];
}

/** A mix of two colours: `amount` 0 gives `a`, 1 gives `b`. */
function mix(a: Rgb, b: Rgb, amount: number): Rgb {
  return [0, 1, 2].map((i) =>
    Math.round((a[i] ?? 0) + ((b[i] ?? 0) - (a[i] ?? 0)) * amount),
  ) as unknown as Rgb;
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = (CRC_TABLE[(c ^ byte) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typed = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([length, typed, crc]);
}

/** An RGB canvas with axis-aligned rectangles: all the picture needs. */
class Canvas {
  readonly pixels: Uint8Array;
  constructor(
    readonly width: number,
    readonly height: number,
    background: Rgb,
  ) {
    this.pixels = new Uint8Array(width * height * 3);
    this.rect(0, 0, width, height, background);
  }

  rect(x: number, y: number, w: number, h: number, color: Rgb): void {
    for (let row = Math.max(0, y); row < Math.min(this.height, y + h); row++) {
      for (let col = Math.max(0, x); col < Math.min(this.width, x + w); col++) {
        const i = (row * this.width + col) * 3;
        this.pixels[i] = color[0];
        this.pixels[i + 1] = color[1];
        this.pixels[i + 2] = color[2];
      }
    }
  }

  png(): Buffer {
    const header = Buffer.alloc(13);
    header.writeUInt32BE(this.width, 0);
    header.writeUInt32BE(this.height, 4);
    header[8] = 8; // bit depth
    header[9] = 2; // colour type: RGB
    const stride = this.width * 3;
    const raw = Buffer.alloc((stride + 1) * this.height);
    for (let row = 0; row < this.height; row++) {
      raw[row * (stride + 1)] = 0; // filter: none
      raw.set(this.pixels.subarray(row * stride, (row + 1) * stride), row * (stride + 1) + 1);
    }
    return Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk('IHDR', header),
      chunk('IDAT', deflateSync(raw, { level: 9 })),
      chunk('IEND', Buffer.alloc(0)),
    ]);
  }
}

const WHITE: Rgb = [255, 255, 255];
const BACKGROUND: Rgb = [243, 244, 246];
const BORDER: Rgb = [209, 213, 219];
const TEXT: Rgb = [203, 207, 214];
const TEXT_DARK: Rgb = [156, 163, 175];

const cache = new Map<string, Buffer>();
const CACHE_SIZE = 64;

/**
 * The invoice picture as PNG bytes, in the brand colour (darkened when too light to read on white). Drawing
 * and compressing takes a few milliseconds, and every message of an organization carries the same picture,
 * so the last few colours' pictures are kept.
 */
export function renderInvoiceImage(brandColor: string): Buffer {
  const key = brandColor.toLowerCase();
  const cached = cache.get(key);
  if (cached) return cached;
  const png = drawInvoiceImage(key);
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  cache.set(key, png);
  return png;
}

function drawInvoiceImage(brandColor: string): Buffer {
  // The same rule as the e-mail around it, the portal and the PDF (web/brand-colors.ts).
  const brand = rgb(ensureContrast(brandColor));
  const light = mix(brand, WHITE, 0.85);
  const c = new Canvas(INVOICE_IMAGE_WIDTH, INVOICE_IMAGE_HEIGHT, BACKGROUND);
  // The sheet, with a soft shadow and a border.
  const sheet = { x: 40, y: 24, w: 360, h: 504 };
  c.rect(sheet.x + 6, sheet.y + 8, sheet.w, sheet.h, [226, 228, 233]);
  c.rect(sheet.x - 2, sheet.y - 2, sheet.w + 4, sheet.h + 4, BORDER);
  c.rect(sheet.x, sheet.y, sheet.w, sheet.h, WHITE);
  // Header band: the business's colour, a logo block and the title line.
  c.rect(sheet.x, sheet.y, sheet.w, 84, brand);
  c.rect(sheet.x + 24, sheet.y + 22, 40, 40, WHITE);
  c.rect(sheet.x + 200, sheet.y + 28, 136, 12, WHITE);
  c.rect(sheet.x + 256, sheet.y + 48, 80, 8, light);
  // Addresses.
  c.rect(sheet.x + 24, sheet.y + 112, 120, 8, TEXT);
  c.rect(sheet.x + 24, sheet.y + 130, 96, 8, TEXT);
  c.rect(sheet.x + 24, sheet.y + 148, 108, 8, TEXT);
  c.rect(sheet.x + 216, sheet.y + 112, 120, 8, TEXT_DARK);
  c.rect(sheet.x + 216, sheet.y + 130, 100, 8, TEXT);
  // The lines table: a tinted header row, then lines with their amounts on the right.
  c.rect(sheet.x + 24, sheet.y + 184, 312, 24, light);
  for (let i = 0; i < 6; i++) {
    const y = sheet.y + 226 + i * 30;
    c.rect(sheet.x + 24, y, 150 + ((i * 37) % 70), 8, TEXT);
    c.rect(sheet.x + 276, y, 60, 8, TEXT_DARK);
    c.rect(sheet.x + 24, y + 19, 312, 2, BACKGROUND);
  }
  // Totals and the amount due bar.
  c.rect(sheet.x + 196, sheet.y + 412, 140, 8, TEXT);
  c.rect(sheet.x + 196, sheet.y + 430, 140, 8, TEXT);
  c.rect(sheet.x + 176, sheet.y + 452, 160, 28, brand);
  c.rect(sheet.x + 188, sheet.y + 462, 72, 8, light);
  c.rect(sheet.x + 276, sheet.y + 462, 48, 8, WHITE);
  return c.png();
}
