import { insertAdminUser } from '../../db/repositories/admin-user.repository.ts';
import { recordAudit } from '../../db/repositories/audit.repository.ts';
import { insertOrganization } from '../../db/repositories/organization.repository.ts';
import type { AdminUserRow, OrganizationRow } from '../../db/schema.ts';
import type { Db } from '../../db/transaction.ts';
import { issueApiKey } from '../api-keys/issue-api-key.ts';
import { insertDefaultEmailTemplates } from '../email-templates/manage-email-templates.ts';
import { type NewOrganizationInput, organizationColumns } from './organization-input.ts';

export interface CreateOrganizationInput {
  organization: NewOrganizationInput;
  admin: { name: string; email: string; language: string };
  actor: string;
}

/** Creates an organization with its first admin and first API key, in one transaction. */
export async function createOrganization(
  db: Db,
  input: CreateOrganizationInput,
): Promise<{ organization: OrganizationRow; admin: AdminUserRow; apiKey: string }> {
  return db.transaction().execute(async (trx) => {
    const organization = await insertOrganization(trx, {
      ...organizationColumns(input.organization),
      legal_name: input.organization.legalName,
      country: input.organization.country.toUpperCase(),
      time_zone: input.organization.timeZone,
      default_language: input.organization.defaultLanguage,
      default_currency: input.organization.defaultCurrency.toUpperCase(),
      is_demo: input.organization.isDemo ?? false,
    });
    const admin = await insertAdminUser(trx, {
      organization_id: organization.id,
      name: input.admin.name,
      email: input.admin.email,
      language: input.admin.language,
    });
    await recordAudit(trx, {
      organizationId: organization.id,
      subjectType: 'organization',
      subjectId: organization.id,
      action: 'organization.created',
      actor: input.actor,
      data: { legalName: organization.legal_name, isDemo: organization.is_demo },
    });
    await insertDefaultEmailTemplates(trx, organization.id);
    const { key } = await issueApiKey(trx, {
      organizationId: organization.id,
      name: 'Default key',
      actor: input.actor,
    });
    return { organization, admin, apiKey: key };
  });
}
