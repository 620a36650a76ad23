/**
 * Brand colours made readable (B9): WCAG 2.x relative luminance and contrast ratio, and a darkening step
 * that brings a too-light brand colour to 4.5:1 against white while keeping its hue.
 */

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
  if (!rgb) return '#1f4e79';
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
