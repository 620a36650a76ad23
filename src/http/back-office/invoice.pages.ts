import { z } from 'zod';
import { buildBackOfficeInvoicePage } from '../../app/back-office/build-invoice-page.ts';
import { markInvoiceCommentsRead } from '../../app/comments/mark-invoice-comments-read.ts';
import { replyToComment } from '../../app/comments/reply-to-comment.ts';
import { MAX_UPLOAD_BYTES } from '../../app/documents/document-store.ts';
import { fileNameFor, invoiceDownload } from '../../app/documents/invoice-download.ts';
import { prepareInvoiceEmail, sendInvoiceEmail } from '../../app/emails/send-invoice-email.ts';
import { setFeeWaivers } from '../../app/invoices/waive-fees.ts';
import { recordManualPayment, removeManualPayment } from '../../app/payments/record-manual-payment.ts';
import { MANUAL_PAYMENT_METHODS } from '../../back-office/views/components.ts';
import {
  type FormState,
  type InvoicePageNotice,
  isInvoicePageNotice,
  renderBackOfficeInvoicePage,
} from '../../back-office/views/invoice-page.ts';
import { adminPaths } from '../../back-office/views/layout.ts';
import { renderSendEmailPage } from '../../back-office/views/send-email-page.ts';
import { isNotFound } from '../../core/result.ts';
import { findCustomer } from '../../db/repositories/customer.repository.ts';
import { listEmailTemplates } from '../../db/repositories/email-template.repository.ts';
import { findInvoice } from '../../db/repositories/invoice.repository.ts';
import { parseMajorToMinor } from '../../domain/index.ts';
import { backOfficeMessage } from '../../i18n/back-office-messages.ts';
import { describeFormFailure, describeFormIssues } from '../api/error-table.ts';
import { Email, IdParams, IsoDateString, optionalText, Uuid } from '../api/schemas.ts';
import { type BackOfficeContext, type BackOfficeResult, backOfficeRoute } from './back-office-kit.ts';

export const InvoiceParams = IdParams('invoiceId');
export type InvoiceContext = BackOfficeContext<{ invoiceId: string }, unknown>;

const NoticeQuery = z.object({ done: z.string().max(40).optional() });

interface InvoiceForms {
  notice?: InvoicePageNotice | null;
  paymentForm?: FormState | null;
  replyForm?: FormState | null;
  /** The PDF card's errors: a refused upload (`file`), a failed re-render (`rerender`). */
  pdfErrors?: FormState['errors'];
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
      pdf: { errors: forms.pdfErrors ?? [], maxUploadBytes: MAX_UPLOAD_BYTES },
    }),
  };
}

