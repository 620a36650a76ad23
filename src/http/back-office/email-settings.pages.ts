import { z } from 'zod';
import {
  createEmailTemplate,
  deleteEmailTemplate,
  setDefaultEmailTemplate,
  updateEmailTemplate,
} from '../../app/email-templates/manage-email-templates.ts';
import { inlinePreviewImages, previewInvoiceEmail } from '../../app/emails/preview-invoice-email.ts';
import type { FieldError } from '../../back-office/view-models.ts';
import {
  EMAIL_FIELD_LABELS,
  type EmailPreviewView,
  emailSettingsPaths,
  renderEmailSettingsPage,
} from '../../back-office/views/email-settings-page.ts';
import {
  type EmailTemplatePageView,
  renderEmailTemplatePage,
  TEMPLATE_FIELD_LABELS,
  type TemplatePreview,
} from '../../back-office/views/email-template-page.ts';
import { isLang, type Lang } from '../../core/lang.ts';
import { type Failure, isNotFound } from '../../core/result.ts';
import { findEmailTemplate, listEmailTemplates } from '../../db/repositories/email-template.repository.ts';
import type { EmailTemplateRow } from '../../db/schema.ts';
import { defaultInvoiceTemplate } from '../../mail/default-templates.ts';
import { EmailTemplateCreateSchema } from '../api/email-templates.routes.ts';
import { describeFormFailure, describeFormIssues } from '../api/error-table.ts';
import { IdParams } from '../api/schemas.ts';
import { type BackOfficeContext, type BackOfficeResult, backOfficeRoute } from './back-office-kit.ts';
import { saveOrganizationForm, settingsLabelIn } from './settings.pages.ts';

const DoneQuery = z.object({ done: z.string().max(20).optional() });
const TemplateParams = IdParams('templateId');
type Ctx = BackOfficeContext<unknown, unknown>;
type TemplateValues = EmailTemplatePageView['values'];

const mailDeps = (ctx: Ctx) => ({ db: ctx.deps.db, mail: ctx.deps.mail });

/** A rendered preview as the views show it. */
const previewView = (p: {
  invoiceNumber: string;
  customerName: string;
  email: { subject: string; text: string };
}): EmailPreviewView => ({
  invoiceNumber: p.invoiceNumber,
  customerName: p.customerName,
  subject: p.email.subject,
  text: p.email.text,
});

// ---------------------------------------------------------------------------------------------------
// The e-mail page: the layout setting with both layouts previewed, the templates by language.

async function emailPage(ctx: Ctx, state: { errors?: FieldError[]; notice?: string | undefined } = {}) {
  const [templates, preview] = await Promise.all([
    listEmailTemplates(ctx.deps.db, ctx.organization.id),
    // The designed rendering also gives the plain text (the text is the same with either setting).
    previewInvoiceEmail(mailDeps(ctx), {
      organization: ctx.organization,
      today: ctx.today,
      designedLayout: true,
    }),
  ]);
  if (!preview.ok) throw new Error(`The default template cannot be previewed: ${preview.code}`);
  const errors = state.errors ?? [];
  return {
    status: errors.length > 0 ? 422 : 200,
    page: renderEmailSettingsPage({
      chrome: ctx.chrome('settings'),
      designedLayout: ctx.organization.email_designed_layout,
      errors,
      preview: preview.value ? previewView(preview.value) : null,
      templates: templates.map((tpl) => ({
        id: tpl.id,
        name: tpl.name,
        language: tpl.language,
        isDefault: tpl.is_default,
      })),
      notice: state.notice === 'saved' || state.notice === 'deleted' ? state.notice : null,
    }),
  };
}

// ---------------------------------------------------------------------------------------------------
// A template's page: the editor with its preview; for a saved one, make it the default or delete it.

const valuesOf = (tpl: EmailTemplateRow): TemplateValues => ({
  name: tpl.name,
  language: tpl.language,
  subject: tpl.subject,
  body: tpl.body,
});

