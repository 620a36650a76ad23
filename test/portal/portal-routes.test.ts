import { randomUUID } from 'node:crypto';
import { unzipSync } from 'fflate';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { portalPaths, portalToken } from '../../src/app/portal-links/portal-link.ts';
import { portalRouteTable } from '../../src/http/portal/portal-routes.ts';
import { type ApiHarness, createApiHarness } from '../support/api-harness.ts';

/**
 * The portal's access rules, checked on every route of its table: a link only ever reaches its own
 * customer's issued invoices; unknown, forged, rotated or revoked links all get the same friendly 404.
 */

interface PortalFixture {
  token: string;
  customerId: string;
  invoiceId: string;
  creditNoteId: string;
}

const XSS = '<script>alert(1)</script>';
let clockMs = Date.parse('2026-05-30T10:00:00Z');
let h: ApiHarness;
let mine: PortalFixture;
let neighbour: PortalFixture; // same organization, other customer
let stranger: PortalFixture; // other organization
let ipCounter = 0;
const freshIp = () => `10.1.${Math.floor(++ipCounter / 250)}.${ipCounter % 250}`;

async function makeCustomer(key: string, name: string, line: string): Promise<PortalFixture> {
  const customer = await h.request(key, 'POST', '/api/v1/customers', {
    kind: 'company',
    name,
    language: 'en',
    emails: [],
  });
  const invoice = await h.request(key, 'POST', '/api/v1/invoices', {
    number: `INV-${randomUUID().slice(0, 6)}`,
    customerId: customer.body.id,
    issueDate: '2026-04-01',
    dueDate: '2026-04-30',
    lines: [
      { description: line, quantity: '2', unitPriceMinor: 10000, vatRateBp: 2100 },
      { description: 'Second line', quantity: '1', unitPriceMinor: 5000, vatRateBp: 600 },
    ],
  });
  const creditNote = await h.request(key, 'POST', '/api/v1/credit-notes', {
    number: `CN-${randomUUID().slice(0, 6)}`,
    invoiceId: invoice.body.id,
    issueDate: '2026-04-10',
    lines: [{ description: `Credit for ${line}`, quantity: '1', unitPriceMinor: 1000, vatRateBp: 2100 }],
  });
  const link = await h.request(key, 'GET', `/api/v1/invoices/${invoice.body.id}/portal-link`);
  expect(link.status).toBe(200);
  const token = /\/p\/([A-Za-z0-9_-]+)\//.exec(link.body.url)?.[1] ?? '';
  return {
    token,
    customerId: customer.body.id,
    invoiceId: invoice.body.id,
    creditNoteId: creditNote.body.id,
  };
}

function pathFor(name: string, f: { token: string; invoiceId: string; creditNoteId: string }): string {
  switch (name) {
    case 'history':
      return portalPaths.history(f.token);
    case 'invoice':
      return portalPaths.invoice(f.token, f.invoiceId);
    case 'creditNote':
      return portalPaths.creditNote(f.token, f.invoiceId, f.creditNoteId);
    case 'download':
      return portalPaths.download(f.token, f.invoiceId);
    case 'comment':
      return portalPaths.comments(f.token, f.invoiceId);
    case 'logo':
      return portalPaths.logo(f.token);
    case 'pay':
    case 'startPayment':
      return portalPaths.pay(f.token, f.invoiceId);
    default:
      throw new Error(`no path for ${name}`);
  }
}

async function get(url: string, options: { ip?: string; headers?: Record<string, string> } = {}) {
  return h.app.inject({
    method: 'GET',
    url,
    remoteAddress: options.ip ?? freshIp(),
    headers: options.headers ?? {},
  });
}

async function send(method: string, url: string, ip = freshIp(), payload?: Record<string, string>) {
  return h.app.inject({
    method: method as 'GET',
    url,
    remoteAddress: ip,
    ...(payload
      ? {
          payload: new URLSearchParams(payload).toString(),
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
        }
      : {}),
  });
}

