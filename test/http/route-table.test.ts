import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { ApiRoute } from '../../src/http/api/route-kit.ts';
import { apiRoutes } from '../../src/http/api/route-table.ts';
import { sdkProviderFactory } from '../../src/payments/provider-factory.ts';
import { MollieFakeServer } from '../fakes/mollie-fake-server.ts';
import { StripeFakeServer } from '../fakes/stripe-fake-server.ts';
import { type ApiHarness, createApiHarness } from '../support/api-harness.ts';

/**
 * Tests generated from the route table: a route added to the table without a sample request here fails
 * the first test, and then gets every isolation and validation check below.
 */

interface Fixture {
  customerId: string;
  invoiceId: string;
  draftInvoiceId: string;
  paymentId: string;
  creditNoteId: string;
  adminUserId: string;
  apiKeyId: string;
  templateId: string;
  emailId: string;
  paymentAccountId: string;
  webhookEndpointId: string;
  webhookDeliveryId: string;
}

interface Sample {
  params?: Record<string, string>;
  query?: Record<string, string>;
  body?: Record<string, unknown>;
  /** For routes that take a file. */
  file?: Buffer;
}

const TINY_PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n', 'latin1');

const line = { description: 'Consulting', quantity: '1', unitPriceMinor: 10000, vatRateBp: 2100 };

