import { z } from 'zod';
import {
  bankExample,
  EXAMPLE_DAYS_OVERDUE,
  EXAMPLE_INVOICE,
  lateFeeExample,
} from '../../app/back-office/settings-examples.ts';
import { lateFeePolicyOf } from '../../app/invoices/invoice-view.ts';
import type { OrganizationSettingsInput } from '../../app/organizations/organization-input.ts';
import { updateOrganizationSettings } from '../../app/organizations/update-organization-settings.ts';
import type { FieldError } from '../../back-office/view-models.ts';
import {
  COMPANY_FIELD_LABELS,
  type CompanyField,
  renderCompanySettingsPage,
} from '../../back-office/views/company-settings-page.ts';
import {
  BANK_FIELD_LABELS,
  LATE_FEE_FIELD_LABELS,
  renderBankSettingsPage,
  renderLateFeeSettingsPage,
} from '../../back-office/views/payment-settings-pages.ts';
import { settingsPath } from '../../back-office/views/settings-layout.ts';
import type { Lang } from '../../core/lang.ts';
import type { OrganizationRow } from '../../db/schema.ts';
import {
  basisPointsToPercent,
  currencyExponent,
  formatMinorPlain,
  parseMajorToMinor,
  percentToBasisPoints,
} from '../../domain/index.ts';
import { backOfficeMessage } from '../../i18n/back-office-messages.ts';
import { describeFormFailure, describeFormIssues } from '../api/error-table.ts';
import { OrganizationUpdateSchema } from '../api/schemas.ts';
import { type BackOfficeContext, type BackOfficeResult, backOfficeRoute } from './back-office-kit.ts';

export const SavedQuery = z.object({ done: z.string().max(20).optional() });

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
export const optional = (form: Readonly<Record<string, string>>, name: string) => {
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

export const saved = (page: Parameters<typeof settingsPath>[0]): BackOfficeResult => ({
  redirect: `${settingsPath(page)}?done=saved`,
});

type SettingsContext = BackOfficeContext<unknown, { done?: string | undefined } | undefined>;

async function bankPage(
  ctx: SettingsContext,
  values: Readonly<Record<string, string>>,
  errors: readonly FieldError[],
  status = 200,
): Promise<BackOfficeResult> {
  const example = await bankExample(ctx.organization);
  return {
    status,
    page: renderBankSettingsPage({
      chrome: ctx.chrome('settings'),
      values,
      errors,
      saved: status === 200 && ctx.query?.done === 'saved',
      example: example && {
        invoiceNumber: EXAMPLE_INVOICE.number,
        reference: example.reference,
        amountMinor: example.amountMinor,
        currency: example.currency,
        iban: ctx.organization.iban ?? '',
        qrSvg: example.qrSvg,
      },
    }),
  };
}

function lateFeePage(
  ctx: SettingsContext,
  values: Readonly<Record<string, string>>,
  errors: readonly FieldError[],
  status = 200,
): BackOfficeResult {
  const currency = ctx.organization.default_currency;
  const policy = lateFeePolicyOf(ctx.organization) ?? {
    lateFeeBp: 0,
    lateFeeMinimumMinor: 0,
    annualInterestRateBp: 0,
    fixedCompensationB2B: false,
  };
  const amountDue = lateFeeExample(policy, currency, ctx.today);
  return {
    status,
    page: renderLateFeeSettingsPage({
      chrome: ctx.chrome('settings'),
      values,
      errors,
      saved: status === 200 && ctx.query?.done === 'saved',
      currency,
      example: {
        amountDue,
        totalMinor: EXAMPLE_INVOICE.amountMajor * 10 ** currencyExponent(currency),
        days: EXAMPLE_DAYS_OVERDUE,
      },
    }),
  };
}

/** The late-fee form as the API's policy: percentages as basis points, the minimum in minor units. */
function lateFeeInput(ctx: SettingsContext): { input: Record<string, unknown> } | { errors: FieldError[] } {
  const currency = ctx.organization.default_currency;
  const label = settingsLabelIn(ctx.lang, LATE_FEE_FIELD_LABELS);
  const errors: FieldError[] = [];
  const percent = (field: string) => {
    const bp = percentToBasisPoints(ctx.form[field] || '0');
    if (bp === null || bp > 10_000) {
      errors.push({ field, message: backOfficeMessage(ctx.lang, 'percentInvalid', { field: label(field) }) });
    }
    return bp ?? 0;
  };
  const lateFeeBp = percent('lateFeePercent');
  const annualInterestRateBp = percent('annualInterest');
  const minimum = parseMajorToMinor((ctx.form.lateFeeMinimum || '0').trim().replace(',', '.'), currency);
  if (minimum === null || minimum < 0) {
    errors.push({
      field: 'lateFeeMinimum',
      message: backOfficeMessage(ctx.lang, 'amountFieldInvalid', {
        field: label('lateFeeMinimum'),
        currency,
      }),
    });
  }
  if (errors.length > 0) return { errors };
  return {
    input: {
      lateFeePolicy: {
        lateFeeBp,
        lateFeeMinimumMinor: minimum,
        annualInterestRateBp,
        fixedCompensationB2B: ctx.form.fixedCompensationB2B === '1',
      },
    },
  };
}

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
  backOfficeRoute({
    method: 'GET',
    path: '/settings/bank',
    name: 'bankSettings',
    query: SavedQuery,
    handler: async (ctx) =>
      bankPage(
        ctx,
        {
          iban: ctx.organization.iban?.replace(/(.{4})(?=.)/g, '$1 ') ?? '',
          bic: ctx.organization.bic ?? '',
          paymentReferenceKind: ctx.organization.payment_reference_kind,
        },
        [],
      ),
  }),
  backOfficeRoute({
    method: 'POST',
    path: '/settings/bank',
    name: 'saveBankSettings',
    handler: async (ctx) => {
      const result = await saveOrganizationForm(
        ctx,
        {
          iban: optional(ctx.form, 'iban'),
          bic: optional(ctx.form, 'bic'),
          paymentReferenceKind: ctx.form.paymentReferenceKind ?? '',
        },
        BANK_FIELD_LABELS,
      );
      return result.ok ? saved('bank') : bankPage(ctx, ctx.form, result.errors, 422);
    },
  }),
  backOfficeRoute({
    method: 'GET',
    path: '/settings/late-fees',
    name: 'lateFeeSettings',
    query: SavedQuery,
    handler: async (ctx) => {
      const o = ctx.organization;
      return lateFeePage(
        ctx,
        {
          lateFeePercent: basisPointsToPercent(o.late_fee_bp),
          lateFeeMinimum: formatMinorPlain(o.late_fee_minimum_minor, o.default_currency),
          annualInterest: basisPointsToPercent(o.interest_rate_bp),
          fixedCompensationB2B: o.fixed_compensation_b2b ? '1' : '',
        },
        [],
      );
    },
  }),
  backOfficeRoute({
    method: 'POST',
    path: '/settings/late-fees',
    name: 'saveLateFeeSettings',
    handler: async (ctx) => {
      const parsed = lateFeeInput(ctx);
      if ('errors' in parsed) return lateFeePage(ctx, ctx.form, parsed.errors, 422);
      const result = await saveOrganizationForm(ctx, parsed.input, LATE_FEE_FIELD_LABELS);
      return result.ok ? saved('late-fees') : lateFeePage(ctx, ctx.form, result.errors, 422);
    },
  }),
];