const formValues = (form: Readonly<Record<string, string>>): TemplateValues => ({
  name: form.name ?? '',
  language: form.language ?? '',
  subject: form.subject ?? '',
  body: form.body ?? '',
});

/** The form as the API's `POST /email-templates` body: the same schema validates it. */
function templateInput(ctx: Ctx, values: TemplateValues) {
  const label = settingsLabelIn(ctx.lang, TEMPLATE_FIELD_LABELS);
  const parsed = EmailTemplateCreateSchema.safeParse(values);
  if (parsed.success) return { ok: true as const, input: parsed.data };
  return { ok: false as const, errors: describeFormIssues(parsed.error, ctx.lang, label) };
}

const failureError = (ctx: Ctx, failure: Failure): FieldError =>
  describeFormFailure(failure, ctx.lang, settingsLabelIn(ctx.lang, TEMPLATE_FIELD_LABELS), 'body');

/** The template's text rendered with the newest issued invoice, in the template's language. */
async function templatePreview(ctx: Ctx, values: TemplateValues): Promise<TemplatePreview> {
  const language: Lang = isLang(values.language)
    ? values.language
    : (ctx.organization.default_language as Lang);
  const result = await previewInvoiceEmail(mailDeps(ctx), {
    organization: ctx.organization,
    today: ctx.today,
    template: { subject: values.subject, body: values.body },
    language,
  });
  if (!result.ok) return { kind: 'refused', message: failureError(ctx, result).message };
  return result.value ? { kind: 'shown', preview: previewView(result.value) } : { kind: 'no-invoice' };
}

async function templatePage(
  ctx: Ctx,
  template: EmailTemplateRow | null,
  state: {
    values: TemplateValues;
    errors?: FieldError[];
    notice?: string | undefined;
    /** Whether to render the preview (not when the form is refused: its errors say what to fix). */
    preview: boolean;
    status?: number;
  },
): Promise<BackOfficeResult> {
  const errors = state.errors ?? [];
  return {
    status: state.status ?? (errors.length > 0 ? 422 : 200),
    page: renderEmailTemplatePage({
      chrome: ctx.chrome('settings'),
      template: template
        ? {
            id: template.id,
            name: template.name,
            language: template.language,
            isDefault: template.is_default,
          }
        : null,
      values: state.values,
      errors,
      preview: state.preview ? await templatePreview(ctx, state.values) : null,
      notice: state.notice === 'saved' || state.notice === 'default' ? state.notice : null,
    }),
  };
}

/** A template of this organization, or null (another organization's id is an unknown one). */
const ownTemplate = async (ctx: Ctx, templateId: string) =>
  (await findEmailTemplate(ctx.deps.db, ctx.organization.id, templateId)) ?? null;

/**
 * The editor's POST: `intent=preview` renders the typed text (nothing is saved; back-office.js posts it
 * on each change), anything else saves through the API's schema and use case.
 */
async function saveTemplate(ctx: Ctx, template: EmailTemplateRow | null): Promise<BackOfficeResult> {
  const values = formValues(ctx.form);
  if (ctx.form.intent === 'preview') return templatePage(ctx, template, { values, preview: true });
  const checked = templateInput(ctx, values);
  if (!checked.ok) return templatePage(ctx, template, { values, errors: checked.errors, preview: false });
  const result = template
    ? await updateEmailTemplate(ctx.deps.db, {
        organizationId: ctx.organization.id,
        templateId: template.id,
        changes: checked.input,
        actor: ctx.actor,
      })
    : await createEmailTemplate(ctx.deps.db, {
        organizationId: ctx.organization.id,
        template: checked.input,
        actor: ctx.actor,
      });
  if (!result.ok) {
    if (isNotFound(result.code)) return { notFound: true };
    return templatePage(ctx, template, { values, errors: [failureError(ctx, result)], preview: false });
  }
  return { redirect: `${emailSettingsPaths.template(result.value.id)}?done=saved` };
}

