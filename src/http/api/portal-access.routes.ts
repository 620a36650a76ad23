import { changePortalAccess } from '../../app/portal/manage-portal-access.ts';
import { portalPaths, portalToken } from '../../app/portal-links/portal-link.ts';
import { fail, notFound } from '../../core/result.ts';
import { findCustomer } from '../../db/repositories/customer.repository.ts';
import { findInvoice } from '../../db/repositories/invoice.repository.ts';
import type { CustomerRow } from '../../db/schema.ts';
import { route } from './route-kit.ts';
import { IdParams } from './schemas.ts';

function linkJson(publicBaseUrl: string, appSecret: string, customer: CustomerRow) {
  const token = portalToken(appSecret, customer.id, customer.portal_link_version);
  return {
    customerId: customer.id,
    version: customer.portal_link_version,
    url: `${publicBaseUrl}${portalPaths.history(token)}`,
  };
}

const CustomerParams = IdParams('customerId');

export const portalAccessRoutes = [
  route({
    method: 'GET',
    path: '/customers/:customerId/portal-link',
    operationId: 'getCustomerPortalLink',
    summary: 'The customer’s portal link (their whole invoice history), to copy or preview (R5).',
    tag: 'Portal access',
    params: CustomerParams,
    handler: async ({ deps, organization, params }) => {
      const customer = await findCustomer(deps.db, organization.id, params.customerId);
      if (!customer) return notFound('customer');
      if (customer.portal_revoked_at) return fail('PORTAL_LINK_REVOKED', 'customerId');
      return { body: linkJson(deps.publicBaseUrl, deps.appSecret, customer) };
    },
  }),
  route({
    method: 'POST',
    path: '/customers/:customerId/portal-link/rotate',
    operationId: 'rotateCustomerPortalLink',
    summary: 'Issue a new portal link for the customer; every older link stops working at once.',
    tag: 'Portal access',
    params: CustomerParams,
    successStatus: 200,
    handler: async ({ deps, organization, params, actor, now }) => {
      const result = await changePortalAccess(deps.db, {
        organizationId: organization.id,
        customerId: params.customerId,
        action: 'rotate',
        actor,
        now,
      });
      return result.ok ? { body: linkJson(deps.publicBaseUrl, deps.appSecret, result.value) } : result;
    },
  }),
  route({
    method: 'POST',
    path: '/customers/:customerId/portal-link/revoke',
    operationId: 'revokeCustomerPortalLink',
    summary: 'Revoke the customer’s portal link: no link works until it is rotated.',
    tag: 'Portal access',
    params: CustomerParams,
    successStatus: 204,
    handler: async ({ deps, organization, params, actor, now }) => {
      const result = await changePortalAccess(deps.db, {
        organizationId: organization.id,
        customerId: params.customerId,
        action: 'revoke',
        actor,
        now,
      });
      return result.ok ? {} : result;
    },
  }),
  route({
    method: 'GET',
    path: '/invoices/:invoiceId/portal-link',
    operationId: 'getInvoicePortalLink',
    summary:
      'The portal link that opens this invoice (and from it the customer’s history): "copy link" (R5).',
    tag: 'Portal access',
    params: IdParams('invoiceId'),
    handler: async ({ deps, organization, params }) => {
      const invoice = await findInvoice(deps.db, organization.id, params.invoiceId);
      if (!invoice) return notFound('invoice');
      if (invoice.state !== 'issued') return fail('INVOICE_NOT_ISSUED', 'invoiceId');
      const customer = await findCustomer(deps.db, organization.id, invoice.customer_id);
      if (!customer) throw new Error(`Customer of invoice ${invoice.id} vanished`);
      if (customer.portal_revoked_at) return fail('PORTAL_LINK_REVOKED', 'customerId');
      const token = portalToken(deps.appSecret, customer.id, customer.portal_link_version);
      return {
        body: {
          invoiceId: invoice.id,
          url: `${deps.publicBaseUrl}${portalPaths.invoice(token, invoice.id)}`,
          historyUrl: `${deps.publicBaseUrl}${portalPaths.history(token)}`,
        },
      };
    },
  }),
];
