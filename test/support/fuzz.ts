import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';

/**
 * The fuzz's building blocks (test/fuzz/*.test.ts): hostile values, bodies derived from a route's zod
 * schema then mutated, broken encodings, hostile headers, and one check of each answer — never a 5xx, an
 * answer within a bound, and a 4xx that changed no table (`h.fingerprint()`).
 *
 * Bounded and reproducible: FUZZ_RUNS inputs per route (each file has its default), a fixed seed per route derived
 * from FUZZ_SEED (printed with every failure and in the summary), FUZZ_REQUEST_MS the most one answer may
 * take before it counts as a hang.
 */

function envInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value)) throw new Error(`${name} must be an integer, got "${raw}"`);
  return value;
}

/**
 * Inputs tried per route and database: FUZZ_RUNS, else the file's own default (chosen so that each fuzz
 * file takes about a minute per database on a small shared machine).
 */
export function fuzzRuns(fileDefault: number): number {
  return Math.max(1, envInt('FUZZ_RUNS', fileDefault));
}
/** The seed every route's own seed derives from. */
export const FUZZ_SEED = envInt('FUZZ_SEED', 20261208);
/** An answer slower than this is a hang (generous: the machine is shared; only a stuck request exceeds it). */
export const REQUEST_BOUND_MS = Math.max(1000, envInt('FUZZ_REQUEST_MS', 20_000));

/** A route's own seed: the same inputs on both databases and on every run with the same FUZZ_SEED. */
export function seedFor(routeName: string): number {
  let hash = 2166136261;
  for (const char of routeName) hash = Math.imul(hash ^ (char.codePointAt(0) ?? 0), 16777619);
  return (FUZZ_SEED ^ hash) | 0;
}

/** Text no form or API field expects: controls, broken UTF-16, direction overrides, huge and odd numbers. */
export const HOSTILE_STRINGS: readonly string[] = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udfffy',
  '\ud83d',
  '\u202eevil\u202c',
  'e\u0301\u0301\u0301\u0301\u0301',
  '😀👨‍👩‍👧‍👦🏳️‍🌈',
  'line\u2028break\u2029',
  '\ufeffBOM',
  '\uffff',
  '\u0085\u009f',
  '\t\r\n',
  'x'.repeat(5000),
  'é'.repeat(70_000),
  '-1',
  '0',
  '-0',
  '1e309',
  '-1e309',
  'NaN',
  'Infinity',
  '9007199254740993',
  '99999999999999999999999999',
  '0x1F',
  '1,50',
  '1_000',
  ' 12 ',
  '2026-02-30',
  '0000-00-00',
  '9999-12-31',
  '2026-13-01',
  '-271821-04-19',
  'null',
  'true',
  '[]',
  '{}',
  '__proto__',
  'constructor',
  'prototype',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "' OR 1=1 --",
  '%00',
  '%zz',
  '../../etc/passwd',
  '$' + '{7*7}{{7*7}}',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  '00000000-0000-0000-0000-000000000000',
  'javascript:alert(1)',
  'http://169.254.169.254/latest/meta-data/',
  'a@b',
  '@@',
  '#LINK #UNKNOWN_CODE #',
];

const oddNumbers: readonly number[] = [
  -1,
  0,
  -0,
  0.5,
  1e-7,
  2 ** 31,
  2 ** 53 + 2,
  -(2 ** 63),
  1e21,
  1.7976931348623157e308,
  Number.MIN_VALUE,
];

export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 30 }) },
);

/** Any JSON-ish scalar a client might send where another was expected. */
export const hostileScalar: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: hostileString },
  { weight: 2, arbitrary: fc.constantFrom(...oddNumbers) },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }) },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constant(null) },
);

