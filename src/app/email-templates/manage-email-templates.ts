import type { Lang } from '../../core/lang.ts';
import { type Failure, fail, notFound, ok, type Result } from '../../core/result.ts';
import { recordAudit } from '../../db/repositories/audit.repository.ts';
import { findEmailTemplate } from '../../db/repositories/email-template.repository.ts';
import type { EmailTemplateRow } from '../../db/schema.ts';
import { type Db, type Executor, isUniqueViolation, runInTransaction } from '../../db/transaction.ts';
import { DEFAULT_INVOICE_TEMPLATES } from '../../mail/default-templates.ts';
import { validateEmailTemplate } from '../../mail/validate-email-template.ts';

export interface EmailTemplateInput {
  name: string;
  language: Lang;
  subject: string;
  body: string;
}

/**
 * A template's text checked as on save (and before a preview): an unknown shortcode is refused naming the
 * exact token.
 */
export function checkEmailTemplate(subject: string, body: string): Result<{ subject: string; body: string }> {
  const validation = validateEmailTemplate({ subject, body });
  if (validation.ok) return ok(validation.template);
  const { code, field, token, index, suggestion, limit } = validation;
  return fail('INVALID_EMAIL_TEMPLATE', field, {
    problem: code,
    ...(token === undefined ? {} : { token }),
    ...(index === undefined ? {} : { index }),
    ...(suggestion === undefined ? {} : { suggestion }),
    ...(limit === undefined ? {} : { limit }),
  });
}

/** The default invoice template of every language, for a new organization. */
export async function insertDefaultEmailTemplates(db: Executor, organizationId: string): Promise<void> {
  await db
    .insertInto('email_templates')
    .values(
      Object.entries(DEFAULT_INVOICE_TEMPLATES).map(([language, template]) => ({
        organization_id: organizationId,
        name: `Default (${language})`,
        language,
        subject: template.subject,
        body: template.body,
        is_default: true,
      })),
    )
    .execute();
}

export async function createEmailTemplate(
  db: Db,
  input: { organizationId: string; template: EmailTemplateInput; actor: string },
): Promise<Result<EmailTemplateRow>> {
  const text = checkEmailTemplate(input.template.subject, input.template.body);
  if (!text.ok) return text;
  try {
    return await runInTransaction(db, async (trx) => {
      const row = await trx
        .insertInto('email_templates')
        .values({
          organization_id: input.organizationId,
          name: input.template.name,
          language: input.template.language,
          ...text.value,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordAudit(trx, {
        organizationId: input.organizationId,
        subjectType: 'organization',
        subjectId: input.organizationId,
        action: 'email_template.created',
        actor: input.actor,
        data: { templateId: row.id, name: row.name },
      });
      return ok(row);
    });
  } catch (error) {
    if (isUniqueViolation(error)) return fail('DUPLICATE_NAME', 'name');
    throw error;
  }
}

export async function updateEmailTemplate(
  db: Db,
  input: { organizationId: string; templateId: string; changes: Partial<EmailTemplateInput>; actor: string },
): Promise<Result<EmailTemplateRow>> {
  try {
    return await runInTransaction(db, async (trx) => {
      const current = await findEmailTemplate(trx, input.organizationId, input.templateId, {
        forUpdate: true,
      });
      if (!current) return notFound('email_template');
      if (current.is_default && input.changes.language && input.changes.language !== current.language) {
        return fail('DEFAULT_TEMPLATE', 'language');
      }
      const text = checkEmailTemplate(
        input.changes.subject ?? current.subject,
        input.changes.body ?? current.body,
      );
      if (!text.ok) return text as Failure;
      const row = await trx
        .updateTable('email_templates')
        .set({
          ...(input.changes.name === undefined ? {} : { name: input.changes.name }),
          ...(input.changes.language === undefined ? {} : { language: input.changes.language }),
          ...text.value,
          updated_at: new Date(),
        })
        .where('organization_id', '=', input.organizationId)
        .where('id', '=', current.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordAudit(trx, {
        organizationId: input.organizationId,
        subjectType: 'organization',
        subjectId: input.organizationId,
        action: 'email_template.updated',
        actor: input.actor,
        data: { templateId: row.id, fields: Object.keys(input.changes) },
      });
      return ok(row);
    });
  } catch (error) {
    if (isUniqueViolation(error)) return fail('DUPLICATE_NAME', 'name');
    throw error;
  }
}

/**
 * Makes a template the default of its language (the one sent when none is chosen), in place of the
 * previous default, which becomes an ordinary template (and can then be deleted).
 */
export async function setDefaultEmailTemplate(
  db: Db,
  input: { organizationId: string; templateId: string; actor: string },
): Promise<Result<EmailTemplateRow>> {
  return runInTransaction(db, async (trx) => {
    const found = await findEmailTemplate(trx, input.organizationId, input.templateId);
    if (!found) return notFound('email_template');
    // Every template of the language locked, so two defaults set at once take turns instead of colliding
    // on the one-default-per-language index; then the template as it is now.
    await trx
      .selectFrom('email_templates')
      .select('id')
      .where('organization_id', '=', input.organizationId)
      .where('language', '=', found.language)
      .forUpdate()
      .execute();
    const current = await findEmailTemplate(trx, input.organizationId, input.templateId);
    if (!current) return notFound('email_template');
    if (current.is_default) return ok(current);
    // The previous default first: one default per language (a partial unique index) at every statement.
    await trx
      .updateTable('email_templates')
      .set({ is_default: false, updated_at: new Date() })
      .where('organization_id', '=', input.organizationId)
      .where('language', '=', current.language)
      .where('is_default', '=', true)
      .execute();
    const row = await trx
      .updateTable('email_templates')
      .set({ is_default: true, updated_at: new Date() })
      .where('organization_id', '=', input.organizationId)
      .where('id', '=', current.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      organizationId: input.organizationId,
      subjectType: 'organization',
      subjectId: input.organizationId,
      action: 'email_template.default_set',
      actor: input.actor,
      data: { templateId: row.id, name: row.name, language: row.language },
    });
    return ok(row);
  });
}

/** Deletes a template the organization added; the default of a language can be edited, not deleted. */
export async function deleteEmailTemplate(
  db: Db,
  input: { organizationId: string; templateId: string; actor: string },
): Promise<Result<{ id: string }>> {
  return runInTransaction(db, async (trx) => {
    const current = await findEmailTemplate(trx, input.organizationId, input.templateId);
    if (!current) return notFound('email_template');
    if (current.is_default) return fail('DEFAULT_TEMPLATE', 'templateId');
    await trx.deleteFrom('email_templates').where('id', '=', current.id).execute();
    await recordAudit(trx, {
      organizationId: input.organizationId,
      subjectType: 'organization',
      subjectId: input.organizationId,
      action: 'email_template.deleted',
      actor: input.actor,
      data: { templateId: current.id, name: current.name },
    });
    return ok({ id: current.id });
  });
}
