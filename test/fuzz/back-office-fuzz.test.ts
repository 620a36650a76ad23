import fc from 'fast-check';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { openSession } from '../../src/app/back-office-auth/admin-sessions.ts';
import { csrfTokenFor } from '../../src/app/back-office-auth/sign-in-secrets.ts';
import type { BackOfficeRoute } from '../../src/http/back-office/back-office-kit.ts';
import { backOfficeRoutes } from '../../src/http/back-office/back-office-route-table.ts';
import type { ApiHarness } from '../support/api-harness.ts';
import { type AdminSession, signInAs } from '../support/back-office.ts';
import {
  formFor,
  type OrgIds,
  openSeededWorld,
  PARAMS,
  type SeededWorld,
} from '../support/back-office-fixture.ts';
import {
  checkRequest,
  type FuzzRequest,
  FuzzTally,
  formWire,
  fuzzOptions,
  fuzzRuns,
  hostileHeaders,
  jsonSchemaOf,
  mutatedForm,
  paramValue,
  pathSegment,
  queryString,
  routeTimeout,
  type WireBody,
} from '../support/fuzz.ts';
import { multipart } from '../support/multipart.ts';
import { contractDatabaseKinds } from '../support/test-env.ts';

/**
 * A fast-check fuzz of every signed-in route of the back office's route table (a new route is fuzzed
 * without editing this file; its valid form comes from test/support/back-office-fixture.ts): a signed-in
 * admin's pages with random and hostile ids and queries, and every form with its valid fields mutated
 * (hostile text, fields missing, repeated or added) in broken encodings, multipart bodies for the uploads,
 * a valid, missing or wrong CSRF token, odd headers and cookies. Never a 5xx, never a hang, and a 4xx
 * changes no table. A request that ends the fuzz's own session (sign-out) is followed by a new sign-in.
 */

/** Inputs per route by default: its pages are the heaviest to render (FUZZ_RUNS overrides). */
const RUNS = fuzzRuns(12);

const ADMIN = 'admin@alphasrl.example';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n', 'latin1');
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

/** A csrf placeholder the request carries until it is sent (the session, and so the token, may change). */
const CSRF = '\u0001csrf\u0001';

function uploadBody(
  route: BackOfficeRoute,
  fields: fc.Arbitrary<[string, string][]>,
): fc.Arbitrary<WireBody> {
  const field = route.upload?.field ?? 'file';
  const content = fc.oneof(
    fc.constant(PDF),
    fc.constant(PNG),
    fc.constant(Buffer.alloc(0)),
    fc.uint8Array({ maxLength: 3000 }).map((bytes) => Buffer.from(bytes)),
    fc.constant(Buffer.concat([PDF, Buffer.alloc(300_000, 0x20)])),
  );
  const fileName = fc.constantFrom(
    'invoice.pdf',
    'logo.png',
    '',
    '../../etc/passwd',
    'a\u202egpj.exe',
    'x'.repeat(300),
  );
  const contentType = fc.constantFrom('application/pdf', 'image/png', 'image/svg+xml', 'text/html', '');
  return fc
    .tuple(
      fields,
      content,
      fileName,
      contentType,
      fc.constantFrom('token-first', 'file-first', 'no-file', 'cut'),
      fc.nat(),
    )
    .map(([pairs, bytes, name, type, order, cut]) => {
      const token = { name: '_csrf', value: CSRF };
      const others = pairs.map(([n, v]) => ({ name: n, value: v }));
      const file = { name: field, fileName: name, contentType: type, content: bytes };
      const parts =
        order === 'file-first'
          ? [file, token, ...others]
          : order === 'no-file'
            ? [token, ...others]
            : [token, ...others, file];
      const { body, contentType: ct } = multipart(parts);
      return {
        contentType: ct,
        payload: order === 'cut' ? body.subarray(0, cut % Math.max(1, body.length)) : body,
        shape: `multipart-${order}`,
      };
    });
}