function csrfOf(page: string): string {
  return /name="_csrf" value="([^"]+)"/.exec(page)?.[1] ?? '';
}

beforeAll(async () => {
  h = await createApiHarness({ now: () => new Date(clockMs) });
  await h.request(h.a.key, 'PATCH', '/api/v1/organization', {
    logo: {
      mimeType: 'image/svg+xml',
      dataBase64: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>').toString('base64'),
    },
  });
  await h.request(h.b.key, 'PATCH', '/api/v1/organization', {
    logo: {
      mimeType: 'image/svg+xml',
      dataBase64: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>').toString('base64'),
    },
  });
  mine = await makeCustomer(h.a.key, XSS, XSS);
  neighbour = await makeCustomer(h.a.key, 'Neighbour NV', 'Neighbour work');
  stranger = await makeCustomer(h.b.key, 'Stranger GmbH', 'Stranger work');
});

afterAll(async () => {
  await h?.close();
});

describe.each(portalRouteTable.map((r) => [`${r.method} ${r.path}`, r] as const))(
  'portal %s',
  (_name, route) => {
    const expectNotFound = async (url: string) => {
      const res = await send(
        route.method,
        url,
        freshIp(),
        route.method === 'POST' ? { body: 'hello', _csrf: 'x' } : undefined,
      );
      expect(res.statusCode, url).toBe(404);
      expect(res.headers['content-type']).toContain('text/html');
      return res.body;
    };

    it('answers its own customer', async () => {
      const res = await send(
        route.method,
        pathFor(route.name, mine),
        freshIp(),
        route.method === 'POST' ? { body: 'x', _csrf: 'bad' } : undefined,
      );
      // A POST without the page's form token is refused (403); everything else answers.
      expect(res.statusCode).toBe(route.method === 'POST' ? 403 : 200);
    });

    // Routes whose only selector is the link itself have no id to change.
    if (route.path.includes(':invoiceId'))
      it("never reaches another customer's or organization's data by changing an id", async () => {
        for (const other of [neighbour, stranger]) {
          if (route.path.includes(':invoiceId'))
            await expectNotFound(pathFor(route.name, { ...mine, invoiceId: other.invoiceId }));
          if (route.path.includes(':creditNoteId')) {
            await expectNotFound(pathFor(route.name, { ...mine, creditNoteId: other.creditNoteId }));
          }
        }
        if (route.path.includes(':invoiceId'))
          await expectNotFound(pathFor(route.name, { ...mine, invoiceId: randomUUID() }));
        if (route.path.includes(':invoiceId'))
          await expectNotFound(pathFor(route.name, { ...mine, invoiceId: 'not-a-uuid' }));
      });

    it('answers a forged, truncated or unknown link with the same 404 page', async () => {
      const flipped = `${mine.token.slice(0, 30)}${mine.token[30] === 'A' ? 'B' : 'A'}${mine.token.slice(31)}`;
      const forgedId = portalToken('another secret entirely, 32+ characters', mine.customerId, 1);
      const pages = new Set<string>();
      for (const token of [flipped, mine.token.slice(0, 40), forgedId, 'x']) {
        const body = await expectNotFound(pathFor(route.name, { ...mine, token }));
        pages.add(body.replace(/nonce-[^"';]+|nonce="[^"]+"/g, ''));
      }
      expect(pages.size).toBe(1);
    });
  },
);

describe('portal link lifecycle', () => {
  it('stops old links when the business rotates, and all links when it revokes', async () => {
    const before = await get(portalPaths.history(neighbour.token));
    expect(before.statusCode).toBe(200);
    const rotated = await h.request(
      h.a.key,
      'POST',
      `/api/v1/customers/${neighbour.customerId}/portal-link/rotate`,
    );
    expect(rotated.status).toBe(200);
    const newToken = /\/p\/([A-Za-z0-9_-]+)$/.exec(rotated.body.url)?.[1] ?? '';
    expect(newToken).not.toBe(neighbour.token);
    expect((await get(portalPaths.history(neighbour.token))).statusCode).toBe(404);
    expect((await get(portalPaths.history(newToken))).statusCode).toBe(200);

    const revoked = await h.request(
      h.a.key,
      'POST',
      `/api/v1/customers/${neighbour.customerId}/portal-link/revoke`,
    );
    expect(revoked.status).toBe(204);
    const gone = await get(portalPaths.history(newToken));
    expect(gone.statusCode).toBe(404);
    expect(
      (await h.request(h.a.key, 'GET', `/api/v1/customers/${neighbour.customerId}/portal-link`)).body.error
        .code,
    ).toBe('PORTAL_LINK_REVOKED');
    const neverExisted = await get(portalPaths.history(portalToken(h.appSecret, randomUUID(), 1)));
    const strip = (s: string) => s.replace(/nonce-[^"';]+|nonce="[^"]+"/g, '');
    expect(strip(gone.body)).toBe(strip(neverExisted.body));

    const restored = await h.request(
      h.a.key,
      'POST',
      `/api/v1/customers/${neighbour.customerId}/portal-link/rotate`,
    );
    neighbour.token = /\/p\/([A-Za-z0-9_-]+)$/.exec(restored.body.url)?.[1] ?? '';
    expect((await get(portalPaths.history(neighbour.token))).statusCode).toBe(200);
  });

  it('keeps no usable token in the database', async () => {
    const dump = await sql<{ t: string }>`select string_agg(c::text, '|') as t from customers c`.execute(
      h.database.db,
    );
    expect(dump.rows[0]?.t).not.toContain(mine.token);
    expect(dump.rows[0]?.t).not.toContain(mine.token.slice(0, 20));
  });
});

describe('bad-link rate limit', () => {
  it('answers 429 to an address after 10 bad links in a minute, valid links included, and lets it back later', async () => {
    const ip = '192.0.2.77';
    for (let i = 0; i < 10; i++)
      expect((await get(portalPaths.history(`bad${i}`), { ip })).statusCode).toBe(404);
    const blocked = await get(portalPaths.history(mine.token), { ip });
    expect(blocked.statusCode).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    expect((await get(portalPaths.history(mine.token), { ip: '192.0.2.78' })).statusCode).toBe(200);
    clockMs += 61_000;
    expect((await get(portalPaths.history(mine.token), { ip })).statusCode).toBe(200);
  });
});

describe('escaping', () => {
  it('shows a customer and a line named <script>alert(1)</script> as text on every page', async () => {
    const pages = [
      portalPaths.history(mine.token),
      `${portalPaths.history(mine.token)}?tab=paid`,
      `${portalPaths.history(mine.token)}?tab=credit-notes`,
      portalPaths.invoice(mine.token, mine.invoiceId),
      portalPaths.creditNote(mine.token, mine.invoiceId, mine.creditNoteId),
    ];
    for (const url of pages) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(200);
      expect(res.body, url).not.toContain('<script');
      expect(res.body, url).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    }
  });
});

describe('pages', () => {
  it('sends a strict Content-Security-Policy whose nonce is the page’s one style element', async () => {
    const res = await get(portalPaths.invoice(mine.token, mine.invoiceId));
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain('unsafe-inline');
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(res.body).toContain(`<style nonce="${nonce}">`);
    expect(res.headers['referrer-policy']).toBe('no-referrer');
  });

  it('switches language with ?lang= and remembers it', async () => {
    const de = await get(`${portalPaths.invoice(mine.token, mine.invoiceId)}?lang=de`);
    expect(de.body).toContain('<html lang="de"');
    // The supplier's country is named in the page's language, not the customer's (English here).
    expect(de.body).toContain('Belgien');
    expect(de.body).not.toContain('Belgium');
    const cookie = String(de.headers['set-cookie']).split(';')[0] ?? '';
    expect(cookie).toBe('portal_lang=de');
    const again = await get(portalPaths.history(mine.token), { headers: { cookie } });
    expect(again.body).toContain('<html lang="de"');
  });

  it('downloads the invoice with its credit note as a zip', async () => {
    const res = await get(portalPaths.download(mine.token, mine.invoiceId));
    expect(res.headers['content-type']).toBe('application/zip');
    expect(Object.keys(unzipSync(new Uint8Array(res.rawPayload)))).toHaveLength(2);
  });
});

describe('history pagination', () => {
  it('pages a long history newest first, without gaps or repeats, and shrugs off a forged cursor', async () => {
    const customer = await h.request(h.b.key, 'POST', '/api/v1/customers', {
      kind: 'person',
      name: 'Many',
      language: 'en',
      emails: [],
    });
    for (let i = 0; i < 30; i++) {
      const day = String(1 + (i % 28)).padStart(2, '0');
      const created = await h.request(h.b.key, 'POST', '/api/v1/invoices', {
        number: `MANY-${String(i).padStart(2, '0')}`,
        customerId: customer.body.id,
        issueDate: `2026-03-${day}`,
        dueDate: '2026-12-31',
        lines: [{ description: 'Work', quantity: '1', unitPriceMinor: 1000, vatRateBp: 2100 }],
      });
      expect(created.status).toBe(201);
    }
    const link = await h.request(h.b.key, 'GET', `/api/v1/customers/${customer.body.id}/portal-link`);
    let url: string | null = new URL(link.body.url).pathname;
    const seen: string[] = [];
    let pages = 0;
    while (url) {
      const page = await get(url.replaceAll('&amp;', '&'));
      expect(page.statusCode).toBe(200);
      seen.push(
        ...[...page.body.matchAll(/MANY-\d\d/g)].map((m) => m[0]).filter((n, i, all) => all.indexOf(n) === i),
      );
      url = /class="pagination-older"><a [^>]*href="([^"]+)"/.exec(page.body)?.[1] ?? null;
      pages += 1;
      expect(pages).toBeLessThan(5);
    }
    expect(pages).toBe(2);
    expect(new Set(seen).size).toBe(30);
    expect(seen).toHaveLength(30);
    const forged = await get(`${new URL(link.body.url).pathname}?before=not-a-cursor`);
    expect(forged.statusCode).toBe(200);
    expect(forged.body).toContain('MANY-');
  });
});

describe('comments (R12)', () => {
  it('stores a comment, shows it in the thread, lists it in the API and queues the admins’ notification', async () => {
    const page = await get(portalPaths.invoice(mine.token, mine.invoiceId));
    const csrf = csrfOf(page.body);
    expect(csrf).not.toBe('');
    for (const body of ['Could you add the PO number 4500123?', 'Second thought: also the project code.']) {
      const res = await send('POST', portalPaths.comments(mine.token, mine.invoiceId), freshIp(), {
        body,
        _csrf: csrf,
      });
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toBe(`${portalPaths.invoice(mine.token, mine.invoiceId)}?sent=1#comments`);
    }
    const after = await get(`${portalPaths.invoice(mine.token, mine.invoiceId)}?sent=1`);
    expect(after.body).toContain('Could you add the PO number 4500123?');
    expect(after.body).toContain('Second thought: also the project code.');
    const listed = await h.request(h.a.key, 'GET', `/api/v1/invoices/${mine.invoiceId}/comments`);
    expect(listed.body.data.map((c: { body: string; authorKind: string }) => [c.authorKind, c.body])).toEqual(
      [
        ['customer', 'Could you add the PO number 4500123?'],
        ['customer', 'Second thought: also the project code.'],
      ],
    );
    const jobs = await sql<{ data: { invoiceId: string } }>`
      select data from pgboss.job where name = 'comment-created' order by created_on`.execute(h.database.db);
    expect(jobs.rows.filter((j) => j.data.invoiceId === mine.invoiceId)).toHaveLength(2);
  });

  it('refuses an empty comment, a too long one, and one without the page’s form token, writing nothing', async () => {
    const page = await get(portalPaths.invoice(mine.token, mine.invoiceId));
    const csrf = csrfOf(page.body);
    // Opened before the fingerprint: a customer's first view of an invoice is recorded (invoice.viewed).
    const otherLink = await get(portalPaths.invoice(stranger.token, stranger.invoiceId));
    const before = await h.fingerprint();
    const empty = await send('POST', portalPaths.comments(mine.token, mine.invoiceId), freshIp(), {
      body: '   ',
      _csrf: csrf,
    });
    expect(empty.statusCode).toBe(422);
    expect(empty.body).toContain('aria-invalid="true"');
    const long = await send('POST', portalPaths.comments(mine.token, mine.invoiceId), freshIp(), {
      body: 'é'.repeat(2001),
      _csrf: csrf,
    });
    expect(long.statusCode).toBe(422);
    expect(long.body).toContain('é'.repeat(50));
    const forged = await send('POST', portalPaths.comments(mine.token, mine.invoiceId), freshIp(), {
      body: 'Hi',
      _csrf: 'x'.repeat(32),
    });
    expect(forged.statusCode).toBe(403);
    const crossLink = await send('POST', portalPaths.comments(mine.token, mine.invoiceId), freshIp(), {
      body: 'Hi',
      _csrf: csrfOf(otherLink.body),
    });
    expect(crossLink.statusCode).toBe(403);
    expect(await h.fingerprint()).toBe(before);
  });
});

describe('control characters (a NUL byte) in portal input', () => {
  it('answers a comment holding U+0000 with 400 and the reason on its form, in the customer’s language, writing nothing', async () => {
    const page = await get(portalPaths.invoice(mine.token, mine.invoiceId));
    const csrf = csrfOf(page.body);
    const before = await h.fingerprint();
    for (const [lang, words] of [
      ['en', 'control character'],
      ['fr', 'caractère de contrôle'],
    ] as const) {
      const res = await send(
        'POST',
        `${portalPaths.comments(mine.token, mine.invoiceId)}?lang=${lang}`,
        freshIp(),
        {
          body: 'Hello\u0000there',
          _csrf: csrf,
        },
      );
      expect(res.statusCode).toBe(400);
      expect(res.body).toContain('aria-invalid="true"');
      expect(res.body).toContain(words);
    }
    expect(await h.fingerprint()).toBe(before);
  });

  it.each(portalRouteTable.map((r) => [`${r.method} ${r.path}`, r] as const))(
    '%s: U+0000 in any query or form field is a 400, never a 500, and changes nothing',
    async (_name, route) => {
      const page = await get(portalPaths.invoice(mine.token, mine.invoiceId));
      const csrf = csrfOf(page.body);
      const before = await h.fingerprint();
      const base = pathFor(route.name, mine);
      const queries = ['lang', 'tab', 'before', 'attempt', 'waited', 'sent', 'canceled'];
      for (const name of queries) {
        const url = `${base}?${name}=${encodeURIComponent('a\u0000b')}`;
        const res = await send(
          route.method,
          url,
          freshIp(),
          route.method === 'POST' ? { body: 'Hi', _csrf: csrf, method: 'card' } : undefined,
        );
        expect(res.statusCode, `${name}`).toBe(400);
      }
      if (route.method === 'POST') {
        for (const field of ['body', '_csrf', 'method', 'x\u0000']) {
          const form: Record<string, string> = { body: 'Hi', _csrf: csrf, method: 'card' };
          form[field] = 'a\u0000b';
          const res = await send(route.method, base, freshIp(), form);
          expect(res.statusCode, field).toBe(400);
        }
      }
      expect(await h.fingerprint()).toBe(before);
    },
  );
});
