/**
 * Whether a value from outside (a path segment, a cursor, a query) is an id PostgreSQL's `uuid` type reads:
 * 32 hex digits in the 8-4-4-4-12 form, any version. Checked before a query so a malformed id is a
 * not-found, never a database error. (The API's schemas use zod's `z.uuid()`, which also checks the
 * version and variant bits; ids we issue are version 4 and pass both.)
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isUuid = (value: unknown): value is string => typeof value === 'string' && UUID.test(value);