/** Any value at all, scalars and small structures, hostile text included. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 5, arbitrary: hostileScalar },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: fc.array(hostileScalar, { maxLength: 4 }) },
  { weight: 1, arbitrary: fc.dictionary(hostileString, hostileScalar, { maxKeys: 4 }) },
);

export type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  example?: unknown;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
};

export function jsonSchemaOf(schema: z.ZodType): JsonSchema {
  return z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
}

/** What the generators may use for an id: the seeded organizations' ids (either one), else random ones. */
export interface FuzzContext {
  ids: readonly string[];
  /** The ids a field of that name usually takes (the caller's own organization's), e.g. `customerId`. */
  named?: Readonly<Record<string, readonly string[]>>;
}

const FORMAT_VALUES: Record<string, fc.Arbitrary<string>> = {
  date: fc.constantFrom('2026-04-01', '2026-05-30', '2026-12-31', '2024-02-29', '2026-02-29'),
  'date-time': fc.constantFrom('2026-05-30T10:00:00Z', '2026-05-30T10:00:00.000+02:00'),
  email: fc.constantFrom('billing@example.com', 'Zoë@example.be', 'a@b.c'),
  uri: fc.constantFrom('https://example.com/hook', 'http://127.0.0.1:1/x', 'https://[::1]/'),
  url: fc.constantFrom('https://example.com/hook', 'http://127.0.0.1:1/x', 'https://[::1]/'),
};

function stringFor(schema: JsonSchema, ctx: FuzzContext, name?: string): fc.Arbitrary<string> {
  const own = name ? (ctx.named?.[name] ?? []) : [];
  if (schema.format === 'uuid' && own.length > 0) {
    return fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom(...own) },
      { weight: 1, arbitrary: ctx.ids.length > 0 ? fc.constantFrom(...ctx.ids) : fc.uuid() },
      { weight: 1, arbitrary: fc.uuid() },
    );
  }
  if (schema.format === 'uuid') {
    return ctx.ids.length > 0
      ? fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...ctx.ids) }, { weight: 1, arbitrary: fc.uuid() })
      : fc.uuid();
  }
  const options: fc.Arbitrary<string>[] = [];
  const format = schema.format ? FORMAT_VALUES[schema.format] : undefined;
  if (format) options.push(format);
  if (typeof schema.example === 'string') options.push(fc.constant(schema.example));
  if (schema.pattern) {
    try {
      options.push(fc.stringMatching(new RegExp(schema.pattern, 'u')));
    } catch {
      // A pattern fast-check cannot generate from: the example and plain strings stand in.
    }
  }
  if (options.length === 0) {
    options.push(
      fc.string({
        minLength: schema.minLength ?? 0,
        maxLength: Math.min(schema.maxLength ?? 40, 40),
      }),
    );
  }
  return fc.oneof(...options);
}

/**
 * A value the schema probably accepts (formats, patterns, examples, bounds, the seeded ids), so a mutation
 * of it gets past the first check and reaches the rules behind it.
 */
export function valueFromSchema(
  schema: JsonSchema,
  ctx: FuzzContext,
  depth = 0,
  name?: string,
): fc.Arbitrary<unknown> {
  if (depth > 6) return fc.constant(null);
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants && variants.length > 0)
    return fc.oneof(...variants.map((v) => valueFromSchema(v, ctx, depth + 1)));
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'string':
      return stringFor(schema, ctx, name);
    case 'integer':
      return fc.integer({
        min: Math.max(schema.minimum ?? -1_000_000, Number.MIN_SAFE_INTEGER),
        max: Math.min(schema.maximum ?? 1_000_000, Number.MAX_SAFE_INTEGER),
      });
    case 'number':
      return fc.double({
        min: schema.minimum ?? -1_000_000,
        max: schema.maximum ?? 1_000_000,
        noNaN: true,
      });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      const items = schema.items ? valueFromSchema(schema.items, ctx, depth + 1, name) : hostileScalar;
      const minLength = Math.min(schema.minItems ?? 0, 3);
      return fc.array(items, {
        minLength,
        maxLength: Math.max(minLength, Math.min(schema.maxItems ?? 3, 3)),
      });
    }
    case 'object': {
      const properties = schema.properties ?? {};
      const required = new Set(schema.required ?? []);
      const record: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [name, prop] of Object.entries(properties))
        record[name] = valueFromSchema(prop, ctx, depth + 1);
      return fc.record(record, {
        requiredKeys: Object.keys(properties).filter((name) => required.has(name)),
      });
    }
    default:
      return hostileValue;
  }
}

