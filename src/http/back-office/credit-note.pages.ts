import { z } from 'zod';
import {
  type CreditNoteFormSource,
  creditDescription,
  loadCreditNoteFormSource,
  suggestCreditNoteNumber,
} from '../../app/back-office/build-credit-note-page.ts';
import { createCreditNote } from '../../app/credit-notes/create-credit-note.ts';
import {
  creditLineOf,
  isCreditableQuantity,
  lineForAmount,
  plainQuantity,
  vatGroupKey,
} from '../../app/credit-notes/credit-note-lines.ts';
import { creditNoteDownload } from '../../app/documents/invoice-download.ts';
import { priceLines } from '../../app/invoices/price-lines.ts';
import type { FieldError } from '../../back-office/view-models.ts';
import { adminPaths } from '../../back-office/views/layout.ts';
import {
  CREDIT_MODES,
  type CreditMode,
  renderNewCreditNotePage,
} from '../../back-office/views/new-credit-note-page.ts';
import type { Lang } from '../../core/lang.ts';
import { type Failure, isNotFound } from '../../core/result.ts';
import { findCreditNote } from '../../db/repositories/credit-note.repository.ts';
import { formatMinorPlain, type InvoiceLineInput, maxDate, parseMajorToMinor } from '../../domain/index.ts';
import {
  type BackOfficeMessageKey,
  backOfficeMessage,
  backOfficeTranslator,
} from '../../i18n/back-office-messages.ts';
import { displayFormat } from '../../web/display-format.ts';
import { describeFormFailure, describeFormIssues } from '../api/error-table.ts';
import { DocumentNumber, IdParams, IsoDateString, optionalText, text } from '../api/schemas.ts';
import { type BackOfficeContext, type BackOfficeResult, backOfficeRoute } from './back-office-kit.ts';
import { invoicePage } from './invoice.pages.ts';

type InvoiceContext = BackOfficeContext<{ invoiceId: string }, unknown>;

/** The form's fields by the labels the admin reads (errors name them so). */
const FIELD_KEYS: Record<string, BackOfficeMessageKey> = {
  number: 'creditNoteNumberLabel',
  issueDate: 'creditIssueDateLabel',
  reason: 'reasonLabel',
  mode: 'creditModeLegend',
  lines: 'creditLinesLegend',
  description: 'descriptionLabel',
  amount: 'amountField',
  vatGroup: 'creditVatLabel',
};

const labelIn = (lang: Lang) => (field: string) => {
  if (/^lines\.\d+\.quantity$/.test(field)) return backOfficeMessage(lang, 'creditQuantityLabel');
  const key = FIELD_KEYS[field];
  return key ? backOfficeMessage(lang, key as 'creditModeLegend') : field;
};

const Header = z.object({
  number: DocumentNumber,
  issueDate: IsoDateString,
  reason: optionalText(1000),
});
const Description = z.object({ description: text(1000) });

/** The form's lines as credit-note lines, `sources[i]` being the invoice line each one credits. */
interface Chosen {
  lines: InvoiceLineInput[];
  sources: number[];
  errors: FieldError[];
}

