import type { DocumentModel } from './document-model.ts';

/** The PDF's colours: ink and rules, and the business's brand colours made safe to print. */
export const INK = '#1d2430';
export const MUTED = '#5f6975';
export const RULE = '#d8dde3';
export const WHITE = '#ffffff';
const DEFAULT_PRIMARY = '#1f3a5f';

export interface Palette {
  primary: string;
  accent: string;
  /** The primary colour where it is readable on white, else ink. */
  primaryText: string;
  /** Text on a primary-coloured background. */
  onPrimary: string;
  /** A light wash of the primary colour for boxes. */
  tint: string;
}

function parseHexColor(color: string): [number, number, number] | null {
  const match = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(color.trim());
  if (match === null) return null;
  const hex = match[1] ?? '';
  const full = hex.length === 3 ? [...hex].map((c) => c + c).join('') : hex;
  return [0, 2, 4].map((i) => Number.parseInt(full.slice(i, i + 2), 16)) as [number, number, number];
}

function toHex(rgb: readonly number[]): string {
  return `#${rgb.map((c) => Math.round(c).toString(16).padStart(2, '0')).join('')}`;
}

/** WCAG relative luminance. */
function luminance(rgb: readonly number[]): number {
  const [r = 0, g = 0, b = 0] = rgb.map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(a: readonly number[], b: readonly number[]): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

/** The brand colours, made safe: unreadable or invalid colours fall back to ink or a neutral blue. */
export function palette(brand: DocumentModel['brand']): Palette {
  const primaryRgb =
    parseHexColor(brand.primaryColor) ?? (parseHexColor(DEFAULT_PRIMARY) as [number, number, number]);
  const accentRgb = parseHexColor(brand.accentColor) ?? primaryRgb;
  const white = [255, 255, 255];
  const ink = parseHexColor(INK) as [number, number, number];
  return {
    primary: toHex(primaryRgb),
    accent: toHex(accentRgb),
    primaryText: contrast(primaryRgb, white) >= 3 ? toHex(primaryRgb) : INK,
    onPrimary: contrast(primaryRgb, white) >= contrast(primaryRgb, ink) ? WHITE : INK,
    tint: toHex(primaryRgb.map((c) => 255 - (255 - c) * 0.07)),
  };
}
