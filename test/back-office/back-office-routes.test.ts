import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backOfficeRoutes } from '../../src/http/back-office/back-office-route-table.ts';
import { sdkProviderFactory } from '../../src/payments/provider-factory.ts';
import { MollieFakeServer } from '../fakes/mollie-fake-server.ts';
import { StripeFakeServer } from '../fakes/stripe-fake-server.ts';
import { type ApiHarness, createApiHarness } from '../support/api-harness.ts';
import { type AdminSession, signInAs } from '../support/back-office.ts';
import {
  FORMS,
  formBody,
  formFor,
  MOLLIE_KEY,
  NO_IDS,
  type OrgIds,
  PARAMS,
  STRIPE_KEY,
  seedBackOffice,
  urlOf,
} from '../support/back-office-fixture.ts';
import { contractDatabaseKinds } from '../support/test-env.ts';

/**
 * Generated from the back office's route table (issue 11): every route refuses a request without a
 * session and changes nothing; an admin of one organization reaches nothing of another (its ids in every
 * URL, a valid form in every POST); a cross-site or token-less post changes nothing. A new route without
 * an entry in test/support/back-office-fixture.ts fails the first test, so it cannot skip these checks.
 */

const stripe = new StripeFakeServer({ secretKey: STRIPE_KEY });
const mollie = new MollieFakeServer({ apiKey: MOLLIE_KEY });

/** Routes whose GET answers a file rather than a page. */
const FILES = new Set(['invoiceDownload', 'creditNoteDownload', 'invoicePdf', 'outboxEmailSource']);
/** Routes whose GET answers a document shown only in a sandboxed frame of our pages (its own CSP). */
const FRAMES = new Set(['emailLayoutPreview']);

describe.each(contractDatabaseKinds())('the back-office route table [%s]', (kind) => {
  let h: ApiHarness;
  const ids: Record<'a' | 'b', OrgIds> = { a: { ...NO_IDS }, b: { ...NO_IDS } };
  let session: AdminSession;

  const send = (
    method: 'GET' | 'POST',
    url: string,
    options: {
      session?: AdminSession | null;
      form?: Record<string, string>;
      headers?: Record<string, string>;
    },
  ) =>
    h.app.inject({
      method,
      url,
      headers: {
        ...(options.session ? { cookie: options.session.cookie } : {}),
        ...(method === 'POST' ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        ...options.headers,
      },
      ...(method === 'POST' ? { payload: formBody(options.form ?? {}) } : {}),
    });

  beforeAll(async () => {
    await stripe.start();
    await mollie.start();
    h = await createApiHarness({
      kind,
      providers: sdkProviderFactory({ stripe: stripe.api, mollie: mollie.url }),
    });
    ids.a = await seedBackOffice(h, h.a.key, 'Alpha Customer NV');
    ids.b = await seedBackOffice(h, h.b.key, 'Beta Customer BV');
    session = await signInAs(h, 'admin@alphasrl.example');
  }, 60_000);
  afterAll(async () => {
    await h?.close();
    await stripe.stop();
    await mollie.stop();
  });

  it('covers every route: a value for each parameter and a valid form for each POST', () => {
    for (const route of backOfficeRoutes) {
      for (const [, name] of route.path.matchAll(/:(\w+)/g))
        expect(PARAMS, route.name).toHaveProperty(name as string);
      if (route.method === 'POST') expect(FORMS, route.name).toHaveProperty(route.name);
    }
    expect(new Set(backOfficeRoutes.map((r) => r.name)).size).toBe(backOfficeRoutes.length);
  });

  describe.each(backOfficeRoutes.map((r) => [`${r.method} ${r.path}`, r] as const))('%s', (_name, route) => {
    const form = (org: OrgIds = ids.a) => ({ ...formFor(route.name, org), _csrf: session.csrf });
    const formNamesIds = typeof FORMS[route.name] === 'function';

    it('without a session: sent to sign-in, nothing changed', async () => {
      const before = await h.fingerprint();
      const res = await send(route.method, urlOf(route.path, ids.a), {
        session: null,
        form: formFor(route.name, ids.a),
      });
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toMatch(/^\/admin\/sign-in\?next=/);
      expect(await h.fingerprint()).toBe(before);
    });

    it('with an unknown or ended session cookie: sent to sign-in, the cookie cleared', async () => {
      const res = await send(route.method, urlOf(route.path, ids.a), {
        session: { cookie: 'bo_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', csrf: '' },
        form: formFor(route.name, ids.a),
      });
      expect(res.statusCode).toBe(303);
      expect(String(res.headers['set-cookie'])).toMatch(/bo_session=;/);
    });

    if (route.path.includes(':')) {
      it("with another organization's ids: not found, nothing changed", async () => {
        const before = await h.fingerprint();
        const res = await send(route.method, urlOf(route.path, ids.b), { session, form: form(ids.b) });
        expect(res.statusCode).toBe(404);
        expect(res.body).toContain('<h1>');
        expect(res.body).not.toContain('Beta Customer BV');
        expect(await h.fingerprint()).toBe(before);
      });

      it('with an id that is no UUID: not found', async () => {
        const url = Object.values(ids.a).reduce((u, id) => u.replace(id, 'nope'), urlOf(route.path, ids.a));
        const res = await send(route.method, url, { session, form: form() });
        expect(res.statusCode).toBe(404);
      });
    }

    if (formNamesIds && !route.path.includes(':')) {
      it("with another organization's ids in the form: refused, nothing changed", async () => {
        const before = await h.fingerprint();
        const res = await send('POST', urlOf(route.path, ids.a), { session, form: form(ids.b) });
        expect(res.statusCode).toBeGreaterThanOrEqual(400);
        expect(res.body).not.toContain('Beta Customer BV');
        expect(await h.fingerprint()).toBe(before);
      });
    }

    if (route.method === 'POST') {
      it.each([
        ['posted from another site', { 'sec-fetch-site': 'cross-site' }, true],
        ['posted with a foreign Origin (no fetch metadata)', { origin: 'https://evil.example' }, true],
        ['posted from a sandboxed frame (Origin: null)', { origin: 'null' }, true],
        ['posted without the CSRF token', {}, false],
      ])('%s: refused, nothing changed', async (_what, headers, withToken) => {
        const before = await h.fingerprint();
        const fields = withToken ? form() : formFor(route.name, ids.a);
        const res = await send('POST', urlOf(route.path, ids.a), { session, form: fields, headers });
        expect(res.statusCode).toBe(403);
        expect(res.body).toContain('Demande refusée');
        expect(await h.fingerprint()).toBe(before);
      });
    } else {
      it('answers its page for the signed-in admin', async () => {
        const res = await send('GET', urlOf(route.path, ids.a), { session });
        expect(res.statusCode).toBe(200);
        if (FILES.has(route.name)) {
          expect(String(res.headers['content-type'])).toMatch(/^(application\/(pdf|zip)|message\/rfc822)/);
        } else if (FRAMES.has(route.name)) {
          expect(String(res.headers['content-type'])).toMatch(/^text\/html/);
          const csp = String(res.headers['content-security-policy']);
          expect(csp).toContain("default-src 'none'");
          expect(csp).toContain("frame-ancestors 'self'");
          expect(csp).not.toContain('script-src');
        } else {
          expect(String(res.headers['content-type'])).toMatch(/^text\/html/);
          expect(String(res.headers['content-security-policy'])).toContain("default-src 'none'");
          expect(res.body).toContain('name="_csrf"');
        }
      });
    }
  });
});