type Path = (string | number)[];

/** Every path into a JSON value (the value itself is `[]`). */
function pathsOf(value: unknown, path: Path = [], out: Path[] = []): Path[] {
  out.push(path);
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) pathsOf(item, [...path, i], out);
  } else if (value !== null && typeof value === 'object')
    for (const [key, item] of Object.entries(value)) pathsOf(item, [...path, key], out);
  return out;
}

function setAt(value: unknown, path: Path, replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const copy = structuredClone(value) as Record<string | number, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  node[path.at(-1) as string | number] = replacement;
  return copy;
}

function removeAt(value: unknown, path: Path): unknown {
  if (path.length === 0) return undefined;
  const copy = structuredClone(value) as Record<string | number, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  const last = path.at(-1) as string | number;
  if (Array.isArray(node)) node.splice(Number(last), 1);
  else delete node[last];
  return copy;
}

/** A value with one to three of its parts replaced by hostile ones, removed, or joined by unknown keys. */
export function mutated(base: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  const change = fc.tuple(
    fc.nat(),
    fc.constantFrom('replace', 'remove', 'extra'),
    hostileValue,
    hostileString,
  );
  return fc.tuple(base, fc.array(change, { minLength: 1, maxLength: 2 })).map(([value, changes]) => {
    let result = value;
    for (const [pick, how, replacement, key] of changes) {
      const paths = pathsOf(result);
      const path = paths[pick % paths.length] ?? [];
      if (how === 'replace') result = setAt(result, path, replacement);
      else if (how === 'remove') result = removeAt(result, path);
      else {
        const containers = paths.filter((p) => {
          const node = p.reduce<unknown>((n, k) => (n as Record<string | number, unknown>)[k], result);
          return node !== null && typeof node === 'object' && !Array.isArray(node);
        });
        const target = containers[pick % Math.max(1, containers.length)];
        if (target) {
          const node = target.reduce<unknown>((n, k) => (n as Record<string | number, unknown>)[k], result);
          result = setAt(result, target, { ...(node as object), [key || 'extra']: replacement });
        }
      }
    }
    return result;
  });
}

/** How a body is written on the wire: content type and bytes (a string, or none at all). */
export interface WireBody {
  contentType?: string;
  payload?: string | Buffer;
  /** What it is, for the summary and failure messages. */
  shape: string;
}

const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=utf-16',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data',
  'multipart/form-data; boundary=',
  'application/xml',
  'application/pdf',
  'application/octet-stream',
  '*/*',
  'application/json, text/html',
  'application/vnd.api+json',
  ';;;',
];

/** `{"__proto__":…, "constructor":…}` written as JSON text, which JSON.parse keeps as own keys. */
function withPollutingKeys(text: string, key: string): string {
  const start = text.indexOf('{');
  const inject = `"${key}":{"polluted":true,"isAdmin":true},`;
  if (start < 0) return `{${inject.slice(0, -1)}}`;
  const rest = text.slice(start + 1).trimStart();
  return `${text.slice(0, start + 1)}${rest.startsWith('}') ? inject.slice(0, -1) : inject}${rest}`;
}

/** The same key twice in one JSON object (the last one wins in JSON.parse). */
function withDuplicateKey(text: string, value: unknown): string {
  const match = /\{\s*"((?:[^"\\]|\\.)*)"\s*:/.exec(text);
  if (!match) return text;
  return `${text.slice(0, match.index)}{"${match[1]}":${JSON.stringify(value) ?? 'null'},${text.slice(match.index + 1)}`;
}