export const done = (invoiceId: string, notice: InvoicePageNotice) =>
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
    handler: async (ctx) => {
      const result = await invoicePage(ctx, {
        notice: isInvoicePageNotice(ctx.query.done) ? ctx.query.done : null,
      });
      // Shown once as unread, read from now on.
      if ('page' in result) {
        // A draft has no thread: its not-found answer is expected and ignored.
        await markInvoiceCommentsRead(ctx.deps.db, {
          organizationId: ctx.organization.id,
          invoiceId: ctx.params.invoiceId,
          actor: ctx.actor,
          now: ctx.now,
        });
      }
      return result;
    },
  }),
  backOfficeRoute({
    method: 'POST',
    path: '/invoices/:invoiceId/comments',
    name: 'replyToComment',
    params: InvoiceParams,
    handler: async (ctx) => {
      const result = await replyToComment(
        { db: ctx.deps.db, jobs: ctx.deps.jobs, mail: ctx.deps.mail },
        {
          organization: ctx.organization,
          invoiceId: ctx.params.invoiceId,
          body: ctx.form.body ?? '',
          author: { kind: 'admin', admin: ctx.admin },
          now: ctx.now,
        },
      );
      if (result.ok) return done(ctx.params.invoiceId, 'replySent');
      if (isNotFound(result.code)) return { notFound: true };
      const label = () => backOfficeMessage(ctx.lang, 'replyLabel');
      return invoicePage(
        ctx,
        { replyForm: { values: ctx.form, errors: [describeFormFailure(result, ctx.lang, label, 'body')] } },
        422,
      );
    },
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
    path: '/invoices/:invoiceId/payments/:paymentId/remove',
    name: 'removePayment',
    params: z.object({ invoiceId: Uuid, paymentId: Uuid }),
    handler: async (ctx) => {
      const result = await removeManualPayment(ctx.deps.db, {
        organizationId: ctx.organization.id,
        invoiceId: ctx.params.invoiceId,
        paymentId: ctx.params.paymentId,
        actor: ctx.actor,
      });
      if (!result.ok) {
        // Another organization's ids, or a provider's payment (the page offers no button for one).
        return isNotFound(result.code) ? { notFound: true } : invoicePage(ctx, {}, 409);
      }
      return done(ctx.params.invoiceId, 'paymentRemoved');
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

const Recipients = z.object({ to: z.array(Email).min(1).max(10), cc: z.array(Email).max(10) });
const lines = (value: string | undefined) =>
  (value ?? '')
    .split(/[\n,;]+/)
    .map((v) => v.trim())
    .filter((v) => v !== '');

/** The send page: the form, and the message as it would go with its values (or why it would not). */
async function sendPage(
  ctx: BackOfficeContext<{ invoiceId: string }, unknown>,
  values: { templateId: string | undefined; to: string | undefined; cc: string | undefined },
  status = 200,
  extraErrors: FormState['errors'] = [],
): Promise<BackOfficeResult> {
  const invoice = await findInvoice(ctx.deps.db, ctx.organization.id, ctx.params.invoiceId);
  if (invoice?.state !== 'issued') return { notFound: true };
  const customer = await findCustomer(ctx.deps.db, ctx.organization.id, invoice.customer_id);
  if (!customer) return { notFound: true };
  const templates = await listEmailTemplates(ctx.deps.db, ctx.organization.id);
  const label = (field: string) =>
    backOfficeMessage(
      ctx.lang,
      field.startsWith('cc') ? 'ccLabel' : field.startsWith('to') ? 'toLabel' : 'templateLabel',
    );
  const to = values.to === undefined ? customer.emails : lines(values.to);
  const cc = lines(values.cc);
  const errors: { field: string; message: string }[] = [...extraErrors];
  const checked = Recipients.safeParse({ to, cc });
  if (!checked.success) {
    for (const e of describeFormIssues(checked.error, ctx.lang, label)) {
      errors.push({ ...e, field: e.field.split('.')[0] ?? e.field });
    }
  }
  const templateId = templates.some((tpl) => tpl.id === values.templateId) ? values.templateId : undefined;
  let preview: { subject: string; text: string; to: readonly string[]; cc: readonly string[] } | null = null;
  let chosen = templateId;
  if (errors.length === 0) {
    const prepared = await prepareInvoiceEmail(
      { db: ctx.deps.db, mail: ctx.deps.mail },
      { organization: ctx.organization, invoiceId: invoice.id, templateId, to, cc, today: ctx.today },
    );
    if (prepared.ok) {
      chosen = prepared.value.template.id;
      preview = {
        subject: prepared.value.email.subject,
        text: prepared.value.email.text,
        to: prepared.value.to,
        cc,
      };
    } else if (isNotFound(prepared.code)) {
      return { notFound: true };
    } else {
      errors.push(describeFormFailure(prepared, ctx.lang, label, 'to'));
    }
  }
  return {
    status: errors.length > 0 && status === 200 ? 422 : status,
    page: renderSendEmailPage({
      chrome: ctx.chrome('invoices'),
      invoice: { id: invoice.id, number: invoice.number },
      customerName: customer.name,
      templates: templates.map((tpl) => ({
        id: tpl.id,
        name: tpl.name,
        language: tpl.language,
        isDefault: tpl.is_default,
      })),
      values: { templateId: chosen ?? '', to: to.join('\n'), cc: cc.join('\n') },
      errors,
      preview,
      attachmentName: fileNameFor(invoice.number, 'pdf'),
    }),
  };
}

const SendQuery = z.object({
  templateId: z.string().max(100).optional(),
  to: z.string().max(3000).optional(),
  cc: z.string().max(3000).optional(),
});

export const sendEmailPages = [
  backOfficeRoute({
    method: 'GET',
    path: '/invoices/:invoiceId/send',
    name: 'sendEmailForm',
    params: InvoiceParams,
    query: SendQuery,
    handler: async (ctx) =>
      sendPage(ctx, { templateId: ctx.query.templateId, to: ctx.query.to, cc: ctx.query.cc }),
  }),
  backOfficeRoute({
    method: 'POST',
    path: '/invoices/:invoiceId/send',
    name: 'sendEmail',
    params: InvoiceParams,
    handler: async (ctx) => {
      const values = { templateId: ctx.form.templateId, to: ctx.form.to, cc: ctx.form.cc };
      const to = lines(values.to);
      const cc = lines(values.cc);
      if (!Recipients.safeParse({ to, cc }).success) return sendPage(ctx, values, 422);
      const result = await sendInvoiceEmail(
        {
          db: ctx.deps.db,
          jobs: ctx.deps.jobs,
          renderer: ctx.deps.renderer,
          log: ctx.deps.log,
          mail: ctx.deps.mail,
        },
        {
          organization: ctx.organization,
          invoiceId: ctx.params.invoiceId,
          templateId: values.templateId || undefined,
          to,
          cc,
          actor: ctx.actor,
          today: ctx.today,
        },
      );
      if (!result.ok) {
        if (isNotFound(result.code) && result.code !== 'EMAIL_TEMPLATE_NOT_FOUND') return { notFound: true };
        return sendPage(ctx, values, 422);
      }
      return done(ctx.params.invoiceId, 'emailQueued');
    },
  }),
];
