import { expect } from 'vitest';
import type { DatabaseKind } from '../../src/db/connect-database.ts';
import { insertAdminPasskey } from '../../src/db/repositories/admin-passkey.repository.ts';
import { sdkProviderFactory } from '../../src/payments/provider-factory.ts';
import { MollieFakeServer } from '../fakes/mollie-fake-server.ts';
import { StripeFakeServer } from '../fakes/stripe-fake-server.ts';
import { type ApiHarness, createApiHarness } from './api-harness.ts';
import { signInAs } from './back-office.ts';

/**
 * The data every back-office route is aimed at, shared by the route-table tests and the fuzz: a value for
 * each path parameter and a valid form for each POST (by route name). A new route without an entry here
 * fails `test/back-office/back-office-routes.test.ts`.
 */

/** The keys of the fake providers the seeded organizations connect to. */
export const STRIPE_KEY = 'sk_test_routeTableKey0123';
export const MOLLIE_KEY = 'test_routeTableKey0123456789abcd';

const line = { description: 'Consulting', quantity: '1', unitPriceMinor: 10000, vatRateBp: 2100 };

export interface OrgIds {
  invoiceId: string;
  customerId: string;
  /** A draft invoice (only drafts can be edited). */
  draftId: string;
  creditNoteId: string;
  /** A connected (fake) Mollie account. */
  accountId: string;
  /** An API key besides the one the tests use. */
  apiKeyId: string;
  endpointId: string;
  /** A failed delivery of that endpoint (so it can be redelivered). */
  deliveryId: string;
  /** A failed e-mail (so it can be retried). */
  emailId: string;
  /** An e-mail template the organization added (not a default: those cannot be deleted). */
  templateId: string;
  /** A second admin (so removing them is not refused as the last). */
  adminUserId: string;
  /** A live session of the organization's first admin (public id). */
  sessionId: string;
  /** A passkey of the organization's first admin. */
  passkeyId: string;
  /** A payment recorded by hand on the issued invoice. */
  paymentId: string;
}

export const NO_IDS: OrgIds = {
  invoiceId: '',
  customerId: '',
  draftId: '',
  apiKeyId: '',
  endpointId: '',
  deliveryId: '',
  emailId: '',
  creditNoteId: '',
  accountId: '',
  templateId: '',
  adminUserId: '',
  sessionId: '',
  passkeyId: '',
  paymentId: '',
};

/** The value of each path parameter, for one organization's data. */
export const PARAMS: Record<string, (ids: OrgIds) => string> = {
  invoiceId: (ids) => ids.invoiceId,
  customerId: (ids) => ids.customerId,
  draftId: (ids) => ids.draftId,
  creditNoteId: (ids) => ids.creditNoteId,
  accountId: (ids) => ids.accountId,
  apiKeyId: (ids) => ids.apiKeyId,
  endpointId: (ids) => ids.endpointId,
  deliveryId: (ids) => ids.deliveryId,
  emailId: (ids) => ids.emailId,
  templateId: (ids) => ids.templateId,
  adminUserId: (ids) => ids.adminUserId,
  sessionId: (ids) => ids.sessionId,
  passkeyId: (ids) => ids.passkeyId,
  paymentId: (ids) => ids.paymentId,
};