function toForm(value: unknown): string {
  const params = new URLSearchParams();
  if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const items = Array.isArray(item) ? item : [item];
      for (const one of items)
        params.append(key, typeof one === 'string' ? one : (JSON.stringify(one) ?? ''));
    }
  } else params.append('value', String(value));
  return params.toString();
}

/** A JSON body, from a value, in every way a client can get it wrong. */
export function jsonWire(value: fc.Arbitrary<unknown>): fc.Arbitrary<WireBody> {
  return fc.oneof(
    {
      weight: 6,
      arbitrary: value.map((v) => ({
        contentType: 'application/json',
        payload: JSON.stringify(v) ?? 'null',
        shape: 'json',
      })),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(value, fc.constantFrom('__proto__', 'constructor', 'prototype'))
        .map(([v, key]) => ({
          contentType: 'application/json',
          payload: withPollutingKeys(JSON.stringify(v) ?? '{}', key),
          shape: `json-${key}`,
        })),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(value, hostileScalar).map(([v, dup]) => ({
        contentType: 'application/json',
        payload: withDuplicateKey(JSON.stringify(v) ?? '{}', dup),
        shape: 'json-duplicate-key',
      })),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(value, fc.nat()).map(([v, cut]) => {
        const text = JSON.stringify(v) ?? '{';
        return {
          contentType: 'application/json',
          payload: text.slice(0, cut % Math.max(1, text.length)),
          shape: 'json-truncated',
        };
      }),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.constantFrom('{"a":', '[', '{"a":['), fc.integer({ min: 1000, max: 20_000 }))
        .map(([open, depth]) => ({
          contentType: 'application/json',
          payload: `${open.repeat(depth)}1`,
          shape: 'json-deep-unclosed',
        })),
    },
    {
      weight: 1,
      arbitrary: fc.integer({ min: 1000, max: 10_000 }).map((depth) => ({
        contentType: 'application/json',
        payload: `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`,
        shape: 'json-deep',
      })),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(value, fc.constantFrom(...CONTENT_TYPES)).map(([v, contentType]) => ({
        contentType,
        payload: JSON.stringify(v) ?? '',
        shape: `as ${contentType}`,
      })),
    },
    {
      weight: 1,
      arbitrary: value.map((v) => ({
        contentType: 'application/x-www-form-urlencoded',
        payload: toForm(v),
        shape: 'urlencoded',
      })),
    },
    {
      weight: 1,
      arbitrary: hostileString.map((text) => ({
        contentType: 'application/json',
        payload: text,
        shape: 'json-garbage',
      })),
    },
    {
      weight: 1,
      arbitrary: value.map((v) => ({ payload: JSON.stringify(v) ?? '', shape: 'no content type' })),
    },
    { weight: 1, arbitrary: fc.constant({ contentType: 'application/json', shape: 'json, no body' }) },
  );
}

