import { addAdminUser, changeAdminUser, removeAdminUser } from '../../app/admin-users/manage-admin-users.ts';
import { issueApiKey } from '../../app/api-keys/issue-api-key.ts';
import { revokeApiKey } from '../../app/api-keys/revoke-api-key.ts';
import { updateOrganizationSettings } from '../../app/organizations/update-organization-settings.ts';
import { notFound } from '../../core/result.ts';
import { findAdminUser, listAdminUsers } from '../../db/repositories/admin-user.repository.ts';
import { listApiKeys } from '../../db/repositories/api-key.repository.ts';
import type { AdminUserRow, ApiKeyRow, OrganizationRow } from '../../db/schema.ts';
import { LARGE_JSON_BODY_LIMIT, route } from './route-kit.ts';
import {
  AdminUserCreateSchema,
  AdminUserUpdateSchema,
  ApiKeyCreateSchema,
  IdParams,
  OrganizationUpdateSchema,
} from './schemas.ts';

export function organizationJson(o: OrganizationRow) {
  return {
    id: o.id,
    legalName: o.legal_name,
    tradeName: o.trade_name,
    vatNumber: o.vat_number,
    enterpriseNumber: o.enterprise_number,
    addressLine1: o.address_line1,
    addressLine2: o.address_line2,
    postalCode: o.postal_code,
    city: o.city,
    country: o.country,
    timeZone: o.time_zone,
    defaultLanguage: o.default_language,
    defaultCurrency: o.default_currency,
    email: o.email,
    phone: o.phone,
    website: o.website,
    logo: o.logo_bytes ? { mimeType: o.logo_mime, bytes: o.logo_bytes } : null,
    primaryColor: o.primary_color,
    accentColor: o.accent_color,
    iban: o.iban,
    bic: o.bic,
    paymentReferenceKind: o.payment_reference_kind,
    emailDesignedLayout: o.email_designed_layout,
    lateFeePolicy: {
      lateFeeBp: o.late_fee_bp,
      lateFeeMinimumMinor: o.late_fee_minimum_minor,
      annualInterestRateBp: o.interest_rate_bp,
      fixedCompensationB2B: o.fixed_compensation_b2b,
    },
    isDemo: o.is_demo,
    createdAt: o.created_at.toISOString(),
    updatedAt: o.updated_at.toISOString(),
  };
}

function adminJson(a: AdminUserRow) {
  return {
    id: a.id,
    name: a.name,
    email: a.email,
    language: a.language,
    createdAt: a.created_at.toISOString(),
  };
}

function apiKeyJson(k: ApiKeyRow) {
  return {
    id: k.id,
    name: k.name,
    prefix: k.prefix,
    createdAt: k.created_at.toISOString(),
    revokedAt: k.revoked_at?.toISOString() ?? null,
  };
}

const AdminParams = IdParams('adminUserId');

export const organizationRoutes = [
  route({
    method: 'GET',
    path: '/organization',
    operationId: 'getOrganization',
    summary: 'The organization (company entity) this API key belongs to, with its settings.',
    tag: 'Organization',
    handler: async ({ organization }) => ({ body: organizationJson(organization) }),
  }),
  route({
    method: 'PATCH',
    path: '/organization',
    operationId: 'updateOrganization',
    bodyLimit: LARGE_JSON_BODY_LIMIT,
    summary: 'Change organization settings: identity, branding, bank account, late-fee policy.',
    tag: 'Organization',
    body: OrganizationUpdateSchema,
    handler: async ({ deps, organization, body, actor }) => {
      const result = await updateOrganizationSettings(deps.db, {
        organizationId: organization.id,
        settings: body,
        actor,
      });
      return result.ok ? { body: organizationJson(result.value) } : result;
    },
  }),
  route({
    method: 'GET',
    path: '/admin-users',
    operationId: 'listAdminUsers',
    summary: 'The admins: the people notified of comments and payments.',
    tag: 'Admin users',
    handler: async ({ deps, organization }) => ({
      body: { data: (await listAdminUsers(deps.db, organization.id)).map(adminJson) },
    }),
  }),
  route({
    method: 'POST',
    path: '/admin-users',
    operationId: 'createAdminUser',
    summary: 'Add an admin.',
    tag: 'Admin users',
    body: AdminUserCreateSchema,
    handler: async ({ deps, organization, body, actor }) => {
      const result = await addAdminUser(deps.db, { organizationId: organization.id, admin: body, actor });
      return result.ok ? { body: adminJson(result.value) } : result;
    },
  }),
  route({
    method: 'GET',
    path: '/admin-users/:adminUserId',
    operationId: 'getAdminUser',
    summary: 'Get an admin.',
    tag: 'Admin users',
    params: AdminParams,
    handler: async ({ deps, organization, params }) => {
      const admin = await findAdminUser(deps.db, organization.id, params.adminUserId);
      return admin ? { body: adminJson(admin) } : notFound('admin_user');
    },
  }),
  route({
    method: 'PATCH',
    path: '/admin-users/:adminUserId',
    operationId: 'updateAdminUser',
    summary: 'Change an admin’s name, e-mail or language.',
    tag: 'Admin users',
    params: AdminParams,
    body: AdminUserUpdateSchema,
    handler: async ({ deps, organization, params, body, actor }) => {
      const result = await changeAdminUser(deps.db, {
        organizationId: organization.id,
        adminUserId: params.adminUserId,
        changes: body,
        actor,
      });
      return result.ok ? { body: adminJson(result.value) } : result;
    },
  }),
  route({
    method: 'DELETE',
    path: '/admin-users/:adminUserId',
    operationId: 'deleteAdminUser',
    summary: 'Remove an admin (not the last one).',
    tag: 'Admin users',
    params: AdminParams,
    handler: async ({ deps, organization, params, actor }) => {
      const result = await removeAdminUser(deps.db, {
        organizationId: organization.id,
        adminUserId: params.adminUserId,
        actor,
      });
      return result.ok ? {} : result;
    },
  }),
  route({
    method: 'GET',
    path: '/api-keys',
    operationId: 'listApiKeys',
    summary: 'List API keys (never the keys themselves).',
    tag: 'API keys',
    handler: async ({ deps, organization }) => ({
      body: { data: (await listApiKeys(deps.db, organization.id)).map(apiKeyJson) },
    }),
  }),
  route({
    method: 'POST',
    path: '/api-keys',
    operationId: 'createApiKey',
    summary: 'Create an API key; the key is in this response only.',
    tag: 'API keys',
    body: ApiKeyCreateSchema,
    handler: async ({ deps, organization, body, actor }) => {
      const { apiKey, key } = await deps.db
        .transaction()
        .execute((trx) => issueApiKey(trx, { organizationId: organization.id, name: body.name, actor }));
      return { body: { ...apiKeyJson(apiKey), key } };
    },
  }),
  route({
    method: 'DELETE',
    path: '/api-keys/:apiKeyId',
    operationId: 'revokeApiKey',
    summary: 'Revoke an API key; it stops working at once.',
    tag: 'API keys',
    params: IdParams('apiKeyId'),
    handler: async ({ deps, organization, params, actor }) => {
      const result = await revokeApiKey(deps.db, {
        organizationId: organization.id,
        apiKeyId: params.apiKeyId,
        actor,
      });
      return result.ok ? {} : result;
    },
  }),
];
