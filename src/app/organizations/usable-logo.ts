import type { EventLog } from '../../core/event-log.ts';
import { findOrganizationLogo } from '../../db/repositories/organization.repository.ts';
import type { Executor } from '../../db/transaction.ts';
import { checkLogo } from '../../documents/check-logo.ts';

export interface StoredLogo {
  mimeType: string;
  data: Uint8Array;
}

/**
 * The organization's logo as every output may use it (the PDF, e-mails, the portal's `/logo`): the stored
 * one when it passes today's upload rules, else none. A logo stored before those rules existed is checked
 * here, the one place every reader goes through, so it is never drawn, attached or served.
 */
export async function loadUsableLogo(
  db: Executor,
  log: EventLog,
  organizationId: string,
): Promise<StoredLogo | null> {
  const stored = await findOrganizationLogo(db, organizationId);
  if (!stored) return null;
  const problem = checkLogo(stored.mimeType, stored.data);
  if (!problem) return stored;
  log.warn({ organizationId, logoProblem: problem }, 'stored logo fails the logo rules and is left out');
  return null;
}