/** A form body, from its fields, in every way a client can get it wrong. */
export function formWire(fields: fc.Arbitrary<[string, string][]>): fc.Arbitrary<WireBody> {
  const encode = (pairs: [string, string][]) => {
    const params = new URLSearchParams();
    for (const [key, item] of pairs) params.append(key, item);
    return params.toString();
  };
  return fc.oneof(
    {
      weight: 6,
      arbitrary: fields.map((pairs) => ({
        contentType: 'application/x-www-form-urlencoded',
        payload: encode(pairs),
        shape: 'form',
      })),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(
          fields,
          fc.constantFrom(
            '__proto__',
            'constructor',
            '__proto__[isAdmin]',
            'a[b][c]',
            'toString',
            'hasOwnProperty',
          ),
        )
        .map(([pairs, key]) => ({
          contentType: 'application/x-www-form-urlencoded',
          payload: `${encode(pairs)}&${encodeURIComponent(key)}=1`,
          shape: `form-${key}`,
        })),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(fields, fc.nat()).map(([pairs, cut]) => {
        const text = encode(pairs);
        return {
          contentType: 'application/x-www-form-urlencoded',
          payload: text.slice(0, cut % Math.max(1, text.length)),
          shape: 'form-truncated',
        };
      }),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(
          fields,
          fc.constantFrom('%', '%zz', '%E0%A4%A', '%FF%FE', '&&==&', '=&=', '+%2B%20', '%00=%00'),
        )
        .map(([pairs, junk]) => ({
          contentType: 'application/x-www-form-urlencoded',
          payload: `${encode(pairs)}&${junk}`,
          shape: 'form-bad-encoding',
        })),
    },
    {
      weight: 1,
      arbitrary: fc.integer({ min: 500, max: 5000 }).map((n) => ({
        contentType: 'application/x-www-form-urlencoded',
        payload: Array.from({ length: n }, (_, i) => `f${i % 7}=${i}`).join('&'),
        shape: 'form-many-fields',
      })),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(fields, fc.constantFrom(...CONTENT_TYPES)).map(([pairs, contentType]) => ({
        contentType,
        payload: contentType.includes('json') ? JSON.stringify(Object.fromEntries(pairs)) : encode(pairs),
        shape: `as ${contentType}`,
      })),
    },
    {
      weight: 1,
      arbitrary: fc.constant({ contentType: 'application/x-www-form-urlencoded', shape: 'form, no body' }),
    },
  );
}

/**
 * Form fields from a valid form: values replaced by hostile text or extended by it (so a prefix check
 * still passes), removed, repeated, or joined by others.
 */
export function mutatedForm(valid: Record<string, string>): fc.Arbitrary<[string, string][]> {
  const base = Object.entries(valid);
  const change = fc.tuple(
    fc.nat(),
    fc.constantFrom('replace', 'append', 'remove', 'repeat', 'extra', 'keep'),
    hostileString,
    hostileString,
  );
  return fc.array(change, { minLength: 0, maxLength: 4 }).map((changes) => {
    let pairs: [string, string][] = base.map(([k, v]) => [k, v]);
    for (const [pick, how, text, key] of changes) {
      const index = pairs.length === 0 ? -1 : pick % pairs.length;
      const target = index >= 0 ? pairs[index] : undefined;
      if (how === 'replace' && target) pairs[index] = [target[0], text];
      else if (how === 'append' && target) pairs[index] = [target[0], `${target[1]}${text}`];
      else if (how === 'remove' && target) pairs = pairs.filter((_, i) => i !== index);
      else if (how === 'repeat' && target) pairs.push([target[0], text]);
      else if (how === 'extra') pairs.push([key || 'extra', text]);
    }
    return pairs;
  });
}

/** A path parameter: usually the id of the organization the caller acts for, else another's, a random or hostile one. */
export function paramValue(own: readonly string[], foreign: readonly string[] = []): fc.Arbitrary<string> {
  const options: { weight: number; arbitrary: fc.Arbitrary<string> }[] = [
    { weight: 1, arbitrary: fc.uuid() },
    { weight: 1, arbitrary: hostileString.filter((s) => s.length > 0 && s.length < 3000) },
  ];
  if (own.length > 0) options.push({ weight: 6, arbitrary: fc.constantFrom(...own) });
  if (foreign.length > 0) options.push({ weight: 1, arbitrary: fc.constantFrom(...foreign) });
  return fc.oneof(...options);
}

