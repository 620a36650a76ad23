import { z } from 'zod';
import {
  buildCustomerList,
  buildCustomerPage,
  customerFormValues,
} from '../../app/back-office/build-customer-pages.ts';
import { createCustomer } from '../../app/customers/create-customer.ts';
import type { CustomerInput } from '../../app/customers/customer-input.ts';
import { updateCustomer } from '../../app/customers/update-customer.ts';
import { changePortalAccess } from '../../app/portal/manage-portal-access.ts';
import {
  CUSTOMER_FIELD_LABELS,
  type CustomerNotice,
  isCustomerNotice,
  renderCustomerListPage,
  renderCustomerPage,
  renderNewCustomerPage,
} from '../../back-office/views/customer-pages.ts';
import type { FormState } from '../../back-office/views/invoice-page.ts';
import { adminPaths } from '../../back-office/views/layout.ts';
import type { Lang } from '../../core/lang.ts';
import { isNotFound } from '../../core/result.ts';
import { decodeCreatedAtCursor, encodeCreatedAtCursor } from '../../db/keyset-cursor.ts';
import { backOfficeMessage } from '../../i18n/back-office-messages.ts';
import { describeFormFailure, describeFormIssues } from '../api/error-table.ts';
import { CustomerCreateSchema, IdParams } from '../api/schemas.ts';
import { type BackOfficeContext, type BackOfficeResult, backOfficeRoute } from './back-office-kit.ts';

const CustomerParams = IdParams('customerId');

/** A field's label for the form's errors (`emails.2` is the e-mail field). */
const labelIn = (lang: Lang) => (field: string) => {
  const name = field.split('.')[0] ?? field;
  return Object.hasOwn(CUSTOMER_FIELD_LABELS, name)
    ? backOfficeMessage(lang, CUSTOMER_FIELD_LABELS[name as keyof typeof CUSTOMER_FIELD_LABELS])
    : field;
};

/** The form's fields as the API's customer input: empty optional fields are null, e-mails one per line. */
function customerInputOf(form: Readonly<Record<string, string>>): Record<string, unknown> {
  const optional = (name: string) => {
    const value = (form[name] ?? '').trim();
    return value === '' ? null : value;
  };
  return {
    kind: form.kind,
    name: form.name ?? '',
    vatNumber: optional('vatNumber'),
    enterpriseNumber: optional('enterpriseNumber'),
    addressLine1: optional('addressLine1'),
    addressLine2: optional('addressLine2'),
    postalCode: optional('postalCode'),
    city: optional('city'),
    country: optional('country')?.toUpperCase() ?? null,
    language: form.language,
    emails: (form.emails ?? '')
      .split(/[\n,;]+/)
      .map((e) => e.trim())
      .filter((e) => e !== ''),
  };
}

/** The form's input validated as the API validates it, or its errors by field. */
function parseCustomerForm(
  form: Readonly<Record<string, string>>,
  lang: Lang,
): { input: CustomerInput } | { errors: FormState['errors'] } {
  const parsed = CustomerCreateSchema.safeParse(customerInputOf(form));
  if (!parsed.success) {
    const errors = describeFormIssues(parsed.error, lang, labelIn(lang)).map((e) => ({
      ...e,
      field: e.field.split('.')[0] ?? e.field,
    }));
    return { errors };
  }
  return { input: parsed.data as CustomerInput };
}

type CustomerContext = BackOfficeContext<{ customerId: string }, unknown>;

async function customerPage(
  ctx: CustomerContext,
  options: { form?: FormState; notice?: CustomerNotice | null },
  status = 200,
): Promise<BackOfficeResult> {
  const built = await buildCustomerPage(
    { db: ctx.deps.db, mail: ctx.deps.mail },
    { organization: ctx.organization, customerId: ctx.params.customerId, today: ctx.today },
  );
  if (!built) return { notFound: true };
  return {
    status,
    page: renderCustomerPage({
      chrome: ctx.chrome('customers'),
      customer: { id: built.customer.id, name: built.customer.name },
      form: options.form ?? { values: customerFormValues(built.customer), errors: [] },
      notice: options.notice ?? null,
      invoices: built.invoices,
      creditNotes: built.creditNotes,
      portalUrl: built.portalUrl,
    }),
  };
}

