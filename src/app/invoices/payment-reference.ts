import { fail, ok, type Result } from '../../core/result.ts';
import { takeReferenceSeq } from '../../db/repositories/organization.repository.ts';
import type { OrganizationRow } from '../../db/schema.ts';
import type { Executor } from '../../db/transaction.ts';
import {
  isValidBelgianStructuredReference,
  isValidRfReference,
  paymentReferenceFromNumber,
} from '../../domain/index.ts';

/** Checks a payment reference the business gave: a Belgian structured communication or an RF reference. */
export function resolvePaymentReference(given: string): Result<string> {
  const compact = given.replace(/\s+/g, '');
  if (isValidBelgianStructuredReference(compact) || isValidRfReference(compact)) return ok(given.trim());
  return fail('INVALID_PAYMENT_REFERENCE', 'paymentReference', { reference: given });
}

/** Generates a reference from the organization's sequence, in its chosen kind (B1). */
export async function generatePaymentReference(
  db: Executor,
  organization: OrganizationRow,
  invoiceNumber: string,
): Promise<string> {
  const seq = await takeReferenceSeq(db, organization.id);
  return paymentReferenceFromNumber(organization.payment_reference_kind, invoiceNumber, seq);
}