/** A query string: the schema's parameters (valid or hostile), unknown ones, repeated ones, broken encoding. */
export function queryString(schema: JsonSchema | null, ctx: FuzzContext): fc.Arbitrary<string> {
  const names = Object.keys(schema?.properties ?? {});
  const known =
    names.length > 0
      ? fc.tuple(
          fc.constantFrom(...names),
          fc.oneof(
            valueFromSchema(schema?.properties?.[names[0] as string] ?? {}, ctx).map((v) => String(v)),
            hostileString,
          ),
        )
      : fc.tuple(hostileString, hostileString);
  const pair = fc.oneof(
    { weight: 3, arbitrary: known },
    {
      weight: 1,
      arbitrary: fc.tuple(
        fc.constantFrom(
          'lang',
          'tab',
          'before',
          'sent',
          'attempt',
          'waited',
          'done',
          'canceled',
          'limit',
          'cursor',
          'q',
        ),
        hostileString,
      ),
    },
    { weight: 1, arbitrary: fc.tuple(hostileString, hostileString) },
  );
  return fc.oneof(
    {
      weight: 5,
      arbitrary: fc.array(pair, { maxLength: 4 }).map((pairs) => new URLSearchParams(pairs).toString()),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        '%',
        '%zz',
        'a[b]=1&a[c]=2',
        'a=1&a=2&a=3',
        '__proto__[x]=1',
        '&&&',
        '=',
        'limit=1e9999',
        'limit=-1&cursor=%00',
      ),
    },
  );
}

/** Headers a client may add: odd languages, huge or broken cookies, stray fetch metadata. */
export const hostileHeaders: fc.Arbitrary<Record<string, string>> = fc
  .record(
    {
      'accept-language': fc.oneof(
        fc.constantFrom(
          'en',
          'fr-BE,fr;q=0.9',
          'nl',
          'de-DE',
          '*',
          'xx',
          ';;;,,',
          'fr;q=NaN,en;q=-1',
          'a'.repeat(4000),
          'de;q=1e999',
        ),
        fc.string({ unit: 'binary-ascii', maxLength: 30 }).map((s) => s.replace(/[^\x20-\x7e]/g, '')),
      ),
      cookie: fc.constantFrom(
        `big=${'x'.repeat(8000)}`,
        'portal_lang=xx',
        'portal_lang=%FF; bo_session=%zz',
        Array.from({ length: 200 }, (_, i) => `c${i}=${i}`).join('; '),
        '=; ;;; a',
      ),
      accept: fc.constantFrom('*/*', 'application/json', 'text/html', 'image/*', ''),
      'x-forwarded-for': fc.constantFrom('1.2.3.4', 'garbage', '::1, 10.0.0.1'),
      'sec-fetch-site': fc.constantFrom('none', 'same-site', 'garbage'),
    },
    { requiredKeys: [] },
  )
  .map((headers) => headers as Record<string, string>);

/** One request of the fuzz, before the per-route parts (session cookie, CSRF token) are filled in. */
export interface FuzzRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: WireBody;
  remoteAddress?: string;
}

/** A short description of a request, for failure messages (bodies cut). */
export function describeRequest(request: FuzzRequest): string {
  const payload = request.body?.payload;
  const text = payload === undefined ? '' : String(payload);
  const cut = text.length > 300 ? `${text.slice(0, 300)}… (${text.length} chars)` : text;
  return `${request.method} ${request.url.slice(0, 300)} [${request.body?.shape ?? 'no body'}] ${JSON.stringify(cut)}`;
}

/** Counts of what was tried, for the summary a run prints (and RELIABILITY.md quotes). */
export class FuzzTally {
  readonly statuses = new Map<number, number>();
  readonly shapes = new Map<string, number>();
  readonly routes = new Set<string>();
  tried = 0;
  private startedAt = 0;

  constructor(
    readonly name: string,
    readonly runs: number,
  ) {}

  record(route: string, request: FuzzRequest, status: number): void {
    if (this.tried === 0) this.startedAt = Date.now();
    this.tried++;
    this.routes.add(route);
    this.statuses.set(status, (this.statuses.get(status) ?? 0) + 1);
    const shape = request.body?.shape.replace(/^as .*/, 'other content type') ?? 'no body';
    this.shapes.set(shape, (this.shapes.get(shape) ?? 0) + 1);
  }