const done = (customerId: string, notice: CustomerNotice) =>
  ({ redirect: `${adminPaths.customer(customerId)}?done=${notice}` }) as const;

export const customerPages = [
  backOfficeRoute({
    method: 'GET',
    path: '/customers',
    name: 'customers',
    query: z.object({ q: z.string().max(100).optional(), after: z.string().max(200).optional() }),
    handler: async (ctx) => {
      const search = (ctx.query.q ?? '').trim();
      const after = decodeCreatedAtCursor(ctx.query.after);
      if (after === null) return { notFound: true };
      const { customers, next } = await buildCustomerList(ctx.deps.db, {
        organizationId: ctx.organization.id,
        search,
        after,
      });
      const url = (cursor: string | null) => {
        const params = new URLSearchParams();
        if (search) params.set('q', search);
        if (cursor) params.set('after', cursor);
        const query = params.toString();
        return query ? `${adminPaths.customers}?${query}` : adminPaths.customers;
      };
      return {
        page: renderCustomerListPage({
          chrome: ctx.chrome('customers'),
          search,
          customers,
          nextUrl: next ? url(encodeCreatedAtCursor({ created_at: next.createdAt, id: next.id })) : null,
          firstUrl: after ? url(null) : null,
        }),
      };
    },
  }),
  backOfficeRoute({
    method: 'GET',
    path: '/customers/new',
    name: 'newCustomer',
    handler: async (ctx) => ({
      page: renderNewCustomerPage({
        chrome: ctx.chrome('customers'),
        form: { values: { language: ctx.lang }, errors: [] },
      }),
    }),
  }),
  backOfficeRoute({
    method: 'POST',
    path: '/customers',
    name: 'createCustomer',
    handler: async (ctx) => {
      const refused = (errors: FormState['errors']): BackOfficeResult => ({
        status: 422,
        page: renderNewCustomerPage({ chrome: ctx.chrome('customers'), form: { values: ctx.form, errors } }),
      });
      const parsed = parseCustomerForm(ctx.form, ctx.lang);
      if ('errors' in parsed) return refused(parsed.errors);
      const result = await createCustomer(ctx.deps.db, {
        organizationId: ctx.organization.id,
        customer: parsed.input,
        actor: ctx.actor,
      });
      if (!result.ok) return refused([describeFormFailure(result, ctx.lang, labelIn(ctx.lang), 'name')]);
      return done(result.value.id, 'customerCreated');
    },
  }),
  backOfficeRoute({
    method: 'GET',
    path: '/customers/:customerId',
    name: 'customer',
    params: CustomerParams,
    query: z.object({ done: z.string().max(40).optional() }),
    handler: async (ctx) =>
      customerPage(ctx, { notice: isCustomerNotice(ctx.query.done) ? ctx.query.done : null }),
  }),
  backOfficeRoute({
    method: 'POST',
    path: '/customers/:customerId',
    name: 'updateCustomer',
    params: CustomerParams,
    handler: async (ctx) => {
      const refused = (errors: FormState['errors']) =>
        customerPage(ctx, { form: { values: ctx.form, errors } }, 422);
      const parsed = parseCustomerForm(ctx.form, ctx.lang);
      if ('errors' in parsed) return refused(parsed.errors);
      const result = await updateCustomer(ctx.deps.db, {
        organizationId: ctx.organization.id,
        customerId: ctx.params.customerId,
        changes: parsed.input,
        actor: ctx.actor,
      });
      if (!result.ok) {
        if (isNotFound(result.code)) return { notFound: true };
        return refused([describeFormFailure(result, ctx.lang, labelIn(ctx.lang), 'name')]);
      }
      return done(ctx.params.customerId, 'customerSaved');
    },
  }),
  ...(['rotate', 'revoke'] as const).map((action) =>
    backOfficeRoute({
      method: 'POST',
      path: `/customers/:customerId/portal-link/${action}`,
      name: `${action}PortalLink`,
      params: CustomerParams,
      handler: async (ctx) => {
        const result = await changePortalAccess(ctx.deps.db, {
          organizationId: ctx.organization.id,
          customerId: ctx.params.customerId,
          action,
          actor: ctx.actor,
          now: ctx.now,
        });
        if (!result.ok) return { notFound: true };
        return done(ctx.params.customerId, action === 'rotate' ? 'linkRotated' : 'linkRevoked');
      },
    }),
  ),
];