export const emailSettingsPages = [
  backOfficeRoute({
    method: 'GET',
    path: '/settings/email',
    name: 'emailSettings',
    query: DoneQuery,
    handler: async (ctx) => emailPage(ctx, { notice: ctx.query.done }),
  }),
  backOfficeRoute({
    method: 'POST',
    path: '/settings/email',
    name: 'saveEmailSettings',
    handler: async (ctx) => {
      const input = { emailDesignedLayout: ctx.form.emailDesignedLayout === '1' };
      const result = await saveOrganizationForm(ctx, input, EMAIL_FIELD_LABELS);
      if (result.ok) return { redirect: `${emailSettingsPaths.page}?done=saved` };
      return emailPage(ctx, { errors: result.errors });
    },
  }),
  backOfficeRoute({
    method: 'GET',
    path: '/settings/email/preview',
    name: 'emailLayoutPreview',
    handler: async (ctx) => {
      const preview = await previewInvoiceEmail(mailDeps(ctx), {
        organization: ctx.organization,
        today: ctx.today,
        designedLayout: true,
      });
      if (!preview.ok || !preview.value?.email.html) return { notFound: true };
      const { db, log } = ctx.deps;
      return { frame: await inlinePreviewImages({ db, log }, ctx.organization, preview.value.email.html) };
    },
  }),
  backOfficeRoute({
    method: 'GET',
    path: '/settings/email/templates/new',
    name: 'newEmailTemplate',
    handler: async (ctx) => {
      const language = ctx.organization.default_language;
      const text = defaultInvoiceTemplate(isLang(language) ? language : 'en');
      return templatePage(ctx, null, { values: { name: '', language, ...text }, preview: true });
    },
  }),
  backOfficeRoute({
    method: 'POST',
    path: '/settings/email/templates',
    name: 'createEmailTemplate',
    handler: async (ctx) => saveTemplate(ctx, null),
  }),
  backOfficeRoute({
    method: 'GET',
    path: '/settings/email/templates/:templateId',
    name: 'emailTemplate',
    params: TemplateParams,
    query: DoneQuery,
    handler: async (ctx) => {
      const template = await ownTemplate(ctx, ctx.params.templateId);
      if (!template) return { notFound: true };
      return templatePage(ctx, template, {
        values: valuesOf(template),
        notice: ctx.query.done,
        preview: true,
      });
    },
  }),
  backOfficeRoute({
    method: 'POST',
    path: '/settings/email/templates/:templateId',
    name: 'updateEmailTemplate',
    params: TemplateParams,
    handler: async (ctx) => {
      const template = await ownTemplate(ctx, ctx.params.templateId);
      return template ? saveTemplate(ctx, template) : { notFound: true };
    },
  }),
  backOfficeRoute({
    method: 'POST',
    path: '/settings/email/templates/:templateId/default',
    name: 'setDefaultEmailTemplate',
    params: TemplateParams,
    handler: async (ctx) => {
      const result = await setDefaultEmailTemplate(ctx.deps.db, {
        organizationId: ctx.organization.id,
        templateId: ctx.params.templateId,
        actor: ctx.actor,
      });
      if (!result.ok) return { notFound: true };
      return { redirect: `${emailSettingsPaths.template(result.value.id)}?done=default` };
    },
  }),
  backOfficeRoute({
    method: 'POST',
    path: '/settings/email/templates/:templateId/delete',
    name: 'deleteEmailTemplate',
    params: TemplateParams,
    handler: async (ctx) => {
      const result = await deleteEmailTemplate(ctx.deps.db, {
        organizationId: ctx.organization.id,
        templateId: ctx.params.templateId,
        actor: ctx.actor,
      });
      if (result.ok) return { redirect: `${emailSettingsPaths.page}?done=deleted` };
      const template = isNotFound(result.code) ? null : await ownTemplate(ctx, ctx.params.templateId);
      if (!template) return { notFound: true };
      // A default: its page again, saying why (the API's message for the same refusal).
      return templatePage(ctx, template, {
        values: valuesOf(template),
        errors: [{ ...failureError(ctx, result), field: 'name' }],
        preview: false,
        status: 409,
      });
    },
  }),
];