/** A valid request per route, aimed at organization A's data. */
const samples: Record<string, (fx: Fixture) => Sample> = {
  getOrganization: () => ({}),
  updateOrganization: () => ({ body: { primaryColor: '#123456' } }),
  listAdminUsers: () => ({}),
  createAdminUser: () => ({
    body: { name: 'Nina', email: `nina-${randomUUID()}@example.com`, language: 'nl' },
  }),
  getAdminUser: (fx) => ({ params: { adminUserId: fx.adminUserId } }),
  updateAdminUser: (fx) => ({ params: { adminUserId: fx.adminUserId }, body: { language: 'de' } }),
  deleteAdminUser: (fx) => ({ params: { adminUserId: fx.adminUserId } }),
  listApiKeys: () => ({}),
  createApiKey: () => ({ body: { name: 'Accounting sync' } }),
  revokeApiKey: (fx) => ({ params: { apiKeyId: fx.apiKeyId } }),
  listCustomers: () => ({ query: { limit: '10' } }),
  createCustomer: () => ({
    body: { kind: 'person', name: 'Zoë', language: 'en', emails: ['zoe@example.com'] },
  }),
  getCustomer: (fx) => ({ params: { customerId: fx.customerId } }),
  updateCustomer: (fx) => ({ params: { customerId: fx.customerId }, body: { name: 'Renamed' } }),
  listInvoices: (fx) => ({ query: { customerId: fx.customerId } }),
  createInvoice: (fx) => ({
    body: {
      number: `N-${randomUUID().slice(0, 8)}`,
      customerId: fx.customerId,
      issueDate: '2026-05-01',
      dueDate: '2026-05-31',
      lines: [line],
    },
  }),
  getInvoice: (fx) => ({ params: { invoiceId: fx.invoiceId }, query: { asOf: '2026-05-30' } }),
  updateDraftInvoice: (fx) => ({ params: { invoiceId: fx.draftInvoiceId }, body: { notes: 'Updated' } }),
  deleteDraftInvoice: (fx) => ({ params: { invoiceId: fx.draftInvoiceId } }),
  issueInvoice: (fx) => ({ params: { invoiceId: fx.draftInvoiceId } }),
  setFeeWaivers: (fx) => ({ params: { invoiceId: fx.invoiceId }, body: { interest: true } }),
  listPayments: (fx) => ({ params: { invoiceId: fx.invoiceId } }),
  recordPayment: (fx) => ({
    params: { invoiceId: fx.invoiceId },
    body: { amountMinor: 100, paidOn: '2026-05-02', method: 'cash' },
  }),
  removePayment: (fx) => ({ params: { invoiceId: fx.invoiceId, paymentId: fx.paymentId } }),
  listInvoiceEvents: (fx) => ({ params: { invoiceId: fx.invoiceId } }),
  listCreditNotes: (fx) => ({ query: { invoiceId: fx.invoiceId } }),
  createCreditNote: (fx) => ({
    body: {
      number: `CN-${randomUUID().slice(0, 8)}`,
      invoiceId: fx.invoiceId,
      issueDate: '2026-05-03',
      lines: [{ ...line, unitPriceMinor: 100 }],
    },
  }),
  getCreditNote: (fx) => ({ params: { creditNoteId: fx.creditNoteId } }),
  downloadInvoice: (fx) => ({ params: { invoiceId: fx.invoiceId } }),
  getInvoicePdf: (fx) => ({ params: { invoiceId: fx.invoiceId } }),
  uploadInvoicePdf: (fx) => ({ params: { invoiceId: fx.invoiceId }, file: TINY_PDF }),
  rerenderInvoicePdf: (fx) => ({ params: { invoiceId: fx.invoiceId } }),
  getCreditNotePdf: (fx) => ({ params: { creditNoteId: fx.creditNoteId } }),
  uploadCreditNotePdf: (fx) => ({ params: { creditNoteId: fx.creditNoteId }, file: TINY_PDF }),
  rerenderCreditNotePdf: (fx) => ({ params: { creditNoteId: fx.creditNoteId } }),
  getCustomerPortalLink: (fx) => ({ params: { customerId: fx.customerId } }),
  rotateCustomerPortalLink: (fx) => ({ params: { customerId: fx.customerId } }),
  revokeCustomerPortalLink: (fx) => ({ params: { customerId: fx.customerId } }),
  getInvoicePortalLink: (fx) => ({ params: { invoiceId: fx.invoiceId } }),
  listInvoiceComments: (fx) => ({ params: { invoiceId: fx.invoiceId } }),
  replyToInvoiceComments: (fx) => ({
    params: { invoiceId: fx.invoiceId },
    body: { body: 'Thank you, the corrected hours follow.' },
  }),
  markInvoiceCommentsRead: (fx) => ({ params: { invoiceId: fx.invoiceId } }),
  listCommentInbox: () => ({ query: { unread: 'true', limit: '10' } }),
  listEmailShortcodes: () => ({}),
  listEmailTemplates: () => ({}),
  createEmailTemplate: () => ({
    body: {
      name: `Reminder ${randomUUID().slice(0, 6)}`,
      language: 'nl',
      subject: 'Factuur #INVOICE_NUMBER',
      body: 'Beste #CUSTOMER_NAME,\n#LINK',
    },
  }),
  getEmailTemplate: (fx) => ({ params: { templateId: fx.templateId } }),
  updateEmailTemplate: (fx) => ({
    params: { templateId: fx.templateId },
    body: { subject: 'Invoice #INVOICE_NUMBER' },
  }),
  deleteEmailTemplate: (fx) => ({ params: { templateId: fx.templateId } }),
  sendInvoice: (fx) => ({
    params: { invoiceId: fx.invoiceId },
    body: { templateId: fx.templateId, to: ['someone@example.com'], cc: ['copy@example.com'] },
  }),
  listInvoiceEmails: (fx) => ({ params: { invoiceId: fx.invoiceId } }),
  getEmail: (fx) => ({ params: { emailId: fx.emailId } }),
  retryEmail: (fx) => ({ params: { emailId: fx.emailId } }),
  getInvoiceOnlinePayment: (fx) => ({ params: { invoiceId: fx.invoiceId } }),
  listPaymentAccounts: () => ({}),
  connectStripe: () => ({
    body: { secretKey: stripeFake.secretKey, webhookSecret: stripeFake.webhookSecret },
  }),
  connectMollie: () => ({ body: { apiKey: MOLLIE_KEY } }),
  disconnectPaymentAccount: (fx) => ({ params: { accountId: fx.paymentAccountId } }),
  listWebhookEndpoints: () => ({}),
  createWebhookEndpoint: () => ({
    body: { url: 'https://erp.example.com/hooks', events: ['comment.created'], description: 'ERP' },
  }),
  getWebhookEndpoint: (fx) => ({ params: { endpointId: fx.webhookEndpointId } }),
  updateWebhookEndpoint: (fx) => ({ params: { endpointId: fx.webhookEndpointId }, body: { enabled: false } }),
  deleteWebhookEndpoint: (fx) => ({ params: { endpointId: fx.webhookEndpointId } }),
  rotateWebhookSecret: (fx) => ({ params: { endpointId: fx.webhookEndpointId } }),
  listWebhookDeliveries: (fx) => ({ params: { endpointId: fx.webhookEndpointId }, query: { limit: '10' } }),
  redeliverWebhook: (fx) => ({ params: { deliveryId: fx.webhookDeliveryId } }),
};

