import type { Lang } from '../../core/lang.ts';
import { PORTAL_LANGUAGE_NAMES, portalTranslator } from '../../i18n/portal-messages.ts';
import { DEFAULT_ACCENT_COLOR, DEFAULT_PRIMARY_COLOR } from '../../web/brand-colors.ts';
import { html, renderDocument, type SafeHtml } from '../../web/html.ts';
import type { PortalBranding, PortalChrome } from '../view-models.ts';

/** Fallback colours when a brand colour is not a plain CSS colour (the product's own blue). */
const DEFAULT_BRAND = { primary: DEFAULT_PRIMARY_COLOR, onPrimary: '#ffffff', accent: DEFAULT_ACCENT_COLOR };

/** Hex, rgb()/hsl() with plain numbers: nothing that could close the declaration or load a URL. */
const CSS_COLOR = /^(?:#[0-9a-f]{3,8}|(?:rgb|rgba|hsl|hsla)\(\s*[\d.%\s,/]+\))$/i;

/** `value` when it is a plain CSS colour, else `fallback`: the brand colours go into a style element. */
export function cssColor(value: string, fallback: string): string {
  const trimmed = value.trim();
  return CSS_COLOR.test(trimmed) ? trimmed : fallback;
}

/** `page · organization`, the browser tab title (R6: the tab names the company entity). */
export function pageTitle(page: string, branding: PortalBranding): string {
  return `${page} · ${branding.organizationName}`;
}

/** A website as a link target: bare host names get https://, anything else is left to `html` to vet. */
function websiteUrl(website: string): string {
  return /^[a-z][a-z0-9+.-]*:/i.test(website) ? website : `https://${website}`;
}

function websiteLabel(website: string): string {
  return website.replace(/^https?:\/\//i, '').replace(/\/$/, '');
}

function brandMark(branding: PortalBranding): SafeHtml {
  const displayName = branding.tradeName ?? branding.organizationName;
  if (branding.logoUrl !== null) {
    return html`<span class="brand"><img class="brand-logo" src="${branding.logoUrl}" alt="${branding.organizationName}"></span>`;
  }
  return html`<span class="brand"><span class="brand-name">${displayName}</span></span>`;
}

function languageSwitcher(chrome: PortalChrome, label: string): SafeHtml | null {
  if (chrome.languageLinks.length < 2) return null;
  const links = chrome.languageLinks.map(
    (link) =>
      html`<li><a href="${link.url}" lang="${link.lang}" hreflang="${link.lang}"${link.current ? html` aria-current="true"` : null}>${PORTAL_LANGUAGE_NAMES[link.lang]}</a></li>`,
  );
  return html`<nav class="lang-switch" aria-label="${label}"><ul>${links}</ul></nav>`;
}

function brandStyle(chrome: PortalChrome): SafeHtml {
  const { branding } = chrome;
  const brand = cssColor(branding.primaryColor, DEFAULT_BRAND.primary);
  const onBrand = cssColor(branding.onPrimaryColor, DEFAULT_BRAND.onPrimary);
  const accent = cssColor(branding.accentColor, DEFAULT_BRAND.accent);
  // The one inline style the Content-Security-Policy allows (by nonce): the brand colours, nothing else.
  return html`<style nonce="${chrome.cspNonce}">:root{--brand:${brand};--on-brand:${onBrand};--accent:${accent}}</style>`;
}

function documentHead(title: string, stylesheetUrl: string, extra: SafeHtml | null): SafeHtml {
  return html`<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex">
<meta name="color-scheme" content="light dark">
<title>${title}</title>
<link rel="stylesheet" href="${stylesheetUrl}">
${extra}
</head>`;
}

/** What a branded portal page puts in the layout. */
export interface PortalPageInput {
  chrome: PortalChrome;
  /** The page part of the title; the organization name is appended. */
  title: string;
  /** Which entry of the portal navigation is the current page. */
  current: 'invoice' | 'history';
  body: SafeHtml;
  /** Reload (or go to `url`) after so many seconds: a payment awaiting its provider's word; no script needed. */
  refresh?: { seconds: number; url: string };
}

/**
 * A complete branded portal page: skip link, header (logo or name, navigation, language switcher),
 * `<main>`, footer with the business's contact details. The brand colours are the only inline style.
 */
export function renderPortalLayout(input: PortalPageInput): string {
  const { chrome } = input;
  const { branding } = chrome;
  const t = portalTranslator(chrome.lang);
  const historyCurrent = input.current === 'history' ? html` aria-current="page"` : null;
  const contact = branding.contact;
  const contactItems = [
    contact.email !== null && html`<li><a href="mailto:${contact.email}">${contact.email}</a></li>`,
    contact.phone !== null &&
      html`<li><a href="tel:${contact.phone.replace(/[^\d+]/g, '')}">${contact.phone}</a></li>`,
    contact.website !== null &&
      html`<li><a href="${websiteUrl(contact.website)}" rel="noopener noreferrer">${websiteLabel(contact.website)}</a></li>`,
  ];
  return renderDocument(html`<html lang="${chrome.lang}">
${documentHead(pageTitle(input.title, branding), chrome.stylesheetUrl, html`${brandStyle(chrome)}${input.refresh ? html`\n<meta http-equiv="refresh" content="${input.refresh.seconds};url=${input.refresh.url}">` : null}`)}
<body>
<a class="skip-link" href="#main">${t('skipToContent')}</a>
<header class="site-header">
<div class="container header-inner">
${brandMark(branding)}
<div class="header-nav">
<nav class="site-nav" aria-label="${t('portalNavigation')}"><ul><li><a href="${chrome.historyUrl}"${historyCurrent}>${t('historyTitle')}</a></li></ul></nav>
${languageSwitcher(chrome, t('languageNavigation'))}
</div>
</div>
</header>
<main id="main" class="container main" tabindex="-1">
${input.body}
</main>
<footer class="site-footer">
<div class="container footer-inner">
<p class="footer-questions">${t('footerQuestions', { organization: branding.tradeName ?? branding.organizationName })}</p>
<ul class="footer-contact">${contactItems}</ul>
<p class="footer-legal">${branding.organizationName}</p>
</div>
</footer>
</body>
</html>`);
}

/** What an unbranded page (unknown link, rate limit) puts in the layout. */
export interface PlainPageInput {
  lang: Lang;
  stylesheetUrl: string;
  title: string;
  body: SafeHtml;
}

/**
 * A complete page that knows no organization (the link did not resolve to one): neutral header, no
 * inline style at all, the portal's default colours from the stylesheet.
 */
export function renderPlainLayout(input: PlainPageInput): string {
  const t = portalTranslator(input.lang);
  return renderDocument(html`<html lang="${input.lang}">
${documentHead(input.title, input.stylesheetUrl, null)}
<body class="plain">
<a class="skip-link" href="#main">${t('skipToContent')}</a>
<header class="site-header">
<div class="container header-inner"><span class="brand"><span class="brand-name">${t('customerPortal')}</span></span></div>
</header>
<main id="main" class="container main" tabindex="-1">
${input.body}
</main>
</body>
</html>`);
}
