import { z } from 'zod';
import type { OrganizationSettingsInput } from '../../app/organizations/organization-input.ts';
import { updateOrganizationSettings } from '../../app/organizations/update-organization-settings.ts';
import type { FieldError } from '../../back-office/view-models.ts';
import {
  COMPANY_FIELD_LABELS,
  type CompanyField,
  renderCompanySettingsPage,
} from '../../back-office/views/company-settings-page.ts';
import { settingsPath } from '../../back-office/views/settings-layout.ts';
import type { Lang } from '../../core/lang.ts';
import type { OrganizationRow } from '../../db/schema.ts';
import { backOfficeMessage } from '../../i18n/back-office-messages.ts';
import { describeFormFailure, describeFormIssues } from '../api/error-table.ts';
import { OrganizationUpdateSchema } from '../api/schemas.ts';
import { type BackOfficeContext, type BackOfficeResult, backOfficeRoute } from './back-office-kit.ts';

const SavedQuery = z.object({ done: z.string().max(20).optional() });

/** A field's label for a settings form's errors, from the form's own label table. */
export const settingsLabelIn =
  (lang: Lang, labels: Readonly<Record<string, Parameters<typeof backOfficeMessage>[1]>>) =>
  (field: string): string => {
    const name = field.split('.')[0] ?? field;
    const key = Object.hasOwn(labels, name) ? labels[name] : undefined;
    return key ? backOfficeMessage(lang, key as 'fieldName') : field;
  };

/**
 * A settings form validated as the API validates `PATCH /organization`, then saved by the same use case;
 * errors come back by field in the admin's language. `fields` are the form's names for the input's keys.
 */
export async function saveOrganizationForm(
  ctx: BackOfficeContext<unknown, unknown>,
  input: Record<string, unknown>,
  labels: Readonly<Record<string, Parameters<typeof backOfficeMessage>[1]>>,
): Promise<{ ok: true } | { ok: false; errors: FieldError[] }> {
  const label = settingsLabelIn(ctx.lang, labels);
  const parsed = OrganizationUpdateSchema.safeParse(input);
  if (!parsed.success) {
    const errors = describeFormIssues(parsed.error, ctx.lang, label).map((e) => ({
      ...e,
      field: e.field.split('.')[0] ?? e.field,
    }));
    return { ok: false, errors };
  }
  const result = await updateOrganizationSettings(ctx.deps.db, {
    organizationId: ctx.organization.id,
    settings: parsed.data as OrganizationSettingsInput,
    actor: ctx.actor,
  });
  if (!result.ok) return { ok: false, errors: [describeFormFailure(result, ctx.lang, label, 'legalName')] };
  return { ok: true };
}

/** A form's text, trimmed; an empty optional field is null. */
const optional = (form: Readonly<Record<string, string>>, name: string) => {
  const value = (form[name] ?? '').trim();
  return value === '' ? null : value;
};

function companyValues(o: OrganizationRow): Record<CompanyField, string> {
  return {
    legalName: o.legal_name,
    tradeName: o.trade_name ?? '',
    vatNumber: o.vat_number ?? '',
    enterpriseNumber: o.enterprise_number ?? '',
    addressLine1: o.address_line1 ?? '',
    addressLine2: o.address_line2 ?? '',
    postalCode: o.postal_code ?? '',
    city: o.city ?? '',
    country: o.country ?? '',
    email: o.email ?? '',
    phone: o.phone ?? '',
    website: o.website ?? '',
    timeZone: o.time_zone,
    defaultLanguage: o.default_language,
    defaultCurrency: o.default_currency,
  };
}

function companyInput(form: Readonly<Record<string, string>>): Record<string, unknown> {
  const text = (name: string) => (form[name] ?? '').trim();
  return {
    legalName: text('legalName'),
    tradeName: optional(form, 'tradeName'),
    vatNumber: optional(form, 'vatNumber'),
    enterpriseNumber: optional(form, 'enterpriseNumber'),
    addressLine1: text('addressLine1'),
    addressLine2: optional(form, 'addressLine2'),
    postalCode: text('postalCode'),
    city: text('city'),
    country: text('country').toUpperCase(),
    email: optional(form, 'email'),
    phone: optional(form, 'phone'),
    website: optional(form, 'website'),
    timeZone: text('timeZone'),
    defaultLanguage: text('defaultLanguage'),
    defaultCurrency: text('defaultCurrency').toUpperCase(),
  };
}

const saved = (page: Parameters<typeof settingsPath>[0]): BackOfficeResult => ({
  redirect: `${settingsPath(page)}?done=saved`,
});

export const settingsPages = [
  backOfficeRoute({
    method: 'GET',
    path: '/settings/company',
    name: 'companySettings',
    query: SavedQuery,
    handler: async (ctx) => ({
      page: renderCompanySettingsPage({
        chrome: ctx.chrome('settings'),
        values: companyValues(ctx.organization),
        errors: [],
        saved: ctx.query.done === 'saved',
      }),
    }),
  }),
  backOfficeRoute({
    method: 'POST',
    path: '/settings/company',
    name: 'saveCompanySettings',
    handler: async (ctx) => {
      const result = await saveOrganizationForm(ctx, companyInput(ctx.form), COMPANY_FIELD_LABELS);
      if (result.ok) return saved('company');
      return {
        status: 422,
        page: renderCompanySettingsPage({
          chrome: ctx.chrome('settings'),
          values: ctx.form,
          errors: result.errors,
          saved: false,
        }),
      };
    },
  }),
];
