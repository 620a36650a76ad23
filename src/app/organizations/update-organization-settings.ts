import { fail, ok, type Result } from '../../core/result.ts';
import { recordAudit } from '../../db/repositories/audit.repository.ts';
import { updateOrganization } from '../../db/repositories/organization.repository.ts';
import type { OrganizationRow } from '../../db/schema.ts';
import { type Db, runInTransaction } from '../../db/transaction.ts';
import { checkLogo } from '../../documents/check-logo.ts';
import { type OrganizationSettingsInput, organizationColumns } from './organization-input.ts';

/** Changes an organization's settings; the changed field names go to the audit trail. */
export async function updateOrganizationSettings(
  db: Db,
  input: { organizationId: string; settings: OrganizationSettingsInput; actor: string },
): Promise<Result<OrganizationRow>> {
  const { logo } = input.settings;
  if (logo) {
    const problem = checkLogo(logo.mimeType, Buffer.from(logo.dataBase64, 'base64'));
    if (problem) {
      const { reason, ...params } = problem;
      return fail('INVALID_LOGO', 'logo', { reason, ...params });
    }
  }
  return runInTransaction(db, async (trx) => {
    const organization = await updateOrganization(
      trx,
      input.organizationId,
      organizationColumns(input.settings),
    );
    await recordAudit(trx, {
      organizationId: input.organizationId,
      subjectType: 'organization',
      subjectId: input.organizationId,
      action: 'organization.updated',
      actor: input.actor,
      data: { fields: Object.keys(input.settings) },
    });
    return ok(organization);
  });
}
