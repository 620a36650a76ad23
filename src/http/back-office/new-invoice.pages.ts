import { z } from 'zod';
import { createInvoice } from '../../app/invoices/create-invoice.ts';
import { deleteDraftInvoice, issueInvoice } from '../../app/invoices/issue-invoice.ts';
import { priceLines } from '../../app/invoices/price-lines.ts';
import { updateDraftInvoice } from '../../app/invoices/update-draft-invoice.ts';
import type { FieldError } from '../../back-office/view-models.ts';
import { adminPaths } from '../../back-office/views/layout.ts';
import {
  DEFAULT_LINE_ROWS,
  MAX_LINE_ROWS,
  type NewInvoiceView,
  renderNewInvoicePage,
  VAT_CATEGORIES,
} from '../../back-office/views/new-invoice-page.ts';
import type { Lang } from '../../core/lang.ts';
import { type Failure, isNotFound } from '../../core/result.ts';
import { listCustomers } from '../../db/repositories/customer.repository.ts';
import { findInvoice, loadInvoiceAggregate } from '../../db/repositories/invoice.repository.ts';
import {
  addDays,
  basisPointsToPercent,
  formatMinorPlain,
  type InvoiceLineInput,
  isCurrencyCode,
  parseMajorToMinor,
  percentToBasisPoints,
  trimDecimal,
} from '../../domain/index.ts';
import { type BackOfficeMessageKey, backOfficeMessage } from '../../i18n/back-office-messages.ts';
import { describeFormFailure, describeFormIssues } from '../api/error-table.ts';
import { DocumentNumber, IdParams, IsoDateString, optionalText, Uuid } from '../api/schemas.ts';
import { type BackOfficeContext, type BackOfficeResult, backOfficeRoute } from './back-office-kit.ts';

const FIELD_KEYS: Record<string, BackOfficeMessageKey> = {
  customerId: 'customerLabel',
  number: 'numberLabel',
  issueDate: 'issueDateLabel',
  dueDate: 'dueDateLabel',
  currency: 'currencyLabel',
  notes: 'notesLabel',
  description: 'descriptionLabel',
  quantity: 'quantityLabel',
  unitPrice: 'unitPriceLabel',
  unitPriceMinor: 'unitPriceLabel',
  vatRate: 'vatRateLabel',
  vatRateBp: 'vatRateLabel',
  vatCategory: 'vatCategoryLabel',
  discount: 'discountLabel',
  discountBp: 'discountLabel',
  lines: 'linesTitle',
};

/** The form's name for a field the use case names (`lines.0.unitPriceMinor` is `lines.0.unitPrice`). */
const formField = (field: string) => field.replace(/Minor$|Bp$/, '');

const labelIn = (lang: Lang) => (field: string) => {
  const line = /^lines\.(\d+)\.(\w+)$/.exec(field);
  const name = (key: string) => {
    const messageKey = FIELD_KEYS[key];
    return messageKey ? backOfficeMessage(lang, messageKey as 'customerLabel') : key;
  };
  if (line) {
    return backOfficeMessage(lang, 'lineField', {
      line: backOfficeMessage(lang, 'lineN', { n: Number(line[1]) + 1 }),
      field: name(line[2] ?? ''),
    });
  }
  return name(field);
};

const Header = z.object({
  customerId: Uuid,
  number: DocumentNumber,
  issueDate: IsoDateString,
  dueDate: IsoDateString,
  notes: optionalText(2000),
});

/** The line rows of the form as domain lines, skipping empty rows; errors name `lines.N.field`. */
function linesOf(
  form: Readonly<Record<string, string>>,
  rows: number,
  currency: string,
  lang: Lang,
): { lines: InvoiceLineInput[]; errors: FieldError[] } {
  const lines: InvoiceLineInput[] = [];
  const errors: FieldError[] = [];
  const invalid = (index: number, field: string) =>
    errors.push({
      field: `lines.${index}.${field}`,
      message: backOfficeMessage(lang, 'lineValueInvalid', {
        field: labelIn(lang)(`lines.${index}.${field}`),
      }),
    });
  for (let index = 0; index < rows; index += 1) {
    const get = (field: string) => (form[`lines.${index}.${field}`] ?? '').trim();
    const description = get('description');
    const quantity = get('quantity').replace(',', '.');
    const unitPrice = get('unitPrice');
    if (description === '' && quantity === '' && unitPrice === '') continue;
    const before = errors.length;
    if (description === '' || description.length > 1000) invalid(index, 'description');
    if (!/^-?\d{1,12}(\.\d{1,4})?$/.test(quantity)) invalid(index, 'quantity');
    const unitPriceMinor = isCurrencyCode(currency)
      ? parseMajorToMinor(unitPrice.replace(',', '.'), currency)
      : null;
    if (unitPriceMinor === null) invalid(index, 'unitPrice');
    const vatRateBp = percentToBasisPoints(get('vatRate') || '0');
    if (vatRateBp === null || vatRateBp > 10000) invalid(index, 'vatRate');
    const discountBp = percentToBasisPoints(get('discount') || '0');
    if (discountBp === null || discountBp > 10000) invalid(index, 'discount');
    const category = get('vatCategory') || 'standard';
    if (!(VAT_CATEGORIES as readonly string[]).includes(category)) invalid(index, 'vatCategory');
    if (errors.length > before) continue;
    lines.push({
      description,
      quantity,
      unitPriceMinor: unitPriceMinor as number,
      vatRateBp: vatRateBp as number,
      discountBp: discountBp as number,
      vatCategory: category as (typeof VAT_CATEGORIES)[number],
    });
  }
  return { lines, errors };
}

