/**
 * The resources a request can name by id, with the input field that names them. A missing one is always
 * `<RESOURCE>_NOT_FOUND` (404) on that field, made by `notFound`: one rule for every not-found.
 */
export const RESOURCE_FIELDS = {
  customer: 'customerId',
  invoice: 'invoiceId',
  credit_note: 'creditNoteId',
  payment: 'paymentId',
  email: 'emailId',
  email_template: 'templateId',
  webhook_endpoint: 'endpointId',
  webhook_delivery: 'deliveryId',
  admin_user: 'adminUserId',
  api_key: 'apiKeyId',
  payment_account: 'accountId',
} as const;

export type Resource = keyof typeof RESOURCE_FIELDS;
export type NotFoundCode = `${Uppercase<Resource>}_NOT_FOUND`;

/** Expected outcomes are values; unexpected failures throw. One table (http/api/error-table.ts) maps codes. */
export type ErrorCode =
  | NotFoundCode
  | 'VALIDATION_FAILED'
  | 'INVALID_LOGO'
  | 'DOCUMENT_RENDER_FAILED'
  | 'DUPLICATE_NUMBER'
  | 'DUPLICATE_EXTERNAL_ID'
  | 'DUPLICATE_EMAIL'
  | 'INVOICE_IMMUTABLE'
  | 'INVOICE_NOT_ISSUED'
  | 'INVALID_LINE'
  | 'NEGATIVE_TOTAL'
  | 'INVALID_CURRENCY'
  | 'CURRENCY_MISMATCH'
  | 'CREDIT_EXCEEDS_INVOICE'
  | 'TOO_MANY_CREDIT_NOTES'
  | 'DUE_BEFORE_ISSUE'
  | 'INVALID_PAYMENT_REFERENCE'
  | 'PAYMENT_NOT_REMOVABLE'
  | 'LAST_ADMIN'
  | 'INVALID_PDF'
  | 'PORTAL_LINK_REVOKED'
  | 'INVALID_COMMENT'
  | 'NO_RECIPIENTS'
  | 'NOTHING_DUE'
  | 'PAYMENTS_LOCKED'
  | 'SIGN_IN_LINK_INVALID'
  | 'SIGN_IN_RATE_LIMITED'
  | 'PAYMENT_IN_PROGRESS'
  | 'UNKNOWN_PAYMENT_METHOD'
  | 'PROVIDER_UNAVAILABLE'
  | 'INVALID_PROVIDER_CREDENTIALS'
  | 'EMAIL_NOT_RETRYABLE'
  | 'INVALID_EMAIL_TEMPLATE'
  | 'DEFAULT_TEMPLATE'
  | 'DUPLICATE_NAME'
  | 'INVALID_WEBHOOK_URL'
  | 'WEBHOOK_ADDRESS_REFUSED'
  | 'INVALID_WEBHOOK_EVENTS'
  | 'WEBHOOK_DELIVERY_PENDING'
  | 'WEBHOOK_ENDPOINT_DISABLED'
  | 'UNAUTHORIZED';

export interface Failure {
  ok: false;
  code: ErrorCode;
  /** Path of the offending input, e.g. `lines.2.quantity`. */
  field?: string;
  /** Values the localized message may interpolate. */
  params?: Record<string, string | number>;
}

export type Result<T> = { ok: true; value: T } | Failure;

export const ok = <T>(value: T): { ok: true; value: T } => ({ ok: true, value });

export const fail = (code: ErrorCode, field?: string, params?: Failure['params']): Failure => ({
  ok: false,
  code,
  ...(field === undefined ? {} : { field }),
  ...(params === undefined ? {} : { params }),
});

/**
 * Thrown inside a transaction to roll it back with an expected outcome; `runInTransaction` turns it back
 * into a value, so use cases stay value-returning and nothing half-written stays behind.
 */
export class FailureSignal extends Error {
  constructor(readonly failure: Failure) {
    super(failure.code);
  }
}

/** The not-found of a resource, on the field that named it (e.g. `query.customerId` for a filter). */
export const notFound = (resource: Resource, field: string = RESOURCE_FIELDS[resource]): Failure =>
  fail(`${resource.toUpperCase()}_NOT_FOUND` as NotFoundCode, field);

export const isNotFound = (code: ErrorCode): code is NotFoundCode => code.endsWith('_NOT_FOUND');
