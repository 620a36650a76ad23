import { type BackOfficeTranslator, backOfficeTranslator } from '../../i18n/back-office-messages.ts';
import { type BrandPalette, brandPalette, contrastRatio } from '../../web/brand-colors.ts';
import { displayFormat } from '../../web/display-format.ts';
import { escapeHtml, html, type SafeHtml, unsafeRaw } from '../../web/html.ts';
import type { BackOfficeChrome, FieldError } from '../view-models.ts';
import { csrfField, errorOf, errorSummary } from './layout.ts';
import { renderSettingsLayout, settingsField, settingsPath } from './settings-layout.ts';

export const brandingPaths = {
  page: settingsPath('branding'),
  logo: `${settingsPath('branding')}/logo`,
  removeLogo: `${settingsPath('branding')}/logo/remove`,
};

export const BRANDING_FIELD_LABELS = {
  primaryColor: 'fieldPrimaryColor',
  accentColor: 'fieldAccentColor',
  logo: 'fieldLogoFile',
} as const;

export type BrandingNotice = 'saved' | 'logoSaved' | 'logoRemoved';

/** The logo as stored and checked (PNG, JPEG or SVG that passed the logo rules). */
export interface BrandingLogo {
  mimeType: 'image/png' | 'image/jpeg' | 'image/svg+xml';
  base64: string;
}

export interface BrandingSettingsView {
  chrome: BackOfficeChrome;
  organizationName: string;
  logo: BrandingLogo | null;
  /** The colours in the form (saved, or typed and being previewed). */
  colors: { primaryColor: string; accentColor: string };
  /** Whether the colours shown are not the saved ones (a preview). */
  previewing: boolean;
  colorErrors: readonly FieldError[];
  logoErrors: readonly FieldError[];
  /** The largest logo, as people read sizes ("512 kB"). */
  maxLogoSize: string;
  notice: BrandingNotice | null;
}

const NOTICE_KEYS = { saved: 'settingsSaved', logoSaved: 'logoSaved', logoRemoved: 'logoRemoved' } as const;

/**
 * The logo as an `src` value: a data URL of bytes that passed the logo rules (an SVG among them has no
 * script, and as an image would run none anyway). Built here because the html tag accepts only web URLs.
 */
const logoDataUrl = (logo: BrandingLogo) => `data:${logo.mimeType};base64,${logo.base64}`;

/** The logo, or the name in its place, at the top-left of a preview (SVG, `width` × `height` box). */
function previewLogo(
  logo: BrandingLogo | null,
  name: string,
  x: number,
  y: number,
  height: number,
  textColor: string,
): SafeHtml {
  if (logo) {
    return html`<image x="${x}" y="${y}" width="${height * 3}" height="${height}" preserveAspectRatio="xMinYMid meet" ${unsafeRaw(`href="${escapeHtml(logoDataUrl(logo))}"`)}/>`;
  }
  return html`<text x="${x}" y="${y + height * 0.72}" font-size="${height * 0.6}" font-weight="700" fill="${textColor}">${name}</text>`;
}

/** The portal's invoice page in miniature: header band, title, amount due, the Pay button. */
function portalPreview(t: BackOfficeTranslator, p: BrandPalette, view: BrandingSettingsView): SafeHtml {
  return html`<svg class="preview" viewBox="0 0 320 200" role="img" aria-label="${t('previewPortalAlt')}" xmlns="http://www.w3.org/2000/svg" font-family="DejaVu Sans, Arial, sans-serif">
<rect width="320" height="200" fill="#f5f6f8"/>
<rect width="320" height="44" fill="#ffffff"/>
<rect y="44" width="320" height="3" fill="${p.accent}"/>
${previewLogo(view.logo, view.organizationName, 12, 10, 24, p.primary)}
<rect x="12" y="60" width="296" height="128" rx="8" fill="#ffffff" stroke="#dfe4eb"/>
<text x="24" y="84" font-size="13" font-weight="700" fill="${p.primary}">${t('previewInvoiceWord')} 2026-0042</text>
<text x="24" y="110" font-size="10" fill="#526071">${t('previewAmountDue')}</text>
<text x="24" y="130" font-size="18" font-weight="700" fill="#17202e">1 210,00 €</text>
<rect x="176" y="146" width="120" height="30" rx="6" fill="${p.primary}"/>
<text x="236" y="165" font-size="11" font-weight="700" fill="${p.onPrimary}" text-anchor="middle">${t('previewPayButton')}</text>
<rect x="24" y="146" width="120" height="30" rx="6" fill="${p.tint}"/>
</svg>`;
}

