import fc from 'fast-check';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { portalCsrfToken } from '../../src/app/portal-links/portal-link.ts';
import { portalRouteTable } from '../../src/http/portal/portal-routes.ts';
import type { ApiHarness } from '../support/api-harness.ts';
import { type OrgIds, openSeededWorld, type SeededWorld } from '../support/back-office-fixture.ts';
import {
  checkRequest,
  type FuzzRequest,
  FuzzTally,
  formWire,
  fuzzOptions,
  fuzzRuns,
  hostileHeaders,
  hostileString,
  mutatedForm,
  paramValue,
  pathSegment,
  queryString,
  routeTimeout,
} from '../support/fuzz.ts';
import { contractDatabaseKinds } from '../support/test-env.ts';

/**
 * A fast-check fuzz of every route of the portal's route table (a new route is fuzzed without editing this
 * file): valid, foreign, forged and hostile links and ids, random queries and headers, and for the forms
 * valid fields mutated (hostile text, fields missing, repeated or added) in broken encodings, with a valid,
 * missing or wrong form token and any Origin. Never a 5xx, never a hang, and a 4xx changes no table.
 * Each request comes from its own address, so the bad-link limiter never stands between the fuzz and a
 * route (its 429 is covered in test/portal).
 */

/** Inputs per route by default (FUZZ_RUNS overrides). */
const RUNS = fuzzRuns(60);

/** The fields of each portal form, valid for the seeded invoice; a form missing here gets random fields. */
const PORTAL_FORMS: Record<string, Record<string, string>> = {
  comment: { body: 'Could you check the second line, please?' },
  startPayment: { method: 'mollie:bancontact' },
};

describe.each(contractDatabaseKinds())('fuzz of the portal route table [%s]', (kind) => {
  let h: ApiHarness;
  let ids = {} as Record<'a' | 'b', OrgIds>;
  let world: SeededWorld | undefined;
  const tokens = { a: '', b: '' };
  const tally = new FuzzTally(`portal [${kind}]`, RUNS);
  const state = { fingerprint: '' };
  let address = 0;

  async function tokenOf(key: string, customerId: string): Promise<string> {
    const link = await h.request(key, 'GET', `/api/v1/customers/${customerId}/portal-link`);
    return /\/p\/([A-Za-z0-9_-]+)/.exec(link.body.url)?.[1] ?? '';
  }

  beforeAll(async () => {
    world = await openSeededWorld(kind);
    ({ h, ids } = world);
    tokens.a = await tokenOf(h.a.key, ids.a.customerId);
    tokens.b = await tokenOf(h.b.key, ids.b.customerId);
    state.fingerprint = await h.fingerprint();
  }, 120_000);

  afterAll(async () => {
    console.log(tally.summary());
    await world?.close();
  });

  const tokenArb = () =>
    fc.oneof(
      { weight: 8, arbitrary: fc.constant(tokens.a) },
      { weight: 1, arbitrary: fc.constant(tokens.b) },
      {
        weight: 1,
        arbitrary: fc.constantFrom(
          `${tokens.a.slice(0, -1)}${tokens.a.endsWith('A') ? 'B' : 'A'}`,
          tokens.a.slice(0, 20),
          `${tokens.a}${tokens.a}`,
          tokens.a.toUpperCase(),
        ),
      },
      { weight: 1, arbitrary: hostileString.filter((s) => s.length > 0 && s.length < 3000) },
    );

  function requestFor(
    route: (typeof portalRouteTable)[number],
  ): fc.Arbitrary<FuzzRequest & { csrf: string }> {
    const ctx = { ids: [...Object.values(ids.a), ...Object.values(ids.b)].filter(Boolean) };
    const names = [...route.path.matchAll(/:(\w+)/g)].map((m) => m[1] as string);
    const params = fc.tuple(
      ...names.map((name) =>
        name === 'token'
          ? tokenArb()
          : name in ids.a
            ? paramValue([ids.a[name as keyof OrgIds]], [ids.b[name as keyof OrgIds]])
            : paramValue([]),
      ),
    );
    const query = fc.oneof(fc.constant(''), queryString(null, ctx));
    const body =
      route.method === 'POST'
        ? formWire(mutatedForm(PORTAL_FORMS[route.name] ?? {}))
        : fc.constant(undefined);
    const csrf = fc.constantFrom('valid', 'valid', 'valid', 'missing', 'wrong', 'other-link');
    const origin = fc.oneof(
      { weight: 4, arbitrary: fc.constant({}) },
      {
        weight: 1,
        arbitrary: fc.constantFrom(
          { origin: 'null' },
          { origin: 'http://portal.test' },
          { origin: 'https://evil.example' },
          { 'sec-fetch-site': 'cross-site' },
        ),
      },
    );
    return fc
      .record({ params, query, body, csrf, origin, headers: hostileHeaders })
      .map(({ params: values, query: search, body: wire, csrf: mode, origin: from, headers }) => {
        let i = 0;
        const path = route.path.replace(/:(\w+)/g, () => pathSegment(values[i++] ?? ''));
        return {
          method: route.method,
          url: `${path}${search ? `?${search}` : ''}`,
          headers: { ...headers, ...from },
          ...(wire ? { body: wire } : {}),
          csrf: mode,
          token: values[0] ?? '',
        };
      })
      .map(({ token, csrf: mode, ...request }) => ({ ...request, csrf: `${mode}:${token}` }));
  }

  /** The form token, added as the first field of a urlencoded form: valid for the link, or not. */
  function withToken(request: FuzzRequest & { csrf: string }): FuzzRequest {
    const { csrf, ...rest } = request;
    const [mode, token = ''] = csrf.split(/:(.*)/s) as [string, string];
    const wire = rest.body;
    const value =
      mode === 'valid'
        ? portalCsrfToken(h.appSecret, token)
        : mode === 'other-link'
          ? portalCsrfToken(h.appSecret, tokens.b)
          : mode === 'wrong'
            ? 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'
            : null;
    const urlencoded = wire?.contentType === 'application/x-www-form-urlencoded';
    const field = value === null ? '' : `_csrf=${encodeURIComponent(value)}`;
    const body =
      wire && urlencoded && field
        ? { ...wire, payload: wire.payload ? `${field}&${String(wire.payload)}` : field }
        : wire;
    address++;
    return {
      ...rest,
      ...(body ? { body } : {}),
      remoteAddress: `10.${(address >> 16) & 255}.${(address >> 8) & 255}.${address & 255}`,
    };
  }

  it.each(portalRouteTable.map((r) => [`${r.method} ${r.path}`, r] as const))(
    '%s: no 5xx, no hang, a 4xx changes nothing',
    async (name, route) => {
      await fc.assert(
        fc.asyncProperty(requestFor(route), async (request) => {
          await checkRequest(h, state, tally, name, withToken(request));
        }),
        fuzzOptions<FuzzRequest & { csrf: string }>(`portal ${route.name}`, RUNS),
      );
    },
    routeTimeout(RUNS),
  );
});
