import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { portalPaths } from '../../src/app/portal-links/portal-link.ts';
import { buildApp } from '../../src/http/build-app.ts';
import { portalRouteTable } from '../../src/http/portal/portal-routes.ts';
import { HSTS_VALUE } from '../../src/http/security-headers.ts';
import { type ApiHarness, createApiHarness } from '../support/api-harness.ts';
import { adminGet, signInAs } from '../support/back-office.ts';

/**
 * Portal addresses carry the customer's token: every answer under them (pages, downloads, the logo, the pay
 * page, redirects, refusals) is never cached and never sends its address on as a Referer, and no portal
 * page links or loads anything elsewhere that could receive it. HSTS is sent on every answer when the
 * public address is https, and never over http.
 */

type Inject = Awaited<ReturnType<ApiHarness['app']['inject']>>;
type App = ApiHarness['app'];

let h: ApiHarness;
let httpsApp: App;
let token = '';
let invoiceId = '';
let creditNoteId = '';
let ip = 0;
const nextIp = () => `10.9.${Math.floor(++ip / 250)}.${ip % 250}`;

function pathOf(name: string, t = token): string {
  switch (name) {
    case 'history':
      return portalPaths.history(t);
    case 'invoice':
      return portalPaths.invoice(t, invoiceId);
    case 'creditNote':
      return portalPaths.creditNote(t, invoiceId, creditNoteId);
    case 'download':
      return portalPaths.download(t, invoiceId);
    case 'comment':
      return portalPaths.comments(t, invoiceId);
    case 'logo':
      return portalPaths.logo(t);
    case 'pay':
    case 'startPayment':
      return portalPaths.pay(t, invoiceId);
    default:
      throw new Error(`no path for ${name}`);
  }
}