/** The designed invoice e-mail in miniature: header band, text lines, the link button. */
function emailPreview(t: BackOfficeTranslator, p: BrandPalette, view: BrandingSettingsView): SafeHtml {
  return html`<svg class="preview" viewBox="0 0 320 200" role="img" aria-label="${t('previewEmailAlt')}" xmlns="http://www.w3.org/2000/svg" font-family="DejaVu Sans, Arial, sans-serif">
<rect width="320" height="200" fill="#eef1f5"/>
<rect x="20" y="12" width="280" height="176" fill="#ffffff"/>
<rect x="20" y="12" width="280" height="40" fill="${p.primary}"/>
${previewLogo(null, view.organizationName, 32, 20, 24, p.onPrimary)}
<rect x="36" y="70" width="200" height="7" rx="3" fill="#c9d0da"/>
<rect x="36" y="86" width="240" height="7" rx="3" fill="#c9d0da"/>
<rect x="36" y="102" width="160" height="7" rx="3" fill="#c9d0da"/>
<rect x="36" y="126" width="140" height="30" rx="6" fill="${p.primary}"/>
<text x="106" y="145" font-size="11" font-weight="700" fill="${p.onPrimary}" text-anchor="middle">${t('previewViewLink')}</text>
<rect x="20" y="186" width="280" height="2" fill="${p.accent}"/>
</svg>`;
}

/** The top of the invoice PDF in miniature: logo, title in the primary colour, a tinted totals box. */
function pdfPreview(t: BackOfficeTranslator, p: BrandPalette, view: BrandingSettingsView): SafeHtml {
  return html`<svg class="preview" viewBox="0 0 320 200" role="img" aria-label="${t('previewPdfAlt')}" xmlns="http://www.w3.org/2000/svg" font-family="DejaVu Sans, Arial, sans-serif">
<rect width="320" height="200" fill="#d9dde3"/>
<rect x="40" y="8" width="240" height="192" fill="#ffffff"/>
${previewLogo(view.logo, view.organizationName, 52, 20, 20, p.primary)}
<text x="268" y="34" font-size="14" font-weight="700" fill="${p.primary}" text-anchor="end">${t('previewInvoiceWord')}</text>
<rect x="52" y="52" width="216" height="1.5" fill="${p.accent}"/>
<rect x="52" y="64" width="120" height="6" rx="3" fill="#c9d0da"/>
<rect x="52" y="78" width="90" height="6" rx="3" fill="#c9d0da"/>
<rect x="52" y="100" width="216" height="16" fill="${p.primary}"/>
<rect x="52" y="122" width="216" height="6" rx="3" fill="#e3e7ec"/>
<rect x="52" y="134" width="216" height="6" rx="3" fill="#e3e7ec"/>
<rect x="160" y="152" width="108" height="30" fill="${p.tint}"/>
<text x="262" y="172" font-size="11" font-weight="700" fill="${p.primary}" text-anchor="end">1 210,00 €</text>
</svg>`;
}

function swatch(color: string, label: string): SafeHtml {
  return html`<span class="swatch"><svg width="28" height="28" aria-hidden="true" xmlns="http://www.w3.org/2000/svg"><rect width="28" height="28" rx="5" fill="${color}" stroke="#6f7a8a"/></svg> ${label} <code>${color}</code></span>`;
}

