import type { InvoiceAggregate } from '../../db/repositories/invoice.repository.ts';
import type { CreditNoteRow, InvoiceLineRow, OrganizationRow, PaymentRow } from '../../db/schema.ts';
import { type AmountDue, computeAmountDue, type LateFeePolicy } from '../../domain/index.ts';

/** The organization's late-fee policy, or null when it charges nothing. */
export function lateFeePolicyOf(organization: OrganizationRow): LateFeePolicy | null {
  const policy: LateFeePolicy = {
    lateFeeBp: organization.late_fee_bp,
    lateFeeMinimumMinor: organization.late_fee_minimum_minor,
    annualInterestRateBp: organization.interest_rate_bp,
    fixedCompensationB2B: organization.fixed_compensation_b2b,
  };
  const none =
    policy.lateFeeBp === 0 &&
    policy.lateFeeMinimumMinor === 0 &&
    policy.annualInterestRateBp === 0 &&
    !policy.fixedCompensationB2B;
  return none ? null : policy;
}

/** Amount due of an invoice on `asOf` (a date in the organization's time zone). */
export function amountDueOf(
  aggregate: InvoiceAggregate,
  organization: OrganizationRow,
  customerKind: 'company' | 'person',
  asOf: string,
): AmountDue {
  const { invoice } = aggregate;
  return computeAmountDue({
    currency: invoice.currency,
    totalMinor: invoice.total_minor,
    issueDate: invoice.issue_date,
    dueDate: invoice.due_date,
    creditNotes: aggregate.creditNotes.map((c) => ({
      id: c.id,
      number: c.number,
      issueDate: c.issue_date,
      totalMinor: c.total_minor,
    })),
    payments: aggregate.payments.map((p) => ({
      id: p.id,
      paidOn: p.paid_on,
      amountMinor: p.amount_minor,
      method: p.method,
    })),
    policy: lateFeePolicyOf(organization),
    waivers: {
      lateFee: invoice.waive_late_fee,
      interest: invoice.waive_interest,
      compensation: invoice.waive_compensation,
    },
    customerKind,
    asOf,
  });
}

export function lineJson(line: InvoiceLineRow | Omit<InvoiceLineRow, 'invoice_id'>) {
  return {
    position: line.position,
    description: line.description,
    quantity: normalizeQuantity(line.quantity),
    unitPriceMinor: line.unit_price_minor,
    discountBp: line.discount_bp,
    vatRateBp: line.vat_rate_bp,
    vatCategory: line.vat_category,
    netMinor: line.net_minor,
  };
}

/** numeric(18,4) comes back as '3.0000'; give the caller back '3'. */
function normalizeQuantity(quantity: string): string {
  return quantity.includes('.') ? quantity.replace(/0+$/, '').replace(/\.$/, '') : quantity;
}

export function creditNoteSummaryJson(c: CreditNoteRow) {
  return { id: c.id, number: c.number, issueDate: c.issue_date, totalMinor: c.total_minor, reason: c.reason };
}

export function paymentJson(p: PaymentRow) {
  return {
    id: p.id,
    invoiceId: p.invoice_id,
    amountMinor: p.amount_minor,
    currency: p.currency,
    paidOn: p.paid_on,
    method: p.method,
    source: p.source,
    provider: p.provider,
    providerPaymentId: p.provider_payment_id,
    /** A provider payment whose amount differs from the quote the customer was shown. */
    flag: p.flag,
    note: p.note,
    createdAt: p.created_at.toISOString(),
  };
}

/** The API's invoice representation, with its amount due and the calculation behind it. */
export function invoiceJson(
  aggregate: InvoiceAggregate,
  organization: OrganizationRow,
  customerKind: 'company' | 'person',
  asOf: string,
) {
  const { invoice } = aggregate;
  const due = amountDueOf(aggregate, organization, customerKind, asOf);
  return {
    id: invoice.id,
    number: invoice.number,
    state: invoice.state,
    customerId: invoice.customer_id,
    issueDate: invoice.issue_date,
    dueDate: invoice.due_date,
    currency: invoice.currency,
    lines: aggregate.lines.map(lineJson),
    netTotalMinor: invoice.net_total_minor,
    vatTotalMinor: invoice.vat_total_minor,
    totalMinor: invoice.total_minor,
    vatBreakdown: invoice.vat_breakdown,
    legalNotes: invoice.legal_notes,
    vatExemptionReason: invoice.vat_exemption_reason,
    paymentReference: invoice.payment_reference,
    notes: invoice.notes,
    imported: invoice.imported,
    settledOn: invoice.settled_on,
    waivers: {
      lateFee: invoice.waive_late_fee,
      interest: invoice.waive_interest,
      compensation: invoice.waive_compensation,
    },
    creditNotes: aggregate.creditNotes.map(creditNoteSummaryJson),
    payments: aggregate.payments.map(paymentJson),
    amountDue: invoice.state === 'issued' ? { asOf, ...due } : null,
    issuedAt: invoice.issued_at?.toISOString() ?? null,
    createdAt: invoice.created_at.toISOString(),
    updatedAt: invoice.updated_at.toISOString(),
  };
}