describe.each(contractDatabaseKinds())('fuzz of the back-office route table [%s]', (kind) => {
  let h: ApiHarness;
  let ids = {} as Record<'a' | 'b', OrgIds>;
  let world: SeededWorld | undefined;
  let session: AdminSession;
  const tally = new FuzzTally(`back office [${kind}]`, RUNS);
  const state = { fingerprint: '' };

  beforeAll(async () => {
    world = await openSeededWorld(kind);
    ({ h, ids } = world);
    session = await signInAs(h, ADMIN);
    state.fingerprint = await h.fingerprint();
  }, 120_000);

  /**
   * A new session for the fuzz's admin, opened as a sign-in does (the sign-in link requests themselves are
   * rate-limited, and the fuzz may sign out many times).
   */
  async function openAdminSession(): Promise<AdminSession> {
    const admin = await h.database.db
      .selectFrom('admin_users')
      .select(['id', 'organization_id'])
      .where('email', '=', ADMIN)
      .executeTakeFirstOrThrow();
    const opened = await h.database.db.transaction().execute((trx) =>
      openSession(trx, {
        organizationId: admin.organization_id,
        adminUserId: admin.id,
        now: new Date(),
        userAgent: 'fuzz',
        method: 'link',
      }),
    );
    return { cookie: `bo_session=${opened.sessionId}`, csrf: csrfTokenFor(h.appSecret, opened.sessionId) };
  }

  afterAll(async () => {
    console.log(tally.summary());
    await world?.close();
  });

  function requestFor(route: BackOfficeRoute): fc.Arbitrary<FuzzRequest & { csrf: string }> {
    const ctx = { ids: [...Object.values(ids.a), ...Object.values(ids.b)].filter(Boolean) };
    const names = [...route.path.matchAll(/:(\w+)/g)].map((m) => m[1] as string);
    const params = fc.tuple(
      ...names.map((name) => {
        const value = PARAMS[name];
        return value
          ? paramValue([value(ids.a)].filter(Boolean), [value(ids.b)].filter(Boolean))
          : paramValue([]);
      }),
    );
    const query = fc.oneof(fc.constant(''), queryString(route.query ? jsonSchemaOf(route.query) : null, ctx));
    const fields = mutatedForm(formFor(route.name, ids.a));
    const body: fc.Arbitrary<WireBody | undefined> =
      route.method === 'GET'
        ? fc.constant(undefined)
        : route.upload
          ? fc.oneof(uploadBody(route, fields), formWire(fields))
          : formWire(fields);
    const csrf = fc.oneof(
      { weight: 8, arbitrary: fc.constant('valid') },
      { weight: 1, arbitrary: fc.constantFrom('missing', 'wrong') },
    );
    const site = fc.oneof(
      { weight: 10, arbitrary: fc.constant<Record<string, string>>({ 'sec-fetch-site': 'same-origin' }) },
      {
        weight: 1,
        arbitrary: fc.constantFrom<Record<string, string>>(
          {},
          { origin: 'null' },
          { origin: 'http://portal.test' },
          { origin: 'https://evil.example' },
          { 'sec-fetch-site': 'cross-site' },
        ),
      },
    );
    const extra = fc.oneof(
      { weight: 3, arbitrary: fc.constant({}) },
      { weight: 1, arbitrary: hostileHeaders },
    );
    return fc
      .record({ params, query, body, csrf, site, extra })
      .map(({ params: values, query: search, body: wire, csrf: mode, site: from, extra }) => {
        const headers: Record<string, string> = extra;
        let i = 0;
        const path = `/admin${route.path === '/' ? '' : route.path}`.replace(/:(\w+)/g, () =>
          pathSegment(values[i++] ?? ''),
        );
        return {
          method: route.method,
          url: `${path}${search ? `?${search}` : ''}`,
          // The session cookie goes after any hostile one, so both are parsed.
          headers: { ...headers, ...from, cookie: headers.cookie ?? '' },
          ...(wire ? { body: wire } : {}),
          csrf: mode,
        };
      });
  }

  /** Fills in the session cookie and the CSRF token (a urlencoded form's first field, or the multipart's). */
  function signed(request: FuzzRequest & { csrf: string }): FuzzRequest {
    const { csrf: mode, ...rest } = request;
    const token = mode === 'valid' ? session.csrf : mode === 'wrong' ? 'A'.repeat(43) : '';
    const cookie = [rest.headers.cookie, session.cookie].filter(Boolean).join('; ');
    let body = rest.body;
    if (body?.payload !== undefined && Buffer.isBuffer(body.payload)) {
      body = {
        ...body,
        payload: Buffer.from(body.payload.toString('latin1').replace(CSRF, token), 'latin1'),
      };
    } else if (body?.contentType === 'application/x-www-form-urlencoded' && token) {
      const field = `_csrf=${encodeURIComponent(token)}`;
      body = { ...body, payload: body.payload ? `${field}&${String(body.payload)}` : field };
    }
    return { ...rest, headers: { ...rest.headers, cookie }, ...(body ? { body } : {}) };
  }

  it.each(backOfficeRoutes.map((r) => [`${r.method} ${r.path}`, r] as const))(
    '%s: no 5xx, no hang, a 4xx changes nothing',
    async (name, route) => {
      await fc.assert(
        fc.asyncProperty(requestFor(route), async (request) => {
          await checkRequest(h, state, tally, name, signed(request));
          if (route.method !== 'POST') return;
          // The request ended the fuzz's own session (sign-out, sessions ended): sign in again.
          const probe = await h.app.inject({
            method: 'GET',
            url: '/admin',
            headers: { cookie: session.cookie },
          });
          if (probe.statusCode === 303) {
            session = await openAdminSession();
            state.fingerprint = await h.fingerprint();
          }
        }),
        fuzzOptions<FuzzRequest & { csrf: string }>(`back office ${route.name}`, RUNS),
      );
    },
    routeTimeout(RUNS),
  );
});