  summary(): string {
    const statuses = [...this.statuses]
      .sort(([a], [b]) => a - b)
      .map(([s, n]) => `${s}×${n}`)
      .join(' ');
    const shapes = [...this.shapes]
      .sort(([, a], [, b]) => b - a)
      .map(([s, n]) => `${s}×${n}`)
      .join(', ');
    const seconds = ((Date.now() - this.startedAt) / 1000).toFixed(1);
    return (
      `fuzz ${this.name}: ${this.routes.size} routes × ${this.runs} runs = ${this.tried} requests in ${seconds} s ` +
      `(FUZZ_SEED=${FUZZ_SEED}); statuses ${statuses}; bodies ${shapes}`
    );
  }
}

/** Injects a request; an answer that does not come within REQUEST_BOUND_MS is a hang and fails. */
export async function injectWithin(app: FastifyInstance, request: FuzzRequest) {
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`no answer within ${REQUEST_BOUND_MS} ms: ${describeRequest(request)}`)),
      REQUEST_BOUND_MS,
    );
  });
  const headers = { ...request.headers };
  if (request.body?.contentType !== undefined) headers['content-type'] = request.body.contentType;
  try {
    return await Promise.race([
      app.inject({
        method: request.method as 'GET',
        url: request.url,
        headers,
        ...(request.remoteAddress ? { remoteAddress: request.remoteAddress } : {}),
        ...(request.body?.payload !== undefined ? { payload: request.body.payload } : {}),
      }),
      hang,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Sends one request and checks the three properties: no 5xx, an answer within the bound, and no table
 * changed when the answer is a 4xx. `state.fingerprint` is the digest before; it is moved to the digest
 * after (a 2xx or 3xx may change things: the next request starts from there).
 */
export async function checkRequest(
  target: { app: FastifyInstance; fingerprint: () => Promise<string> },
  state: { fingerprint: string },
  tally: FuzzTally,
  route: string,
  request: FuzzRequest,
): Promise<number> {
  const response = await injectWithin(target.app, request);
  tally.record(route, request, response.statusCode);
  const where = `${describeRequest(request)} (FUZZ_SEED=${FUZZ_SEED})`;
  if (response.statusCode >= 500) {
    throw new Error(`${response.statusCode} for ${where}: ${response.body.slice(0, 500)}`);
  }
  const after = await target.fingerprint();
  if (response.statusCode >= 400 && after !== state.fingerprint) {
    throw new Error(
      `${response.statusCode} changed tables for ${where}:\n${diffLines(state.fingerprint, after)}`,
    );
  }
  state.fingerprint = after;
  return response.statusCode;
}

function diffLines(before: string, after: string): string {
  const old = new Set(before.split('\n'));
  return after
    .split('\n')
    .filter((line) => !old.has(line))
    .map((line) => line.split(':')[0])
    .join(', ');
}

/** fast-check's options for one route: its own seed, FUZZ_RUNS inputs, no shrinking (bounded time). */
export function fuzzOptions<T = FuzzRequest>(routeName: string, runs: number): fc.Parameters<[T]> {
  return { numRuns: runs, seed: seedFor(routeName), endOnFailure: true };
}

/** The per-test timeout of a route's fuzz: every run may take the bound, twice over. */
export const routeTimeout = (runs: number) => runs * REQUEST_BOUND_MS * 2 + 30_000;

/**
 * A path segment as a hostile client writes it: percent-encoded, a lone surrogate (which no UTF-8 can
 * carry) as the bytes of one, which decode to nothing valid.
 */
export function pathSegment(value: string): string {
  let out = '';
  for (const char of value) {
    try {
      out += encodeURIComponent(char);
    } catch {
      out += '%ED%A0%80';
    }
  }
  return out;
}
