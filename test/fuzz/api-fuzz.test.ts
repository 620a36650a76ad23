import fc from 'fast-check';
import { afterAll, beforeAll, describe, it } from 'vitest';
import type { ApiRoute } from '../../src/http/api/route-kit.ts';
import { apiRoutes } from '../../src/http/api/route-table.ts';
import type { ApiHarness } from '../support/api-harness.ts';
import { type OrgIds, openSeededWorld, type SeededWorld } from '../support/back-office-fixture.ts';
import {
  checkRequest,
  type FuzzRequest,
  FuzzTally,
  fuzzOptions,
  fuzzRuns,
  hostileHeaders,
  hostileString,
  hostileValue,
  jsonSchemaOf,
  jsonWire,
  mutated,
  paramValue,
  pathSegment,
  queryString,
  routeTimeout,
  valueFromSchema,
  type WireBody,
} from '../support/fuzz.ts';
import { contractDatabaseKinds } from '../support/test-env.ts';

/**
 * A fast-check fuzz of every route of the API's route table (a new route is fuzzed without editing this
 * file): random and hostile params, queries, headers and bodies — bodies derived from the route's zod schema
 * then mutated, random JSON, prototype-polluting and duplicate keys, deep nesting, truncated JSON, wrong
 * content types. Never a 5xx, never a hang, and a 4xx changes no table. FUZZ_RUNS / FUZZ_SEED: see
 * test/support/fuzz.ts.
 */

/** Inputs per route by default (FUZZ_RUNS overrides). */
const RUNS = fuzzRuns(16);

/** API parameter names the seeded ids answer to, beside their own name. */
const ALIASES: Record<string, (keyof OrgIds)[]> = {
  invoiceId: ['invoiceId', 'draftId'],
  endpointId: ['endpointId'],
  accountId: ['accountId'],
};

const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n', 'latin1');

function fileBody(accepts: string): fc.Arbitrary<WireBody> {
  return fc.oneof(
    fc.constant({ contentType: accepts, payload: PDF, shape: 'file' }),
    fc.uint8Array({ maxLength: 2000 }).map((bytes) => ({
      contentType: accepts,
      payload: Buffer.from(bytes),
      shape: 'file-random-bytes',
    })),
    fc.constant({ contentType: accepts, payload: Buffer.alloc(0), shape: 'file-empty' }),
    fc.constant({ contentType: accepts, payload: PDF.subarray(0, 8), shape: 'file-truncated' }),
    jsonWire(hostileValue),
  );
}

describe.each(contractDatabaseKinds())('fuzz of the API route table [%s]', (kind) => {
  let h: ApiHarness;
  let ids = {} as Record<'a' | 'b', OrgIds>;
  let world: SeededWorld | undefined;
  const tally = new FuzzTally(`API [${kind}]`, RUNS);
  const state = { fingerprint: '' };

  beforeAll(async () => {
    world = await openSeededWorld(kind);
    ({ h, ids } = world);
    state.fingerprint = await h.fingerprint();
  }, 120_000);

  afterAll(async () => {
    console.log(tally.summary());
    await world?.close();
  });

  function requestFor(route: ApiRoute): fc.Arbitrary<FuzzRequest> {
    const allIds = [...Object.values(ids.a), ...Object.values(ids.b)].filter(Boolean);
    const named = Object.fromEntries(
      Object.entries(ids.a).map(([key, value]) => [
        key,
        [value, ...(ALIASES[key] ?? []).map((k) => ids.a[k])],
      ]),
    );
    const ctx = { ids: allIds, named };
    const names = [...route.path.matchAll(/:(\w+)/g)].map((m) => m[1] as string);
    const params = fc.tuple(
      ...names.map((name) => {
        const keys = ALIASES[name] ?? (name in ids.a ? [name as keyof OrgIds] : []);
        return paramValue(
          keys.map((key) => ids.a[key]).filter(Boolean),
          keys.map((key) => ids.b[key]).filter(Boolean),
        );
      }),
    );
    const query = fc.oneof(
      { weight: 1, arbitrary: fc.constant('') },
      { weight: 2, arbitrary: queryString(route.query ? jsonSchemaOf(route.query) : null, ctx) },
    );
    const schema = route.body ? jsonSchemaOf(route.body) : null;
    const body: fc.Arbitrary<WireBody | undefined> = route.accepts
      ? fileBody(route.accepts)
      : schema
        ? jsonWire(
            fc.oneof(
              { weight: 3, arbitrary: valueFromSchema(schema, ctx) },
              { weight: 4, arbitrary: mutated(valueFromSchema(schema, ctx)) },
              { weight: 1, arbitrary: hostileValue },
            ),
          )
        : fc.oneof(
            { weight: 3, arbitrary: fc.constant(undefined) },
            { weight: 1, arbitrary: jsonWire(hostileValue) },
          );
    const authorization = fc.oneof(
      { weight: 12, arbitrary: fc.constant(`Bearer ${h.a.key}`) },
      { weight: 1, arbitrary: fc.constant(`Bearer ${h.b.key}`) },
      { weight: 1, arbitrary: fc.constant('') },
      {
        weight: 1,
        arbitrary: fc.oneof(
          hostileString.map((s) => `Bearer ${s.replace(/[^\x20-\x7e]/g, '')}`),
          fc.constantFrom('Basic YTpi', 'Bearer', `Bearer ${'k'.repeat(5000)}`, `bearer  ${h.a.key} x`),
        ),
      },
    );
    return fc
      .record({ params, query, body, authorization, headers: hostileHeaders })
      .map(({ params: values, query: search, body: wire, authorization: auth, headers }) => {
        let i = 0;
        const path = route.path.replace(/:(\w+)/g, () => pathSegment(values[i++] ?? ''));
        return {
          method: route.method,
          url: `/api/v1${path}${search ? `?${search}` : ''}`,
          headers: { ...headers, ...(auth ? { authorization: auth } : {}) },
          ...(wire ? { body: wire } : {}),
        };
      });
  }

  it.each(apiRoutes.map((r) => [`${r.method} ${r.path}`, r] as const))(
    '%s: no 5xx, no hang, a 4xx changes nothing',
    async (name, route) => {
      await fc.assert(
        fc.asyncProperty(requestFor(route), async (request) => {
          await checkRequest(h, state, tally, name, request);
        }),
        fuzzOptions(`api ${route.operationId}`, RUNS),
      );
    },
    routeTimeout(RUNS),
  );
});