function chooseLines(ctx: InvoiceContext, source: CreditNoteFormSource, mode: CreditMode): Chosen {
  const { invoice } = source;
  const { locale, timeZone } = ctx.chrome(null);
  const format = displayFormat(locale, timeZone);
  const money = (minor: number) => format.money(minor, invoice.currency);
  const t = backOfficeTranslator(ctx.lang);
  const form = ctx.form;
  if (mode === 'all') {
    if (source.remainingMinor !== invoice.total_minor) {
      const message = t('creditModeAllUnavailable', {
        credited: money(source.creditedMinor),
        remaining: money(source.remainingMinor),
      });
      return { lines: [], sources: [], errors: [{ field: 'mode', message }] };
    }
    return {
      lines: source.lines.map((line) => creditLineOf(line)),
      sources: source.lines.map((_, i) => i),
      errors: [],
    };
  }
  if (mode === 'lines') {
    const chosen: Chosen = { lines: [], sources: [], errors: [] };
    source.lines.forEach((line, index) => {
      if (form[`lines.${index}.credit`] !== '1') return;
      const invoiced = plainQuantity(line.quantity);
      const asked = (form[`lines.${index}.quantity`] ?? '').trim().replace(',', '.') || invoiced;
      if (!isCreditableQuantity(asked, invoiced)) {
        chosen.errors.push({
          field: `lines.${index}.quantity`,
          message: t('creditQuantityInvalid', { line: line.description, max: format.quantity(invoiced) }),
        });
        return;
      }
      chosen.lines.push(creditLineOf(line, asked));
      chosen.sources.push(index);
    });
    if (chosen.lines.length === 0 && chosen.errors.length === 0) {
      chosen.errors.push({ field: 'lines', message: t('creditNoLineChosen') });
    }
    return chosen;
  }
  const errors: FieldError[] = [];
  const description = Description.safeParse({ description: form.description ?? '' });
  if (!description.success)
    errors.push(...describeFormIssues(description.error, ctx.lang, labelIn(ctx.lang)));
  const amountMinor = parseMajorToMinor((form.amount ?? '').trim().replace(',', '.'), invoice.currency);
  if (amountMinor === null || amountMinor <= 0) {
    errors.push({ field: 'amount', message: t('amountInvalid', { currency: invoice.currency }) });
  }
  const group =
    source.vatGroups.length === 1
      ? source.vatGroups[0]
      : source.vatGroups.find((g) => vatGroupKey(g) === form.vatGroup);
  if (!group) errors.push({ field: 'vatGroup', message: t('creditVatRequired') });
  if (errors.length > 0 || !group || !description.success || amountMinor === null) {
    return { lines: [], sources: [], errors };
  }
  const single = lineForAmount(invoice.currency, {
    description: description.data.description,
    amountMinor,
    group,
  });
  if (!single.ok) {
    const options = [single.below, single.above].filter((x) => x !== null).map(money);
    const message = t('creditAmountUnreachable', {
      amount: money(amountMinor),
      options: options.join(' / '),
    });
    return { lines: [], sources: [], errors: [{ field: 'amount', message }] };
  }
  return { lines: [single.line], sources: [0], errors: [] };
}

/** Where a refusal of the use case goes on the form: its field, in the terms of the mode chosen. */
function formFieldOf(failure: Failure, mode: CreditMode, sources: readonly number[]): string {
  const field = failure.field ?? 'mode';
  if (field === 'number' || field === 'issueDate' || field === 'reason') return field;
  if (mode === 'amount') return 'amount';
  if (mode === 'lines') {
    const line = /^lines\.(\d+)\./.exec(field);
    const index = line ? sources[Number(line[1])] : undefined;
    return index === undefined ? 'lines' : `lines.${index}.quantity`;
  }
  return 'mode';
}

/** The form as first shown: a suggested number, today, the mode that fits, the amount left to credit. */
async function defaults(ctx: InvoiceContext, source: CreditNoteFormSource): Promise<Record<string, string>> {
  const { invoice } = source;
  const values: Record<string, string> = {
    number: await suggestCreditNoteNumber(ctx.deps.db, ctx.organization.id, invoice.number),
    issueDate: maxDate(ctx.today, invoice.issue_date),
    mode: source.remainingMinor === invoice.total_minor ? 'all' : 'amount',
    description: creditDescription(source),
    amount: source.remainingMinor > 0 ? formatMinorPlain(source.remainingMinor, invoice.currency) : '',
  };
  const [first] = source.vatGroups;
  if (first) values.vatGroup = vatGroupKey(first);
  return values;
}

function page(
  ctx: InvoiceContext,
  source: CreditNoteFormSource,
  values: Readonly<Record<string, string>>,
  errors: readonly FieldError[],
  totals: { netMinor: number; vatMinor: number; totalMinor: number } | null = null,
): BackOfficeResult {
  const { invoice } = source;
  return {
    status: errors.length > 0 ? 422 : 200,
    page: renderNewCreditNotePage({
      chrome: ctx.chrome('invoices'),
      invoice: {
        id: invoice.id,
        number: invoice.number,
        issueDate: invoice.issue_date,
        currency: invoice.currency,
        totalMinor: invoice.total_minor,
      },
      customerName: source.customer.name,
      creditedMinor: source.creditedMinor,
      remainingMinor: source.remainingMinor,
      lines: source.lines.map((line) => ({
        description: line.description,
        quantity: plainQuantity(line.quantity),
        unitPriceMinor: line.unit_price_minor,
        netMinor: line.net_minor,
        vatRateBp: line.vat_rate_bp,
        vatCategory: line.vat_category,
      })),
      vatChoices: source.vatGroups.map((g) => ({ key: vatGroupKey(g), ...g })),
      values,
      errors,
      totals,
    }),
  };
}