/** A valid form for every POST route: accepted for the admin's own data, so a refusal is the check's doing. */
export type Form = Record<string, string> | ((ids: OrgIds) => Record<string, string>);
export const FORMS: Record<string, Form> = {
  recordPayment: { amount: '12.50', paidOn: '2026-05-20', method: 'cash', note: 'At the counter' },
  setWaivers: { lateFee: '1' },
  createCustomer: { kind: 'company', name: 'New NV', language: 'nl', emails: 'a@new.example' },
  updateCustomer: { kind: 'person', name: 'Renamed', language: 'de', emails: 'b@new.example' },
  rotatePortalLink: {},
  revokePortalLink: {},
  sendEmail: { to: 'billing@customer.example', cc: '' },
  createInvoice: (ids) => ({
    intent: 'issue',
    rows: '1',
    customerId: ids.customerId,
    number: 'BO-1',
    issueDate: '2026-05-01',
    dueDate: '2026-05-31',
    'lines.0.description': 'Work',
    'lines.0.quantity': '1',
    'lines.0.unitPrice': '100',
    'lines.0.vatRate': '21',
  }),
  issueDraft: {},
  deleteDraft: {},
  removePayment: {},
  updateDraft: (ids) => ({
    intent: 'draft',
    rows: '1',
    customerId: ids.customerId,
    number: 'BO-DRAFT-EDITED',
    issueDate: '2026-05-01',
    dueDate: '2026-05-31',
    'lines.0.description': 'Edited work',
    'lines.0.quantity': '2',
    'lines.0.unitPrice': '50',
    'lines.0.vatRate': '21',
  }),
  replyToComment: { body: 'Thank you, we will send it again.' },
  saveCompanySettings: {
    legalName: 'Alpha SRL',
    addressLine1: 'Rue Neuve 1',
    postalCode: '1000',
    city: 'Bruxelles',
    country: 'BE',
    timeZone: 'Europe/Brussels',
    defaultLanguage: 'fr',
    defaultCurrency: 'EUR',
  },
  saveBankSettings: { iban: 'BE71 0961 2345 6769', bic: 'GKCCBEBB', paymentReferenceKind: 'rf' },
  saveLateFeeSettings: {
    lateFeePercent: '12',
    lateFeeMinimum: '60',
    annualInterest: '8.5',
    fixedCompensationB2B: '1',
  },
  createCreditNote: {
    intent: 'create',
    number: 'CN-BO-1',
    issueDate: '2026-05-01',
    mode: 'amount',
    description: 'Goodwill',
    amount: '12.10',
  },
  connectStripe: { secretKey: STRIPE_KEY, webhookSecret: 'whsec_routeTableSecret' },
  connectMollie: { apiKey: MOLLIE_KEY },
  disconnectPaymentAccount: {},
  saveBranding: { intent: 'save', primaryColor: '#1f4e79', accentColor: '#f2b134' },
  uploadLogo: {},
  removeLogo: {},
  createApiKey: { name: 'Deploy' },
  revokeApiKey: {},
  createWebhook: { url: 'https://hooks.example/new', events: 'invoice.sent' },
  updateWebhook: { url: 'https://hooks.example/changed', events: 'invoice.paid', enabled: '1' },
  rotateWebhookSecret: {},
  deleteWebhook: {},
  redeliverWebhook: {},
  retryEmail: {},
  saveEmailSettings: { emailDesignedLayout: '1' },
  createEmailTemplate: {
    intent: 'save',
    name: 'Route test',
    language: 'fr',
    subject: 'Facture',
    body: '#LINK',
  },
  updateEmailTemplate: {
    intent: 'save',
    name: 'Renamed',
    language: 'fr',
    subject: 'Facture',
    body: 'Voir : #LINK',
  },
  setDefaultEmailTemplate: {},
  deleteEmailTemplate: {},
  signOut: {},
  signOutEverywhere: {},
  inviteAdmin: { name: 'Invited Admin', email: 'invited@route-table.example', language: 'nl' },
  updateAdmin: { language: 'de', notifyComments: '1' },
  removeAdmin: {},
  endSession: {},
  endOtherSessions: {},
  passkeyRegistrationOptions: {},
  // The browser's answer is checked by the library; with none, nothing is stored.
  addPasskey: { name: 'Laptop', credential: '' },
  removePasskey: {},
  // Takes its file as multipart (test/back-office/invoice-pdf.test.ts); sent urlencoded here, it is admitted
  // (or refused) like every POST, then finds no file and changes nothing.
  uploadInvoicePdf: {},
  rerenderInvoicePdf: {},
};

export const urlOf = (path: string, ids: OrgIds) =>
  `/admin${path === '/' ? '' : path}`.replace(/:(\w+)/g, (_m, name: string) => {
    const value = PARAMS[name];
    if (!value) throw new Error(`No test value for :${name}`);
    return value(ids);
  });

/** The form of a route, aimed at one organization's data. */
export const formFor = (name: string, ids: OrgIds): Record<string, string> => {
  const form = FORMS[name] ?? {};
  return typeof form === 'function' ? form(ids) : form;
};

export const formBody = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

/**
 * Seeds one organization (by its API key) with one row of every kind a back-office URL names, and signs its
 * first admin in once (a live session to end): the ids every route and form of the table is aimed at.
 */