/** The preview and the contrast check of the colours shown: what the live preview replaces. */
function previewSection(t: BackOfficeTranslator, view: BrandingSettingsView): SafeHtml {
  const chosen = view.colors.primaryColor.toLowerCase();
  const valid = view.colorErrors.length === 0;
  const palette = brandPalette(valid ? view.colors : { primaryColor: '#0b5cad', accentColor: '#5ba4e6' });
  const ratio = valid ? contrastRatio(chosen, '#ffffff') : 0;
  const format = displayFormat(view.chrome.locale, view.chrome.timeZone);
  const ratioText = format.quantity((Math.floor(ratio * 10) / 10).toFixed(1));
  return html`<div id="brand-preview" aria-live="polite">
${view.previewing ? html`<p class="notice notice-info">${t('previewUnsaved')}</p>` : null}
${
  valid
    ? palette.primary === chosen
      ? html`<p class="contrast">${swatch(chosen, t('swatchChosen'))} ${t('contrastOk', { chosen, ratio: ratioText })}</p>`
      : html`<div class="notice notice-warning"><p>${t('contrastWarning', { chosen, ratio: ratioText, used: palette.primary })}</p>
<p class="contrast">${swatch(chosen, t('swatchChosen'))} → ${swatch(palette.primary, t('swatchUsed'))}</p></div>`
    : null
}
<div class="previews">
<figure>${portalPreview(t, palette, view)}<figcaption>${t('previewPortal')}</figcaption></figure>
<figure>${emailPreview(t, palette, view)}<figcaption>${t('previewEmail')}</figcaption></figure>
<figure>${pdfPreview(t, palette, view)}<figcaption>${t('previewPdf')}</figcaption></figure>
</div>
</div>`;
}

/** Branding (issue 12): the logo, the colours, a preview of portal, e-mail and PDF, the contrast check. */
export function renderBrandingSettingsPage(view: BrandingSettingsView): string {
  const t = backOfficeTranslator(view.chrome.lang);
  const logoError = errorOf(view.logoErrors, 'logo');
  const noticeKey = view.notice ? NOTICE_KEYS[view.notice] : null;
  return renderSettingsLayout(
    view.chrome,
    'branding',
    html`<p class="hint">${t('brandingIntro')}</p>
<section class="card" aria-labelledby="logo-heading">
<h2 id="logo-heading">${t('logoTitle')}</h2>
${
  view.logo
    ? unsafeRaw(
        `<p class="logo-current"><img src="${escapeHtml(logoDataUrl(view.logo))}" alt="${escapeHtml(t('logoCurrentAlt'))}"></p>`,
      )
    : html`<p class="muted">${t('logoNone')}</p>`
}
${errorSummary(t, view.logoErrors, 'settings')}
<form method="post" action="${brandingPaths.logo}" enctype="multipart/form-data" novalidate>
${csrfField(view.chrome)}
<div class="field${logoError ? ' has-error' : ''}"><label for="settings-logo">${t('fieldLogoFile')}</label>
<p class="hint" id="settings-logo-hint">${t('fieldLogoFileHint', { max: view.maxLogoSize })}</p>
${logoError ? html`<p class="field-error" id="settings-logo-error">${logoError.message}</p>` : null}
<input id="settings-logo" name="logo" type="file" accept="image/png,image/jpeg,image/svg+xml" aria-describedby="settings-logo-hint${logoError ? ' settings-logo-error' : ''}"${logoError ? html` aria-invalid="true"` : null}></div>
<button class="button" type="submit">${t('uploadLogo')}</button>
</form>
${view.logo ? html`<form method="post" action="${brandingPaths.removeLogo}">${csrfField(view.chrome)}<button class="button button-secondary" type="submit">${t('removeLogo')}</button></form>` : null}
</section>
<section class="card" aria-labelledby="colours-heading">
<h2 id="colours-heading">${t('coloursTitle')}</h2>
${errorSummary(t, view.colorErrors, 'settings')}
<form method="post" action="${brandingPaths.page}" data-live-intent="preview" data-live-target="brand-preview" novalidate>
${csrfField(view.chrome)}
<div class="grid grid-2">
${settingsField({ name: 'primaryColor', label: t('fieldPrimaryColor'), hint: t('fieldPrimaryColorHint'), type: 'color' }, view.colors, view.colorErrors)}
${settingsField({ name: 'accentColor', label: t('fieldAccentColor'), hint: t('fieldAccentColorHint'), type: 'color' }, view.colors, view.colorErrors)}
</div>
<div class="actions">
<button class="button" type="submit" name="intent" value="save">${t('saveSettings')}</button>
<button class="button button-secondary" type="submit" name="intent" value="preview">${t('previewColours')}</button>
</div>
</form>
</section>
<section class="card" aria-labelledby="preview-heading">
<h2 id="preview-heading">${t('brandPreviewTitle')}</h2>
${previewSection(t, view)}
</section>`,
    noticeKey ? t(noticeKey) : null,
  );
}
