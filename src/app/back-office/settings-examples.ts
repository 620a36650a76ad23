import { toString as qrSvg } from 'qrcode';
import type { OrganizationRow } from '../../db/schema.ts';
import {
  type AmountDue,
  addDays,
  computeAmountDue,
  currencyExponent,
  describePaymentReference,
  type LateFeePolicy,
  paymentReferenceFromNumber,
} from '../../domain/index.ts';
import { bankTransferBox } from '../documents/document-model-from-rows.ts';

/** The invoice the settings pages' examples are about: its number, and the amount in the default currency. */
export const EXAMPLE_INVOICE = { number: '2026-0042', sequence: 42, amountMajor: 1000 } as const;

/** Days overdue in the late-fee example ("an invoice overdue 30 days would owe …"). */
export const EXAMPLE_DAYS_OVERDUE = 30;

export interface BankExample {
  /** The reference an invoice numbered {@link EXAMPLE_INVOICE} gets, as payers type it. */
  reference: string;
  /** The EPC QR code (SVG) of a EUR transfer of the example amount with that reference; null with why. */
  qrSvg: string | null;
  qrSkippedReason: string | null;
  amountMinor: number;
  currency: string;
}

/**
 * The payment reference and the EPC QR code the organization's bank settings give an invoice: the same
 * rules the invoices, the portal and the PDF use. Null without an IBAN.
 */
export async function bankExample(organization: OrganizationRow): Promise<BankExample | null> {
  const reference = paymentReferenceFromNumber(
    organization.payment_reference_kind,
    EXAMPLE_INVOICE.number,
    EXAMPLE_INVOICE.sequence,
  );
  const amountMinor = EXAMPLE_INVOICE.amountMajor * 100;
  const transfer = bankTransferBox(
    organization,
    { number: EXAMPLE_INVOICE.number, currency: 'EUR', payment_reference: reference },
    amountMinor,
  );
  if (!transfer) return null;
  return {
    reference: describePaymentReference(reference).display,
    qrSvg: transfer.epcPayload
      ? await qrSvg(transfer.epcPayload, { type: 'svg', errorCorrectionLevel: 'M', margin: 4 })
      : null,
    qrSkippedReason: transfer.qrSkippedReason,
    amountMinor,
    currency: 'EUR',
  };
}

/**
 * What an invoice of 1,000 in `currency`, issued 30 days before its due date, would owe a company
 * {@link EXAMPLE_DAYS_OVERDUE} days after it, under `policy` (computed by the domain's amount-due rule).
 */
export function lateFeeExample(policy: LateFeePolicy, currency: string, today: string): AmountDue {
  const dueDate = addDays(today, -EXAMPLE_DAYS_OVERDUE);
  const totalMinor = EXAMPLE_INVOICE.amountMajor * 10 ** currencyExponent(currency);
  return computeAmountDue({
    currency,
    totalMinor,
    issueDate: addDays(dueDate, -30),
    dueDate,
    creditNotes: [],
    payments: [],
    policy,
    waivers: { lateFee: false, interest: false, compensation: false },
    customerKind: 'company',
    asOf: today,
  });
}