type Editing = NewInvoiceView['editing'];

async function page(
  ctx: BackOfficeContext<unknown, unknown>,
  editing: Editing,
  values: Readonly<Record<string, string>>,
  rows: number,
  errors: readonly FieldError[],
  status = 200,
): Promise<BackOfficeResult> {
  const customers = await listCustomers(ctx.deps.db, ctx.organization.id, { limit: 500 });
  const currency = (values.currency || ctx.organization.default_currency).toUpperCase();
  const { lines } = linesOf(values, rows, currency, ctx.lang);
  const priced = lines.length > 0 && isCurrencyCode(currency) ? priceLines(currency, lines) : null;
  return {
    status,
    page: renderNewInvoicePage({
      chrome: ctx.chrome('invoices'),
      editing,
      customers: customers
        .map((c) => ({ id: c.id, name: c.name }))
        .sort((a, b) => a.name.localeCompare(b.name)),
      values,
      rows,
      currency,
      errors,
      totals:
        priced?.ok === true
          ? {
              netMinor: priced.value.totals.netTotalMinor,
              vatMinor: priced.value.totals.vatTotalMinor,
              totalMinor: priced.value.totals.totalMinor,
            }
          : null,
    }),
  };
}

/**
 * The invoice form posted: another line, the totals again, or the invoice saved (a new one, or the draft
 * being edited) as a draft or issued. Every refusal comes back next to its field, changing nothing.
 */
async function submitInvoiceForm(
  ctx: BackOfficeContext<unknown, unknown>,
  editing: Editing,
): Promise<BackOfficeResult> {
  const asked = Number.parseInt(ctx.form.rows ?? '', 10);
  const rows = Math.min(MAX_LINE_ROWS, Math.max(1, Number.isFinite(asked) ? asked : DEFAULT_LINE_ROWS));
  const intent = ctx.form.intent;
  if (intent === 'addLine') return page(ctx, editing, ctx.form, Math.min(MAX_LINE_ROWS, rows + 1), []);
  const currency = (ctx.form.currency || ctx.organization.default_currency).trim().toUpperCase();
  const errors: FieldError[] = [];
  if (!isCurrencyCode(currency)) {
    errors.push({ field: 'currency', message: backOfficeMessage(ctx.lang, 'currencyInvalid') });
  }
  const { lines, errors: lineErrors } = linesOf(ctx.form, rows, currency, ctx.lang);
  errors.push(...lineErrors);
  if (intent === 'recalculate') {
    return page(ctx, editing, ctx.form, rows, errors, errors.length > 0 ? 422 : 200);
  }
  const header = Header.safeParse({
    customerId: ctx.form.customerId ?? '',
    number: ctx.form.number ?? '',
    issueDate: ctx.form.issueDate ?? '',
    dueDate: ctx.form.dueDate ?? '',
    notes: ctx.form.notes?.trim() || null,
  });
  if (!header.success) errors.unshift(...describeFormIssues(header.error, ctx.lang, labelIn(ctx.lang)));
  if (lines.length === 0 && lineErrors.length === 0) {
    errors.push({ field: 'lines.0.description', message: backOfficeMessage(ctx.lang, 'lineRequired') });
  }
  if (errors.length > 0 || !header.success) return page(ctx, editing, ctx.form, rows, errors, 422);
  const refused = (result: Failure) => {
    const failure = describeFormFailure(result, ctx.lang, labelIn(ctx.lang), 'number');
    return page(ctx, editing, ctx.form, rows, [{ ...failure, field: formField(failure.field) }], 422);
  };
  const fields = { ...header.data, notes: header.data.notes ?? null, currency, lines };
  if (editing) {
    // Saved, then issued: each step is the API's own use case, so a draft is never issued half-saved.
    const saved = await updateDraftInvoice(ctx.deps.db, {
      organizationId: ctx.organization.id,
      invoiceId: editing.invoiceId,
      changes: fields,
      actor: ctx.actor,
    });
    if (!saved.ok)
      return isNotFound(saved.code) && saved.field !== 'customerId' ? { notFound: true } : refused(saved);
    if (intent !== 'draft') {
      const issued = await issueInvoice(ctx.deps.db, {
        organizationId: ctx.organization.id,
        invoiceId: editing.invoiceId,
        actor: ctx.actor,
        now: ctx.now,
      });
      if (!issued.ok) return refused(issued);
    }
    return {
      redirect: `${adminPaths.invoice(editing.invoiceId)}?done=${intent === 'draft' ? 'draftSaved' : 'invoiceIssued'}`,
    };
  }
  const result = await createInvoice(ctx.deps.db, {
    organization: ctx.organization,
    invoice: { ...fields, state: intent === 'draft' ? 'draft' : 'issued' },
    actor: ctx.actor,
    now: ctx.now,
  });
  if (!result.ok) return refused(result);
  const id = result.value.aggregate.invoice.id;
  return {
    redirect: `${adminPaths.invoice(id)}?done=${intent === 'draft' ? 'draftSaved' : 'invoiceIssued'}`,
  };
}