/** Sends a sample to a route, as JSON or as a file. */
function send(key: string | null, route: ApiRoute, sample: Sample, headers: Record<string, string> = {}) {
  if (sample.file) {
    return h.request(key, route.method, url(route, sample), sample.file, {
      'content-type': 'application/pdf',
      ...headers,
    });
  }
  return h.request(key, route.method, url(route, sample), sample.body, headers);
}

function url(route: ApiRoute, sample: Sample): string {
  const path = route.path.replace(/:(\w+)/g, (_, name: string) => sample.params?.[name] ?? `missing-${name}`);
  const query = sample.query ? `?${new URLSearchParams(sample.query).toString()}` : '';
  return `/api/v1${path}${query}`;
}

type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  anyOf?: JsonSchema[];
  items?: JsonSchema;
};

/** The path of every text field a schema takes, nested objects and array items (index 0) included. */
function textPaths(schema: JsonSchema, path: (string | number)[] = []): (string | number)[][] {
  const variants = schema.anyOf ?? [schema];
  const paths: (string | number)[][] = [];
  if (variants.some((v) => types(v).includes('string'))) paths.push(path);
  for (const v of variants) {
    for (const [name, prop] of Object.entries(v.properties ?? {}))
      paths.push(...textPaths(prop, [...path, name]));
    if (v.items) paths.push(...textPaths(v.items, [...path, 0]));
  }
  return paths;
}

/** A copy of `body` with `value` at `path`, creating the objects and arrays on the way. */
function withValueAt(body: Record<string, unknown>, path: (string | number)[], value: unknown): unknown {
  const copy = structuredClone(body) as Record<string | number, unknown>;
  let node = copy;
  path.forEach((key, i) => {
    if (i === path.length - 1) {
      node[key] = value;
      return;
    }
    const next = path[i + 1];
    if (typeof node[key] !== 'object' || node[key] === null) node[key] = typeof next === 'number' ? [] : {};
    node = node[key] as Record<string | number, unknown>;
  });
  return copy;
}

function jsonSchema(schema: z.ZodType): JsonSchema {
  return z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
}

function types(schema: JsonSchema): string[] {
  if (schema.anyOf) return schema.anyOf.flatMap(types);
  if (Array.isArray(schema.type)) return schema.type;
  return schema.type ? [schema.type] : [];
}

/** A value of a type the property does not accept. */
function wrongValue(schema: JsonSchema): unknown {
  const accepted = types(schema);
  if (!accepted.includes('object')) return { unexpected: true };
  return 'not an object';
}

let h: ApiHarness;
let fx: Fixture;