/** The answers a route gives: as its own customer would reach it (a form posted with and without its token) and with a forged link. */
async function answersOf(app: App, route: (typeof portalRouteTable)[number]): Promise<[string, Inject][]> {
  const get = (url: string) => app.inject({ method: 'GET', url, remoteAddress: nextIp() });
  if (route.method === 'GET') {
    return [
      ['own link', await get(pathOf(route.name))],
      ['own link, another language', await get(`${pathOf(route.name)}?lang=nl`)],
      ['forged link', await get(pathOf(route.name, `${token.slice(0, -2)}xx`))],
    ];
  }
  const page = await get(portalPaths.invoice(token, invoiceId));
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
  const post = (fields: Record<string, string>, t = token) =>
    app.inject({
      method: 'POST',
      url: pathOf(route.name, t),
      remoteAddress: nextIp(),
      payload: new URLSearchParams(fields).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
  const fields: Record<string, string> =
    route.name === 'comment' ? { body: 'A question about the invoice' } : { method: 'stripe:card' };
  return [
    ['posted with its token', await post({ ...fields, _csrf: csrf })],
    ['posted without its token', await post(fields)],
    ['posted to a forged link', await post({ ...fields, _csrf: csrf }, `${token.slice(0, -2)}xx`)],
  ];
}

beforeAll(async () => {
  h = await createApiHarness();
  await h.request(h.a.key, 'PATCH', '/api/v1/organization', {
    website: 'https://atelier.example/contact',
    logo: {
      mimeType: 'image/svg+xml',
      dataBase64: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>').toString('base64'),
    },
  });
  const customer = await h.request(h.a.key, 'POST', '/api/v1/customers', {
    kind: 'company',
    name: 'Headers SA',
    language: 'en',
    emails: [],
  });
  const invoice = await h.request(h.a.key, 'POST', '/api/v1/invoices', {
    number: 'H-1',
    customerId: customer.body.id,
    issueDate: '2026-04-01',
    dueDate: '2026-04-30',
    lines: [{ description: 'Work', quantity: '1', unitPriceMinor: 10_000, vatRateBp: 2100 }],
  });
  invoiceId = invoice.body.id;
  const creditNote = await h.request(h.a.key, 'POST', '/api/v1/credit-notes', {
    number: 'HCN-1',
    invoiceId,
    issueDate: '2026-04-10',
    lines: [{ description: 'Credit', quantity: '1', unitPriceMinor: 1000, vatRateBp: 2100 }],
  });
  creditNoteId = creditNote.body.id;
  const link = await h.request(h.a.key, 'GET', `/api/v1/invoices/${invoiceId}/portal-link`);
  token = /\/p\/([A-Za-z0-9_-]+)\//.exec(link.body.url)?.[1] ?? '';
  expect(token).not.toBe('');
  // The same service reached over https.
  httpsApp = await buildApp({
    db: h.database.db,
    appSecret: h.appSecret,
    clock: () => new Date('2026-05-30T10:00:00Z'),
    publicBaseUrl: 'https://invoices.example',
  });
});

afterAll(async () => {
  await httpsApp?.close();
  await h?.close();
});

describe.each(portalRouteTable.map((r) => [`${r.method} ${r.path}`, r] as const))('%s', (_name, route) => {
  it('is never cached and never sends its address on as a Referer, whatever the answer', async () => {
    const answers = await answersOf(h.app, route);
    // The customer's own answer (a page, a file, a redirect, or the pay form's refusal of a method no
    // provider offers) and the forged link's 404 are both there, so the check covers them all.
    expect(answers.some(([, res]) => res.statusCode !== 404)).toBe(true);
    expect(answers.some(([, res]) => res.statusCode === 404)).toBe(true);
    for (const [what, res] of answers) {
      expect(res.headers['cache-control'], what).toMatch(/(^|[ ,])no-store($|[ ,])/);
      expect(res.headers['referrer-policy'], what).toBe('no-referrer');
      expect(res.headers['x-content-type-options'], what).toBe('nosniff');
      expect(res.headers['strict-transport-security'], what).toBeUndefined();
    }
  });

  it('over https, sends HSTS on every answer', async () => {
    for (const [what, res] of await answersOf(httpsApp, route)) {
      expect(res.headers['strict-transport-security'], what).toBe(HSTS_VALUE);
      expect(res.headers['cache-control'], what).toMatch(/no-store/);
    }
  });
});

/** The absolute addresses a page links to or loads, with the tag that names each. */
function outgoing(page: string): { tag: string; url: URL }[] {
  const found: { tag: string; url: URL }[] = [];
  for (const match of page.matchAll(/<(a|link|script|img|iframe|form|source)\b[^>]*>/gi)) {
    const tag = match[0];
    for (const attr of tag.matchAll(/\b(href|src|action|srcset)="([^"]*)"/gi)) {
      const value = (attr[2] ?? '').replaceAll('&amp;', '&');
      if (/^(https?:)?\/\//i.test(value)) found.push({ tag, url: new URL(value, 'http://portal.test') });
    }
  }
  return found;
}

describe('what portal pages link to and load', () => {
  it('loads nothing from another site, and links elsewhere only with rel="noreferrer"', async () => {
    const pages = ['history', 'invoice', 'creditNote', 'pay'];
    let external = 0;
    for (const name of pages) {
      const res = await h.app.inject({ method: 'GET', url: pathOf(name), remoteAddress: nextIp() });
      expect(res.statusCode, name).toBe(200);
      for (const { tag, url } of outgoing(res.body)) {
        if (url.origin === 'http://portal.test') continue;
        external += 1;
        // Another site is only ever a link the customer follows, never told where they came from.
        expect(tag, `${name}: ${tag}`).toMatch(/^<a\b/i);
        expect(tag, `${name}: ${tag}`).toMatch(/\brel="[^"]*\bnoreferrer\b[^"]*"/);
      }
      expect(res.body, name).not.toMatch(/<(script|link|img)\b[^>]*\b(src|href)="(https?:)?\/\//i);
    }
    // The organization's website is on every page: the check saw an external link.
    expect(external).toBeGreaterThan(0);
  });
});

describe('other answers', () => {
  it('sends HSTS on the API, the back office, health, errors and unknown routes over https, never over http', async () => {
    const urls = [
      '/healthz',
      '/api/v1/invoices',
      '/api/docs',
      '/admin/sign-in',
      '/nothing-here',
      '/assets/portal.css',
    ];
    for (const url of urls) {
      const secure = await httpsApp.inject({ method: 'GET', url });
      expect(secure.headers['strict-transport-security'], url).toBe(HSTS_VALUE);
      const plain = await h.app.inject({ method: 'GET', url });
      expect(plain.headers['strict-transport-security'], url).toBeUndefined();
      expect(plain.headers['x-content-type-options'], url).toBe('nosniff');
    }
  });

  it('lets the API docs page load, run, submit and be framed by nothing', async () => {
    const docs = await h.app.inject({ method: 'GET', url: '/api/docs' });
    expect(docs.statusCode).toBe(200);
    expect(docs.headers['content-security-policy']).toContain("default-src 'none'");
    expect(docs.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(docs.body).not.toMatch(/<script\b/);
  });

  it('never lets a cache keep an API answer that holds a portal link', async () => {
    const link = await h.request(h.a.key, 'GET', `/api/v1/invoices/${invoiceId}/portal-link`);
    expect(link.status).toBe(200);
    expect(link.headers['cache-control']).toMatch(/no-store/);
    expect(link.headers['referrer-policy']).toBe('same-origin');
  });

  it('shows portal links in the back office without sending the page on as a Referer', async () => {
    const session = await signInAs(h, 'admin@alphasrl.example');
    const page = await adminGet(h, session, `/admin/invoices/${invoiceId}`);
    expect(page.statusCode).toBe(200);
    expect(page.headers['referrer-policy']).toBe('same-origin');
    expect(page.headers['cache-control']).toMatch(/no-store/);
    const links = [...page.body.matchAll(/<a\b[^>]*href="http:\/\/portal\.test\/p\/[^"]*"[^>]*>/g)].map(
      (m) => m[0],
    );
    expect(links.length).toBeGreaterThan(0);
    for (const tag of links) expect(tag).toMatch(/\brel="[^"]*\bnoreferrer\b/);
  });
});