export const newInvoicePages = [
  backOfficeRoute({
    method: 'GET',
    path: '/invoices/new',
    name: 'newInvoice',
    query: z.object({ customerId: z.string().max(40).optional() }),
    handler: async (ctx) =>
      page(
        ctx,
        null,
        {
          customerId: ctx.query.customerId ?? '',
          issueDate: ctx.today,
          dueDate: addDays(ctx.today, 30),
          'lines.0.quantity': '1',
          'lines.0.vatRate': '21',
        },
        DEFAULT_LINE_ROWS,
        [],
      ),
  }),
  backOfficeRoute({
    method: 'POST',
    path: '/invoices/new',
    name: 'createInvoice',
    handler: async (ctx) => submitInvoiceForm(ctx, null),
  }),
  backOfficeRoute({
    method: 'GET',
    path: '/invoices/:draftId/edit',
    name: 'editDraft',
    params: IdParams('draftId'),
    handler: async (ctx) => {
      const aggregate = await loadInvoiceAggregate(ctx.deps.db, ctx.organization.id, ctx.params.draftId);
      if (aggregate?.invoice.state !== 'draft') return { notFound: true };
      const { invoice, lines } = aggregate;
      const values: Record<string, string> = {
        customerId: invoice.customer_id,
        number: invoice.number,
        issueDate: invoice.issue_date,
        dueDate: invoice.due_date,
        currency: invoice.currency,
        notes: invoice.notes ?? '',
      };
      lines.forEach((line, index) => {
        const field = (name: string) => `lines.${index}.${name}`;
        values[field('description')] = line.description;
        values[field('quantity')] = trimDecimal(line.quantity);
        values[field('unitPrice')] = formatMinorPlain(line.unit_price_minor, invoice.currency);
        values[field('discount')] = basisPointsToPercent(line.discount_bp);
        values[field('vatRate')] = basisPointsToPercent(line.vat_rate_bp);
        values[field('vatCategory')] = line.vat_category;
      });
      const rows = Math.min(MAX_LINE_ROWS, Math.max(lines.length + 1, DEFAULT_LINE_ROWS));
      return page(ctx, { invoiceId: invoice.id, number: invoice.number }, values, rows, []);
    },
  }),
  backOfficeRoute({
    method: 'POST',
    path: '/invoices/:draftId/edit',
    name: 'updateDraft',
    params: IdParams('draftId'),
    handler: async (ctx) => {
      const invoice = await findInvoice(ctx.deps.db, ctx.organization.id, ctx.params.draftId);
      if (invoice?.state !== 'draft') return { notFound: true };
      return submitInvoiceForm(ctx, { invoiceId: invoice.id, number: invoice.number });
    },
  }),
  backOfficeRoute({
    method: 'POST',
    path: '/invoices/:draftId/delete',
    name: 'deleteDraft',
    params: IdParams('draftId'),
    handler: async (ctx) => {
      const result = await deleteDraftInvoice(ctx.deps.db, {
        organizationId: ctx.organization.id,
        invoiceId: ctx.params.draftId,
        actor: ctx.actor,
      });
      // An issued invoice is never deleted (a credit note corrects it): like another's, it is not found.
      if (!result.ok) return { notFound: true };
      return { redirect: `${adminPaths.invoices}?status=draft` };
    },
  }),
  backOfficeRoute({
    method: 'POST',
    path: '/invoices/:invoiceId/issue',
    name: 'issueDraft',
    params: IdParams('invoiceId'),
    handler: async (ctx) => {
      const result = await issueInvoice(ctx.deps.db, {
        organizationId: ctx.organization.id,
        invoiceId: ctx.params.invoiceId,
        actor: ctx.actor,
        now: ctx.now,
      });
      if (!result.ok && isNotFound(result.code)) return { notFound: true };
      return { redirect: `${adminPaths.invoice(ctx.params.invoiceId)}?done=invoiceIssued` };
    },
  }),
];