async function createFixture(): Promise<Fixture> {
  const key = h.a.key;
  const customer = await h.request(key, 'POST', '/api/v1/customers', {
    kind: 'company',
    name: 'Alpha Customer NV',
    language: 'fr',
    emails: ['alpha-customer@example.com'],
  });
  const invoice = await h.request(key, 'POST', '/api/v1/invoices', {
    number: 'A-0001',
    customerId: customer.body.id,
    issueDate: '2026-04-01',
    dueDate: '2026-04-30',
    lines: [line, { ...line, vatRateBp: 600 }],
  });
  const draft = await h.request(key, 'POST', '/api/v1/invoices', {
    number: 'A-DRAFT',
    customerId: customer.body.id,
    state: 'draft',
    issueDate: '2026-05-01',
    dueDate: '2026-05-31',
    lines: [line],
  });
  const payment = await h.request(key, 'POST', `/api/v1/invoices/${invoice.body.id}/payments`, {
    amountMinor: 5000,
    paidOn: '2026-04-15',
    method: 'bank_transfer',
  });
  const creditNote = await h.request(key, 'POST', '/api/v1/credit-notes', {
    number: 'A-CN-0001',
    invoiceId: invoice.body.id,
    issueDate: '2026-04-10',
    lines: [{ ...line, unitPriceMinor: 1000 }],
  });
  const admin = await h.request(key, 'POST', '/api/v1/admin-users', {
    name: 'Second admin',
    email: 'second@alpha.example',
    language: 'en',
  });
  const apiKey = await h.request(key, 'POST', '/api/v1/api-keys', { name: 'Spare key' });
  const template = await h.request(key, 'POST', '/api/v1/email-templates', {
    name: 'Friendly reminder',
    language: 'en',
    subject: 'Invoice #INVOICE_NUMBER',
    body: 'Hello #CUSTOMER_NAME,\n\n#LINK',
  });
  const endpoint = await h.request(key, 'POST', '/api/v1/webhook-endpoints', {
    url: 'https://erp.example.com/hooks',
    events: ['invoice.viewed'],
  });
  const all = [customer, invoice, draft, payment, creditNote, admin, apiKey, template, endpoint];
  for (const response of all) expect(response.status, JSON.stringify(response.body)).toBe(201);
  // A delivered event in the log (the worker does not run in these tests).
  const delivery = await h.database.db
    .insertInto('webhook_deliveries')
    .values({
      organization_id: h.a.id,
      endpoint_id: endpoint.body.id,
      event_id: randomUUID(),
      event_type: 'invoice.viewed',
      body: JSON.stringify({ id: 'x', type: 'invoice.viewed', data: { invoiceId: invoice.body.id } }),
      status: 'delivered',
      attempts: 1,
      last_status_code: 200,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const stripe = await h.request(key, 'PUT', '/api/v1/payment-accounts/stripe', {
    secretKey: stripeFake.secretKey,
    webhookSecret: stripeFake.webhookSecret,
  });
  expect(stripe.status, JSON.stringify(stripe.body)).toBe(200);
  // A message that failed (the worker does not run in these tests), so it can be retried.
  const email = await h.database.db
    .insertInto('outgoing_emails')
    .values({
      organization_id: h.a.id,
      invoice_id: invoice.body.id,
      kind: 'invoice',
      dedupe_key: null,
      message_id: `<${randomUUID()}@portal.test>`,
      from_name: 'Alpha SRL',
      reply_to: null,
      to_addresses: ['alpha-customer@example.com'],
      language: 'fr',
      subject: 'Facture A-0001',
      text_body: 'Bonjour',
      html_body: null,
      attachments: '[]',
      status: 'failed',
      last_error: '550 mailbox unknown',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return {
    customerId: customer.body.id,
    invoiceId: invoice.body.id,
    draftInvoiceId: draft.body.id,
    paymentId: payment.body.id,
    creditNoteId: creditNote.body.id,
    adminUserId: admin.body.id,
    apiKeyId: apiKey.body.id,
    templateId: template.body.id,
    emailId: email.id,
    paymentAccountId: stripe.body.id,
    webhookEndpointId: endpoint.body.id,
    webhookDeliveryId: delivery.id,
  };
}

const MOLLIE_KEY = 'test_routeTableKey0123456789abcdef';
const stripeFake = new StripeFakeServer();
const mollieFake = new MollieFakeServer({ apiKey: MOLLIE_KEY });

beforeAll(async () => {
  await stripeFake.start();
  await mollieFake.start();
  h = await createApiHarness({
    providers: sdkProviderFactory({ stripe: stripeFake.api, mollie: mollieFake.url }),
  });
  fx = await createFixture();
});

afterAll(async () => {
  await h?.close();
  await stripeFake.stop();
  await mollieFake.stop();
});

describe('route table', () => {
  it('has a sample request for every route, and every sample belongs to a route', () => {
    const ids = apiRoutes.map((r) => r.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.filter((id) => !samples[id])).toEqual([]);
    expect(Object.keys(samples).filter((id) => !ids.includes(id))).toEqual([]);
  });

  it('answers 401 on every route without a key, or with an unknown one, and writes nothing', async () => {
    const before = await h.fingerprint();
    for (const route of apiRoutes) {
      const sample = samples[route.operationId]?.(fx) ?? {};
      for (const key of [null, 'ipk_unknownunknownunknownunknownunknownunknown00']) {
        const res = await send(key, route, sample);
        expect(res.status, `${route.method} ${route.path}`).toBe(401);
        expect(res.body.error.code).toBe('UNAUTHORIZED');
      }
    }
    expect(await h.fingerprint()).toBe(before);
  });
});

const idsOf = (f: Fixture) => Object.values(f);

describe.each(apiRoutes.map((r) => [`${r.method} ${r.path}`, r] as const))('%s', (_name, route) => {
  it("refuses another organization's key: never reaches, reveals or changes organization A's data", async () => {
    const sample = samples[route.operationId]?.(fx) ?? {};
    const aimsAtA = JSON.stringify(sample).match(new RegExp(idsOf(fx).join('|')));
    const beforeA = await h.fingerprint(h.a.id);
    const res = await send(h.b.key, route, sample);
    if (aimsAtA) {
      expect(res.status, JSON.stringify(res.body)).toBe(404);
      expect(res.body.error.code).toMatch(/NOT_FOUND$/);
    } else {
      expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
    }
    const text = typeof res.body === 'string' ? res.body : JSON.stringify(res.body ?? '');
    for (const id of [...idsOf(fx), h.a.id]) expect(text).not.toContain(id);
    expect(text).not.toContain('Alpha');
    expect(await h.fingerprint(h.a.id)).toBe(beforeA);
  });

  if (route.params) {
    it('answers a malformed id with 400 naming the parameter, and an unknown id with 404, writing nothing', async () => {
      const sample = samples[route.operationId]?.(fx) ?? {};
      const before = await h.fingerprint();
      for (const name of Object.keys(sample.params ?? {})) {
        const malformed = { ...sample, params: { ...sample.params, [name]: 'not-a-uuid' } };
        const bad = await send(h.a.key, route, malformed);
        expect(bad.status).toBe(400);
        expect(bad.body.error).toMatchObject({ code: 'VALIDATION_FAILED', field: `params.${name}` });
        const unknown = { ...sample, params: { ...sample.params, [name]: randomUUID() } };
        const missing = await send(h.a.key, route, unknown);
        expect(missing.status, JSON.stringify(missing.body)).toBe(404);
      }
      expect(await h.fingerprint()).toBe(before);
    });
  }

  if (route.query) {
    it('answers a bad query with 400 naming the parameter, writing nothing', async () => {
      const sample = samples[route.operationId]?.(fx) ?? {};
      const before = await h.fingerprint();
      const unknown = await h.request(
        h.a.key,
        route.method,
        url(route, { ...sample, query: { ...sample.query, bogus: '1' } }),
        sample.body,
      );
      expect(unknown.status).toBe(400);
      expect(unknown.body.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'query.bogus' });
      const properties = jsonSchema(route.query as z.ZodType).properties ?? {};
      for (const name of Object.keys(properties)) {
        const bad = await h.request(
          h.a.key,
          route.method,
          url(route, { ...sample, query: { ...sample.query, [name]: 'x'.repeat(300) } }),
          sample.body,
        );
        expect(bad.status, `query ${name}`).toBe(400);
        expect(bad.body.error.field).toBe(`query.${name}`);
      }
      expect(await h.fingerprint()).toBe(before);
    });
  }

  if (route.body) {
    it('answers every kind of bad body with 400 naming the field, in the caller’s language, writing nothing', async () => {
      const sample = samples[route.operationId]?.(fx) ?? {};
      const body = sample.body ?? {};
      const target = url(route, sample);
      const schema = jsonSchema(route.body as z.ZodType);
      const properties = schema.properties ?? {};
      const cases: { body: unknown; field: string; what: string }[] = [
        { body: undefined, field: 'body', what: 'no body' },
        { body: [], field: 'body', what: 'an array' },
        { body: { ...body, unexpectedField: 1 }, field: 'unexpectedField', what: 'an unknown field' },
        ...(schema.required ?? []).map((name) => {
          const { [name]: _removed, ...rest } = body;
          return { body: rest, field: name, what: `without ${name}` };
        }),
        ...Object.entries(properties).map(([name, prop]) => ({
          body: { ...body, [name]: wrongValue(prop) },
          field: name,
          what: `${name} of the wrong type`,
        })),
      ];
      const before = await h.fingerprint();
      for (const c of cases) {
        const en = await h.request(h.a.key, route.method, target, c.body, { 'accept-language': 'en' });
        expect(en.status, `${c.what}: ${JSON.stringify(en.body)}`).toBe(400);
        expect(en.body.error.code).toBe('VALIDATION_FAILED');
        expect(en.body.error.field, c.what).toBe(c.field);
        const fr = await h.request(h.a.key, route.method, target, c.body, {
          'accept-language': 'fr-BE,fr;q=0.9',
        });
        expect(fr.body.error.field).toBe(c.field);
        expect(fr.body.error.message, c.what).not.toBe(en.body.error.message);
      }
      expect(await h.fingerprint()).toBe(before);
    });
  }
});

describe('control characters (a NUL byte) in any text, on every route', () => {
  const NUL = 'a\u0000b';
  it.each(apiRoutes.map((r) => [`${r.method} ${r.path}`, r] as const))(
    '%s: every text field, query and id with U+0000 gets a localized 400 naming it, and nothing changes',
    async (_name, route) => {
      const sample = samples[route.operationId]?.(fx) ?? {};
      const cases: { sample: Sample; field: string }[] = [];
      for (const name of Object.keys(sample.params ?? {})) {
        cases.push({
          sample: { ...sample, params: { ...sample.params, [name]: NUL } },
          field: `params.${name}`,
        });
      }
      for (const name of Object.keys(route.query ? (jsonSchema(route.query).properties ?? {}) : {})) {
        cases.push({
          sample: { ...sample, query: { ...sample.query, [name]: NUL } },
          field: `query.${name}`,
        });
      }
      if (route.body) {
        for (const path of textPaths(jsonSchema(route.body))) {
          if (path.length === 0) continue;
          cases.push({
            sample: { ...sample, body: withValueAt(sample.body ?? {}, path, NUL) as Record<string, unknown> },
            field: path.join('.'),
          });
        }
        // Object keys are text too.
        cases.push({ sample: { ...sample, body: { ...sample.body, 'x\u0000': 1 } }, field: 'x\u0000' });
      }
      const before = await h.fingerprint();
      for (const c of cases) {
        const en = await send(h.a.key, route, c.sample, { 'accept-language': 'en' });
        expect(en.status, `${c.field}: ${JSON.stringify(en.body)}`).toBe(400);
        expect(en.body.error).toMatchObject({ code: 'VALIDATION_FAILED', field: c.field });
        expect(en.body.error.message).toContain('U+0000');
        const de = await send(h.a.key, route, c.sample, { 'accept-language': 'de' });
        expect(de.body.error.message).toContain('Steuerzeichen');
      }
      expect(await h.fingerprint()).toBe(before);
      // Every route with a body has text fields to try.
      if (route.body && route.operationId !== 'setFeeWaivers') expect(cases.length).toBeGreaterThan(1);
    },
  );

  it('refuses other control characters and lone surrogates too, but keeps tabs, line breaks and any script', async () => {
    for (const bad of ['\u0007', '\u001b[31m', '\u007f', '\u0085', '\ud800', 'x\udc00', '\uffff']) {
      const res = await h.request(h.a.key, 'POST', '/api/v1/customers', {
        kind: 'person',
        name: `Name ${bad}`,
        language: 'en',
        emails: [],
      });
      expect(res.status, JSON.stringify(bad)).toBe(400);
      expect(res.body.error.field).toBe('name');
    }
    const fine = await h.request(h.a.key, 'POST', '/api/v1/customers', {
      kind: 'person',
      name: 'Zoë Łukasz 山田 محمد 👩‍💼',
      addressLine1: 'Rue\tde la Loi 16',
      language: 'en',
      emails: [],
    });
    expect(fine.status, JSON.stringify(fine.body)).toBe(201);
    expect(fine.body.name).toBe('Zoë Łukasz 山田 محمد 👩‍💼');
  });
});

/** Input that passes the schema but breaks a business rule: a precise 4xx, and nothing written. */
const ruleViolations: {
  name: string;
  method: string;
  path: (f: Fixture) => string;
  body?: (f: Fixture) => unknown;
  status: number;
  code: string;
  field?: string;
}[] = [
  {
    name: 'due date before issue date',
    method: 'POST',
    path: () => '/api/v1/invoices',
    body: (f) => ({ ...samples.createInvoice?.(f).body, dueDate: '2026-04-01' }),
    status: 422,
    code: 'DUE_BEFORE_ISSUE',
    field: 'dueDate',
  },
  {
    name: 'duplicate invoice number',
    method: 'POST',
    path: () => '/api/v1/invoices',
    body: (f) => ({ ...samples.createInvoice?.(f).body, number: 'A-0001' }),
    status: 409,
    code: 'DUPLICATE_NUMBER',
    field: 'number',
  },
  {
    name: 'unknown currency',
    method: 'POST',
    path: () => '/api/v1/invoices',
    body: (f) => ({ ...samples.createInvoice?.(f).body, currency: 'XYZ' }),
    status: 400,
    code: 'VALIDATION_FAILED',
    field: 'currency',
  },
  {
    name: 'VAT rate on a reverse-charge line',
    method: 'POST',
    path: () => '/api/v1/invoices',
    body: (f) => ({
      ...samples.createInvoice?.(f).body,
      lines: [line, { ...line, vatCategory: 'reverse_charge' }],
    }),
    status: 422,
    code: 'INVALID_LINE',
    field: 'lines.1.vatRateBp',
  },
  {
    name: 'lines with a negative total',
    method: 'POST',
    path: () => '/api/v1/invoices',
    body: (f) => ({ ...samples.createInvoice?.(f).body, lines: [{ ...line, quantity: '-1' }] }),
    status: 422,
    code: 'NEGATIVE_TOTAL',
    field: 'lines',
  },
  {
    name: 'invalid payment reference',
    method: 'POST',
    path: () => '/api/v1/invoices',
    body: (f) => ({ ...samples.createInvoice?.(f).body, paymentReference: '+++010/8068/17184+++' }),
    status: 422,
    code: 'INVALID_PAYMENT_REFERENCE',
    field: 'paymentReference',
  },
  {
    name: 'imported payments on a draft',
    method: 'POST',
    path: () => '/api/v1/invoices',
    body: (f) => ({
      ...samples.createInvoice?.(f).body,
      state: 'draft',
      payments: [{ amountMinor: 1, paidOn: '2026-05-02', method: 'cash' }],
    }),
    status: 409,
    code: 'INVOICE_NOT_ISSUED',
    field: 'payments',
  },
  {
    name: 'changing an issued invoice',
    method: 'PATCH',
    path: (f) => `/api/v1/invoices/${f.invoiceId}`,
    body: () => ({ notes: 'x' }),
    status: 409,
    code: 'INVOICE_IMMUTABLE',
  },
  {
    name: 'deleting an issued invoice',
    method: 'DELETE',
    path: (f) => `/api/v1/invoices/${f.invoiceId}`,
    status: 409,
    code: 'INVOICE_IMMUTABLE',
  },
  {
    name: 'crediting more than the invoice',
    method: 'POST',
    path: () => '/api/v1/credit-notes',
    body: (f) => ({ ...samples.createCreditNote?.(f).body, lines: [{ ...line, unitPriceMinor: 999999 }] }),
    status: 422,
    code: 'CREDIT_EXCEEDS_INVOICE',
    field: 'lines',
  },
  {
    name: 'crediting a draft',
    method: 'POST',
    path: () => '/api/v1/credit-notes',
    body: (f) => ({ ...samples.createCreditNote?.(f).body, invoiceId: f.draftInvoiceId }),
    status: 409,
    code: 'INVOICE_NOT_ISSUED',
    field: 'invoiceId',
  },
  {
    name: 'payment in another currency',
    method: 'POST',
    path: (f) => `/api/v1/invoices/${f.invoiceId}/payments`,
    body: () => ({ amountMinor: 100, currency: 'USD', paidOn: '2026-05-02', method: 'cash' }),
    status: 422,
    code: 'CURRENCY_MISMATCH',
    field: 'currency',
  },
  {
    name: 'payment on a draft',
    method: 'POST',
    path: (f) => `/api/v1/invoices/${f.draftInvoiceId}/payments`,
    body: () => ({ amountMinor: 100, paidOn: '2026-05-02', method: 'cash' }),
    status: 409,
    code: 'INVOICE_NOT_ISSUED',
    field: 'invoiceId',
  },
  {
    name: 'payment of zero',
    method: 'POST',
    path: (f) => `/api/v1/invoices/${f.invoiceId}/payments`,
    body: () => ({ amountMinor: 0, paidOn: '2026-05-02', method: 'cash' }),
    status: 400,
    code: 'VALIDATION_FAILED',
    field: 'amountMinor',
  },
  {
    name: 'an impossible date',
    method: 'POST',
    path: (f) => `/api/v1/invoices/${f.invoiceId}/payments`,
    body: () => ({ amountMinor: 100, paidOn: '2026-02-30', method: 'cash' }),
    status: 400,
    code: 'VALIDATION_FAILED',
    field: 'paidOn',
  },
  {
    name: 'an invalid IBAN',
    method: 'PATCH',
    path: () => '/api/v1/organization',
    body: () => ({ iban: 'BE71 0961 2345 6760' }),
    status: 400,
    code: 'VALIDATION_FAILED',
    field: 'iban',
  },
  {
    name: 'an unknown time zone',
    method: 'PATCH',
    path: () => '/api/v1/organization',
    body: () => ({ timeZone: 'Europe/Atlantis' }),
    status: 400,
    code: 'VALIDATION_FAILED',
    field: 'timeZone',
  },
  {
    name: 'an empty change',
    method: 'PATCH',
    path: (f) => `/api/v1/admin-users/${f.adminUserId}`,
    body: () => ({}),
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'a duplicate admin e-mail',
    method: 'POST',
    path: () => '/api/v1/admin-users',
    body: () => ({ name: 'Dup', email: 'SECOND@alpha.example', language: 'en' }),
    status: 409,
    code: 'DUPLICATE_EMAIL',
    field: 'email',
  },
  {
    name: 'a webhook URL over plain http to another host',
    method: 'POST',
    path: () => '/api/v1/webhook-endpoints',
    body: () => ({ url: 'http://erp.example.com/hooks', events: ['comment.created'] }),
    status: 422,
    code: 'INVALID_WEBHOOK_URL',
    field: 'url',
  },
  {
    name: 'a webhook URL with a password',
    method: 'PATCH',
    path: (f) => `/api/v1/webhook-endpoints/${f.webhookEndpointId}`,
    body: () => ({ url: 'https://user:secret@erp.example.com/hooks' }),
    status: 422,
    code: 'INVALID_WEBHOOK_URL',
    field: 'url',
  },
  {
    name: 'a webhook subscribed to no event',
    method: 'POST',
    path: () => '/api/v1/webhook-endpoints',
    body: () => ({ url: 'https://erp.example.com/hooks', events: [] }),
    status: 400,
    code: 'VALIDATION_FAILED',
    field: 'events',
  },
  {
    name: 'a webhook subscribed to an unknown event',
    method: 'POST',
    path: () => '/api/v1/webhook-endpoints',
    body: () => ({ url: 'https://erp.example.com/hooks', events: ['invoice.deleted'] }),
    status: 400,
    code: 'VALIDATION_FAILED',
    field: 'events.0',
  },
  {
    name: 'a reply on a draft, which the customer cannot see',
    method: 'POST',
    path: (f) => `/api/v1/invoices/${f.draftInvoiceId}/comments`,
    body: () => ({ body: 'Hello' }),
    status: 404,
    code: 'INVOICE_NOT_FOUND',
    field: 'invoiceId',
  },
  {
    name: 'an empty reply',
    method: 'POST',
    path: (f) => `/api/v1/invoices/${f.invoiceId}/comments`,
    body: () => ({ body: ' \n\t ' }),
    status: 422,
    code: 'INVALID_COMMENT',
    field: 'body',
  },
  {
    name: 'a reply too long',
    method: 'POST',
    path: (f) => `/api/v1/invoices/${f.invoiceId}/comments`,
    body: () => ({ body: 'é'.repeat(2001) }),
    status: 422,
    code: 'INVALID_COMMENT',
    field: 'body',
  },
  {
    name: 'marking a draft’s comments read',
    method: 'POST',
    path: (f) => `/api/v1/invoices/${f.draftInvoiceId}/comments/read`,
    status: 404,
    code: 'INVOICE_NOT_FOUND',
    field: 'invoiceId',
  },
  {
    name: 'a forged inbox cursor',
    method: 'GET',
    path: () => '/api/v1/comments?cursor=bm90LWEtY3Vyc29y',
    status: 400,
    code: 'VALIDATION_FAILED',
    field: 'query.cursor',
  },
  {
    name: 'malformed JSON',
    method: 'POST',
    path: () => '/api/v1/customers',
    body: () => '{"kind":',
    status: 400,
    code: 'INVALID_JSON',
  },
  {
    name: 'an unknown route',
    method: 'GET',
    path: () => '/api/v1/nothing-here',
    status: 404,
    code: 'ROUTE_NOT_FOUND',
  },
];

describe('business rules refuse precisely and change nothing', () => {
  it.each(ruleViolations)('$name → $status $code', async (v) => {
    const before = await h.fingerprint();
    const body = v.body?.(fx);
    const headers: Record<string, string> =
      typeof body === 'string' ? { 'content-type': 'application/json' } : {};
    const res = await h.request(h.a.key, v.method, v.path(fx), body, headers);
    expect(res.status, JSON.stringify(res.body)).toBe(v.status);
    expect(res.body.error.code).toBe(v.code);
    if (v.field) expect(res.body.error.field).toBe(v.field);
    expect(res.body.error.message.length).toBeGreaterThan(10);
    expect(await h.fingerprint()).toBe(before);
  });

  it('refuses to remove the last admin', async () => {
    const admins = await h.request(h.b.key, 'GET', '/api/v1/admin-users');
    const [last, ...others] = admins.body.data as { id: string }[];
    for (const other of others) {
      expect((await h.request(h.b.key, 'DELETE', `/api/v1/admin-users/${other.id}`)).status).toBe(204);
    }
    const before = await h.fingerprint();
    const res = await h.request(h.b.key, 'DELETE', `/api/v1/admin-users/${last?.id}`);
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('LAST_ADMIN');
    expect(await h.fingerprint()).toBe(before);
  });
});
