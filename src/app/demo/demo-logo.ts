/** The demo organization's logo: a small SVG mark with the trade name, in its brand colours. */
export const DEMO_LOGO_SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="380" height="80" viewBox="0 0 380 80">
<rect x="4" y="8" width="64" height="64" rx="14" fill="#0f5257"/>
<path d="M20 56 L36 22 L52 56 Z" fill="#f2b134"/>
<circle cx="36" cy="48" r="6" fill="#0f5257"/>
<text x="84" y="44" font-family="Georgia, serif" font-size="28" font-weight="700" fill="#0f5257">Atelier Lumière</text>
<text x="85" y="66" font-family="Helvetica, Arial, sans-serif" font-size="13" letter-spacing="3" fill="#5b6b73">DESIGN &amp; ÉCLAIRAGE</text>
</svg>`;
