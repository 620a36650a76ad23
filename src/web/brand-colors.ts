/**
 * The one brand-colour rule (B9) for the portal, the e-mails and the PDF: WCAG 2.x relative luminance and
 * contrast ratio, a darkening step that brings a too-light brand colour to 4.5:1 against white while
 * keeping its hue, and {@link brandPalette}, the colours every surface draws with. A brand colour therefore
 * looks the same on the page, in the e-mail and on paper.
 */

/** The product's own blue and its accent, used where an organization's colour is not a `#rrggbb` colour. */
export const DEFAULT_PRIMARY_COLOR = '#0b5cad';
export const DEFAULT_ACCENT_COLOR = '#5ba4e6';

function channels(hex: string): [number, number, number] | null {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) return null;
  return [
    Number.parseInt(m[1] ?? '0', 16),
    Number.parseInt(m[2] ?? '0', 16),
    Number.parseInt(m[3] ?? '0', 16),
  ];
}

function toHex(rgb: [number, number, number]): string {
  return `#${rgb
    .map((c) =>
      Math.round(Math.min(255, Math.max(0, c)))
        .toString(16)
        .padStart(2, '0'),
    )
    .join('')}`;
}

export function relativeLuminance(hex: string): number {
  const rgb = channels(hex);
  if (!rgb) throw new RangeError(`Not a #rrggbb colour: ${hex}`);
  const [r, g, b] = rgb.map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** The colour itself when it reaches `ratio` against `background`, else the closest darker shade that does. */
export function ensureContrast(color: string, background = '#ffffff', ratio = 4.5): string {
  const rgb = channels(color);
  if (!rgb) return DEFAULT_PRIMARY_COLOR;
  if (contrastRatio(color, background) >= ratio) return color.toLowerCase();
  for (let factor = 0.95; factor > 0; factor -= 0.05) {
    const candidate = toHex([rgb[0] * factor, rgb[1] * factor, rgb[2] * factor]);
    if (contrastRatio(candidate, background) >= ratio) return candidate;
  }
  return '#000000';
}

/** White or near-black text on a background, whichever contrasts more. */
export function textColorOn(background: string): string {
  return contrastRatio('#ffffff', background) >= contrastRatio('#1a1a1a', background) ? '#ffffff' : '#1a1a1a';
}

/** The colours a surface draws the brand with. */
export interface BrandPalette {
  /** The primary colour, readable on white (4.5:1): headings, links, buttons, header bands. */
  primary: string;
  /** Text on a `primary` background. */
  onPrimary: string;
  /** The accent colour as chosen (decorative rules and marks only, never text). */
  accent: string;
  /** A light wash of `primary` for boxes. */
  tint: string;
}

/** The brand colours of an organization as every surface draws them. */
export function brandPalette(brand: { primaryColor: string; accentColor: string }): BrandPalette {
  const primary = ensureContrast(brand.primaryColor);
  const rgb = channels(primary) as [number, number, number];
  return {
    primary,
    onPrimary: textColorOn(primary),
    accent: channels(brand.accentColor) ? brand.accentColor.toLowerCase() : DEFAULT_ACCENT_COLOR,
    tint: toHex(rgb.map((c) => 255 - (255 - c) * 0.07) as [number, number, number]),
  };
}
