import type { SecretRing } from '../../core/secret-ring.ts';
import { findOrganization } from '../../db/repositories/organization.repository.ts';
import type { CustomerRow, OrganizationRow } from '../../db/schema.ts';
import type { Db } from '../../db/transaction.ts';
import { parsePortalToken } from '../portal-links/portal-link.ts';

/** Who a portal request is for: the customer a valid, current link names, and their organization. */
export interface PortalAccess {
  token: string;
  customer: CustomerRow;
  organization: OrganizationRow;
}

/**
 * Resolves a portal token. Null for a malformed, forged, rotated-away or revoked link, all alike: the
 * answer never tells whether a link ever existed.
 */
export async function resolvePortalAccess(
  db: Db,
  ring: SecretRing,
  token: string,
): Promise<PortalAccess | null> {
  const parsed = parsePortalToken(ring, token);
  if (!parsed) return null;
  const customer = await db
    .selectFrom('customers')
    .selectAll()
    .where('id', '=', parsed.customerId)
    .executeTakeFirst();
  if (!customer || customer.portal_revoked_at || customer.portal_link_version !== parsed.version) return null;
  const organization = await findOrganization(db, customer.organization_id);
  if (!organization) return null;
  return { token, customer, organization };
}
