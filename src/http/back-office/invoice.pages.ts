import { z } from 'zod';
import { buildBackOfficeInvoicePage } from '../../app/back-office/build-invoice-page.ts';
import { invoiceDownload } from '../../app/documents/invoice-download.ts';
import { setFeeWaivers } from '../../app/invoices/waive-fees.ts';
import { recordManualPayment } from '../../app/payments/record-manual-payment.ts';
import { MANUAL_PAYMENT_METHODS } from '../../back-office/views/components.ts';
import {
  type FormState,
  type InvoicePageNotice,
  isInvoicePageNotice,
  renderBackOfficeInvoicePage,
} from '../../back-office/views/invoice-page.ts';
import { adminPaths } from '../../back-office/views/layout.ts';
import { isNotFound } from '../../core/result.ts';
import { findInvoice } from '../../db/repositories/invoice.repository.ts';
import { parseMajorToMinor } from '../../domain/index.ts';
import { backOfficeMessage } from '../../i18n/back-office-messages.ts';
import { describeFormFailure, describeFormIssues } from '../api/error-table.ts';
import { IdParams, IsoDateString, optionalText } from '../api/schemas.ts';
import { type BackOfficeContext, type BackOfficeResult, backOfficeRoute } from './back-office-kit.ts';

const InvoiceParams = IdParams('invoiceId');
type InvoiceContext = BackOfficeContext<{ invoiceId: string }, unknown>;

const NoticeQuery = z.object({ done: z.string().max(40).optional() });

interface InvoiceForms {
  notice?: InvoicePageNotice | null;
  paymentForm?: FormState | null;
  replyForm?: FormState | null;
}

/** The invoice page, with a refused form's values and errors when there is one. */
export async function invoicePage(
  ctx: InvoiceContext,
  forms: InvoiceForms,
  status = 200,
): Promise<BackOfficeResult> {
  const page = await buildBackOfficeInvoicePage(
    { db: ctx.deps.db, mail: ctx.deps.mail },
    { organization: ctx.organization, invoiceId: ctx.params.invoiceId, today: ctx.today },
  );
  if (!page) return { notFound: true };
  return {
    status,
    page: renderBackOfficeInvoicePage({
      chrome: ctx.chrome('invoices'),
      page,
      today: ctx.today,
      notice: forms.notice ?? null,
      paymentForm: forms.paymentForm ?? null,
      replyForm: forms.replyForm ?? null,
      canReply: page.invoice.state === 'issued',
    }),
  };
}

const done = (invoiceId: string, notice: InvoicePageNotice) =>
  ({ redirect: `${adminPaths.invoice(invoiceId)}?done=${notice}` }) as const;

const PaymentForm = z.object({
  amount: z.string().trim().min(1).max(30),
  paidOn: IsoDateString,
  method: z.enum(MANUAL_PAYMENT_METHODS),
  note: optionalText(500),
});

const PAYMENT_LABELS = {
  amount: 'amountField',
  paidOn: 'paidOnLabel',
  method: 'paymentMethodLabel',
  note: 'noteLabel',
} as const;

export const invoicePages = [
  backOfficeRoute({
    method: 'GET',
    path: '/invoices/:invoiceId',
    name: 'invoice',
    params: InvoiceParams,
    query: NoticeQuery,
    handler: async (ctx) =>
      invoicePage(ctx, { notice: isInvoicePageNotice(ctx.query.done) ? ctx.query.done : null }),
  }),
  backOfficeRoute({
    method: 'GET',
    path: '/invoices/:invoiceId/download',
    name: 'invoiceDownload',
    params: InvoiceParams,
    handler: async (ctx) => {
      const file = await invoiceDownload(
        { db: ctx.deps.db, renderer: ctx.deps.renderer, log: ctx.deps.log },
        ctx.organization.id,
        ctx.params.invoiceId,
      );
      if (file.ok) return { file: file.value };
      if (isNotFound(file.code) || file.code === 'INVOICE_NOT_ISSUED') return { notFound: true };
      return invoicePage(ctx, {}, 503);
    },
  }),
  backOfficeRoute({
    method: 'POST',
    path: '/invoices/:invoiceId/payments',
    name: 'recordPayment',
    params: InvoiceParams,
    handler: async (ctx) => {
      const label = (field: string) =>
        Object.hasOwn(PAYMENT_LABELS, field)
          ? backOfficeMessage(ctx.lang, PAYMENT_LABELS[field as keyof typeof PAYMENT_LABELS])
          : field;
      const refused = (errors: FormState['errors']) =>
        invoicePage(ctx, { paymentForm: { values: ctx.form, errors } }, 422);
      const parsed = PaymentForm.safeParse(ctx.form);
      if (!parsed.success) return refused(describeFormIssues(parsed.error, ctx.lang, label));
      const invoice = await findInvoice(ctx.deps.db, ctx.organization.id, ctx.params.invoiceId);
      if (!invoice) return { notFound: true };
      const { currency } = invoice;
      const amountMinor = parseMajorToMinor(parsed.data.amount.replace(',', '.'), currency);
      if (amountMinor === null || amountMinor <= 0) {
        return refused([
          {
            field: 'amount',
            message: backOfficeMessage(ctx.lang, 'amountInvalid', { currency }),
          },
        ]);
      }
      const result = await recordManualPayment(ctx.deps.db, {
        organizationId: ctx.organization.id,
        invoiceId: ctx.params.invoiceId,
        payment: {
          amountMinor,
          paidOn: parsed.data.paidOn,
          method: parsed.data.method,
          note: parsed.data.note || null,
        },
        actor: ctx.actor,
      });
      if (!result.ok) {
        if (isNotFound(result.code)) return { notFound: true };
        return refused([describeFormFailure(result, ctx.lang, label, 'amount')]);
      }
      return done(ctx.params.invoiceId, 'paymentRecorded');
    },
  }),
  backOfficeRoute({
    method: 'POST',
    path: '/invoices/:invoiceId/waivers',
    name: 'setWaivers',
    params: InvoiceParams,
    handler: async (ctx) => {
      const checked = (name: string) => ctx.form[name] === '1';
      const result = await setFeeWaivers(ctx.deps.db, {
        organizationId: ctx.organization.id,
        invoiceId: ctx.params.invoiceId,
        waivers: {
          lateFee: checked('lateFee'),
          interest: checked('interest'),
          compensation: checked('compensation'),
        },
        actor: ctx.actor,
      });
      if (!result.ok) return isNotFound(result.code) ? { notFound: true } : invoicePage(ctx, {}, 409);
      return done(ctx.params.invoiceId, 'waiversSaved');
    },
  }),
];
