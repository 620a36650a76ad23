import { type BrandPalette, brandPalette } from '../web/brand-colors.ts';
import type { DocumentModel } from './document-model.ts';

/** The PDF's colours: ink and rules, and the business's brand colours by the one brand-colour rule. */
export const INK = '#1d2430';
export const MUTED = '#5f6975';
export const RULE = '#d8dde3';
export const WHITE = '#ffffff';

export type Palette = BrandPalette;

/** The brand colours as the portal and the e-mails show them (web/brand-colors.ts). */
export function palette(brand: DocumentModel['brand']): Palette {
  return brandPalette(brand);
}
