import { takeReferenceSeq } from '../../db/repositories/organization.repository.ts';
import type { OrganizationRow } from '../../db/schema.ts';
import type { Executor } from '../../db/transaction.ts';
import {
  isValidBelgianStructuredReference,
  isValidRfReference,
  paymentReferenceFromNumber,
} from '../../domain/index.ts';
import { fail, ok, type Result } from '../result.ts';

/** Validates a reference the business gave, or generates one from the organization's sequence (B1). */
export async function resolvePaymentReference(
  db: Executor,
  organization: OrganizationRow,
  invoiceNumber: string,
  given: string | null | undefined,
): Promise<Result<string>> {
  if (given) {
    const compact = given.replace(/\s+/g, '');
    if (isValidBelgianStructuredReference(compact) || isValidRfReference(compact)) return ok(given.trim());
    return fail('INVALID_PAYMENT_REFERENCE', 'paymentReference', { reference: given });
  }
  const seq = await takeReferenceSeq(db, organization.id);
  return ok(paymentReferenceFromNumber(organization.payment_reference_kind, invoiceNumber, seq));
}
