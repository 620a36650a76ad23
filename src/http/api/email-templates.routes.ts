import { z } from 'zod';
import {
  createEmailTemplate,
  deleteEmailTemplate,
  updateEmailTemplate,
} from '../../app/email-templates/manage-email-templates.ts';
import { notFound } from '../../core/result.ts';
import { findEmailTemplate, listEmailTemplates } from '../../db/repositories/email-template.repository.ts';
import type { EmailTemplateRow } from '../../db/schema.ts';
import { SHORTCODES } from '../../mail/shortcodes.ts';
import { EMAIL_TEMPLATE_LIMITS } from '../../mail/validate-email-template.ts';
import { route } from './route-kit.ts';
import { IdParams, Language } from './schemas.ts';

function templateJson(t: EmailTemplateRow) {
  return {
    id: t.id,
    name: t.name,
    language: t.language,
    subject: t.subject,
    body: t.body,
    isDefault: t.is_default,
    createdAt: t.created_at.toISOString(),
    updatedAt: t.updated_at.toISOString(),
  };
}

// NOTE: generous limits here (zod counts UTF-16 units); validateEmailTemplate applies the real ones.
export const EmailTemplateCreateSchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
  language: Language,
  subject: z
    .string()
    .max(EMAIL_TEMPLATE_LIMITS.subjectMaxLength * 2)
    .meta({
      description: `Subject with shortcodes (not #LINK), at most ${EMAIL_TEMPLATE_LIMITS.subjectMaxLength} characters.`,
    }),
  body: z
    .string()
    .max(EMAIL_TEMPLATE_LIMITS.bodyMaxLength * 2)
    .meta({
      description: `Body with shortcodes; must contain #LINK. ## writes a literal #. At most ${EMAIL_TEMPLATE_LIMITS.bodyMaxLength} characters.`,
    }),
});
const EmailTemplateUpdateSchema = EmailTemplateCreateSchema.partial().refine(
  (v) => Object.keys(v).length > 0,
  {
    message: 'empty',
  },
);
const TemplateParams = IdParams('templateId');

export const emailTemplateRoutes = [
  route({
    method: 'GET',
    path: '/email-templates/shortcodes',
    operationId: 'listEmailShortcodes',
    summary: 'The shortcodes a template may use, with what each becomes.',
    tag: 'E-mail templates',
    handler: async () => ({
      body: {
        data: SHORTCODES.map((s) => ({
          code: s.code,
          description: s.description,
          allowedIn: s.allowedIn,
          example: s.example,
        })),
      },
    }),
  }),
  route({
    method: 'GET',
    path: '/email-templates',
    operationId: 'listEmailTemplates',
    summary: 'The invoice e-mail templates: one default per language, and those you added (R1).',
    tag: 'E-mail templates',
    handler: async ({ deps, organization }) => {
      const rows = await listEmailTemplates(deps.db, organization.id);
      return { body: { data: rows.map(templateJson) } };
    },
  }),
  route({
    method: 'POST',
    path: '/email-templates',
    operationId: 'createEmailTemplate',
    summary: 'Add an invoice e-mail template; an unknown shortcode is refused, naming the exact token.',
    tag: 'E-mail templates',
    body: EmailTemplateCreateSchema,
    handler: async ({ deps, organization, body, actor }) => {
      const result = await createEmailTemplate(deps.db, {
        organizationId: organization.id,
        template: body,
        actor,
      });
      return result.ok ? { body: templateJson(result.value) } : result;
    },
  }),
  route({
    method: 'GET',
    path: '/email-templates/:templateId',
    operationId: 'getEmailTemplate',
    summary: 'Get an e-mail template.',
    tag: 'E-mail templates',
    params: TemplateParams,
    handler: async ({ deps, organization, params }) => {
      const row = await findEmailTemplate(deps.db, organization.id, params.templateId);
      return row ? { body: templateJson(row) } : notFound('email_template');
    },
  }),
  route({
    method: 'PATCH',
    path: '/email-templates/:templateId',
    operationId: 'updateEmailTemplate',
    summary: 'Edit an e-mail template, the default ones included.',
    tag: 'E-mail templates',
    params: TemplateParams,
    body: EmailTemplateUpdateSchema,
    handler: async ({ deps, organization, params, body, actor }) => {
      const result = await updateEmailTemplate(deps.db, {
        organizationId: organization.id,
        templateId: params.templateId,
        changes: body,
        actor,
      });
      return result.ok ? { body: templateJson(result.value) } : result;
    },
  }),
  route({
    method: 'DELETE',
    path: '/email-templates/:templateId',
    operationId: 'deleteEmailTemplate',
    summary: 'Delete a template you added (defaults cannot be deleted).',
    tag: 'E-mail templates',
    params: TemplateParams,
    handler: async ({ deps, organization, params, actor }) => {
      const result = await deleteEmailTemplate(deps.db, {
        organizationId: organization.id,
        templateId: params.templateId,
        actor,
      });
      return result.ok ? {} : result;
    },
  }),
];
