import type { EmailTemplateRow } from '../schema.ts';
import type { Executor } from '../transaction.ts';

/** The organization's invoice e-mail templates: the defaults first, then by language and name. */
export async function listEmailTemplates(db: Executor, organizationId: string): Promise<EmailTemplateRow[]> {
  return db
    .selectFrom('email_templates')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .orderBy('is_default', 'desc')
    .orderBy('language')
    .orderBy('name')
    .execute();
}

export async function findEmailTemplate(
  db: Executor,
  organizationId: string,
  templateId: string,
  options: { forUpdate?: boolean } = {},
): Promise<EmailTemplateRow | undefined> {
  const query = db
    .selectFrom('email_templates')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('id', '=', templateId);
  return (options.forUpdate ? query.forUpdate() : query).executeTakeFirst();
}

/**
 * The default template in the first of the languages that has one: the customer's, the organization's,
 * then English (every organization has a default per language, which it cannot delete).
 */
export async function findDefaultEmailTemplate(
  db: Executor,
  organizationId: string,
  languages: { customer: string; organization: string },
): Promise<EmailTemplateRow | undefined> {
  return db
    .selectFrom('email_templates')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('is_default', '=', true)
    .where('language', 'in', [languages.customer, languages.organization, 'en'])
    .orderBy((eb) =>
      eb
        .case()
        .when('language', '=', languages.customer)
        .then(0)
        .when('language', '=', languages.organization)
        .then(1)
        .else(2)
        .end(),
    )
    .executeTakeFirst();
}
