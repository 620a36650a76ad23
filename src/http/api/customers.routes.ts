import { createCustomer } from '../../app/customers/create-customer.ts';
import { updateCustomer } from '../../app/customers/update-customer.ts';
import { fail, notFound } from '../../core/result.ts';
import { decodeCreatedAtCursor, encodeCreatedAtCursor } from '../../db/keyset-cursor.ts';
import { findCustomer, listCustomers } from '../../db/repositories/customer.repository.ts';
import type { CustomerRow } from '../../db/schema.ts';
import { route } from './route-kit.ts';
import { CustomerCreateSchema, CustomerUpdateSchema, IdParams, PageQuerySchema } from './schemas.ts';

export function customerJson(c: CustomerRow) {
  return {
    id: c.id,
    externalId: c.external_id,
    kind: c.kind,
    name: c.name,
    vatNumber: c.vat_number,
    enterpriseNumber: c.enterprise_number,
    addressLine1: c.address_line1,
    addressLine2: c.address_line2,
    postalCode: c.postal_code,
    city: c.city,
    country: c.country,
    language: c.language,
    emails: c.emails,
    createdAt: c.created_at.toISOString(),
    updatedAt: c.updated_at.toISOString(),
  };
}

const CustomerParams = IdParams('customerId');

export const customerRoutes = [
  route({
    method: 'GET',
    path: '/customers',
    operationId: 'listCustomers',
    summary: 'List customers, oldest first (keyset pagination; `search` matches the name).',
    tag: 'Customers',
    query: PageQuerySchema,
    handler: async ({ deps, organization, query }) => {
      const limit = query.limit ?? 50;
      const after = decodeCreatedAtCursor(query.cursor);
      if (after === null) return fail('VALIDATION_FAILED', 'query.cursor');
      const rows = await listCustomers(deps.db, organization.id, {
        limit: limit + 1,
        ...(after ? { after } : {}),
        ...(query.search ? { search: query.search } : {}),
      });
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      return {
        body: {
          data: page.map(customerJson),
          nextCursor: rows.length > limit && last ? encodeCreatedAtCursor(last) : null,
        },
      };
    },
  }),
  route({
    method: 'POST',
    path: '/customers',
    operationId: 'createCustomer',
    summary: 'Create a customer (company or person) with its language and e-mail addresses.',
    tag: 'Customers',
    body: CustomerCreateSchema,
    handler: async ({ deps, organization, body, actor }) => {
      const result = await createCustomer(deps.db, {
        organizationId: organization.id,
        customer: body,
        actor,
      });
      return result.ok ? { body: customerJson(result.value) } : result;
    },
  }),
  route({
    method: 'GET',
    path: '/customers/:customerId',
    operationId: 'getCustomer',
    summary: 'Get a customer.',
    tag: 'Customers',
    params: CustomerParams,
    handler: async ({ deps, organization, params }) => {
      const customer = await findCustomer(deps.db, organization.id, params.customerId);
      return customer ? { body: customerJson(customer) } : notFound('customer');
    },
  }),
  route({
    method: 'PATCH',
    path: '/customers/:customerId',
    operationId: 'updateCustomer',
    summary: 'Change a customer; only the fields sent change.',
    tag: 'Customers',
    params: CustomerParams,
    body: CustomerUpdateSchema,
    handler: async ({ deps, organization, params, body, actor }) => {
      const result = await updateCustomer(deps.db, {
        organizationId: organization.id,
        customerId: params.customerId,
        changes: body,
        actor,
      });
      return result.ok ? { body: customerJson(result.value) } : result;
    },
  }),
];
