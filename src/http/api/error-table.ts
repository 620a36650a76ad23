import type { z } from 'zod';
import type { Lang } from '../../core/lang.ts';
import { type ErrorCode, type Failure, isNotFound, type NotFoundCode } from '../../core/result.ts';
import type { UnsafeText } from '../../core/unsafe-text.ts';
import { formatMinorPlain } from '../../domain/index.ts';
import { apiMessage } from '../../i18n/api-messages.ts';
import type { Shortcode } from '../../mail/shortcodes.ts';
import {
  describeEmailTemplateFailure,
  type EmailTemplateErrorCode,
} from '../../mail/validate-email-template.ts';

/** The one place an outcome code becomes an HTTP status. */
export const statusOf = (code: ErrorCode): number => (isNotFound(code) ? 404 : HTTP_STATUS[code]);

/** The status of each code; every `<RESOURCE>_NOT_FOUND` is 404 (`statusOf`). */
export const HTTP_STATUS: Record<Exclude<ErrorCode, NotFoundCode>, number> = {
  VALIDATION_FAILED: 400,
  INVALID_LOGO: 422,
  DOCUMENT_RENDER_FAILED: 503,
  DUPLICATE_NUMBER: 409,
  DUPLICATE_EXTERNAL_ID: 409,
  DUPLICATE_EMAIL: 409,
  INVOICE_IMMUTABLE: 409,
  INVOICE_NOT_ISSUED: 409,
  INVALID_LINE: 422,
  NEGATIVE_TOTAL: 422,
  INVALID_CURRENCY: 422,
  CURRENCY_MISMATCH: 422,
  CREDIT_EXCEEDS_INVOICE: 422,
  TOO_MANY_CREDIT_NOTES: 422,
  DUE_BEFORE_ISSUE: 422,
  INVALID_PAYMENT_REFERENCE: 422,
  PAYMENT_NOT_REMOVABLE: 409,
  LAST_ADMIN: 409,
  INVALID_PDF: 422,
  PORTAL_LINK_REVOKED: 409,
  INVALID_COMMENT: 422,
  NO_RECIPIENTS: 422,
  NOTHING_DUE: 409,
  PAYMENTS_LOCKED: 423,
  SIGN_IN_LINK_INVALID: 400,
  SIGN_IN_RATE_LIMITED: 429,
  PAYMENT_IN_PROGRESS: 409,
  UNKNOWN_PAYMENT_METHOD: 422,
  PROVIDER_UNAVAILABLE: 503,
  INVALID_PROVIDER_CREDENTIALS: 422,
  EMAIL_NOT_RETRYABLE: 409,
  INVALID_EMAIL_TEMPLATE: 422,
  DEFAULT_TEMPLATE: 409,
  DUPLICATE_NAME: 409,
  INVALID_WEBHOOK_URL: 422,
  WEBHOOK_ADDRESS_REFUSED: 422,
  INVALID_WEBHOOK_EVENTS: 422,
  WEBHOOK_DELIVERY_PENDING: 409,
  WEBHOOK_ENDPOINT_DISABLED: 409,
  UNAUTHORIZED: 401,
};

export interface ApiErrorBody {
  error: { code: string; message: string; field?: string; details?: { field: string; message: string }[] };
}

export function errorBody(code: string, message: string, field?: string): ApiErrorBody {
  return { error: { code, message, ...(field ? { field } : {}) } };
}

/** A use-case failure as an HTTP answer, its message in the caller's language. */
export function failureResponse(failure: Failure, lang: Lang): { status: number; body: ApiErrorBody } {
  const params: Record<string, string | number> = { ...failure.params, field: failure.field ?? '' };
  if (failure.code === 'CREDIT_EXCEEDS_INVOICE' && failure.params) {
    const { remainingMinor, currency } = failure.params;
    params.remaining = `${formatMinorPlain(Number(remainingMinor), String(currency))} ${currency}`;
  }
  let message = apiMessage(lang, failure.code, params);
  if (failure.code === 'INVALID_EMAIL_TEMPLATE' && failure.params) {
    const { problem, token, index, suggestion, limit } = failure.params;
    message = describeEmailTemplateFailure(lang, {
      ok: false,
      code: problem as EmailTemplateErrorCode,
      field: failure.field === 'subject' ? 'subject' : 'body',
      ...(token === undefined ? {} : { token: String(token) }),
      ...(index === undefined ? {} : { index: Number(index) }),
      ...(suggestion === undefined ? {} : { suggestion: suggestion as Shortcode }),
      ...(limit === undefined ? {} : { limit: Number(limit) }),
    });
  }
  if (failure.code === 'INVALID_LOGO' && failure.params) {
    message = apiMessage(lang, `logo.${failure.params.reason}`, params);
  }
  if (failure.code === 'INVALID_COMMENT' && failure.params?.problem) {
    message = apiMessage(lang, `comment.${failure.params.problem}`, params);
  }
  if (failure.code === 'VALIDATION_FAILED' && failure.field) {
    message = apiMessage(lang, 'v.invalid', { field: failure.field });
  }
  return { status: statusOf(failure.code), body: errorBody(failure.code, message, failure.field) };
}

