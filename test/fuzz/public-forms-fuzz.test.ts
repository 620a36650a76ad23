import fc from 'fast-check';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { issueSignInToken } from '../../src/app/back-office-auth/request-sign-in.ts';
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
  hostileValue,
  jsonWire,
  mutatedForm,
  paramValue,
  pathSegment,
  queryString,
  routeTimeout,
  type WireBody,
} from '../support/fuzz.ts';
import { contractDatabaseKinds } from '../support/test-env.ts';

/**
 * The fuzz of the forms and endpoints outside the three route tables, reached without a session: the
 * back office's sign-in forms (link request, confirmation, passkey), the providers' payment notifications
 * and the demo checkout. Same properties as the table fuzzes: never a 5xx, never a hang, a 4xx changes no
 * table.
 */

/** Inputs per route by default (FUZZ_RUNS overrides). */
const RUNS = fuzzRuns(50);

/** Replaced, when sent, by a sign-in token just issued (unused): the confirmation is reached for real. */
const FRESH_TOKEN = 'FRESHSIGNINTOKEN';

interface PublicRoute {
  name: string;
  method: 'GET' | 'POST';
  path: string;
  /** A valid form (urlencoded) the fuzz mutates, or the JSON value of a notification. */
  form?: Record<string, string>;
  json?: boolean;
  /** Values for the path's parameters beside random and hostile ones. */
  params?: (ids: Record<'a' | 'b', OrgIds>) => Record<string, string[]>;
}

const ROUTES: readonly PublicRoute[] = [
  { name: 'signInPage', method: 'GET', path: '/admin/sign-in' },
  {
    name: 'requestSignIn',
    method: 'POST',
    path: '/admin/sign-in',
    form: { email: 'admin@alphasrl.example', next: '/admin/invoices' },
  },
  {
    name: 'confirmSignIn',
    method: 'POST',
    path: '/admin/sign-in/confirm',
    form: { token: FRESH_TOKEN, next: '/admin/invoices?tab=open' },
  },
  { name: 'passkeyOptions', method: 'POST', path: '/admin/sign-in/passkey/options', form: {} },
  {
    name: 'passkeySignIn',
    method: 'POST',
    path: '/admin/sign-in/passkey',
    form: { credential: '{"id":"x","response":{}}', next: '/admin' },
  },
  {
    name: 'paymentNotification',
    method: 'POST',
    path: '/webhooks/:provider/:accountId',
    json: true,
    form: { id: 'tr_WDqYK6vllg' },
    params: (ids) => ({
      provider: ['stripe', 'mollie', 'demo'],
      accountId: [ids.a.accountId, ids.b.accountId],
    }),
  },
  {
    name: 'demoCheckout',
    method: 'GET',
    path: '/demo-checkout/:id',
    params: () => ({ id: ['demo_AAAAAAAAAAAAAAAA'] }),
  },
  {
    name: 'demoCheckoutAnswer',
    method: 'POST',
    path: '/demo-checkout/:id',
    form: { outcome: 'paid', _token: 'x' },
    params: () => ({ id: ['demo_AAAAAAAAAAAAAAAA'] }),
  },
];

describe.each(contractDatabaseKinds())('fuzz of the public forms and notifications [%s]', (kind) => {
  let h: ApiHarness;
  let ids = {} as Record<'a' | 'b', OrgIds>;
  let world: SeededWorld | undefined;
  const tally = new FuzzTally(`public forms [${kind}]`, RUNS);
  const state = { fingerprint: '' };
  let address = 0;

  beforeAll(async () => {
    world = await openSeededWorld(kind);
    ({ h, ids } = world);
    state.fingerprint = await h.fingerprint();
  }, 120_000);

  afterAll(async () => {
    console.log(tally.summary());
    await world?.close();
  });

  /** A sign-in link's token for organization A's first admin, issued as a sign-in request does. */
  async function freshSignInToken(): Promise<string> {
    const admin = await h.database.db
      .selectFrom('admin_users')
      .select(['id', 'organization_id'])
      .where('email', '=', 'admin@alphasrl.example')
      .executeTakeFirstOrThrow();
    const issued = await h.database.db
      .transaction()
      .execute((trx) => issueSignInToken(trx, admin, new Date()));
    return issued.token;
  }

  function requestFor(route: PublicRoute): fc.Arbitrary<FuzzRequest> {
    const values = route.params?.(ids) ?? {};
    const names = [...route.path.matchAll(/:(\w+)/g)].map((m) => m[1] as string);
    const params = fc.tuple(...names.map((name) => paramValue((values[name] ?? []).filter(Boolean))));
    const query = fc.oneof(fc.constant(''), queryString(null, { ids: [] }));
    const fields = mutatedForm(route.form ?? {});
    const body: fc.Arbitrary<WireBody | undefined> =
      route.method === 'GET'
        ? fc.constant(undefined)
        : route.json
          ? fc.oneof(jsonWire(hostileValue), formWire(fields))
          : formWire(fields);
    const signature = fc.oneof(
      fc.constant<Record<string, string>>({}),
      hostileString.map((s) => ({ 'stripe-signature': s.replace(/[^\x20-\x7e]/g, '') })),
      fc.constant({ 'stripe-signature': `t=${Math.floor(Date.now() / 1000)},v1=${'0'.repeat(64)}` }),
    );
    const site = fc.oneof(
      { weight: 6, arbitrary: fc.constant<Record<string, string>>({ 'sec-fetch-site': 'same-origin' }) },
      { weight: 2, arbitrary: fc.constant<Record<string, string>>({}) },
      { weight: 1, arbitrary: fc.constant<Record<string, string>>({ origin: 'https://evil.example' }) },
    );
    return fc
      .record({ params, query, body, signature, site, headers: hostileHeaders })
      .map(({ params: chosen, query: search, body: wire, signature: sig, site: from, headers }) => {
        let i = 0;
        const path = route.path.replace(/:(\w+)/g, () => pathSegment(chosen[i++] ?? ''));
        return {
          method: route.method,
          url: `${path}${search ? `?${search}` : ''}`,
          headers: { ...headers, ...sig, ...from },
          ...(wire ? { body: wire } : {}),
        };
      });
  }

  it.each(ROUTES.map((r) => [`${r.method} ${r.path}`, r] as const))(
    '%s: no 5xx, no hang, a 4xx changes nothing',
    async (name, route) => {
      await fc.assert(
        fc.asyncProperty(requestFor(route), async (request) => {
          address++;
          // Each request from its own address, so the per-client limits stay out of the way.
          const from = `10.${(address >> 16) & 255}.${(address >> 8) & 255}.${address & 255}`;
          let sent: FuzzRequest = { ...request, remoteAddress: from };
          const payload = request.body?.payload;
          if (typeof payload === 'string' && payload.includes(FRESH_TOKEN)) {
            const token = await freshSignInToken();
            sent = {
              ...sent,
              body: { ...request.body, payload: payload.replaceAll(FRESH_TOKEN, token) } as WireBody,
            };
            state.fingerprint = await h.fingerprint();
          }
          await checkRequest(h, state, tally, name, sent);
        }),
        fuzzOptions(`public ${route.name}`, RUNS),
      );
    },
    routeTimeout(RUNS),
  );
});