const InvoiceParams = IdParams('invoiceId');

export const creditNotePages = [
  backOfficeRoute({
    method: 'GET',
    path: '/invoices/:invoiceId/credit-notes/new',
    name: 'newCreditNote',
    params: InvoiceParams,
    handler: async (ctx) => {
      const source = await loadCreditNoteFormSource(ctx.deps.db, {
        organization: ctx.organization,
        invoiceId: ctx.params.invoiceId,
      });
      if (!source) return { notFound: true };
      return page(ctx, source, await defaults(ctx, source), []);
    },
  }),
  backOfficeRoute({
    method: 'POST',
    path: '/invoices/:invoiceId/credit-notes',
    name: 'createCreditNote',
    params: InvoiceParams,
    handler: async (ctx) => {
      const source = await loadCreditNoteFormSource(ctx.deps.db, {
        organization: ctx.organization,
        invoiceId: ctx.params.invoiceId,
      });
      if (!source) return { notFound: true };
      const label = labelIn(ctx.lang);
      const errors: FieldError[] = [];
      const header = Header.safeParse({
        number: ctx.form.number ?? '',
        issueDate: ctx.form.issueDate ?? '',
        reason: ctx.form.reason?.trim() || null,
      });
      if (!header.success) errors.push(...describeFormIssues(header.error, ctx.lang, label));
      const mode = (CREDIT_MODES as readonly string[]).includes(ctx.form.mode ?? '')
        ? (ctx.form.mode as CreditMode)
        : null;
      if (mode === null) {
        errors.push({ field: 'mode', message: backOfficeMessage(ctx.lang, 'creditModeRequired') });
      }
      const chosen = mode === null ? null : chooseLines(ctx, source, mode);
      if (chosen) errors.push(...chosen.errors);
      if (errors.length > 0 || !header.success || mode === null || chosen === null) {
        return page(ctx, source, ctx.form, errors);
      }
      if (ctx.form.intent === 'preview') {
        const priced = priceLines(source.invoice.currency, chosen.lines);
        if (!priced.ok) {
          const failure = describeFormFailure(priced, ctx.lang, label, 'mode');
          return page(ctx, source, ctx.form, [
            { ...failure, field: formFieldOf(priced, mode, chosen.sources) },
          ]);
        }
        const { netTotalMinor, vatTotalMinor, totalMinor } = priced.value.totals;
        return page(ctx, source, ctx.form, [], {
          netMinor: netTotalMinor,
          vatMinor: vatTotalMinor,
          totalMinor,
        });
      }
      const result = await createCreditNote(ctx.deps.db, {
        organizationId: ctx.organization.id,
        creditNote: {
          number: header.data.number,
          invoiceId: source.invoice.id,
          issueDate: header.data.issueDate,
          lines: chosen.lines,
          reason: header.data.reason ?? null,
        },
        actor: ctx.actor,
      });
      if (!result.ok) {
        if (isNotFound(result.code) || result.code === 'INVOICE_NOT_ISSUED') return { notFound: true };
        const field = formFieldOf(result, mode, chosen.sources);
        const failure = describeFormFailure({ ...result, field }, ctx.lang, label, field);
        return page(ctx, source, ctx.form, [failure]);
      }
      return { redirect: `${adminPaths.invoice(source.invoice.id)}?done=creditNoteCreated` };
    },
  }),
  backOfficeRoute({
    method: 'GET',
    path: '/credit-notes/:creditNoteId/download',
    name: 'creditNoteDownload',
    params: IdParams('creditNoteId'),
    handler: async (ctx) => {
      const found = await findCreditNote(ctx.deps.db, ctx.organization.id, ctx.params.creditNoteId);
      if (!found) return { notFound: true };
      const { creditNote } = found;
      const file = await creditNoteDownload(
        { db: ctx.deps.db, renderer: ctx.deps.renderer, log: ctx.deps.log },
        ctx.organization.id,
        creditNote.id,
        creditNote.number,
      );
      if (file.ok) return { file: file.value };
      if (isNotFound(file.code)) return { notFound: true };
      return invoicePage({ ...ctx, params: { invoiceId: creditNote.invoice_id } }, {}, 503);
    },
  }),
];