/** `where` is the part of the request the schema validated: body fields are named as is, others prefixed. */
export function validationResponse(
  error: z.ZodError,
  where: 'body' | 'query' | 'params',
  lang: Lang,
): { status: number; body: ApiErrorBody } {
  const details = error.issues.flatMap((issue) => describeIssue(issue, where, lang));
  const first = details[0] ?? { field: where, message: apiMessage(lang, 'v.invalid', { field: where }) };
  return {
    status: 400,
    body: { error: { code: 'VALIDATION_FAILED', message: first.message, field: first.field, details } },
  };
}

/** A refused character (see `core/unsafe-text.ts`) as a 400 naming the field and the character. */
export function unsafeTextResponse(
  unsafe: UnsafeText,
  where: 'body' | 'query' | 'params',
  lang: Lang,
): ApiErrorBody {
  const field = fieldName(unsafe.path, where);
  return errorBody(
    'VALIDATION_FAILED',
    apiMessage(lang, 'v.characters', { field, character: unsafe.character }),
    field,
  );
}

function fieldName(path: readonly PropertyKey[], where: string): string {
  const joined = path.map(String).join('.');
  if (where === 'body') return joined || 'body';
  return joined ? `${where}.${joined}` : where;
}

/** How a field is named in a message: the API names its JSON field, a form its label. */
type FieldLabel = (field: string) => string;

function describeIssue(
  issue: z.core.$ZodIssue,
  where: string,
  lang: Lang,
  label: FieldLabel = (field) => field,
): { field: string; message: string }[] {
  const field = fieldName(issue.path, where);
  const m = (key: string, params: Record<string, string | number> = {}) =>
    apiMessage(lang, key, { field: label(field), ...params });
  switch (issue.code) {
    case 'invalid_type': {
      if (issue.input === undefined) return [{ field, message: m('v.required') }];
      const expected = issue.expected === 'int' ? 't.int' : `t.${issue.expected}`;
      return [{ field, message: m('v.type', { expected: apiMessage(lang, expected) }) }];
    }
    case 'too_small': {
      const min = Number(issue.minimum);
      if (issue.origin === 'string')
        return [{ field, message: m(min <= 1 ? 'v.min.string' : 'v.min.string.n', { min }) }];
      if (issue.origin === 'array') return [{ field, message: m('v.min.array', { min }) }];
      return [{ field, message: m('v.min.number', { min }) }];
    }
    case 'too_big': {
      const max = Number(issue.maximum);
      if (issue.origin === 'string') return [{ field, message: m('v.max.string', { max }) }];
      if (issue.origin === 'array') return [{ field, message: m('v.max.array', { max }) }];
      return [{ field, message: m('v.max.number', { max }) }];
    }
    case 'invalid_format': {
      const format = issue.format === 'regex' ? issue.message : issue.format;
      return [{ field, message: m('v.format', { format: apiMessage(lang, `f.${format}`) }) }];
    }
    case 'invalid_value':
      return [{ field, message: m('v.enum', { values: issue.values.map(String).join(', ') }) }];
    case 'unrecognized_keys':
      return issue.keys.map((key) => {
        const f = fieldName([...issue.path, key], where);
        return { field: f, message: apiMessage(lang, 'v.unknown', { field: f }) };
      });
    case 'invalid_union': {
      const nested = issue.errors.flat()[0];
      return nested
        ? describeIssue({ ...nested, path: [...issue.path, ...nested.path] }, where, lang, label)
        : [];
    }
    case 'custom': {
      if (issue.message === 'empty') return [{ field, message: apiMessage(lang, 'v.empty') }];
      const known = apiMessage('en', `f.${issue.message}`) !== `f.${issue.message}`;
      return [
        {
          field,
          message: known ? m('v.format', { format: apiMessage(lang, `f.${issue.message}`) }) : m('v.invalid'),
        },
      ];
    }
    default:
      return [{ field, message: m('v.invalid') }];
  }
}

/**
 * A form's validation errors, one per field, in the admin's language: the API's messages for the same
 * issues, naming each field by its label (the back office's forms).
 */
export function describeFormIssues(
  error: z.ZodError,
  lang: Lang,
  label: FieldLabel,
): { field: string; message: string }[] {
  const seen = new Set<string>();
  return error.issues
    .flatMap((issue) => describeIssue(issue, 'body', lang, label))
    .filter((e) => {
      if (seen.has(e.field)) return false;
      seen.add(e.field);
      return true;
    });
}

/** A use case's refusal as a form error: the API's message, the field named by its label. */
export function describeFormFailure(
  failure: Failure,
  lang: Lang,
  label: FieldLabel,
  fallbackField: string,
): { field: string; message: string } {
  const field = failure.field ?? fallbackField;
  const { body } = failureResponse({ ...failure, field: label(field) }, lang);
  return { field, message: body.error.message };
}
