import {
  type AmountDue,
  type CalculationLine,
  describePaymentReference,
  type OverdueUnit,
  type PaymentStatus,
} from '../../domain/index.ts';
import type { PortalMessageKey, PortalTranslator } from '../../i18n/portal-messages.ts';
import { paymentReferenceLabel } from '../../i18n/shared-labels.ts';
import type { DisplayFormat } from '../../web/display-format.ts';
import { html, type SafeHtml } from '../../web/html.ts';

/** What every view helper needs: the translator and the formatters of the page's language. */
export interface ViewContext {
  t: PortalTranslator;
  format: DisplayFormat;
}

const STATUS_LABEL = {
  unpaid: 'statusUnpaid',
  overdue: 'statusOverdue',
  partially_paid: 'statusPartiallyPaid',
  paid: 'statusPaid',
  credited: 'statusCredited',
} as const satisfies Record<PaymentStatus, PortalMessageKey>;

/** The payment status as a badge: its text says it, the colour only repeats it. */
export function statusBadge(ctx: ViewContext, status: PaymentStatus): SafeHtml {
  return html`<span class="badge badge-${status.replace('_', '-')}">${ctx.t(STATUS_LABEL[status])}</span>`;
}

/** "Overdue by 3 weeks", pluralized by Intl in the page's language. */
export function overdueText(ctx: ViewContext, overdue: { count: number; unit: OverdueUnit }): string {
  return ctx.t('overdueBy', { duration: ctx.format.duration(overdue.count, overdue.unit) });
}

const METHOD_LABEL = {
  bank_transfer: 'methodBankTransfer',
  cash: 'methodCash',
  card: 'methodCard',
  cheque: 'methodCheque',
  direct_debit: 'methodDirectDebit',
  other: 'methodOther',
} as const satisfies Record<string, PortalMessageKey>;

/** A payment method code in words; a provider's own wording ("Bancontact – Mollie") is shown as is. */
export function paymentMethodLabel(ctx: ViewContext, method: string): string {
  const key = Object.hasOwn(METHOD_LABEL, method)
    ? METHOD_LABEL[method as keyof typeof METHOD_LABEL]
    : undefined;
  return key === undefined ? method : ctx.t(key);
}

/** One line of "view calculation" in words. */
export function calculationLineLabel(ctx: ViewContext, line: CalculationLine, currency: string): string {
  const { t, format } = ctx;
  switch (line.kind) {
    case 'invoice_total':
      return t('calcInvoiceTotal');
    case 'credit_note':
      return t('calcCreditNote', { number: line.number, date: format.date(line.date) });
    case 'payment':
      if (line.amountMinor > 0) return t('calcRefund', { date: format.date(line.date) });
      return line.method === null || line.method === ''
        ? t('calcPaymentNoMethod', { date: format.date(line.date) })
        : t('calcPayment', { date: format.date(line.date), method: paymentMethodLabel(ctx, line.method) });
    case 'late_fee': {
      const rate = format.percent(line.rateBp);
      const base = format.money(line.baseMinor, currency);
      if (line.rateBp === 0) return t('calcLateFeeFixed');
      if (line.minimumMinor === 0) return t('calcLateFeeRate', { rate, base });
      return t('calcLateFee', { rate, base, minimum: format.money(line.minimumMinor, currency) });
    }
    case 'compensation':
      return t('calcCompensation');
    case 'interest':
      return t('calcInterest', {
        rate: format.percent(line.rateBp),
        from: format.date(line.from),
        to: format.date(line.to),
        days: format.duration(line.days, 'day'),
        base: format.money(line.baseMinor, currency),
      });
  }
}

/**
 * The "view calculation" table: every line from the invoice total to the amount due (or the credit
 * balance when negative). A table, so each amount is read with its label.
 */
export function calculationTable(ctx: ViewContext, amountDue: AmountDue): SafeHtml {
  const { t, format } = ctx;
  const currency = amountDue.currency;
  const rows = amountDue.lines.map(
    (line) =>
      html`<tr class="calc-${line.kind.replace('_', '-')}"><th scope="row">${calculationLineLabel(ctx, line, currency)}</th><td class="num">${format.money(line.amountMinor, currency)}</td></tr>`,
  );
  const credit = amountDue.amountDueMinor < 0;
  return html`<table class="calc-table">
<caption>${t('calculationCaption')}</caption>
<thead><tr><th scope="col">${t('calcItem')}</th><th scope="col" class="num">${t('calcAmount')}</th></tr></thead>
<tbody>${rows}</tbody>
<tfoot><tr><th scope="row">${t(credit ? 'calcTotalCredit' : 'calcTotalDue')}</th><td class="num">${format.money(credit ? amountDue.creditBalanceMinor : amountDue.amountDueMinor, currency)}</td></tr></tfoot>
</table>`;
}

/** "View calculation" as a `<details>`: works without JavaScript, keyboard and screen reader included. */
export function calculationDetails(ctx: ViewContext, amountDue: AmountDue, extraClass?: string): SafeHtml {
  const className = extraClass === undefined ? 'calculation' : `calculation ${extraClass}`;
  return html`<details class="${className}"><summary>${ctx.t('viewCalculation')}</summary>${calculationTable(ctx, amountDue)}</details>`;
}

/** Decorative icons (hidden from assistive technology; the text next to them says it all). */
export const icons = {
  download: html`<svg class="icon" aria-hidden="true" focusable="false" viewBox="0 0 20 20" width="20" height="20"><path d="M10 3v9m0 0-3.5-3.5M10 12l3.5-3.5M4 15.5h12" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round"/></svg>`,
  card: html`<svg class="icon" aria-hidden="true" focusable="false" viewBox="0 0 20 20" width="20" height="20"><rect x="2.5" y="4.5" width="15" height="11" rx="2" fill="none" stroke="currentColor" stroke-width="1.8"/><path d="M2.5 8.5h15" stroke="currentColor" stroke-width="1.8"/></svg>`,
  check: html`<svg class="icon" aria-hidden="true" focusable="false" viewBox="0 0 20 20" width="20" height="20"><path d="m5 10.5 3.2 3L15 6.5" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"/></svg>`,
  alert: html`<svg class="icon" aria-hidden="true" focusable="false" viewBox="0 0 20 20" width="20" height="20"><circle cx="10" cy="10" r="7.5" fill="none" stroke="currentColor" stroke-width="1.8"/><path d="M10 6v4.5" stroke="currentColor" stroke-width="2" stroke-linecap="round"/><circle cx="10" cy="13.6" r="1.1" fill="currentColor"/></svg>`,
};

/** A payment reference with its label, as the PDF prints it (domain `describePaymentReference`). */
export function referenceFacts(ctx: ViewContext, reference: string): SafeHtml {
  const described = describePaymentReference(reference);
  return html`<div><dt>${ctx.t(paymentReferenceLabel(described.kind))}</dt><dd class="mono reference">${described.display}</dd></div>`;
}