export async function seedBackOffice(h: ApiHarness, key: string, name: string): Promise<OrgIds> {
  const customer = await h.request(key, 'POST', '/api/v1/customers', {
    kind: 'company',
    name,
    language: 'fr',
    emails: [`billing@${name.toLowerCase().replace(/\W+/g, '')}.example`],
  });
  const invoice = await h.request(key, 'POST', '/api/v1/invoices', {
    number: `${name.slice(0, 1)}-0001`,
    customerId: customer.body.id,
    issueDate: '2026-04-01',
    dueDate: '2026-04-30',
    lines: [line],
  });
  expect(invoice.status).toBe(201);
  const draft = await h.request(key, 'POST', '/api/v1/invoices', {
    number: `${name.slice(0, 1)}-DRAFT`,
    customerId: customer.body.id,
    state: 'draft',
    issueDate: '2026-04-01',
    dueDate: '2026-04-30',
    lines: [line],
  });
  expect(draft.status).toBe(201);
  const creditNote = await h.request(key, 'POST', '/api/v1/credit-notes', {
    number: `${name.slice(0, 1)}-CN-0001`,
    invoiceId: invoice.body.id,
    issueDate: '2026-04-05',
    lines: [{ ...line, description: 'Discount', unitPriceMinor: 1000 }],
  });
  expect(creditNote.status).toBe(201);
  const account = await h.request(key, 'PUT', '/api/v1/payment-accounts/mollie', { apiKey: MOLLIE_KEY });
  expect(account.status).toBe(200);
  const apiKey = await h.request(key, 'POST', '/api/v1/api-keys', { name: `${name} deploy` });
  expect(apiKey.status).toBe(201);
  const endpoint = await h.request(key, 'POST', '/api/v1/webhook-endpoints', {
    url: `https://hooks.example/${name.slice(0, 1).toLowerCase()}`,
    events: ['invoice.viewed'],
  });
  expect(endpoint.status).toBe(201);
  // The customer opens the invoice in the portal: an invoice.viewed delivery, marked failed (no worker
  // runs here) so that it can be redelivered.
  const link = await h.request(key, 'GET', `/api/v1/invoices/${invoice.body.id}/portal-link`);
  const url = new URL(link.body.url);
  expect((await h.app.inject({ method: 'GET', url: `${url.pathname}${url.search}` })).statusCode).toBe(200);
  const deliveries = await h.request(key, 'GET', `/api/v1/webhook-endpoints/${endpoint.body.id}/deliveries`);
  const deliveryId: string = deliveries.body.data[0]?.id;
  expect(deliveryId).toBeTruthy();
  const email = await h.request(key, 'POST', `/api/v1/invoices/${invoice.body.id}/send`, {});
  expect(email.status).toBe(202);
  await h.database.db
    .updateTable('webhook_deliveries')
    .set({ status: 'failed', attempts: 1, last_error: 'connection refused' })
    .where('id', '=', deliveryId)
    .execute();
  await h.database.db
    .updateTable('outgoing_emails')
    .set({ status: 'failed', failed_at: new Date(), last_error: '550 mailbox unknown' })
    .where('id', '=', email.body.id)
    .execute();
  const template = await h.request(key, 'POST', '/api/v1/email-templates', {
    name: `${name} reminder`,
    language: 'fr',
    subject: 'Rappel #INVOICE_NUMBER',
    body: 'Bonjour,\n\n#LINK',
  });
  expect(template.status).toBe(201);
  const payment = await h.request(key, 'POST', `/api/v1/invoices/${invoice.body.id}/payments`, {
    amountMinor: 500,
    paidOn: '2026-04-10',
    method: 'cash',
  });
  expect(payment.status).toBe(201);
  const [first] = (await h.request(key, 'GET', '/api/v1/admin-users')).body.data;
  const second = await h.request(key, 'POST', '/api/v1/admin-users', {
    name: `${name} second admin`,
    email: `second@${name.toLowerCase().replace(/\W+/g, '')}.example`,
    language: 'fr',
  });
  expect(second.status).toBe(201);
  await signInAs(h, first.email, `198.51.100.${name.length}`);
  const session = await h.database.db
    .selectFrom('admin_sessions')
    .select('id')
    .where('admin_user_id', '=', first.id)
    .executeTakeFirstOrThrow();
  const passkey = await insertAdminPasskey(h.database.db, {
    organization_id: await orgOf(h, first.id),
    admin_user_id: first.id,
    credential_id: `credential-${name.replace(/\W+/g, '')}`,
    public_key: new Uint8Array([1, 2, 3]),
    counter: 0,
    transports: ['internal'],
    name: 'Seeded passkey',
    created_at: new Date('2026-04-01T10:00:00Z'),
  });
  return {
    invoiceId: invoice.body.id,
    customerId: customer.body.id,
    draftId: draft.body.id,
    apiKeyId: apiKey.body.id,
    endpointId: endpoint.body.id,
    deliveryId,
    emailId: email.body.id,
    creditNoteId: creditNote.body.id,
    accountId: account.body.id,
    templateId: template.body.id,
    adminUserId: second.body.id,
    sessionId: session.id,
    passkeyId: passkey.id,
    paymentId: payment.body.id,
  };
}

const orgOf = async (h: ApiHarness, adminUserId: string) =>
  (
    await h.database.db
      .selectFrom('admin_users')
      .select('organization_id')
      .where('id', '=', adminUserId)
      .executeTakeFirstOrThrow()
  ).organization_id;

/** Both organizations seeded by `seedBackOffice` on one harness, with the fake providers they connect to. */
export interface SeededWorld {
  h: ApiHarness;
  ids: Record<'a' | 'b', OrgIds>;
  close(): Promise<void>;
}

/**
 * The world the route-table tests and the fuzz aim at: a harness on `kind` whose payment providers are the
 * fake Stripe and Mollie servers (started here, stopped by `close`), organization A seeded as "Alpha
 * Customer NV" and B as "Beta Customer BV".
 */
export async function openSeededWorld(kind: DatabaseKind): Promise<SeededWorld> {
  const stripe = new StripeFakeServer({ secretKey: STRIPE_KEY });
  const mollie = new MollieFakeServer({ apiKey: MOLLIE_KEY });
  await stripe.start();
  await mollie.start();
  const h = await createApiHarness({
    kind,
    providers: sdkProviderFactory({ stripe: stripe.api, mollie: mollie.url }),
  });
  const ids = {
    a: await seedBackOffice(h, h.a.key, 'Alpha Customer NV'),
    b: await seedBackOffice(h, h.b.key, 'Beta Customer BV'),
  };
  return {
    h,
    ids,
    async close() {
      await h.close();
      await stripe.stop();
      await mollie.stop();
    },
  };
}
