import type { ApiRoute } from './route-kit.ts';

const escapeHtml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

/** A plain, dependency-free reference page; the full schemas are in /api/v1/openapi.json. */
export function renderDocsPage(routes: readonly ApiRoute[]): string {
  const byTag = new Map<string, ApiRoute[]>();
  for (const r of routes) byTag.set(r.tag, [...(byTag.get(r.tag) ?? []), r]);
  const sections = [...byTag]
    .map(
      ([tag, list]) =>
        `<section><h2>${escapeHtml(tag)}</h2><dl>${list
          .map(
            (r) =>
              `<dt><code><span class="m ${r.method.toLowerCase()}">${r.method}</span> /api/v1${escapeHtml(r.path)}</code></dt><dd>${escapeHtml(r.summary)}${
                r.description ? `<p>${escapeHtml(r.description)}</p>` : ''
              }</dd>`,
          )
          .join('')}</dl></section>`,
    )
    .join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Invoice Portal API</title><style>
body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}
code{font:14px ui-monospace,monospace}dt{margin-top:1rem}dd{margin:0.25rem 0 0 0}
.m{display:inline-block;min-width:4.5em;font-weight:700}.get{color:#0b6e2e}.post{color:#1f4e79}.patch,.put{color:#8a5a00}.delete{color:#a4161a}
</style></head><body><h1>Invoice Portal API</h1>
<p>Authenticate with <code>Authorization: Bearer &lt;API key&gt;</code>. Money is in integer minor units, rates in basis points
(2100 = 21 %), dates as YYYY-MM-DD. Errors are <code>{ "error": { "code", "message", "field" } }</code>, the message in the
language of <code>Accept-Language</code> (en, fr, nl, de). The machine-readable description is
<a href="/api/v1/openapi.json">openapi.json</a>.</p>${sections}</body></html>`;
}
