import { deflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, createApiHarness } from '../support/api-harness.ts';

/**
 * A hostile organization's logo (issue 17): refused at upload with the reason, and one stored before the
 * rules existed is never drawn, so the process keeps serving everyone.
 */

/** Ten `<use>`s of the level below, nine levels deep: 10⁹ rectangles from 2 KB. */
function useBomb(): string {
  let svg =
    '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10"><defs><rect id="l0" width="1" height="1"/>';
  for (let i = 1; i <= 9; i++) {
    svg += `<g id="l${i}">${Array.from({ length: 10 }, () => `<use xlink:href="#l${i - 1}"/>`).join('')}</g>`;
  }
  return `${svg}</defs><use xlink:href="#l9"/></svg>`;
}

/** A real PNG header claiming `width` × `height` over a tiny compressed body. */
function pngClaiming(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    return Buffer.concat([length, Buffer.from(type, 'latin1'), data, Buffer.alloc(4)]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = 6;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.alloc(1024))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const svgLogo = (svg: string) => ({
  logo: { mimeType: 'image/svg+xml', dataBase64: Buffer.from(svg).toString('base64') },
});

let h: ApiHarness;
let invoiceId: string;

beforeAll(async () => {
  h = await createApiHarness();
  const customer = await h.request(h.a.key, 'POST', '/api/v1/customers', {
    kind: 'company',
    name: 'Target NV',
    language: 'en',
    emails: [],
  });
  const invoice = await h.request(h.a.key, 'POST', '/api/v1/invoices', {
    number: 'BOMB-1',
    customerId: customer.body.id,
    issueDate: '2026-11-01',
    dueDate: '2026-11-30',
    lines: [{ description: 'Work', quantity: '1', unitPriceMinor: 10000, vatRateBp: 2100 }],
  });
  expect(invoice.status).toBe(201);
  invoiceId = invoice.body.id;
});

afterAll(async () => {
  await h?.close();
});

describe('uploading a logo', () => {
  const refusals: { name: string; body: unknown; reason: RegExp }[] = [
    { name: 'an exponential <use> bomb', body: svgLogo(useBomb()), reason: /10,?000 elements/ },
    {
      name: 'a script',
      body: svgLogo('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
      reason: /<script>/,
    },
    {
      name: 'an event handler',
      body: svgLogo(
        '<svg xmlns="http://www.w3.org/2000/svg"><rect onclick="x()" width="1" height="1"/></svg>',
      ),
      reason: /onclick/,
    },
    {
      name: 'an external image',
      body: svgLogo('<svg xmlns="http://www.w3.org/2000/svg"><image href="file:///etc/passwd"/></svg>'),
      reason: /outside the file/,
    },
    {
      name: 'a DOCTYPE with entities',
      body: svgLogo(
        '<!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]><svg xmlns="http://www.w3.org/2000/svg"><text>&b;</text></svg>',
      ),
      reason: /DOCTYPE/,
    },
    {
      name: 'too deep a nesting',
      body: svgLogo(`<svg xmlns="http://www.w3.org/2000/svg">${'<g>'.repeat(40)}${'</g>'.repeat(40)}</svg>`),
      reason: /32 levels/,
    },
    {
      name: 'a PNG whose header claims 100000 × 100000 pixels (a decompression bomb)',
      body: { logo: { mimeType: 'image/png', dataBase64: pngClaiming(100_000, 100_000).toString('base64') } },
      reason: /100000 × 100000/,
    },
    {
      name: 'a PNG that is no PNG',
      body: { logo: { mimeType: 'image/png', dataBase64: Buffer.from('GIF89a-not-png').toString('base64') } },
      reason: /not an image of the type/,
    },
  ];

  it.each(refusals)('refuses $name with 422 and the reason, changing nothing', async ({ body, reason }) => {
    const before = await h.fingerprint();
    const res = await h.request(h.a.key, 'PATCH', '/api/v1/organization', body, { 'accept-language': 'en' });
    expect(res.status, JSON.stringify(res.body)).toBe(422);
    expect(res.body.error).toMatchObject({ code: 'INVALID_LOGO', field: 'logo' });
    expect(res.body.error.message).toMatch(reason);
    const fr = await h.request(h.a.key, 'PATCH', '/api/v1/organization', body, { 'accept-language': 'fr' });
    expect(fr.body.error.message).not.toBe(res.body.error.message);
    expect(await h.fingerprint()).toBe(before);
  });

  it('refuses WebP, which the PDF cannot draw', async () => {
    const res = await h.request(h.a.key, 'PATCH', '/api/v1/organization', {
      logo: { mimeType: 'image/webp', dataBase64: 'UklGRg==' },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.field).toBe('logo.mimeType');
  });

  it('accepts an ordinary logo: editor metadata, a <style>, gradients, <use> of a symbol, an embedded PNG', async () => {
    const png = pngClaiming(64, 32).toString('base64');
    const svg = `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" viewBox="0 0 200 50" inkscape:version="1.3">
  <metadata><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/></metadata>
  <style>.a{fill:url(#grad)}</style>
  <defs><linearGradient id="grad"><stop offset="0" stop-color="#123"/></linearGradient>
  <symbol id="dot"><circle r="4" cx="5" cy="5"/></symbol></defs>
  <rect class="a" width="200" height="50"/><use xlink:href="#dot" x="10"/>
  <image width="10" height="5" href="data:image/png;base64,${png}"/>
  <text x="20" y="30">Atelier</text>
</svg>`;
    const res = await h.request(h.a.key, 'PATCH', '/api/v1/organization', svgLogo(svg));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.logo).not.toBeNull();
  });
});

describe('a logo stored before the rules existed', () => {
  it('is left off the PDF (the name takes its place) instead of taking the process down', async () => {
    await h.database.db
      .updateTable('organizations')
      .set({ logo: Buffer.from(useBomb()), logo_mime: 'image/svg+xml' })
      .where('id', '=', h.a.id)
      .execute();
    const render = await h.request(h.a.key, 'POST', `/api/v1/invoices/${invoiceId}/pdf/render`);
    expect(render.status, JSON.stringify(render.body)).toBe(200);
    const pdf = await h.app.inject({
      method: 'GET',
      url: `/api/v1/invoices/${invoiceId}/pdf`,
      headers: { authorization: `Bearer ${h.a.key}` },
    });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.rawPayload.length).toBeLessThan(200_000);
  });

  it('is not served by the portal’s logo address either', async () => {
    const customer = await h.request(h.a.key, 'POST', '/api/v1/customers', {
      kind: 'person',
      name: 'Portal visitor',
      language: 'en',
      emails: [],
    });
    const link = await h.request(h.a.key, 'GET', `/api/v1/customers/${customer.body.id}/portal-link`);
    const logo = await h.app.inject({ method: 'GET', url: `${new URL(link.body.url).pathname}/logo` });
    expect(logo.statusCode).toBe(404);
    expect(logo.headers['content-type']).not.toContain('svg');
  });
});
